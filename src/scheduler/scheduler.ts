// The durable scheduler: every piece of time-driven work that must survive a restart is a row in _jobs, run
// at least once after its due time (deleted only after its handler succeeds). Short-lived wake-ups that belong
// to a live connection (long polls) use wakeAt(), which shares the same single timer but is not persisted.
// Kinds run independently of each other: a slow job holds up only its own kind. Within a kind, jobs run one at
// a time in due order unless the kind registers a higher concurrency; jobs sharing a lane never overlap.
import type { Statement } from 'better-sqlite3';
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
  lane: string | null;
}

export interface KindOptions {
  /** Jobs of this kind that may run at once (default 1: strictly one after another in due order). */
  concurrency?: number;
}

interface Wakeup {
  at: number;
  fn: () => void;
  cancelled: boolean;
}

const MAX_BACKOFF_MS = 60_000;

export class Scheduler {
  private readonly handlers = new Map<string, { handler: JobHandler; concurrency: number }>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private stopped = true;
  private readonly inflightIds = new Set<number>();
  private readonly inflightLanes = new Set<string>();
  private readonly runningPerKind = new Map<string, number>();
  private wakeups: Wakeup[] = [];
  private readonly now: () => number;
  /** Prepared once: compiling a statement costs more than running it, and these run for every job. */
  private readonly statements = new Map<string, Statement>();

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
    const cols = store.db.prepare(`PRAGMA table_info(_jobs)`).all() as Array<{ name: string }>;
    if (!cols.some((c) => c.name === 'lane')) store.db.exec(`ALTER TABLE _jobs ADD COLUMN lane TEXT`);
    store.onReset(() => this.arm());
  }

  private stmt(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.store.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  register(kind: string, handler: JobHandler, opts: KindOptions = {}): void {
    this.handlers.set(kind, { handler, concurrency: Math.max(1, opts.concurrency ?? 1) });
    // Jobs of this kind may be due already (left by an earlier run for a service that loads lazily): look now.
    if (!this.stopped) this.arm(this.now());
  }

  /**
   * Persists a job. With a key, replaces any pending job of that key (one timer per thing, e.g. per queue).
   * Call inside the caller's transaction so the job commits with the state change that needs it.
   * Jobs with the same lane (e.g. one FIFO message group's deliveries) never run at the same time.
   */
  schedule(kind: string, dueAt: number, payload: unknown, key?: string, lane?: string): void {
    const json = JSON.stringify(payload ?? null);
    if (key !== undefined) {
      this.stmt(
        `INSERT INTO _jobs (key, kind, due_at, payload, attempts, lane) VALUES (?, ?, ?, ?, 0, ?)
           ON CONFLICT(key) DO UPDATE SET kind = excluded.kind, due_at = excluded.due_at, payload = excluded.payload,
             attempts = 0, lane = excluded.lane`,
      ).run(key, kind, dueAt, json, lane ?? null);
    } else {
      this.stmt(`INSERT INTO _jobs (kind, due_at, payload, lane) VALUES (?, ?, ?, ?)`).run(
        kind,
        dueAt,
        json,
        lane ?? null,
      );
    }
    if (dueAt < this.timerAt) this.arm(dueAt);
  }

  cancel(key: string): void {
    this.stmt(`DELETE FROM _jobs WHERE key = ?`).run(key);
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

  /**
   * Sets the single timer to the earliest of the next job and the next wake-up. `seenAt` is the time up to which
   * the caller already looked at due jobs (tick); a job due after it, even one due by now, still sets the timer.
   */
  private arm(hint?: number, seenAt: number = this.now()): void {
    if (this.stopped) return;
    let next = hint ?? Infinity;
    if (hint === undefined) {
      // Due jobs that could not start (kind busy, lane busy, no handler here) are not timer work: a finishing
      // job of the same kind re-ticks. Only jobs due later set the timer, so nothing spins.
      const row = this.stmt(`SELECT MIN(due_at) AS due FROM _jobs WHERE due_at > ?`).get(seenAt) as {
        due: number | null;
      };
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

  private tick(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    if (this.stopped) return;
    const now = this.now();
    const due = this.wakeups.filter((w) => !w.cancelled && w.at <= now);
    this.wakeups = this.wakeups.filter((w) => !w.cancelled && w.at > now);
    for (const w of due) w.fn();
    this.startDueJobs(now);
    // Timers may fire a millisecond early and the clock moves on while jobs start: look past `now`, not past
    // a fresh clock reading, or a job due in between would be skipped by both and never run.
    this.arm(undefined, now);
  }

  /** Starts every due job whose kind has a free slot and whose lane is free; does not wait for them. */
  private startDueJobs(now: number): void {
    const rows = this.stmt(
      `SELECT id, kind, due_at, payload, attempts, lane FROM _jobs WHERE due_at <= ? ORDER BY due_at, id LIMIT 1000`,
    ).all(now) as JobRow[];
    const blockedLanes = new Set<string>();
    for (const row of rows) {
      if (this.stopped) return;
      if (this.inflightIds.has(row.id)) continue;
      const kind = this.handlers.get(row.kind);
      if (!kind) continue; // a service not loaded in this process; leave the job for one that is
      // A lane runs in due order: a later job of a lane whose earlier job is waiting must wait too.
      if (row.lane !== null && (this.inflightLanes.has(row.lane) || blockedLanes.has(row.lane))) continue;
      const running = this.runningPerKind.get(row.kind) ?? 0;
      if (running >= kind.concurrency) {
        if (row.lane !== null) blockedLanes.add(row.lane);
        continue;
      }
      void this.run(row, kind.handler);
    }
  }

  private async run(row: JobRow, handler: JobHandler): Promise<void> {
    this.inflightIds.add(row.id);
    if (row.lane !== null) this.inflightLanes.add(row.lane);
    this.runningPerKind.set(row.kind, (this.runningPerKind.get(row.kind) ?? 0) + 1);
    try {
      await handler(JSON.parse(row.payload) as unknown, { id: row.id, kind: row.kind, attempts: row.attempts });
      // Delete only the row we ran: the handler may have rescheduled the same key (new due_at).
      if (this.store.db.open) this.stmt(`DELETE FROM _jobs WHERE id = ? AND due_at = ?`).run(row.id, row.due_at);
    } catch {
      const attempts = row.attempts + 1;
      const backoff = Math.min(MAX_BACKOFF_MS, 100 * 2 ** attempts);
      if (this.store.db.open) {
        this.stmt(`UPDATE _jobs SET attempts = ?, due_at = ? WHERE id = ? AND due_at = ?`).run(
          attempts,
          this.now() + backoff,
          row.id,
          row.due_at,
        );
      }
    } finally {
      this.inflightIds.delete(row.id);
      if (row.lane !== null) this.inflightLanes.delete(row.lane);
      this.runningPerKind.set(row.kind, (this.runningPerKind.get(row.kind) ?? 1) - 1);
      // Its kind (or lane) has room again: look for due work now.
      if (!this.stopped && this.store.db.open) this.arm(this.now());
    }
  }
}
