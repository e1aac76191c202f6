/* records.c — record ends in running text (extract/records.h): paragraphs,
 * lines and JSON objects, found by a cheap structural rule on the bytes.
 *
 * JSON: strings (with their escapes) are skipped; an object opened directly
 * in an array, when no such object is open around it, is a record, and so
 * is every top-level object (JSON Lines, one object per line). So
 * [{..},{..}] and {"users":[{..},{..}]} give one record per element, and
 * the objects nested in an element ({"emails":[{..}]}) stay in it. Text
 * that is not JSON after all (a '{' in prose) just gets fewer records.
 *
 * It never changes the text, holds none of it, and never includes detect/.
 */
#include <string.h>

#include "extract/records.h"

void pm_split_init(struct pm_recsplit *s, enum pm_split_mode mode)
{
    memset(s, 0, sizeof *s);
    s->mode = mode;
    s->line_blank = 1;
}

static int blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* 1 if byte c ends a record in paragraph or line mode. */
static int text_end(struct pm_recsplit *s, unsigned char c)
{
    if (c != '\n') {
        if (!blank(c))
            s->line_blank = 0;
        return 0;
    }
    int end = s->mode == PM_SPLIT_LINES || (s->line_blank && s->seen_nl);
    s->seen_nl = 1;
    s->line_blank = 1;
    return end;
}

/* 1 if byte c ends a record in JSON mode. */
static int json_end(struct pm_recsplit *s, unsigned char c)
{
    if (s->in_str) {
        if (s->esc)
            s->esc = 0;
        else if (c == '\\')
            s->esc = 1;
        else if (c == '"')
            s->in_str = 0;
        return 0;
    }
    switch (c) {
    case '"':
        s->in_str = 1;
        return 0;
    case '[':
    case '{': {
        int in_array = s->depth > 0 && s->depth <= PM_SPLIT_STACK &&
                       (s->arrays >> (s->depth - 1) & 1);
        s->depth++;
        if (s->depth <= PM_SPLIT_STACK) {
            uint64_t bit = (uint64_t)1 << (s->depth - 1);
            s->arrays = c == '[' ? s->arrays | bit : s->arrays & ~bit;
        }
        if (c == '{' && in_array && !s->rec)
            s->rec = s->depth;
        return 0;
    }
    case ']':
    case '}': {
        if (!s->depth)
            return 0;
        int end = c == '}' && (s->depth == s->rec || s->depth == 1);
        if (s->depth == s->rec)
            s->rec = 0;
        s->depth--;
        return end;
    }
    default:
        return 0;
    }
}

void pm_split_emit(struct pm_recsplit *s, const struct pm_sink *sink, unsigned level,
                   const char *text, size_t n)
{
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if (s->mode == PM_SPLIT_AUTO) {
            if (blank(c) || c == '\n')
                continue;
            s->mode = c == '{' || c == '[' ? PM_SPLIT_JSON : PM_SPLIT_PARAGRAPH;
        }
        if (s->mode != PM_SPLIT_JSON) {
            /* Only newlines matter: skip to the next one. */
            const char *nl = memchr(text + i, '\n', n - i);
            size_t at = nl ? (size_t)(nl - text) : n;
            for (size_t k = i; k < at && s->line_blank; k++)
                if (!blank((unsigned char)text[k]))
                    s->line_blank = 0;
            if (!nl)
                break;
            i = at;
            c = '\n';
        }
        if (s->mode == PM_SPLIT_JSON ? json_end(s, c) : text_end(s, c)) {
            sink->text(sink->ctx, level, text + from, i + 1 - from);
            from = i + 1;
            if (sink->record)
                sink->record(sink->ctx, level);
        }
    }
    if (from < n)
        sink->text(sink->ctx, level, text + from, n - from);
}
