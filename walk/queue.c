/* queue.c — bounded blocking queue (ring buffer, one mutex, two conditions). */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "walk/queue.h"

/* Invariant: 0 <= len <= cap; items live at ring[(head + i) % cap], i < len. */
struct pm_queue {
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
    void **ring;
    size_t cap, head, len;
    int closed;
};

struct pm_queue *pm_queue_new(size_t cap)
{
    struct pm_queue *q = calloc(1, sizeof *q);
    if (!q || !(q->ring = calloc(cap ? cap : 1, sizeof *q->ring))) {
        free(q);
        return NULL;
    }
    q->cap = cap ? cap : 1;
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->not_empty, NULL);
    pthread_cond_init(&q->not_full, NULL);
    return q;
}

void pm_queue_free(struct pm_queue *q)
{
    if (!q)
        return;
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->not_empty);
    pthread_cond_destroy(&q->not_full);
    free(q->ring);
    free(q);
}

static void put_locked(struct pm_queue *q, void *item)
{
    q->ring[(q->head + q->len) % q->cap] = item;
    q->len++;
    pthread_cond_signal(&q->not_empty);
}

int pm_queue_push(struct pm_queue *q, void *item)
{
    int rc = -1;
    pthread_mutex_lock(&q->mu);
    while (q->len == q->cap && !q->closed)
        pthread_cond_wait(&q->not_full, &q->mu);
    if (!q->closed) {
        put_locked(q, item);
        rc = 0;
    }
    pthread_mutex_unlock(&q->mu);
    return rc;
}

int pm_queue_try_push(struct pm_queue *q, void *item)
{
    int rc = -1;
    pthread_mutex_lock(&q->mu);
    if (q->len < q->cap && !q->closed) {
        put_locked(q, item);
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
    if (q->len > 0) {
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
