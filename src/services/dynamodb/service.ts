// Shared state of one DynamoDB instance: the store, a cache of table definitions, table lookup by name or
// ARN, and the lifecycle job that turns CREATING/UPDATING tables and indexes ACTIVE.
import type { CoreServices, RequestContext } from '../types.js';
import { DdbStore } from './store.js';
import { StreamStore } from './stream-store.js';
import { tableInfo, type TableInfo, type TableMeta } from './table.js';
import { DdbErrors } from './errors.js';

export const LIFECYCLE_JOB = 'dynamodb.lifecycle';
/** How long CREATING/UPDATING lasts: short, but clients see the transitional state in the response first. */
export const TRANSITION_MS = 0;

const cacheKey = (accountId: string, region: string, name: string) => `${accountId}\u0000${region}\u0000${name}`;

export interface TableRef {
  accountId: string;
  region: string;
  name: string;
}

const TABLE_ARN_RE = /^arn:aws[\w-]*:dynamodb:([a-z0-9-]+):(\d{12}):table\/([A-Za-z0-9_.-]+)$/;

export class DdbService {
  readonly store: DdbStore;
  readonly streamStore: StreamStore;
  private readonly cache = new Map<string, TableInfo | null>();

  constructor(readonly core: CoreServices) {
    this.store = new DdbStore(core.store.db);
    this.streamStore = new StreamStore(core.store.db);
    core.store.onReset(() => this.cache.clear());
    core.scheduler.register(LIFECYCLE_JOB, (payload) => this.settleById((payload as { tableId: number }).tableId));
  }

  now(): number {
    return this.core.now();
  }

  /** A transaction; the definition cache is dropped if it rolls back (it may hold uncommitted definitions). */
  tx<T>(fn: () => T): T {
    try {
      return this.core.store.tx(fn);
    } catch (err) {
      this.cache.clear();
      throw err;
    }
  }

  commit<T>(fn: () => T): Promise<T> {
    return this.core.store.commit(fn);
  }

  /** TableName may be a name or a table ARN (which may name another account). */
  ref(name: string, ctx: RequestContext): TableRef {
    const m = TABLE_ARN_RE.exec(name);
    if (m) return { region: m[1]!, accountId: m[2]!, name: m[3]! };
    return { accountId: ctx.accountId, region: ctx.region, name };
  }

  lookup(ref: TableRef): TableInfo | undefined {
    const key = cacheKey(ref.accountId, ref.region, ref.name);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const row = this.store.tableByName(ref.accountId, ref.region, ref.name);
    const info = row ? tableInfo(row.id, row.account_id, row.region, JSON.parse(row.meta) as TableMeta) : undefined;
    this.cache.set(key, info ?? null);
    return info;
  }

  /** A table for control-plane operations (any status). */
  describeTarget(name: string, ctx: RequestContext): TableInfo {
    const t = this.lookup(this.ref(name, ctx));
    if (!t) throw DdbErrors.tableNotFound(name);
    return t;
  }

  /** A table for data-plane operations: AWS answers ResourceNotFoundException until it is ACTIVE. */
  dataTable(name: string, ctx: RequestContext): TableInfo {
    const t = this.lookup(this.ref(name, ctx));
    if (!t || this.status(t) === 'CREATING') throw DdbErrors.resourceNotFound();
    return t;
  }

  /** Effective status: transitions end at readyAt even before the lifecycle job has persisted them. */
  status(t: TableInfo): TableMeta['status'] {
    return t.meta.status !== 'ACTIVE' && t.meta.readyAt <= this.now() ? 'ACTIVE' : t.meta.status;
  }

  /** Persists a new definition (inside the caller's transaction) and refreshes the cache. */
  saveMeta(t: TableInfo, meta: TableMeta): TableInfo {
    this.store.updateMeta(t.id, meta);
    const info = tableInfo(t.id, t.accountId, t.region, meta);
    this.cache.set(cacheKey(t.accountId, t.region, t.name), info);
    return info;
  }

  created(id: number, accountId: string, region: string, meta: TableMeta): TableInfo {
    const info = tableInfo(id, accountId, region, meta);
    this.cache.set(cacheKey(accountId, region, meta.name), info);
    return info;
  }

  forget(t: TableInfo): void {
    this.cache.delete(cacheKey(t.accountId, t.region, t.name));
  }

  scheduleSettle(t: TableInfo, at: number): void {
    this.core.scheduler.schedule(LIFECYCLE_JOB, at, { tableId: t.id }, `dynamodb/lifecycle/${t.id}`);
  }

  /** Ends due transitions of the table and its indexes. */
  private settleById(tableId: number): void {
    const row = this.store.tableById(tableId);
    if (!row) return;
    const t = this.lookup({ accountId: row.account_id, region: row.region, name: row.name });
    if (!t) return;
    const now = this.now();
    const meta: TableMeta = structuredClone(t.meta);
    let next = Infinity;
    if (meta.status !== 'ACTIVE') {
      if (meta.readyAt <= now) meta.status = 'ACTIVE';
      else next = Math.min(next, meta.readyAt);
    }
    const dropped: string[] = [];
    meta.gsis = meta.gsis.filter((g) => {
      if (g.status === 'ACTIVE' || g.status === undefined) return true;
      if ((g.readyAt ?? 0) > now) {
        next = Math.min(next, g.readyAt ?? now);
        return true;
      }
      if (g.status === 'DELETING') {
        dropped.push(g.name);
        return false;
      }
      g.status = 'ACTIVE';
      return true;
    });
    this.tx(() => {
      for (const name of dropped) this.store.deleteIndexRows(t.id, name);
      this.saveMeta(t, meta);
      if (next !== Infinity) this.scheduleSettle(t, next);
    });
  }
}
