/* test_queue.c — walk/queue: the bounded queue every thread hand-off goes
 * through. Order, capacity, timeouts, close-and-drain, and many producers and
 * consumers losing nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "walk/queue.h"

#define ITEM(n) ((void *)(uintptr_t)(n))

static void fifo_and_capacity(void **state)
{
    (void)state;
    struct pm_queue *q = pm_queue_new(3);
    assert_non_null(q);
    for (uintptr_t i = 1; i <= 3; i++)
        assert_int_equal(pm_queue_try_push(q, ITEM(i)), 0);
    assert_int_equal(pm_queue_len(q), 3);
    assert_int_equal(pm_queue_try_push(q, ITEM(4)), -1); /* full: the caller keeps it */
    int timed_out = -1;
    for (uintptr_t i = 1; i <= 3; i++)
        assert_ptr_equal(pm_queue_pop(q, 0, &timed_out), ITEM(i));
    assert_int_equal(timed_out, 0);
    assert_int_equal(pm_queue_len(q), 0);
    pm_queue_free(q);
}

/* An ordered queue: the highest priority first, first in first out among
 * equals, the same capacity; a plain push is priority 0. */
static void ordered_by_priority(void **state)
{
    (void)state;
    struct pm_queue *q = pm_queue_new_ordered(8);
    assert_non_null(q);
    static const uint64_t prio[] = {5, 100, 5, UINT64_MAX, 0, 100, 7};
    for (uintptr_t i = 0; i < 7; i++)
        assert_int_equal(pm_queue_try_push_prio(q, ITEM(i + 1), prio[i]), 0);
    assert_int_equal(pm_queue_push(q, ITEM(8)), 0); /* priority 0, after item 5 */
    assert_int_equal(pm_queue_try_push_prio(q, ITEM(9), 1000), -1); /* full */
    static const uintptr_t want[] = {4, 2, 6, 7, 1, 3, 5, 8};
    for (size_t i = 0; i < 8; i++)
        assert_ptr_equal(pm_queue_pop(q, 0, NULL), ITEM(want[i]));
    assert_null(pm_queue_pop(q, 0, NULL));
    /* Interleaved pushes and pops keep the order, also past the old head. */
    pm_queue_free(q);
    q = pm_queue_new_ordered(64);
    for (uintptr_t round = 0; round < 50; round++) {
        assert_int_equal(pm_queue_push_prio(q, ITEM(100 + round), round % 3), 0);
        assert_int_equal(pm_queue_push_prio(q, ITEM(200 + round), 3), 0);
        assert_ptr_equal(pm_queue_pop(q, 0, NULL), ITEM(200 + round));
    }
    uint64_t last = 3, seen = 0;
    uintptr_t prev_round = 0;
    void *it;
    while ((it = pm_queue_pop(q, 0, NULL)) != NULL) {
        uintptr_t r = (uintptr_t)it - 100;
        assert_true(r % 3 <= last);
        if (r % 3 == last)
            assert_true(r > prev_round); /* first in, first out among equals */
        last = r % 3;
        prev_round = r;
        seen++;
    }
    assert_int_equal(seen, 50);
    /* Many random priorities come out sorted. */
    struct pm_queue *big = pm_queue_new_ordered(1000);
    unsigned x = 12345;
    for (uintptr_t i = 0; i < 1000; i++) {
        x = x * 1103515245u + 12345u;
        assert_int_equal(pm_queue_try_push_prio(big, ITEM((x >> 8) % 5000 + 1), (x >> 8) % 5000), 0);
    }
    uintptr_t prev = UINTPTR_MAX;
    for (int i = 0; i < 1000; i++) {
        uintptr_t v = (uintptr_t)pm_queue_pop(big, 0, NULL);
        assert_true(v >= 1 && v <= prev);
        prev = v;
    }
    pm_queue_free(big);
    pm_queue_free(q);
}

static void pop_times_out_on_empty(void **state)
{
    (void)state;
    struct pm_queue *q = pm_queue_new(2);
    int timed_out = 0;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    assert_null(pm_queue_pop(q, 50, &timed_out));
    clock_gettime(CLOCK_MONOTONIC, &b);
    assert_int_equal(timed_out, 1);
    long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    assert_true(ms >= 40); /* it waited, rather than returning at once */
    pm_queue_free(q);
}

static void close_drains_then_ends(void **state)
{
    (void)state;
    struct pm_queue *q = pm_queue_new(4);
    assert_int_equal(pm_queue_push(q, ITEM(7)), 0);
    assert_int_equal(pm_queue_push(q, ITEM(8)), 0);
    pm_queue_close(q);
    assert_int_equal(pm_queue_push(q, ITEM(9)), -1);
    assert_int_equal(pm_queue_try_push(q, ITEM(9)), -1);
    int timed_out = -1;
    assert_ptr_equal(pm_queue_pop(q, -1, &timed_out), ITEM(7));
    assert_ptr_equal(pm_queue_pop(q, -1, &timed_out), ITEM(8));
    assert_null(pm_queue_pop(q, -1, &timed_out)); /* closed and empty: no wait */
    assert_int_equal(timed_out, 0);
    pm_queue_free(q);
}

/* ---- threads: a blocked pusher and popper wake up ------------------------ */

struct blocked {
    struct pm_queue *q;
    atomic_int done;
    void *got;
};

static void *push_one(void *p)
{
    struct blocked *b = p;
    pm_queue_push(b->q, ITEM(2)); /* blocks: the queue is full */
    atomic_store(&b->done, 1);
    return NULL;
}

static void *pop_one(void *p)
{
    struct blocked *b = p;
    b->got = pm_queue_pop(b->q, -1, NULL); /* blocks: the queue is empty */
    atomic_store(&b->done, 1);
    return NULL;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void blocked_push_and_pop_wake(void **state)
{
    (void)state;
    struct blocked b = {.q = pm_queue_new(1)};
    pthread_t t;
    assert_int_equal(pm_queue_push(b.q, ITEM(1)), 0);
    assert_int_equal(pthread_create(&t, NULL, push_one, &b), 0);
    sleep_ms(50);
    assert_int_equal(atomic_load(&b.done), 0); /* still waiting for room */
    assert_ptr_equal(pm_queue_pop(b.q, -1, NULL), ITEM(1));
    pthread_join(t, NULL);
    assert_int_equal(atomic_load(&b.done), 1);
    assert_ptr_equal(pm_queue_pop(b.q, -1, NULL), ITEM(2));

    atomic_store(&b.done, 0);
    assert_int_equal(pthread_create(&t, NULL, pop_one, &b), 0);
    sleep_ms(50);
    assert_int_equal(atomic_load(&b.done), 0); /* still waiting for an item */
    pm_queue_close(b.q);                       /* close wakes it with NULL */
    pthread_join(t, NULL);
    assert_null(b.got);
    pm_queue_free(b.q);
}

/* ---- many producers and consumers ---------------------------------------- */

#define PRODUCERS 4
#define CONSUMERS 3
#define PER_PRODUCER 20000

struct mpmc {
    struct pm_queue *q;
    atomic_ullong sum, count;
    atomic_int next_id;
};

static void *producer(void *p)
{
    struct mpmc *m = p;
    uintptr_t base = (uintptr_t)atomic_fetch_add(&m->next_id, 1) * PER_PRODUCER;
    for (uintptr_t i = 1; i <= PER_PRODUCER; i++)
        if (pm_queue_push(m->q, ITEM(base + i)) != 0)
            abort();
    return NULL;
}

static void *consumer(void *p)
{
    struct mpmc *m = p;
    void *it;
    while ((it = pm_queue_pop(m->q, -1, NULL)) != NULL) {
        atomic_fetch_add(&m->sum, (uintptr_t)it);
        atomic_fetch_add(&m->count, 1);
    }
    return NULL;
}

static void many_threads_lose_nothing(void **state)
{
    (void)state;
    struct mpmc m = {.q = pm_queue_new(16)}; /* small, so pushers block often */
    pthread_t p[PRODUCERS], c[CONSUMERS];
    for (int i = 0; i < CONSUMERS; i++)
        assert_int_equal(pthread_create(&c[i], NULL, consumer, &m), 0);
    for (int i = 0; i < PRODUCERS; i++)
        assert_int_equal(pthread_create(&p[i], NULL, producer, &m), 0);
    for (int i = 0; i < PRODUCERS; i++)
        pthread_join(p[i], NULL);
    pm_queue_close(m.q);
    for (int i = 0; i < CONSUMERS; i++)
        pthread_join(c[i], NULL);
    unsigned long long n = (unsigned long long)PRODUCERS * PER_PRODUCER;
    assert_int_equal(atomic_load(&m.count), n);
    assert_int_equal(atomic_load(&m.sum), n * (n + 1) / 2); /* every item exactly once */
    pm_queue_free(m.q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fifo_and_capacity),
        cmocka_unit_test(ordered_by_priority),
        cmocka_unit_test(pop_times_out_on_empty),
        cmocka_unit_test(close_drains_then_ends),
        cmocka_unit_test(blocked_push_and_pop_wake),
        cmocka_unit_test(many_threads_lose_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
