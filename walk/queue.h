/* queue.h — a bounded, blocking queue of pointers shared by threads.
 *
 * The only way threads hand data to each other in piimap. Capacity is fixed at
 * creation, so a fast producer waits (or, with pm_queue_try_push, does the work
 * itself) instead of growing memory. Items are borrowed pointers: whoever pops
 * one owns it from then on.
 *
 * A queue is first in, first out; one made with pm_queue_new_ordered() gives
 * the item of the highest priority first (first in, first out among equals).
 * The walker orders its jobs so: a large file queued last would otherwise
 * leave the other workers idle while one thread reads it.
 */
#ifndef PM_QUEUE_H
#define PM_QUEUE_H

#include <stddef.h>
#include <stdint.h>

struct pm_queue;

struct pm_queue *pm_queue_new(size_t cap);
/* A queue that pops the highest `prio` first (pm_queue_*_prio; the plain
 * pushes give priority 0). */
struct pm_queue *pm_queue_new_ordered(size_t cap);
void pm_queue_free(struct pm_queue *q);
/* Blocks while the queue is full. Returns 0, or -1 once the queue is closed. */
int pm_queue_push(struct pm_queue *q, void *item);
/* Returns 0 if queued, -1 if full or closed (the caller keeps the item). */
int pm_queue_try_push(struct pm_queue *q, void *item);
/* The same with a priority (only an ordered queue looks at it). */
int pm_queue_push_prio(struct pm_queue *q, void *item, uint64_t prio);
int pm_queue_try_push_prio(struct pm_queue *q, void *item, uint64_t prio);
/* Blocks until an item arrives or the queue is closed and empty (returns NULL).
 * With timeout_ms >= 0 also returns NULL after that long; *timed_out says so. */
void *pm_queue_pop(struct pm_queue *q, int timeout_ms, int *timed_out);
/* No more pushes: poppers drain what is left, then get NULL. */
void pm_queue_close(struct pm_queue *q);
size_t pm_queue_len(struct pm_queue *q);

#endif
