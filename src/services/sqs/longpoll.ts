// Long polling: a ReceiveMessage that found nothing parks here until a send to its queue, a message becoming
// visible (scheduler wake-up at the next visible_at), its wait time ending, or the client going away.
import type { Scheduler } from '../../scheduler/scheduler.js';

type Waiter = () => void;

export class LongPoll {
  private readonly waiters = new Map<number, Set<Waiter>>();
  /** Notifications per queue so far: a poll that read the queue before a notify knows it must look again. */
  private readonly generations = new Map<number, number>();
  private closed = false;

  constructor(private readonly scheduler: Scheduler) {}

  generation(queueId: number): number {
    return this.generations.get(queueId) ?? 0;
  }

  /** Wakes every poll parked on the queue (each retries its receive). */
  notify(queueId: number): void {
    this.generations.set(queueId, this.generation(queueId) + 1);
    const set = this.waiters.get(queueId);
    if (!set) return;
    this.waiters.delete(queueId);
    for (const w of set) w();
  }

  /**
   * Resolves when woken, at `deadline`, at `nextVisibleAt` (if earlier), or on abort. Returns false when the
   * poll should stop (deadline passed, aborted, or service closing). `seen` is the queue's generation when the
   * caller last read it: if a notify came since, this returns true at once.
   */
  wait(
    queueId: number,
    deadline: number,
    nextVisibleAt: number | undefined,
    signal: AbortSignal,
    now: () => number,
    seen?: number,
  ): Promise<boolean> {
    if (this.closed || signal.aborted || now() >= deadline) return Promise.resolve(false);
    if (seen !== undefined && seen !== this.generation(queueId)) return Promise.resolve(true);
    return new Promise((resolve) => {
      let done = false;
      const wakeAt = nextVisibleAt !== undefined && nextVisibleAt < deadline ? nextVisibleAt : deadline;
      const finish = (more: boolean) => {
        if (done) return;
        done = true;
        cancelWake();
        signal.removeEventListener('abort', onAbort);
        this.waiters.get(queueId)?.delete(waiter);
        resolve(more && !this.closed && !signal.aborted);
      };
      const waiter = () => finish(true);
      const onAbort = () => finish(false);
      const cancelWake = this.scheduler.wakeAt(wakeAt, () => finish(now() < deadline));
      signal.addEventListener('abort', onAbort, { once: true });
      let set = this.waiters.get(queueId);
      if (!set) this.waiters.set(queueId, (set = new Set()));
      set.add(waiter);
    });
  }

  parked(): number {
    let n = 0;
    for (const s of this.waiters.values()) n += s.size;
    return n;
  }

  close(): void {
    this.closed = true;
    for (const set of this.waiters.values()) for (const w of set) w();
    this.waiters.clear();
  }
}
