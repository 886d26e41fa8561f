// In-memory wake-ups for callers parked on something: GetActivityTask long polls (per activity) and
// StartSyncExecution / DescribeExecution waiters (per execution). Not durable: the parked request is itself live.
import type { Scheduler } from '../../scheduler/scheduler.js';

export class Waiters {
  private readonly waiting = new Map<string, Set<() => void>>();
  private closed = false;

  constructor(private readonly scheduler: Scheduler) {}

  notify(key: string): void {
    const set = this.waiting.get(key);
    if (!set) return;
    this.waiting.delete(key);
    for (const w of set) w();
  }

  /** Resolves true when notified, false at `deadline`, on abort or when closing. */
  wait(key: string, deadline: number, signal: AbortSignal, now: () => number): Promise<boolean> {
    if (this.closed || signal.aborted || now() >= deadline) return Promise.resolve(false);
    return new Promise((resolve) => {
      let done = false;
      const finish = (woken: boolean) => {
        if (done) return;
        done = true;
        cancelWake();
        signal.removeEventListener('abort', onAbort);
        this.waiting.get(key)?.delete(waiter);
        resolve(woken && !this.closed && !signal.aborted);
      };
      const waiter = () => finish(true);
      const onAbort = () => finish(false);
      const cancelWake = this.scheduler.wakeAt(deadline, () => finish(false));
      signal.addEventListener('abort', onAbort, { once: true });
      let set = this.waiting.get(key);
      if (!set) this.waiting.set(key, (set = new Set()));
      set.add(waiter);
    });
  }

  parked(): number {
    let n = 0;
    for (const s of this.waiting.values()) n += s.size;
    return n;
  }

  close(): void {
    this.closed = true;
    for (const set of this.waiting.values()) for (const w of set) w();
    this.waiting.clear();
  }
}
