// Time to Live: items whose TTL attribute (epoch seconds) has passed are deleted by a durable per-table job,
// as DynamoDB's own deletions (stream records name the service as the actor). Items expired more than five
// years ago are left alone, as AWS documents.
import type { Item } from './values/types.js';
import { rowKey, type ItemWriter } from './rows.js';
import type { TableInfo } from './table.js';
import type { DdbService } from './service.js';

export const TTL_JOB = 'dynamodb.ttl';
const FIVE_YEARS_SEC = 5 * 365 * 86_400;
const BATCH = 500;

export class TtlSweeper {
  private readonly due = new Map<number, number>();
  writer!: ItemWriter;

  constructor(private readonly svc: DdbService) {
    svc.core.scheduler.register(TTL_JOB, (p) =>
      this.run(p as { tableId: number; accountId: string; region: string; name: string }),
    );
    svc.core.store.onReset(() => this.due.clear());
  }

  /** Ensures a sweep of the table no later than when `ttlSec` passes (call inside the write's transaction). */
  ensure(table: TableInfo, ttlSec: number): void {
    const nowSec = Math.floor(this.svc.now() / 1000);
    if (ttlSec < nowSec - FIVE_YEARS_SEC) return;
    const at = Math.max(ttlSec * 1000 + 1000, this.svc.now());
    const cur = this.due.get(table.id);
    if (cur !== undefined && cur <= at) return;
    this.svc.core.scheduler.schedule(
      TTL_JOB,
      at,
      { tableId: table.id, accountId: table.accountId, region: table.region, name: table.name },
      `dynamodb/ttl/${table.id}`,
    );
    this.due.set(table.id, at);
  }

  /** TTL enabled: record every existing item's expiry and schedule the first sweep. */
  enable(table: TableInfo): void {
    for (const json of this.svc.store.baseItems(table.id)) {
      const item = JSON.parse(json) as Item;
      const ttl = this.writer.ttlOf(table, item);
      const key = rowKey(table.keys, item);
      if (ttl === null || !key) continue;
      this.svc.store.setTtl(table.id, key.hash, key.pk, key.sk, ttl);
      this.ensure(table, ttl);
    }
  }

  disable(table: TableInfo): void {
    this.svc.store.clearTtl(table.id);
    this.due.delete(table.id);
    this.svc.core.scheduler.cancel(`dynamodb/ttl/${table.id}`);
  }

  private run(p: { tableId: number; accountId: string; region: string; name: string }): void {
    this.due.delete(p.tableId);
    const table = this.svc.lookup(p);
    if (!table || table.id !== p.tableId || !table.meta.ttl?.enabled) return;
    const nowSec = Math.floor(this.svc.now() / 1000);
    const oldest = nowSec - FIVE_YEARS_SEC;
    this.svc.tx(() => {
      for (;;) {
        const items = this.svc.store.expired(table.id, nowSec, oldest, BATCH);
        for (const json of items) {
          const item = JSON.parse(json) as Item;
          const key = rowKey(table.keys, item);
          if (key) this.writer.write(table, key, item, undefined, true);
        }
        if (items.length < BATCH) break;
      }
      const next = this.svc.store.nextTtl(table.id, oldest);
      if (next !== undefined) this.ensure(table, next);
    });
  }
}
