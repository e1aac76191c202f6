/* bytes.h — what kind of byte this is: the ASCII predicates every part of
 * detect/ shares (the digit-cluster scan, the detectors' boundary checks).
 * Header only, no state; it includes nothing of the project's, so any file
 * of detect/ may include it without a cycle. */
#ifndef PM_BYTES_H
#define PM_BYTES_H

/* 1 if the byte is an ASCII digit. */
static inline int pm_is_digit(unsigned char c) { return (unsigned)(c - '0') < 10u; }
/* 1 if the byte is an ASCII letter. */
static inline int pm_is_letter(unsigned char c) { return (unsigned)((c | 0x20) - 'a') < 26u; }
/* 1 if the byte is an ASCII letter, digit or underscore. */
static inline int pm_is_word(unsigned char c) { return pm_is_digit(c) || pm_is_letter(c) || c == '_'; }
/* 1 if the byte joins digits into a digit cluster (detect/cluster.h). */
static inline int pm_cluster_sep(unsigned char c)
{
    return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || c == '+';
}

#endif
