// SQL of on-demand backups and of the point-in-time-recovery change log (tables from migration 0002).
import type Database from 'better-sqlite3';
import type { Db } from '../../store/store.js';

export interface BackupRow {
  id: number;
  arn: string;
  account_id: string;
  region: string;
  name: string;
  table_name: string;
  created_at: number;
  size: number;
  item_count: number;
  meta: string;
}

export interface PitrChange {
  old_item: string | null;
  new_item: string | null;
}

type Stmt = Database.Statement<unknown[]>;

export class BackupStore {
  private readonly s: Record<string, Stmt>;

  constructor(db: Db) {
    const p = (sql: string) => db.prepare<unknown[]>(sql);
    this.s = {
      insert: p(`INSERT INTO ddb_backups (arn, account_id, region, name, table_name, created_at, size, item_count, meta)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      byArn: p(`SELECT * FROM ddb_backups WHERE arn = ?`),
      list: p(`SELECT * FROM ddb_backups WHERE account_id = ? AND region = ? ORDER BY created_at, id`),
      remove: p(`DELETE FROM ddb_backups WHERE id = ?`),
      removeItems: p(`DELETE FROM ddb_backup_items WHERE backup_id = ?`),
      putItem: p(`INSERT INTO ddb_backup_items (backup_id, n, item) VALUES (?, ?, ?)`),
      items: p(`SELECT item FROM ddb_backup_items WHERE backup_id = ? ORDER BY n`),
      logChange: p(`INSERT INTO ddb_pitr_log (table_id, at, old_item, new_item) VALUES (?, ?, ?, ?)`),
      changesAfter: p(`SELECT old_item, new_item FROM ddb_pitr_log WHERE table_id = ? AND at > ? ORDER BY seq DESC`),
      pruneLog: p(`DELETE FROM ddb_pitr_log WHERE table_id = ? AND at < ?`),
      dropLog: p(`DELETE FROM ddb_pitr_log WHERE table_id = ?`),
    };
  }

  insert(r: Omit<BackupRow, 'id'>): number {
    return Number(
      this.s.insert!.run(
        r.arn,
        r.account_id,
        r.region,
        r.name,
        r.table_name,
        r.created_at,
        r.size,
        r.item_count,
        r.meta,
      ).lastInsertRowid,
    );
  }

  byArn(arn: string): BackupRow | undefined {
    return this.s.byArn!.get(arn) as BackupRow | undefined;
  }

  list(accountId: string, region: string): BackupRow[] {
    return this.s.list!.all(accountId, region) as BackupRow[];
  }

  remove(id: number): void {
    this.s.removeItems!.run(id);
    this.s.remove!.run(id);
  }

  putItem(backupId: number, n: number, item: string): void {
    this.s.putItem!.run(backupId, n, item);
  }

  items(backupId: number): string[] {
    return (this.s.items!.all(backupId) as Array<{ item: string }>).map((r) => r.item);
  }

  logChange(tableId: number, at: number, oldItem: string | null, newItem: string | null): void {
    this.s.logChange!.run(tableId, at, oldItem, newItem);
  }

  /** Changes newer than `at`, newest first (a restore undoes them in this order). */
  changesAfter(tableId: number, at: number): PitrChange[] {
    return this.s.changesAfter!.all(tableId, at) as PitrChange[];
  }

  pruneLog(tableId: number, before: number): void {
    this.s.pruneLog!.run(tableId, before);
  }

  dropLog(tableId: number): void {
    this.s.dropLog!.run(tableId);
  }
}
