/* street_gate.h — private to detect/ (postal_address.c): the street
 * suffixes after a capitalised word, found in C (street_gate.c). Offsets
 * only, never text. */
#ifndef PM_STREET_GATE_H
#define PM_STREET_GATE_H

#include <stddef.h>

/* The longest address postal_address.c reads (street line through city). */
#define PM_ADDR_MAX 240

/* postal_address's text_gate (detector.h): calls add(ctx, a, b) for each
 * street suffix word (street_suffixes.h, or "st"; any case) standing alone
 * after "[A-Z][a-z]*" and blanks in buf[0 .. len), with [a, b] the
 * PM_ADDR_MAX bytes before its end b. At the buffer's edges, where the text
 * may go on, it errs towards a call. */
struct pm_textmasks;
void pm_street_gate(const char *buf, size_t len, size_t from, size_t limit,
                    const struct pm_textmasks *tm,
                    void (*add)(void *ctx, size_t a, size_t b), void *ctx);

#endif
