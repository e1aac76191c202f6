/* ex_sqlite.c — SQLite databases: every text and number value of every
 * table, one per line, labelled by its column's name as a table's header
 * labels its cells (table.h: "BSN: 111222333" after a record separator,
 * which context never crosses); blobs as their printable runs.
 *
 * Only a top-level file is read this way, by its path: the database is opened
 * read-only and immutable, so SQLite neither writes nor locks it and no -wal
 * or -shm file appears beside it. A member, or a file SQLite cannot open,
 * is left to the next bidder (its printable runs).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extractor.h"
#include "extract/table.h"

static int sqlite_bid(const struct pm_probe *p)
{
    if (!p->on_disk)
        return PM_BID_NONE;
    if (strcmp(p->mime, "application/vnd.sqlite3") == 0 ||
        strcmp(p->mime, "application/x-sqlite3") == 0)
        return PM_BID_TYPE;
    return PM_BID_NONE;
}

/* file: URI of a path, percent-encoding what a URI may not hold as is. */
static int sqlite_uri(const char *path, char *out, size_t outsz)
{
    size_t o = 0;
    o += (size_t)snprintf(out, outsz, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (o + 4 >= outsz)
            return -1;
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/-_.~", *p))
            out[o++] = (char)*p;
        else
            o += (size_t)snprintf(out + o, outsz - o, "%%%02X", *p);
    }
    return snprintf(out + o, outsz - o, "?mode=ro&immutable=1") < (int)(outsz - o) ? 0 : -1;
}

/* The values of one row, one per line, each labelled by its column. */
static void emit_row(struct pm_job *j, struct pm_table *t, sqlite3_stmt *rows)
{
    for (int c = 0; c < sqlite3_column_count(rows); c++) {
        int ty = sqlite3_column_type(rows, c);
        if (ty == SQLITE_NULL || ty == SQLITE_FLOAT)
            continue;
        const char *v = (const char *)sqlite3_column_text(rows, c);
        size_t vn = (size_t)sqlite3_column_bytes(rows, c);
        if (ty == SQLITE_BLOB) {
            struct pm_strings st = {0};
            size_t k = 0;
            while (k < vn) {
                size_t part = vn - k < PM_READ_CHUNK ? vn - k : PM_READ_CHUNK;
                size_t dn = pm_strings_run(&st, (const unsigned char *)v + k, part, j->dbuf);
                pm_table_put(t, j->dbuf, dn);
                k += part;
            }
        } else if (v) {
            pm_table_cell(t, (unsigned)c, v, vn);
        }
        pm_table_put(t, "\n", 1);
        j->o->bytes += vn + 1;
    }
    pm_table_record(t); /* a row is a record (people) */
}

/* The columns' names are the table's labels. */
static void column_labels(struct pm_table *t, sqlite3_stmt *rows)
{
    pm_table_clear(t);
    for (int c = 0; c < sqlite3_column_count(rows) && c < PM_TABLE_COLS; c++) {
        const char *name = sqlite3_column_name(rows, c);
        if (name)
            pm_table_label(t, (unsigned)c, name, strlen(name));
    }
    pm_table_labels_done(t);
}

/* The table's name, then its rows. */
static void emit_table(struct pm_job *j, struct pm_table *tw, sqlite3 *db, const char *t)
{
    struct pm_outcome *o = j->o;
    sqlite3_stmt *rows = NULL;
    char sql[1200], quoted[1100];
    size_t q = 0;
    for (const char *p = t; p && *p && q + 3 < sizeof quoted; p++) {
        if (*p == '"')
            quoted[q++] = '"';
        quoted[q++] = *p;
    }
    quoted[q] = '\0';
    snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", quoted);
    if (sqlite3_prepare_v2(db, sql, -1, &rows, NULL) != SQLITE_OK) {
        pm_outcome_partial(o, "table %s: %s", t, sqlite3_errmsg(db));
        return;
    }
    pm_table_put(tw, t, strlen(t));
    pm_table_put(tw, "\n", 1);
    pm_table_record(tw);
    column_labels(tw, rows);
    int s;
    while ((s = sqlite3_step(rows)) == SQLITE_ROW && !pm_job_stopped(j))
        emit_row(j, tw, rows);
    pm_table_flush(tw);
    if (s != SQLITE_DONE && s != SQLITE_ROW)
        pm_outcome_partial(o, "table %s: %s", t, sqlite3_errmsg(db));
    sqlite3_finalize(rows);
}

static int sqlite_scan(struct pm_job *j)
{
    char uri[8192];
    sqlite3 *db = NULL;
    sqlite3_stmt *tables = NULL;
    struct pm_table *tw = NULL;
    int rc = PM_EX_DECLINED;
    if (!j->src->path || j->src->fd < 0 || sqlite_uri(j->src->path, uri, sizeof uri) != 0 ||
        sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table'", -1, &tables,
                           NULL) != SQLITE_OK)
        goto done; /* not openable as a database: nothing was read or emitted */
    rc = PM_EX_DONE;
    j->o->encoding = "sqlite";
    tw = malloc(sizeof *tw);
    if (!tw) {
        j->o->status = PM_FILE_ERROR;
        snprintf(j->o->reason, sizeof j->o->reason, "out of memory");
        goto done;
    }
    pm_table_init(tw, j);
    while (sqlite3_step(tables) == SQLITE_ROW && !pm_job_stopped(j))
        emit_table(j, tw, db, (const char *)sqlite3_column_text(tables, 0));
done:
    free(tw);
    sqlite3_finalize(tables);
    sqlite3_close(db);
    return rc;
}

const struct pm_extractor pm_ex_sqlite = {"sqlite", sqlite_bid, sqlite_scan};
