/* queue.h — a bounded, blocking queue of pointers shared by threads.
 *
 * The only way threads hand data to each other in piimap. Capacity is fixed at
 * creation, so a fast producer waits (or, with pm_queue_try_push, does the work
 * itself) instead of growing memory. Items are borrowed pointers: whoever pops
 * one owns it from then on.
 */
#ifndef PM_QUEUE_H
#define PM_QUEUE_H

#include <stddef.h>

struct pm_queue;

struct pm_queue *pm_queue_new(size_t cap);
void pm_queue_free(struct pm_queue *q);
/* Blocks while the queue is full. Returns 0, or -1 once the queue is closed. */
int pm_queue_push(struct pm_queue *q, void *item);
/* Returns 0 if queued, -1 if full or closed (the caller keeps the item). */
int pm_queue_try_push(struct pm_queue *q, void *item);
/* Blocks until an item arrives or the queue is closed and empty (returns NULL).
 * With timeout_ms >= 0 also returns NULL after that long; *timed_out says so. */
void *pm_queue_pop(struct pm_queue *q, int timeout_ms, int *timed_out);
/* No more pushes: poppers drain what is left, then get NULL. */
void pm_queue_close(struct pm_queue *q);
size_t pm_queue_len(struct pm_queue *q);

#endif
