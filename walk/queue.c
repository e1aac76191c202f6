/* queue.c — bounded blocking queue (ring buffer, one mutex, two conditions;
 * an ordered queue keeps a binary heap instead of the ring). */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "walk/queue.h"

/* An item of an ordered queue: seq (the push's number) keeps first in, first
 * out among equal priorities. */
struct slot {
    void *item;
    uint64_t prio, seq;
};

/* Invariant: 0 <= len <= cap. FIFO: items live at ring[(head + i) % cap],
 * i < len. Ordered: heap[0 .. len) is a binary heap, heap[0] the first out. */
struct pm_queue {
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
    void **ring;
    struct slot *heap; /* ordered queues only; then ring is NULL */
    uint64_t seq;
    size_t cap, head, len;
    int closed;
};

static struct pm_queue *queue_new(size_t cap, int ordered)
{
    struct pm_queue *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    cap = cap ? cap : 1;
    if (ordered ? !(q->heap = calloc(cap, sizeof *q->heap))
                : !(q->ring = calloc(cap, sizeof *q->ring))) {
        free(q);
        return NULL;
    }
    q->cap = cap;
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->not_empty, NULL);
    pthread_cond_init(&q->not_full, NULL);
    return q;
}

struct pm_queue *pm_queue_new(size_t cap) { return queue_new(cap, 0); }

struct pm_queue *pm_queue_new_ordered(size_t cap) { return queue_new(cap, 1); }

void pm_queue_free(struct pm_queue *q)
{
    if (!q)
        return;
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->not_empty);
    pthread_cond_destroy(&q->not_full);
    free(q->ring);
    free(q->heap);
    free(q);
}

/* 1 if slot a goes out before slot b. */
static int before(const struct slot *a, const struct slot *b)
{
    return a->prio != b->prio ? a->prio > b->prio : a->seq < b->seq;
}

static void heap_put(struct pm_queue *q, void *item, uint64_t prio)
{
    struct slot s = {item, prio, q->seq++};
    size_t i = q->len;
    while (i > 0 && before(&s, &q->heap[(i - 1) / 2])) {
        q->heap[i] = q->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    q->heap[i] = s;
}

static void *heap_take(struct pm_queue *q)
{
    void *item = q->heap[0].item;
    struct slot last = q->heap[q->len - 1]; /* len is still the old length */
    size_t n = q->len - 1, i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && before(&q->heap[c + 1], &q->heap[c]))
            c++;
        if (!before(&q->heap[c], &last))
            break;
        q->heap[i] = q->heap[c];
        i = c;
    }
    if (n)
        q->heap[i] = last;
    return item;
}

static void put_locked(struct pm_queue *q, void *item, uint64_t prio)
{
    if (q->heap)
        heap_put(q, item, prio);
    else
        q->ring[(q->head + q->len) % q->cap] = item;
    q->len++;
    pthread_cond_signal(&q->not_empty);
}

int pm_queue_push(struct pm_queue *q, void *item) { return pm_queue_push_prio(q, item, 0); }

int pm_queue_try_push(struct pm_queue *q, void *item) { return pm_queue_try_push_prio(q, item, 0); }

int pm_queue_push_prio(struct pm_queue *q, void *item, uint64_t prio)
{
    int rc = -1;
    pthread_mutex_lock(&q->mu);
    while (q->len == q->cap && !q->closed)
        pthread_cond_wait(&q->not_full, &q->mu);
    if (!q->closed) {
        put_locked(q, item, prio);
        rc = 0;
    }
    pthread_mutex_unlock(&q->mu);
    return rc;
}

int pm_queue_try_push_prio(struct pm_queue *q, void *item, uint64_t prio)
{
    int rc = -1;
    pthread_mutex_lock(&q->mu);
    if (q->len < q->cap && !q->closed) {
        put_locked(q, item, prio);
        rc = 0;
    }
    pthread_mutex_unlock(&q->mu);
    return rc;
}

void *pm_queue_pop(struct pm_queue *q, int timeout_ms, int *timed_out)
{
    void *item = NULL;
    struct timespec deadline;
    if (timed_out)
        *timed_out = 0;
    if (timeout_ms >= 0) {
        clock_gettime(CLOCK_REALTIME, &deadline);
        deadline.tv_sec += timeout_ms / 1000;
        deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
    }
    pthread_mutex_lock(&q->mu);
    while (q->len == 0 && !q->closed) {
        if (timeout_ms < 0) {
            pthread_cond_wait(&q->not_empty, &q->mu);
        } else if (pthread_cond_timedwait(&q->not_empty, &q->mu, &deadline) == ETIMEDOUT) {
            if (timed_out)
                *timed_out = 1;
            break;
        }
    }
    if (q->len > 0 && q->heap) {
        item = heap_take(q);
        q->len--;
        pthread_cond_signal(&q->not_full);
    } else if (q->len > 0) {
        item = q->ring[q->head];
        q->head = (q->head + 1) % q->cap;
        q->len--;
        pthread_cond_signal(&q->not_full);
    }
    pthread_mutex_unlock(&q->mu);
    return item;
}

void pm_queue_close(struct pm_queue *q)
{
    pthread_mutex_lock(&q->mu);
    q->closed = 1;
    pthread_cond_broadcast(&q->not_empty);
    pthread_cond_broadcast(&q->not_full);
    pthread_mutex_unlock(&q->mu);
}

size_t pm_queue_len(struct pm_queue *q)
{
    pthread_mutex_lock(&q->mu);
    size_t n = q->len;
    pthread_mutex_unlock(&q->mu);
    return n;
}
