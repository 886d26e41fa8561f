// The durable scheduler: every piece of time-driven work that must survive a restart is a row in _jobs, run
// at least once after its due time (deleted only after its handler succeeds). Short-lived wake-ups that belong
// to a live connection (long polls) use wakeAt(), which shares the same single timer but is not persisted.
import type { Store } from '../store/store.js';

export type JobHandler = (
  payload: unknown,
  job: { id: number; kind: string; attempts: number },
) => void | Promise<void>;

interface JobRow {
  id: number;
  kind: string;
  due_at: number;
  payload: string;
  attempts: number;
}

interface Wakeup {
  at: number;
  fn: () => void;
  cancelled: boolean;
}

const MAX_BACKOFF_MS = 60_000;

export class Scheduler {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private running = false;
  private stopped = true;
  private wakeups: Wakeup[] = [];
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    now: () => number = Date.now,
  ) {
    this.now = now;
    store.db.exec(`CREATE TABLE IF NOT EXISTS _jobs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      key TEXT UNIQUE,
      kind TEXT NOT NULL,
      due_at INTEGER NOT NULL,
      payload TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0
    )`);
    store.db.exec(`CREATE INDEX IF NOT EXISTS _jobs_due ON _jobs (due_at)`);
    store.onReset(() => this.arm());
  }

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /**
   * Persists a job. With a key, replaces any pending job of that key (one timer per thing, e.g. per queue).
   * Call inside the caller's transaction so the job commits with the state change that needs it.
   */
  schedule(kind: string, dueAt: number, payload: unknown, key?: string): void {
    const json = JSON.stringify(payload ?? null);
    if (key !== undefined) {
      this.store.db
        .prepare(
          `INSERT INTO _jobs (key, kind, due_at, payload, attempts) VALUES (?, ?, ?, ?, 0)
           ON CONFLICT(key) DO UPDATE SET kind = excluded.kind, due_at = excluded.due_at, payload = excluded.payload, attempts = 0`,
        )
        .run(key, kind, dueAt, json);
    } else {
      this.store.db.prepare(`INSERT INTO _jobs (kind, due_at, payload) VALUES (?, ?, ?)`).run(kind, dueAt, json);
    }
    if (dueAt < this.timerAt) this.arm(dueAt);
  }

  cancel(key: string): void {
    this.store.db.prepare(`DELETE FROM _jobs WHERE key = ?`).run(key);
  }

  /** An in-memory wake-up at `at` ms (not persisted). Returns a cancel function. */
  wakeAt(at: number, fn: () => void): () => void {
    const w: Wakeup = { at, fn, cancelled: false };
    this.wakeups.push(w);
    if (at < this.timerAt) this.arm(at);
    return () => {
      w.cancelled = true;
    };
  }

  start(): void {
    this.stopped = false;
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    this.wakeups = [];
  }

  /** Sets the single timer to the earliest of the next job and the next wake-up. */
  private arm(hint?: number): void {
    if (this.stopped) return;
    let next = hint ?? Infinity;
    if (hint === undefined) {
      const row = this.store.db.prepare(`SELECT MIN(due_at) AS due FROM _jobs`).get() as { due: number | null };
      if (row.due !== null) next = row.due;
      for (const w of this.wakeups) if (!w.cancelled && w.at < next) next = w.at;
    }
    if (next >= this.timerAt && this.timer) return;
    if (this.timer) clearTimeout(this.timer);
    if (next === Infinity) {
      this.timer = undefined;
      this.timerAt = Infinity;
      return;
    }
    this.timerAt = next;
    // Timers longer than ~24.8 days overflow; re-arm daily instead.
    const delay = Math.min(Math.max(0, next - this.now()), 86_400_000);
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.timerAt = Infinity;
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      const now = this.now();
      const due = this.wakeups.filter((w) => !w.cancelled && w.at <= now);
      this.wakeups = this.wakeups.filter((w) => !w.cancelled && w.at > now);
      for (const w of due) w.fn();
      await this.runDueJobs(now);
    } finally {
      this.running = false;
      this.arm();
    }
  }

  private async runDueJobs(now: number): Promise<void> {
    const rows = this.store.db
      .prepare(`SELECT id, kind, due_at, payload, attempts FROM _jobs WHERE due_at <= ? ORDER BY due_at, id LIMIT 500`)
      .all(now) as JobRow[];
    for (const row of rows) {
      if (this.stopped) return;
      const handler = this.handlers.get(row.kind);
      if (!handler) continue; // a service not loaded in this process; leave the job for one that is
      try {
        await handler(JSON.parse(row.payload) as unknown, { id: row.id, kind: row.kind, attempts: row.attempts });
        // Delete only the row we ran: the handler may have rescheduled the same key (new due_at).
        this.store.db.prepare(`DELETE FROM _jobs WHERE id = ? AND due_at = ?`).run(row.id, row.due_at);
      } catch {
        const attempts = row.attempts + 1;
        const backoff = Math.min(MAX_BACKOFF_MS, 100 * 2 ** attempts);
        this.store.db
          .prepare(`UPDATE _jobs SET attempts = ?, due_at = ? WHERE id = ? AND due_at = ?`)
          .run(attempts, this.now() + backoff, row.id, row.due_at);
      }
    }
  }
}
