/* confidence.c — names of the confidence levels (see confidence.h). */
#include <string.h>

#include "common/confidence.h"

const char *pm_confidence_name(int c)
{
    switch (c) {
    case PM_CONF_LOW: return "low";
    case PM_CONF_MEDIUM: return "medium";
    case PM_CONF_HIGH: return "high";
    }
    return "none";
}

int pm_confidence_parse(const char *s)
{
    for (int c = PM_CONF_LOW; c <= PM_CONF_HIGH; c++)
        if (s && strcmp(s, pm_confidence_name(c)) == 0)
            return c;
    return 0;
}
