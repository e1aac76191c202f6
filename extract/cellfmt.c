/* cellfmt.c — number cells as text (cellfmt.h): dates from day counts,
 * date formats, exact integers. No state, no allocation. */
#include <math.h>
#include <stdio.h>

#include "extract/cellfmt.h"

size_t pm_cell_date(double d, char *o)
{
    if (!(d >= 1 && d < 2958466) || (long)d == 60)
        return 0;
    long z = (long)d - (d < 60 ? 25568 : 25569) + 719468; /* days from 0000-03-01 */
    long era = z / 146097, doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    long day = doy - (153 * mp + 2) / 5 + 1, month = mp < 10 ? mp + 3 : mp - 9;
    long year = yoe + era * 400 + (month <= 2);
    return (size_t)snprintf(o, PM_CELL_NUM, "%04ld-%02ld-%02ld", year, month, day);
}

int pm_cell_date_builtin(unsigned id)
{
    return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) ||
           (id >= 50 && id <= 58);
}

int pm_cell_date_code(const char *f)
{
    for (; f && *f; f++) {
        if (*f == '"') {
            while (f[1] && f[1] != '"')
                f++;
            f += f[1] != '\0';
        } else if (*f == '[') {
            while (f[1] && f[1] != ']')
                f++;
        } else if (*f == '\\' && f[1]) {
            f++;
        } else if (*f == 'd' || *f == 'D' || *f == 'y' || *f == 'Y') {
            return 1;
        }
    }
    return 0;
}

size_t pm_cell_number(double d, char *o)
{
    int n;
    if (isfinite(d) && d == floor(d) && fabs(d) < 1e20)
        n = snprintf(o, PM_CELL_NUM, "%.0f", d); /* exact: every such double is an integer */
    else
        n = snprintf(o, PM_CELL_NUM, "%.15g", d);
    return n > 0 ? (size_t)n : 0;
}
