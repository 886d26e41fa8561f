// All of CloudTrail's SQL: event history (insert in batches, look up newest first, expire after 90 days) and
// trails. Statements are prepared once.
import type Database from 'better-sqlite3';
import type { Db } from '../../store/store.js';
import type { TrailRec } from './api.js';

/** One event-history row to insert (one per recipient account of a recorded call). */
export interface EventRow {
  accountId: string;
  region: string;
  time: number;
  eventId: string;
  eventName: string;
  eventSource: string;
  readOnly: boolean;
  username: string | undefined;
  accessKeyId: string | undefined;
  resources: Array<{ type: string; name: string; arn?: string }>;
  record: string;
}

export interface PendingRecord {
  id: number;
  account_id: string;
  region: string;
  record: string;
}

export interface StoredEvent {
  id: number;
  event_time: number;
  event_id: string;
  event_name: string;
  event_source: string;
  read_only: number;
  username: string | null;
  access_key_id: string | null;
  record: string;
}

/** A LookupEvents filter: one attribute (or none), a time window, and a cursor (time, id) to resume below. */
export interface EventQuery {
  accountId: string;
  region: string;
  from: number;
  to: number;
  attribute?: { key: string; value: string };
  before?: { time: number; id: number };
  limit: number;
}

const COLUMN: Record<string, string> = {
  EventId: 'event_id',
  EventName: 'event_name',
  EventSource: 'event_source',
  Username: 'username',
  AccessKeyId: 'access_key_id',
  ReadOnly: 'read_only',
};

export class CloudTrailStore {
  private readonly insertEvent;
  private readonly insertResource;
  private readonly expireEvents;
  private readonly expireResources;
  private readonly resourcesOf;
  private readonly allTrails;
  private readonly upsertTrail;
  private readonly removeTrail;
  private readonly pendingAny;
  private readonly pendingInsert;
  private readonly pendingBatch;
  private readonly pendingDelete;
  private readonly pendingDrop;
  private readonly queries = new Map<string, Database.Statement<unknown[]>>();

  constructor(private readonly db: Db) {
    this.insertEvent = db.prepare(
      `INSERT INTO cloudtrail_events (account_id, region, event_time, event_id, event_name, event_source, read_only,
         username, access_key_id, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertResource = db.prepare(
      `INSERT INTO cloudtrail_event_resources (event_row, account_id, region, type, name, arn) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.expireResources = db.prepare(
      `DELETE FROM cloudtrail_event_resources WHERE event_row IN (SELECT id FROM cloudtrail_events WHERE event_time < ?)`,
    );
    this.expireEvents = db.prepare(`DELETE FROM cloudtrail_events WHERE event_time < ?`);
    this.resourcesOf = db.prepare(`SELECT type, name FROM cloudtrail_event_resources WHERE event_row = ?`);
    this.allTrails = db.prepare(`SELECT data FROM cloudtrail_trails`);
    this.upsertTrail = db.prepare(
      `INSERT INTO cloudtrail_trails (account_id, home_region, name, data) VALUES (?, ?, ?, ?)
       ON CONFLICT (account_id, home_region, name) DO UPDATE SET data = excluded.data`,
    );
    this.removeTrail = db.prepare(
      `DELETE FROM cloudtrail_trails WHERE account_id = ? AND home_region = ? AND name = ?`,
    );
    this.pendingAny = db.prepare(`SELECT 1 FROM cloudtrail_s3_pending WHERE trail_arn = ? LIMIT 1`);
    this.pendingInsert = db.prepare(
      `INSERT INTO cloudtrail_s3_pending (trail_arn, account_id, region, record) VALUES (?, ?, ?, ?)`,
    );
    this.pendingBatch = db.prepare(
      `SELECT id, account_id, region, record FROM cloudtrail_s3_pending WHERE trail_arn = ? ORDER BY id LIMIT ?`,
    );
    this.pendingDelete = db.prepare(`DELETE FROM cloudtrail_s3_pending WHERE trail_arn = ? AND id <= ?`);
    this.pendingDrop = db.prepare(`DELETE FROM cloudtrail_s3_pending WHERE trail_arn = ?`);
  }

  // ---- records waiting for a trail's next S3 log file ----

  hasPending(trailArn: string): boolean {
    return this.pendingAny.get(trailArn) !== undefined;
  }

  addPending(trailArn: string, accountId: string, region: string, record: string): void {
    this.pendingInsert.run(trailArn, accountId, region, record);
  }

  pending(trailArn: string, limit: number): PendingRecord[] {
    return this.pendingBatch.all(trailArn, limit) as PendingRecord[];
  }

  /** Forgets the records up to `lastId` (delivered), or all of a trail's (deleted trail). */
  deletePending(trailArn: string, lastId?: number): void {
    if (lastId === undefined) this.pendingDrop.run(trailArn);
    else this.pendingDelete.run(trailArn, lastId);
  }

  /** Call inside a transaction: one per batch. */
  insertEvents(rows: readonly EventRow[]): void {
    for (const r of rows) {
      const info = this.insertEvent.run(
        r.accountId,
        r.region,
        r.time,
        r.eventId,
        r.eventName,
        r.eventSource,
        r.readOnly ? 1 : 0,
        r.username ?? null,
        r.accessKeyId ?? null,
        r.record,
      );
      for (const res of r.resources) {
        this.insertResource.run(info.lastInsertRowid, r.accountId, r.region, res.type, res.name, res.arn ?? null);
      }
    }
  }

  expireBefore(time: number): void {
    this.expireResources.run(time);
    this.expireEvents.run(time);
  }

  lookup(q: EventQuery): StoredEvent[] {
    const where = ['e.account_id = ?', 'e.region = ?', 'e.event_time >= ?', 'e.event_time <= ?'];
    const args: Array<string | number> = [q.accountId, q.region, q.from, q.to];
    let shape = 'plain';
    if (q.attribute) {
      const { key, value } = q.attribute;
      if (key === 'ResourceType' || key === 'ResourceName') {
        shape = key;
        const col = key === 'ResourceType' ? 'r.type = ?' : '(r.name = ? OR r.arn = ?)';
        where.push(`EXISTS (SELECT 1 FROM cloudtrail_event_resources r WHERE r.event_row = e.id AND ${col})`);
        args.push(value);
        if (key === 'ResourceName') args.push(value);
      } else {
        shape = key;
        where.push(`e.${COLUMN[key]!} = ?`);
        args.push(key === 'ReadOnly' ? (value === 'true' ? 1 : 0) : value);
      }
    }
    if (q.before) {
      shape += '+cursor';
      where.push('(e.event_time < ? OR (e.event_time = ? AND e.id < ?))');
      args.push(q.before.time, q.before.time, q.before.id);
    }
    let stmt = this.queries.get(shape);
    if (!stmt) {
      stmt = this.db.prepare(
        `SELECT e.id, e.event_time, e.event_id, e.event_name, e.event_source, e.read_only, e.username,
           e.access_key_id, e.record FROM cloudtrail_events e WHERE ${where.join(' AND ')}
         ORDER BY e.event_time DESC, e.id DESC LIMIT ? + 0`,
      );
      this.queries.set(shape, stmt);
    }
    return stmt.all(...args, q.limit) as StoredEvent[];
  }

  resources(row: number): Array<{ type: string; name: string }> {
    return this.resourcesOf.all(row) as Array<{ type: string; name: string }>;
  }

  trails(): TrailRec[] {
    return (this.allTrails.all() as Array<{ data: string }>).map((r) => JSON.parse(r.data) as TrailRec);
  }

  putTrail(t: TrailRec): void {
    this.upsertTrail.run(t.accountId, t.homeRegion, t.name, JSON.stringify(t));
  }

  deleteTrail(t: TrailRec): void {
    this.removeTrail.run(t.accountId, t.homeRegion, t.name);
  }
}
