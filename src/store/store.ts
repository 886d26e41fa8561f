// The durable store: one SQLite database (WAL) per atoll state dir, or an in-memory one with the same code path.
// Services own their tables through migrations and expose narrow store classes over them; nothing outside a
// service's store class writes SQL for that service, so another backend (PostgreSQL) can replace them later.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export type Db = Database.Database;

export interface Migration {
  /** Unique and ordered within its service: e.g. 'sqs/0001-init'. Never edit an applied migration; add one. */
  id: string;
  up(db: Db): void;
}

/**
 * WAL checkpoints copy committed pages from the WAL into the database file and fsync both: milliseconds of disk
 * wait that SQLite's automatic checkpoint spends inside whichever commit crosses the threshold, i.e. on the event
 * loop. Once a store has seen some writes, a worker thread with its own connection runs them instead (PASSIVE: it
 * never blocks the writer), woken by a commit counter in shared memory. Durability is unchanged: a commit is in
 * the WAL before it returns, whoever checkpoints later. The writer keeps a far higher automatic threshold as a
 * backstop, so the WAL stays bounded even under sustained load (when a passive checkpoint can never catch up).
 */
const CHECKPOINTER_AFTER_COMMITS = 500;
const BACKSTOP_CHECKPOINT_PAGES = 16_384;
/** Slots of the shared Int32Array. */
const COMMITS = 0;
const STOP = 1;
const DONE = 2;
const CHECKPOINTER_SOURCE = `
const { workerData } = require('node:worker_threads');
const flags = new Int32Array(workerData.shared);
try {
  const Database = require(workerData.driver);
  const db = new Database(workerData.path);
  db.pragma('synchronous = ' + workerData.synchronous);
  let seen = 0;
  while (Atomics.load(flags, ${STOP}) === 0) {
    Atomics.wait(flags, ${COMMITS}, seen);
    // Let commits accumulate: one checkpoint (two fsyncs) per interval at most.
    Atomics.wait(flags, ${STOP}, 0, 100);
    if (Atomics.load(flags, ${STOP}) !== 0) break;
    seen = Atomics.load(flags, ${COMMITS});
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // busy or I/O trouble: the writer's backstop threshold still bounds the WAL
    }
  }
  db.close();
} finally {
  Atomics.store(flags, ${DONE}, 1);
  Atomics.notify(flags, ${DONE});
}
`;

/** Version of the core on-disk layout (PRAGMA user_version); bump with a core migration. */
const CORE_LAYOUT_VERSION = 1;

export interface StoreOptions {
  /** Directory holding atoll.db; ignored when inMemory. */
  stateDir?: string;
  inMemory?: boolean;
}

export class Store {
  readonly db: Db;
  readonly path: string;
  private readonly resetListeners: Array<() => void> = [];
  private pending: Array<{ fn: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }> = [];
  private flushScheduled = false;

  /** Built once: creating a better-sqlite3 transaction wrapper per call costs more than the commit itself. */
  private readonly runner: Database.Transaction<(fn: () => unknown) => unknown>;

  /** Off-loop checkpoints (on-disk stores only); see CHECKPOINTER_SOURCE. */
  private commits = 0;
  private checkpointer: { worker: Worker; flags: Int32Array } | undefined;

  private constructor(
    db: Db,
    path: string,
    private readonly synchronous: string,
  ) {
    this.db = db;
    this.path = path;
    this.runner = db.transaction((fn: () => unknown) => fn());
  }

  static open(opts: StoreOptions): Store {
    let path = ':memory:';
    if (!opts.inMemory) {
      const dir = opts.stateDir ?? '.atoll';
      mkdirSync(dir, { recursive: true });
      path = join(dir, 'atoll.db');
    }
    const db = new Database(path);
    // WAL + synchronous=NORMAL: a committed transaction is in the OS before the call returns, so it survives
    // kill -9 of atoll (not a power cut; use ATOLL_SYNC=full for that).
    db.pragma('journal_mode = WAL');
    const synchronous = process.env.ATOLL_SYNC === 'full' ? 'FULL' : 'NORMAL';
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const store = new Store(db, path, synchronous);
    store.initCore();
    return store;
  }

  private initCore(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > CORE_LAYOUT_VERSION) {
      throw new Error(
        `state at ${this.path} was written by a newer atoll (layout ${version} > ${CORE_LAYOUT_VERSION}); refusing to open it`,
      );
    }
    this.db.exec(`CREATE TABLE IF NOT EXISTS _migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`);
    if (version < CORE_LAYOUT_VERSION) this.db.pragma(`user_version = ${CORE_LAYOUT_VERSION}`);
  }

  /** Applies the migrations not yet recorded, each in its own transaction, in the order given. */
  migrate(migrations: readonly Migration[]): void {
    const applied = new Set(
      (this.db.prepare('SELECT id FROM _migrations').all() as Array<{ id: string }>).map((r) => r.id),
    );
    const record = this.db.prepare('INSERT INTO _migrations (id, applied_at) VALUES (?, ?)');
    for (const m of migrations) {
      if (applied.has(m.id)) continue;
      this.db.transaction(() => {
        m.up(this.db);
        record.run(m.id, Date.now());
      })();
    }
  }

  /** Runs fn in one IMMEDIATE transaction: all of its writes commit together or not at all. */
  tx<T>(fn: () => T): T {
    // Inside an open transaction this nests as a savepoint.
    if (this.db.inTransaction) return this.runner(fn) as T;
    const value = this.runner.immediate(fn) as T;
    this.committed();
    return value;
  }

  /** Counts top-level commits; wakes (or, after enough writes, starts) the checkpoint worker. */
  private committed(): void {
    const c = this.checkpointer;
    if (c) {
      Atomics.add(c.flags, COMMITS, 1);
      Atomics.notify(c.flags, COMMITS);
    } else if (++this.commits === CHECKPOINTER_AFTER_COMMITS && this.path !== ':memory:') {
      this.startCheckpointer();
    }
  }

  private startCheckpointer(): void {
    const flags = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
    let worker: Worker;
    try {
      worker = new Worker(CHECKPOINTER_SOURCE, {
        eval: true,
        workerData: {
          driver: createRequire(import.meta.url).resolve('better-sqlite3'),
          path: this.path,
          shared: flags.buffer,
          synchronous: this.synchronous,
        },
      });
    } catch {
      return; // no worker: SQLite's own automatic checkpoints stay in charge
    }
    worker.unref();
    worker.on('error', () => {
      // The worker is gone: hand checkpoints back to the writer.
      if (this.checkpointer?.worker === worker) this.checkpointer = undefined;
      if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
    });
    this.checkpointer = { worker, flags };
    this.db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  }

  /** Stops the checkpoint worker and waits (briefly) for its connection to close. */
  private stopCheckpointer(): void {
    const c = this.checkpointer;
    if (!c) return;
    this.checkpointer = undefined;
    Atomics.store(c.flags, STOP, 1);
    Atomics.notify(c.flags, STOP);
    Atomics.notify(c.flags, COMMITS);
    // A checkpoint in progress finishes first; then the worker closes its connection.
    Atomics.wait(c.flags, DONE, 0, 5_000);
    void c.worker.terminate();
  }

  /**
   * Group commit: runs fn in a savepoint of a transaction shared with every other commit() queued in the same
   * event-loop turn, and resolves once that transaction is durable. Many concurrent writers then pay for one
   * WAL commit instead of one each. fn's own failure rolls back only its savepoint and rejects only its promise.
   */
  commit<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.flushScheduled = false;
    if (batch.length === 1) {
      // Alone in its turn: its own transaction, no savepoint needed (a failure rolls it all back).
      const job = batch[0]!;
      let value: unknown;
      try {
        value = this.runner.immediate(job.fn);
      } catch (error) {
        job.reject(error);
        return;
      }
      this.committed();
      job.resolve(value);
      return;
    }
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      this.runner.immediate(() => {
        for (const job of batch) {
          try {
            outcomes.push({ ok: true, value: this.runner(job.fn) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const job of batch) job.reject(error);
      return;
    }
    this.committed();
    batch.forEach((job, i) => {
      const o = outcomes[i]!;
      if (o.ok) job.resolve(o.value);
      else job.reject(o.error);
    });
  }

  /** Called after reset() so services can drop caches derived from the tables. */
  onReset(listener: () => void): void {
    this.resetListeners.push(listener);
  }

  /** Wipes every row of every table (schema and migrations kept) in one transaction. */
  reset(): void {
    const tables = this.db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_migrations'`,
      )
      .all() as Array<{ name: string }>;
    this.db.pragma('foreign_keys = OFF');
    try {
      this.tx(() => {
        for (const t of tables) this.db.exec(`DELETE FROM "${t.name.replace(/"/g, '""')}"`);
      });
    } finally {
      this.db.pragma('foreign_keys = ON');
    }
    for (const l of this.resetListeners) l();
  }

  close(): void {
    this.stopCheckpointer();
    if (this.db.open) this.db.close();
  }
}
