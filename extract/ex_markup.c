/* ex_markup.c — XML and JSON data files: their text as it is, with a record
 * separator (0x1E, table.h's mark, which context windows never cross) where
 * one named value ends and the next begins.
 *
 * In a data file a value's name stands just before it: <phone>0612345678,
 * <person bsn="111222333", "BSN": "111222333". Read as plain text, those
 * names already label their values; but a name also reaches the next
 * value: "<Geburtsdatum>05.03.1980</Geburtsdatum> <created>05.03.1980" made
 * the second date a birth date. So a mark is written before each XML
 * element that follows only white space (not inside mixed text such as
 * "<p>Phone: <b>...": there the text before labels what follows), before
 * each attribute after the first, and in JSON after each '{' and each ','
 * between an object's members. Names are read as people name columns, as
 * table headers are: a lower-to-upper case change in an XML name or in a
 * JSON key made of letters, digits, '_', '-' and spaces becomes a space
 * ("dateOfBirth" -> "date Of Birth"), so that the words of the name label
 * the value. Nothing else changes: values, lines and encoding are those
 * ex_text.c writes.
 *
 * Streaming, with a few bytes of state (a stack of 64 JSON containers; a
 * deeper one counts as an object). Never parses or validates: malformed
 * input only moves marks.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/bytescan.h"
#include "extract/extractor.h"
#include "extract/records.h"
#include "extract/table.h"

enum mk_state {
    MK_TEXT,    /* XML character data, or JSON outside strings */
    MK_TAG,     /* XML: inside <name ...> */
    MK_QUOTED,  /* XML: inside an attribute's quotes */
    MK_SPECIAL, /* XML: <!...> or <?...?> */
    MK_STRING,  /* JSON: inside a string */
    MK_ESCAPE,  /* JSON: after a backslash in a string */
    MK_KEY,     /* JSON: inside an object member's name, held */
};

#define MK_KEY_MAX 64 /* a longer key is written as it is */

struct markup {
    struct pm_decoder dec;
    int json;
    enum mk_state st;
    int blank;       /* XML: only white space since the last tag */
    int space;       /* XML: white space since the last attribute or name */
    int tag_start;   /* XML: just after '<' */
    int lower;       /* XML: the last byte of a name was a lower-case letter */
    int want_key;    /* JSON: the next string is an object member's name */
    size_t nkey;
    char key[MK_KEY_MAX];
    char quote;      /* XML: the attribute's quote */
    unsigned depth;  /* JSON: containers open */
    unsigned rec;    /* JSON: depth of the open record object, 0 if none */
    uint64_t arrays; /* JSON: bit d set: the container at depth d is an array */
    struct pm_table t; /* the output buffer (last: not cleared) */
};

static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static int name_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}

static void mark(struct markup *m)
{
    pm_table_putc(&m->t, PM_TABLE_MARK);
}

/* JSON: a container opens or closes. */
static void json_open(struct markup *m, int array)
{
    if (m->depth < 64)
        m->arrays = array ? m->arrays | (1ull << m->depth) : m->arrays & ~(1ull << m->depth);
    m->depth++;
}

static int in_array(const struct markup *m)
{
    return m->depth > 0 && m->depth <= 64 && (m->arrays >> (m->depth - 1) & 1);
}

/* XML: how many bytes from p on change nothing: copied as a run. */
static size_t xml_run(const struct markup *m, const char *p, size_t n)
{
    const char *q;
    switch (m->st) {
    case MK_TEXT:
        if (m->blank)
            return 0;
        q = memchr(p, '<', n);
        return q ? (size_t)(q - p) : n;
    case MK_QUOTED:
        return pm_span3(p, n, m->quote, m->quote, m->quote);
    case MK_SPECIAL:
        q = memchr(p, '>', n);
        return q ? (size_t)(q - p) : n;
    default:
        return 0;
    }
}

/* JSON outside strings: the bytes json_byte must see ('"', '{', '}', '[',
 * ']', ',' and NUL, which the old strchr test also stopped at). */
static const unsigned char json_stop[256] = {
    [0] = 1, ['"'] = 1, ['{'] = 1, ['}'] = 1, ['['] = 1, [']'] = 1, [','] = 1,
};

static size_t json_text_run(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n && !json_stop[(unsigned char)p[i]])
        i++;
    return i;
}

static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }

/* 1 if a key is a name made of letters, digits, '_', '-' and spaces with a
 * lower-to-upper case change in it: the one kind written otherwise than as
 * it is. */
static int key_splits(const char *k, size_t n)
{
    int change = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)k[i];
        if (!(is_lower(c) || is_upper(c) || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == ' '))
            return 0;
        change |= i > 0 && is_upper(c) && is_lower((unsigned char)k[i - 1]);
    }
    return change;
}

/* A key k[0 .. n), then its closing quote: split at case changes if it is a
 * name made of letters, digits, '_', '-' and spaces, else as it is. */
static void key_write(struct markup *m, const char *k, size_t n)
{
    int plain = key_splits(k, n);
    char b[2 * MK_KEY_MAX + 1];
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (plain && i > 0 && is_upper((unsigned char)k[i]) && is_lower((unsigned char)k[i - 1]))
            b[o++] = ' ';
        b[o++] = k[i];
    }
    b[o++] = '"';
    pm_table_put(&m->t, b, o);
}

/* The key held, then its closing quote. */
static void key_end(struct markup *m)
{
    key_write(m, m->key, m->nkey);
    m->nkey = 0;
    m->st = MK_TEXT;
}

/* A byte of a key: held, or once the key is too long or escaped, the key
 * so far as it is and the rest read as any string. */
static void key_byte(struct markup *m, unsigned char c)
{
    if (c == '"') {
        key_end(m);
        return;
    }
    if (c != '\\' && m->nkey < sizeof m->key) {
        m->key[m->nkey++] = (char)c;
        return;
    }
    pm_table_put(&m->t, m->key, m->nkey);
    m->nkey = 0;
    pm_table_put(&m->t, (const char *)&c, 1);
    m->st = c == '\\' ? MK_ESCAPE : MK_STRING;
}

/* What json_byte asks to be written after its byte: nothing, a mark, or a
 * record's end. */
enum { JSON_NONE, JSON_MARK, JSON_RECORD };

/* JSON: one byte outside strings that json_text_run stopped at (it goes
 * out as it is, with the rest of the run). A record (people) ends after an
 * object opened directly in an array, when no such object is open around
 * it, and after a top-level object (JSON Lines): the rule records.c's
 * splitter applies, here where the structure is already followed. */
static int json_byte(struct markup *m, unsigned char c)
{
    if (c == '"') {
        m->st = m->want_key ? MK_KEY : MK_STRING;
        m->want_key = 0;
    } else if (c == '{' || c == '[') {
        int record = c == '{' && in_array(m) && !m->rec;
        json_open(m, c == '[');
        if (record)
            m->rec = m->depth;
        m->want_key = c == '{';
        return c == '{' ? JSON_MARK : JSON_NONE;
    } else if (c == '}' || c == ']') {
        int end = m->depth > 0 && c == '}' && (m->depth == m->rec || m->depth == 1);
        if (m->depth > 0 && m->depth == m->rec)
            m->rec = 0;
        m->depth -= m->depth > 0;
        m->want_key = 0;
        return end ? JSON_RECORD : JSON_NONE;
    } else if (c == ',' && !in_array(m)) {
        m->want_key = 1;
        return JSON_MARK;
    }
    return JSON_NONE;
}

/* JSON: a key starts at p (after its quote). When it ends within the block,
 * its fate is known at once: a key of at most MK_KEY_MAX bytes that ends at
 * its quote is written through key_write if it splits, and stays in the run
 * otherwise; one longer or with a backslash is any string. Only a key cut
 * by the block's end is held (MK_KEY). Returns where reading goes on;
 * *from is the start of the bytes not yet written. */
static const char *key_start(struct markup *m, const char *p, const char *end, const char **from)
{
    size_t k = pm_span3(p, (size_t)(end - p), '"', '\\', '\\');
    if (k > MK_KEY_MAX || (p + k < end && p[k] == '\\')) {
        m->st = MK_STRING; /* spilled as it is: read on as a string */
        return p;
    }
    if (p + k < end) { /* its closing quote */
        m->st = MK_TEXT;
        if (key_splits(p, k)) {
            pm_table_put(&m->t, *from, (size_t)(p - *from));
            key_write(m, p, k);
            *from = p + k + 1;
        }
        return p + k + 1;
    }
    pm_table_put(&m->t, *from, (size_t)(p - *from)); /* held from here on */
    *from = p;
    return p;
}

/* JSON: parses p[0 .. n) and writes it with its marks. The text goes out as
 * it is, in runs from *from up to where something is inserted (a mark, a
 * split key) or a record ends, rather than a piece at a time. */
static void json_convert(struct markup *m, const char *p, size_t n)
{
    const char *end = p + n, *from = p;
    while (p < end) {
        size_t k;
        switch (m->st) {
        case MK_STRING:
            p += pm_span3(p, (size_t)(end - p), '"', '\\', '\\');
            if (p < end)
                m->st = *p++ == '"' ? MK_TEXT : MK_ESCAPE;
            break;
        case MK_ESCAPE:
            p++;
            m->st = MK_STRING;
            break;
        case MK_KEY: {
            /* A key cut by a block's end, held while it fits; the byte after
             * a full key spills it. Its bytes never go out as they are. */
            k = pm_span3(p, (size_t)(end - p), '"', '\\', '\\');
            size_t room = sizeof m->key - m->nkey;
            k = k < room ? k : room;
            memcpy(m->key + m->nkey, p, k);
            m->nkey += k;
            p += k;
            if (p < end)
                key_byte(m, (unsigned char)*p++);
            from = p;
            break;
        }
        default: {
            p += json_text_run(p, (size_t)(end - p));
            if (p == end)
                break;
            int act = json_byte(m, (unsigned char)*p++);
            if (act != JSON_NONE) {
                pm_table_put(&m->t, from, (size_t)(p - from));
                from = p;
                if (act == JSON_MARK)
                    mark(m);
                else
                    pm_table_record(&m->t);
            }
            if (m->st == MK_KEY && m->nkey == 0)
                p = key_start(m, p, end, &from);
            break;
        }
        }
    }
    if (m->st != MK_KEY)
        pm_table_put(&m->t, from, (size_t)(end - from));
}

/* One XML byte that may change the state; marks go before what they mark. */
static void xml_byte(struct markup *m, unsigned char c)
{
    switch (m->st) {
    case MK_TEXT:
        if (c == '<') {
            if (m->blank)
                mark(m);
            m->st = MK_TAG;
            m->lower = 0;
            m->tag_start = 1;
            m->space = 0;
        } else if (!is_space(c)) {
            m->blank = 0;
        }
        break;
    case MK_TAG:
        if (is_upper(c) && m->lower)
            pm_table_put(&m->t, " ", 1); /* "dateOfBirth" -> "date Of Birth" */
        m->lower = is_lower(c);
        if (m->tag_start && (c == '!' || c == '?')) {
            m->st = MK_SPECIAL;
        } else if (c == '>') {
            m->st = MK_TEXT;
            m->blank = 1;
        } else if (c == '"' || c == '\'') {
            m->st = MK_QUOTED;
            m->quote = (char)c;
            m->lower = 0;
        } else if (is_space(c)) {
            m->space = 1;
        } else if (m->space && name_start(c)) {
            mark(m); /* an attribute: its name labels its value only */
            m->space = 0;
        }
        m->tag_start = 0;
        break;
    case MK_QUOTED:
        if (c == (unsigned char)m->quote) {
            m->st = MK_TAG;
            m->space = 0;
        }
        break;
    case MK_SPECIAL:
        if (c == '>') {
            m->st = MK_TEXT;
            m->blank = 1;
        }
        break;
    default:
        break;
    }
    pm_table_putc(&m->t, (char)c);
}

/* Decodes a block into out (the job's scratch; UTF-8 needs no decoding and
 * is read in place) and writes it with its marks through the table's
 * buffer: returns 0, nothing is left in out to emit. */
static size_t convert(void *state, const unsigned char *in, size_t n, char *out)
{
    struct markup *m = state;
    /* UTF-8 is parsed where it was read, not copied into out first. */
    const char *text = (const char *)in;
    size_t dn = n;
    if (m->dec.enc != PM_ENC_UTF8) {
        dn = pm_decode(&m->dec, in, n, out);
        text = out;
    }
    if (m->json) {
        json_convert(m, text, dn);
    } else {
        for (size_t i = 0; i < dn;) {
            size_t k = xml_run(m, text + i, dn - i);
            if (k > 0) {
                pm_table_put(&m->t, text + i, k);
                i += k;
            } else {
                xml_byte(m, (unsigned char)text[i++]);
            }
        }
    }
    pm_table_flush(&m->t);
    return 0;
}

static const char *const json_exts[] = {"json", "jsonl", "ndjson", "geojson", NULL};
static const char *const xml_exts[] = {"xml", NULL};

static int is_json(const char *mime, const char *name)
{
    return strcmp(mime, "application/json") == 0 || strcmp(mime, "application/x-ndjson") == 0 ||
           pm_name_has_ext(name, json_exts);
}

static int is_xml(const char *mime, const char *name)
{
    return strcmp(mime, "text/xml") == 0 || strcmp(mime, "application/xml") == 0 ||
           pm_name_has_ext(name, xml_exts);
}

static int markup_bid(const struct pm_probe *p)
{
    if (p->enc == PM_ENC_BINARY)
        return PM_BID_NONE;
    return is_json(p->mime, p->name) || is_xml(p->mime, p->name) ? PM_BID_TYPE : PM_BID_NONE;
}

static int markup_scan(struct pm_job *j)
{
    enum pm_encoding enc = j->probe->enc;
    struct markup *m = malloc(sizeof *m);
    if (!m) {
        j->o->status = PM_FILE_ERROR;
        snprintf(j->o->reason, sizeof j->o->reason, "out of memory");
        return PM_EX_DONE;
    }
    memset(m, 0, offsetof(struct markup, t));
    pm_table_init(&m->t, j);
    /* JSON by its type or name; XML otherwise (the bid took nothing else). */
    m->json = is_json(j->mime, j->name) && !is_xml(j->mime, NULL);
    m->blank = 1;
    /* libmagic does not know UTF-16 without a byte-order mark: it is text. */
    if ((enc == PM_ENC_UTF16LE || enc == PM_ENC_UTF16BE) && strncmp(j->mime, "text/", 5) != 0 &&
        !is_json(j->mime, NULL) && !is_xml(j->mime, NULL))
        snprintf(j->mime, j->mimesz, "text/plain");
    j->o->encoding = pm_encoding_name(enc);
    pm_decoder_init(&m->dec, enc);
    /* The objects of JSON are its records (people), told by json_byte; the
     * paragraphs of XML are found by the splitter in the text as the table
     * writes it out. */
    struct pm_recsplit split;
    if (!m->json)
        pm_job_split_begin(j, &split, PM_SPLIT_AUTO);
    pm_job_pump(j, j->probe->bom, convert, m);
    pm_table_flush(&m->t);
    pm_job_split_end(j);
    free(m);
    return PM_EX_DONE;
}

const struct pm_extractor pm_ex_markup = {"markup", markup_bid, markup_scan};
