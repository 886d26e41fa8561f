// Retention expiry as durable scheduler jobs, one pending job per log group with a retention policy: due when
// its oldest event passes the retention period. Reads already hide expired events, so the job's timing only
// affects storedBytes, never what clients see.
import type { LogsService } from './service.js';
import type { GroupRow } from './store.js';

export const RETENTION_JOB = 'logs.retention';
const DAY_MS = 86_400_000;
const jobKey = (groupId: number) => `logs/retention/${groupId}`;

export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export class Retention {
  // Due time of each group's pending job as this process last scheduled it: avoids a job write per put.
  private readonly pending = new Map<number, number>();

  constructor(private readonly svc: LogsService) {
    svc.core.scheduler.register(RETENTION_JOB, (payload) => this.run(payload as { groupId: number }));
    svc.core.store.onReset(() => this.pending.clear());
  }

  /** Call inside the transaction that stored events of timestamp >= oldestTs in a group with retention. */
  afterPut(group: GroupRow, oldestTs: number): void {
    if (group.retention_days === null) return;
    this.ensure(group.id, oldestTs + group.retention_days * DAY_MS);
  }

  /** The policy changed: recompute from the oldest event (inside the transaction that changed it). */
  reschedule(group: GroupRow, days: number | null): void {
    this.pending.delete(group.id);
    this.svc.core.scheduler.cancel(jobKey(group.id));
    if (days === null) return;
    const oldest = this.svc.store.oldestEvent(group.id);
    if (oldest !== undefined) this.ensure(group.id, oldest + days * DAY_MS);
  }

  forget(groupId: number): void {
    this.pending.delete(groupId);
    this.svc.core.scheduler.cancel(jobKey(groupId));
  }

  private ensure(groupId: number, dueAt: number): void {
    const cur = this.pending.get(groupId);
    if (cur !== undefined && cur <= dueAt) return;
    this.svc.core.scheduler.schedule(RETENTION_JOB, dueAt, { groupId }, jobKey(groupId));
    this.pending.set(groupId, dueAt);
  }

  private run(payload: { groupId: number }): void {
    const svc = this.svc;
    this.pending.delete(payload.groupId);
    svc.tx(() => {
      const group = svc.store.groupById(payload.groupId);
      if (!group || group.retention_days === null) return;
      const ms = group.retention_days * DAY_MS;
      svc.store.expire(group.id, svc.now() - ms);
      const oldest = svc.store.oldestEvent(group.id);
      if (oldest !== undefined) this.ensure(group.id, Math.max(oldest + ms, svc.now() + 1000));
    });
  }
}
