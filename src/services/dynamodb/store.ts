// All SQL of DynamoDB tables and items (streams: stream-store.ts), behind narrow methods. Fixed statements are prepared once; the
// few shapes of Query/Scan range statements are prepared on first use and cached.
import type Database from 'better-sqlite3';
import type { Db } from '../../store/store.js';
import type { TableMeta } from './table.js';

export interface TableRow {
  id: number;
  account_id: string;
  region: string;
  name: string;
  meta: string;
}

export interface ItemRow {
  item: string;
  size: number;
}

export interface RangeRow {
  hash: number;
  pk: Buffer;
  sk: Buffer;
  tk: Buffer;
  item: string;
  size: number;
}

export interface Bound {
  value: Buffer;
  inclusive: boolean;
}

export interface RangeQuery {
  tableId: number;
  idx: string;
  hash: number;
  pk: Buffer;
  lower?: Bound;
  upper?: Bound;
  /** Resume strictly after (forward) or before (backward) this (sk, tk). */
  after?: { sk: Buffer; tk: Buffer };
  forward: boolean;
}

export interface ScanQuery {
  tableId: number;
  idx: string;
  hashFrom: number;
  hashTo: number;
  after?: { hash: number; pk: Buffer; sk: Buffer; tk: Buffer };
}

type Stmt = Database.Statement<unknown[]>;

export class DdbStore {
  private readonly s;
  private readonly dynamic = new Map<string, Stmt>();

  constructor(readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      tableByName: p(`SELECT * FROM ddb_tables WHERE account_id = ? AND region = ? AND name = ?`),
      tableById: p(`SELECT * FROM ddb_tables WHERE id = ?`),
      tableNames: p(
        `SELECT name FROM ddb_tables WHERE account_id = ? AND region = ? AND name > ? ORDER BY name LIMIT ? + 0`,
      ),
      insertTable: p(`INSERT INTO ddb_tables (account_id, region, name, meta) VALUES (?, ?, ?, ?)`),
      updateMeta: p(`UPDATE ddb_tables SET meta = ? WHERE id = ?`),
      deleteTable: p(`DELETE FROM ddb_tables WHERE id = ?`),
      deleteItems: p(`DELETE FROM ddb_items WHERE table_id = ?`),
      deleteIndexRows: p(`DELETE FROM ddb_items WHERE table_id = ? AND idx = ?`),
      getItem: p(
        `SELECT item, size FROM ddb_items WHERE table_id = ? AND idx = ? AND hash = ? AND pk = ? AND sk = ? AND tk = ?`,
      ),
      putRow: p(`INSERT OR REPLACE INTO ddb_items (table_id, idx, hash, pk, sk, tk, item, size, ttl)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      deleteRow: p(
        `DELETE FROM ddb_items WHERE table_id = ? AND idx = ? AND hash = ? AND pk = ? AND sk = ? AND tk = ?`,
      ),
      stats: p(`SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS bytes FROM ddb_items WHERE table_id = ? AND idx = ?`),
      baseItems:
        p(`SELECT hash, pk, sk, item FROM ddb_items WHERE table_id = ? AND idx = '' AND (hash, pk, sk) > (?, ?, ?)
        ORDER BY hash, pk, sk LIMIT ? + 0`),
      setTtl: p(
        `UPDATE ddb_items SET ttl = ? WHERE table_id = ? AND idx = '' AND hash = ? AND pk = ? AND sk = ? AND tk = x''`,
      ),
      clearTtl: p(`UPDATE ddb_items SET ttl = NULL WHERE table_id = ? AND ttl IS NOT NULL`),
      expired: p(
        `SELECT item FROM ddb_items WHERE table_id = ? AND ttl IS NOT NULL AND ttl <= ? AND ttl >= ? LIMIT ? + 0`,
      ),
      nextTtl: p(`SELECT MIN(ttl) AS at FROM ddb_items WHERE table_id = ? AND ttl IS NOT NULL AND ttl >= ?`),
      tokenGet: p(
        `SELECT fingerprint, response FROM ddb_tx_tokens WHERE account_id = ? AND region = ? AND token = ? AND expires_at > ?`,
      ),
      tokenPut: p(`INSERT OR REPLACE INTO ddb_tx_tokens (account_id, region, token, fingerprint, response, expires_at)
        VALUES (?, ?, ?, ?, ?, ?)`),
      tokenSweep: p(`DELETE FROM ddb_tx_tokens WHERE expires_at <= ?`),
    };
  }

  // --- tables

  tableByName(accountId: string, region: string, name: string): TableRow | undefined {
    return this.s.tableByName.get(accountId, region, name) as TableRow | undefined;
  }

  tableById(id: number): TableRow | undefined {
    return this.s.tableById.get(id) as TableRow | undefined;
  }

  tableNames(accountId: string, region: string, after: string, limit: number): string[] {
    return (this.s.tableNames.all(accountId, region, after, limit) as Array<{ name: string }>).map((r) => r.name);
  }

  insertTable(accountId: string, region: string, meta: TableMeta): number {
    return Number(this.s.insertTable.run(accountId, region, meta.name, JSON.stringify(meta)).lastInsertRowid);
  }

  updateMeta(id: number, meta: TableMeta): void {
    this.s.updateMeta.run(JSON.stringify(meta), id);
  }

  deleteTable(id: number): void {
    this.s.deleteItems.run(id);
    this.s.deleteTable.run(id);
  }

  // --- items

  getItem(tableId: number, idx: string, hash: number, pk: Buffer, sk: Buffer, tk: Buffer): ItemRow | undefined {
    return this.s.getItem.get(tableId, idx, hash, pk, sk, tk) as ItemRow | undefined;
  }

  putRow(
    tableId: number,
    idx: string,
    hash: number,
    pk: Buffer,
    sk: Buffer,
    tk: Buffer,
    item: string,
    size: number,
    ttl: number | null,
  ): void {
    this.s.putRow.run(tableId, idx, hash, pk, sk, tk, item, size, ttl);
  }

  deleteRow(tableId: number, idx: string, hash: number, pk: Buffer, sk: Buffer, tk: Buffer): void {
    this.s.deleteRow.run(tableId, idx, hash, pk, sk, tk);
  }

  deleteIndexRows(tableId: number, idx: string): void {
    this.s.deleteIndexRows.run(tableId, idx);
  }

  stats(tableId: number, idx = ''): { n: number; bytes: number } {
    return this.s.stats.get(tableId, idx) as { n: number; bytes: number };
  }

  /** Base items in storage order, in pages (for index backfill and TTL enablement). */
  *baseItems(tableId: number, pageSize = 500): Generator<string> {
    let after: [number, Buffer, Buffer] = [-1, Buffer.alloc(0), Buffer.alloc(0)];
    for (;;) {
      const rows = this.s.baseItems.all(tableId, after[0], after[1], after[2], pageSize) as Array<{
        hash: number;
        pk: Buffer;
        sk: Buffer;
        item: string;
      }>;
      for (const r of rows) yield r.item;
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1]!;
      after = [last.hash, last.pk, last.sk];
    }
  }

  setTtl(tableId: number, hash: number, pk: Buffer, sk: Buffer, ttl: number | null): void {
    this.s.setTtl.run(ttl, tableId, hash, pk, sk);
  }

  clearTtl(tableId: number): void {
    this.s.clearTtl.run(tableId);
  }

  expired(tableId: number, nowSec: number, oldestSec: number, limit: number): string[] {
    return (this.s.expired.all(tableId, nowSec, oldestSec, limit) as Array<{ item: string }>).map((r) => r.item);
  }

  nextTtl(tableId: number, oldestSec: number): number | undefined {
    const r = this.s.nextTtl.get(tableId, oldestSec) as { at: number | null };
    return r.at ?? undefined;
  }

  private stmt(sql: string): Stmt {
    let st = this.dynamic.get(sql);
    if (!st) {
      st = this.db.prepare<unknown[]>(sql);
      this.dynamic.set(sql, st);
    }
    return st;
  }

  /** Rows of one partition in sort order, lazily (callers stop early at Limit or 1 MB). */
  range(q: RangeQuery): IterableIterator<RangeRow> {
    const where = ['table_id = ?', 'idx = ?', 'hash = ?', 'pk = ?'];
    const args: unknown[] = [q.tableId, q.idx, q.hash, q.pk];
    if (q.lower) {
      where.push(`sk ${q.lower.inclusive ? '>=' : '>'} ?`);
      args.push(q.lower.value);
    }
    if (q.upper) {
      where.push(`sk ${q.upper.inclusive ? '<=' : '<'} ?`);
      args.push(q.upper.value);
    }
    if (q.after) {
      where.push(`(sk, tk) ${q.forward ? '>' : '<'} (?, ?)`);
      args.push(q.after.sk, q.after.tk);
    }
    const dir = q.forward ? 'ASC' : 'DESC';
    const sql = `SELECT hash, pk, sk, tk, item, size FROM ddb_items WHERE ${where.join(' AND ')} ORDER BY sk ${dir}, tk ${dir}`;
    return this.stmt(sql).iterate(...args) as IterableIterator<RangeRow>;
  }

  /** Rows of a hash range in storage order (Scan and its segments). */
  scan(q: ScanQuery): IterableIterator<RangeRow> {
    const base = `SELECT hash, pk, sk, tk, item, size FROM ddb_items WHERE table_id = ? AND idx = ? AND hash >= ? AND hash < ?`;
    const order = ' ORDER BY hash, pk, sk, tk';
    if (!q.after)
      return this.stmt(base + order).iterate(q.tableId, q.idx, q.hashFrom, q.hashTo) as IterableIterator<RangeRow>;
    const a = q.after;
    return this.stmt(`${base} AND (hash, pk, sk, tk) > (?, ?, ?, ?)${order}`).iterate(
      q.tableId,
      q.idx,
      q.hashFrom,
      q.hashTo,
      a.hash,
      a.pk,
      a.sk,
      a.tk,
    ) as IterableIterator<RangeRow>;
  }

  // --- transaction idempotency tokens

  token(
    accountId: string,
    region: string,
    token: string,
    now: number,
  ): { fingerprint: string; response: string } | undefined {
    return this.s.tokenGet.get(accountId, region, token, now) as { fingerprint: string; response: string } | undefined;
  }

  putToken(
    accountId: string,
    region: string,
    token: string,
    fingerprint: string,
    response: string,
    expiresAt: number,
  ): void {
    this.s.tokenPut.run(accountId, region, token, fingerprint, response, expiresAt);
  }

  sweepTokens(now: number): void {
    this.s.tokenSweep.run(now);
  }
}
