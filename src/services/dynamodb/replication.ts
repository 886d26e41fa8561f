// Global tables (version 2019.11.21): a write to any replica is scheduled, in the write's own transaction, as one
// durable job per other region; the job applies it there unless that item already holds a later write (last writer
// wins on (time, region)). Applied writes produce the replica region's stream records but are not sent on again.
// The per-item clock lives in a side table, so no aws:rep:* attributes ever appear in items.
import type Database from 'better-sqlite3';
import type { Item } from './values/types.js';
import { keyOf, rowKey, type ItemWriter } from './rows.js';
import type { TableInfo } from './table.js';
import type { DdbService } from './service.js';

export const REPLICATE_JOB = 'dynamodb.replicate';

interface Change {
  accountId: string;
  from: string;
  to: string;
  table: string;
  key: Item;
  item: Item | null;
  at: number;
}

export class Replicator {
  writer!: ItemWriter;
  /** True while a replicated change is being applied (its own write must not be replicated again). */
  private applying = false;
  private readonly clockGet: Database.Statement<unknown[]>;
  private readonly clockPut: Database.Statement<unknown[]>;
  private readonly clockDrop: Database.Statement<unknown[]>;

  constructor(private readonly svc: DdbService) {
    const db = svc.core.store.db;
    this.clockGet = db.prepare(`SELECT at, region FROM ddb_rep_clock WHERE table_id = ? AND pk = ? AND sk = ?`);
    this.clockPut = db.prepare(
      `INSERT OR REPLACE INTO ddb_rep_clock (table_id, pk, sk, at, region) VALUES (?, ?, ?, ?, ?)`,
    );
    this.clockDrop = db.prepare(`DELETE FROM ddb_rep_clock WHERE table_id = ?`);
    // Replica regions apply changes concurrently; one lane per target table keeps each table's changes in order.
    svc.core.scheduler.register(REPLICATE_JOB, (p) => this.apply(p as Change), { concurrency: 4 });
  }

  /** Item-write hook (inside the write's transaction). */
  record(table: TableInfo, oldItem: Item | undefined, newItem: Item | undefined): void {
    const regions = table.meta.replicas;
    if (!regions || regions.length < 2 || this.applying) return;
    const now = this.svc.now();
    const key = keyOf(table.keys, (newItem ?? oldItem)!);
    const row = rowKey(table.keys, key)!;
    this.clockPut.run(table.id, row.pk, row.sk, now, table.region);
    for (const to of regions) {
      if (to === table.region) continue;
      const change: Change = {
        accountId: table.accountId,
        from: table.region,
        to,
        table: table.name,
        key,
        item: newItem ?? null,
        at: now,
      };
      this.svc.core.scheduler.schedule(
        REPLICATE_JOB,
        now,
        change,
        undefined,
        `ddb-rep/${table.accountId}/${to}/${table.name}`,
      );
    }
  }

  private apply(c: Change): void {
    const target = this.svc.lookup({ accountId: c.accountId, region: c.to, name: c.table });
    // The replica was removed meanwhile: nothing to apply.
    if (!target || !target.meta.replicas?.includes(c.from)) return;
    const row = rowKey(target.keys, c.key);
    if (!row) return;
    this.svc.tx(() => {
      const clock = this.clockGet.get(target.id, row.pk, row.sk) as { at: number; region: string } | undefined;
      if (clock && (clock.at > c.at || (clock.at === c.at && clock.region > c.from))) return;
      const old = this.writer.get(target, row);
      this.withoutReplication(() => this.writer.write(target, row, old, c.item ?? undefined));
      this.clockPut.run(target.id, row.pk, row.sk, c.at, c.from);
    });
  }

  /** Runs fn (item writes) without replicating them: replica seeding and replicated changes. */
  withoutReplication<T>(fn: () => T): T {
    this.applying = true;
    try {
      return fn();
    } finally {
      this.applying = false;
    }
  }

  dropClock(table: TableInfo): void {
    this.clockDrop.run(table.id);
  }
}
