/* vsapi.h — private to vscan.c: which of Vectorscan's stream functions a
 * database runs with (pick_api), the library's own or its AVX2 variant's.
 * Header only, included once; it keeps no state and sees no text.
 */
#ifndef PM_VSAPI_H
#define PM_VSAPI_H

#include <hs.h>

/* Vectorscan 5.4.9 (Debian 12) misses matches in its AVX-512 code: the tail
 * of an accelerated "skip while byte is X" scan checks the wrong bytes, so
 * whether a match near the end of a buffer is reported depends on the
 * buffer's address (fixed upstream by vectorscan pull request 378). Its
 * x86 "fat" library also exports each variant's entry points, so where the
 * AVX2 ones exist and the CPU has AVX2 the streams run on those; elsewhere
 * the library's own choice runs. tests/test_engines.c (a generated share
 * read in windows of every size) is what caught it. */
#if defined(__x86_64__) && defined(__GNUC__)
#define PM_HS_VARIANTS 1
extern hs_error_t avx2_hs_open_stream(const hs_database_t *db, unsigned int flags,
                                      hs_stream_t **stream) __attribute__((weak));
extern hs_error_t avx2_hs_scan_stream(hs_stream_t *id, const char *data, unsigned int length,
                                      unsigned int flags, hs_scratch_t *scratch,
                                      match_event_handler on_event, void *ctx)
    __attribute__((weak));
extern hs_error_t avx2_hs_reset_stream(hs_stream_t *id, unsigned int flags, hs_scratch_t *scratch,
                                       match_event_handler on_event, void *ctx)
    __attribute__((weak));
extern hs_error_t avx2_hs_close_stream(hs_stream_t *id, hs_scratch_t *scratch,
                                       match_event_handler on_event, void *ctx)
    __attribute__((weak));
#endif

/* The stream functions a database runs with (see above). */
struct vs_api {
    hs_error_t (*open)(const hs_database_t *, unsigned int, hs_stream_t **);
    hs_error_t (*scan)(hs_stream_t *, const char *, unsigned int, unsigned int, hs_scratch_t *,
                       match_event_handler, void *);
    hs_error_t (*reset)(hs_stream_t *, unsigned int, hs_scratch_t *, match_event_handler, void *);
    hs_error_t (*close)(hs_stream_t *, hs_scratch_t *, match_event_handler, void *);
};

static struct vs_api pick_api(void)
{
    struct vs_api api = {hs_open_stream, hs_scan_stream, hs_reset_stream, hs_close_stream};
#ifdef PM_HS_VARIANTS
    if (avx2_hs_open_stream && avx2_hs_scan_stream && avx2_hs_reset_stream &&
        avx2_hs_close_stream && __builtin_cpu_supports("avx2")) {
        api.open = avx2_hs_open_stream;
        api.scan = avx2_hs_scan_stream;
        api.reset = avx2_hs_reset_stream;
        api.close = avx2_hs_close_stream;
    }
#endif
    return api;
}

#endif
