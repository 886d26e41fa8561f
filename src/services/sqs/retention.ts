// Retention and deduplication sweeps as durable scheduler jobs (one pending job per queue), so messages past
// MessageRetentionPeriod disappear even across restarts. Receive also skips expired rows, so the sweep's
// timing only affects counts, never delivery.
import type { SqsService } from './service.js';
import type { Queue } from './registry.js';

export const SWEEP_JOB = 'sqs.sweep';
const DEDUP_WINDOW_MS = 5 * 60_000;
const jobKey = (queueId: number) => `sqs/sweep/${queueId}`;

export class Sweeper {
  // Due time of each queue's pending sweep as this process last scheduled it: avoids a job write per send.
  private readonly pending = new Map<number, number>();

  constructor(private readonly svc: SqsService) {
    svc.core.scheduler.register(SWEEP_JOB, (payload) => this.run(payload as { queueId: number }));
    svc.core.store.onReset(() => this.pending.clear());
  }

  /** Ensures a sweep is due no later than `dueAt`. Call inside the transaction that needs it. */
  ensure(queue: Queue, dueAt: number): void {
    const cur = this.pending.get(queue.id);
    if (cur !== undefined && cur <= dueAt) return;
    this.svc.core.scheduler.schedule(SWEEP_JOB, dueAt, { queueId: queue.id }, jobKey(queue.id));
    this.pending.set(queue.id, dueAt);
  }

  /** After a send: the new message expires after the retention period; FIFO dedup records after 5 minutes. */
  afterSend(queue: Queue, now: number): void {
    this.ensure(queue, queue.fifo ? now + DEDUP_WINDOW_MS : now + queue.retentionMs);
  }

  /** MessageRetentionPeriod changed: recompute from the oldest message. */
  reschedule(queue: Queue): void {
    this.pending.delete(queue.id);
    const oldest = this.svc.store.oldestEnqueued(queue.id);
    if (oldest !== undefined) this.ensure(queue, oldest + queue.retentionMs);
  }

  forget(queueId: number): void {
    this.pending.delete(queueId);
    this.svc.core.scheduler.cancel(jobKey(queueId));
  }

  private run(payload: { queueId: number }): void {
    const svc = this.svc;
    this.pending.delete(payload.queueId);
    const queue = svc.queues.getById(payload.queueId);
    if (!queue) return;
    const now = svc.now();
    svc.tx(() => {
      while (svc.store.expire(queue.id, now - queue.retentionMs) === 1000) {
        // keep going: expire() deletes in chunks
      }
      svc.store.sweepDedup(queue.id, now);
      const oldest = svc.store.oldestEnqueued(queue.id);
      let next = oldest === undefined ? Infinity : oldest + queue.retentionMs;
      if (queue.fifo && oldest !== undefined) next = Math.min(next, now + DEDUP_WINDOW_MS);
      if (next !== Infinity) this.ensure(queue, Math.max(next, now + 1000));
    });
  }
}
