// All SQL of the CloudWatch Logs service, prepared once. Event reads walk (stream|group, ts, id) keysets so a
// page costs the same however deep into a stream it starts.
import type { Db } from '../../store/store.js';

export interface GroupRow {
  id: number;
  account_id: string;
  region: string;
  name: string;
  created_at: number;
  retention_days: number | null;
  kms_key_id: string | null;
  class: string;
  tags: string;
  stored_bytes: number;
}

export interface StreamRow {
  id: number;
  group_id: number;
  name: string;
  created_at: number;
  first_ts: number | null;
  last_ts: number | null;
  last_ingestion: number | null;
  seq: number;
}

export interface EventRow {
  id: number;
  stream_id: number;
  ts: number;
  ingested_at: number;
  message: string;
}

export interface MetricFilterRow {
  group_id: number;
  name: string;
  pattern: string;
  transformations: string;
  apply_on_transformed: number;
  created_at: number;
}

export interface SubscriptionRow {
  group_id: number;
  name: string;
  pattern: string;
  destination_arn: string;
  role_arn: string | null;
  distribution: string;
  apply_on_transformed: number;
  created_at: number;
}

export interface PolicyRow {
  name: string;
  document: string;
  updated_at: number;
}

/** A position in time order: events sort by timestamp, then by arrival. */
export interface EventKey {
  ts: number;
  id: number;
}

export type NewGroup = Omit<GroupRow, 'id' | 'stored_bytes'>;

const AFTER = `(ts > @ts OR (ts = @ts AND id > @id))`;
const BEFORE = `(ts < @ts OR (ts = @ts AND id < @id))`;
const EV = `id, stream_id, ts, ingested_at, message`;

export class LogsStore {
  private readonly s;

  constructor(readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      group: p(`SELECT * FROM logs_groups WHERE account_id = ? AND region = ? AND name = ?`),
      groupById: p(`SELECT * FROM logs_groups WHERE id = ?`),
      groups: p(`SELECT * FROM logs_groups WHERE account_id = @account AND region = @region AND name > @after
        AND substr(name, 1, length(@prefix)) = @prefix AND instr(name, @pattern) > 0
        AND (@class IS NULL OR class = @class) ORDER BY name LIMIT @limit`),
      groupsIn: p(`SELECT * FROM logs_groups WHERE account_id = ? AND region = ?`),
      insertGroup:
        p(`INSERT INTO logs_groups (account_id, region, name, created_at, retention_days, kms_key_id, class, tags)
        VALUES (@account_id, @region, @name, @created_at, @retention_days, @kms_key_id, @class, @tags)`),
      deleteGroup: p(`DELETE FROM logs_groups WHERE id = ?`),
      setRetention: p(`UPDATE logs_groups SET retention_days = ? WHERE id = ?`),
      setTags: p(`UPDATE logs_groups SET tags = ? WHERE id = ?`),
      addBytes: p(`UPDATE logs_groups SET stored_bytes = stored_bytes + ? WHERE id = ?`),
      metricFilterCount: p(`SELECT COUNT(*) AS n FROM logs_metric_filters WHERE group_id = ?`),
      stream: p(`SELECT * FROM logs_streams WHERE group_id = ? AND name = ?`),
      streamsByName: p(`SELECT * FROM logs_streams WHERE group_id = @group AND name > @after
        AND substr(name, 1, length(@prefix)) = @prefix ORDER BY name LIMIT @limit`),
      streamsByNameDesc: p(`SELECT * FROM logs_streams WHERE group_id = @group AND name < @after
        AND substr(name, 1, length(@prefix)) = @prefix ORDER BY name DESC LIMIT @limit`),
      streamsOfGroup: p(`SELECT * FROM logs_streams WHERE group_id = ?`),
      streamsById: p(`SELECT id, name FROM logs_streams WHERE group_id = ?`),
      insertStream: p(`INSERT INTO logs_streams (group_id, name, created_at) VALUES (?, ?, ?)`),
      deleteStream: p(`DELETE FROM logs_streams WHERE id = ?`),
      streamBytes: p(`SELECT COALESCE(SUM(size), 0) AS n FROM logs_events WHERE stream_id = ?`),
      afterPut: p(`UPDATE logs_streams SET first_ts = MIN(COALESCE(first_ts, @first), @first),
        last_ts = MAX(COALESCE(last_ts, @last), @last), last_ingestion = @now, seq = seq + 1 WHERE id = @id
        RETURNING seq`),
      insertEvent: p(
        `INSERT INTO logs_events (group_id, stream_id, ts, ingested_at, size, message) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      streamAfter: p(`SELECT ${EV} FROM logs_events WHERE stream_id = @stream AND ${AFTER} AND ts >= @from AND ts < @to
        ORDER BY ts, id LIMIT @limit`),
      streamBefore:
        p(`SELECT ${EV} FROM logs_events WHERE stream_id = @stream AND ${BEFORE} AND ts >= @from AND ts < @to
        ORDER BY ts DESC, id DESC LIMIT @limit`),
      groupAfter: p(`SELECT ${EV} FROM logs_events WHERE group_id = @group AND ${AFTER} AND ts >= @from AND ts < @to
        ORDER BY ts, id LIMIT @limit`),
      oldestEvent: p(`SELECT MIN(ts) AS ts FROM logs_events WHERE group_id = ?`),
      expiredBytes: p(`SELECT COALESCE(SUM(size), 0) AS n FROM logs_events WHERE group_id = ? AND ts < ?`),
      expire: p(`DELETE FROM logs_events WHERE group_id = ? AND ts < ?`),
      metricFilters: p(`SELECT * FROM logs_metric_filters WHERE group_id = ? ORDER BY name`),
      metricFilter: p(`SELECT * FROM logs_metric_filters WHERE group_id = ? AND name = ?`),
      upsertMetricFilter:
        p(`INSERT INTO logs_metric_filters (group_id, name, pattern, transformations, apply_on_transformed, created_at)
        VALUES (@group_id, @name, @pattern, @transformations, @apply_on_transformed, @created_at)
        ON CONFLICT (group_id, name) DO UPDATE SET pattern = excluded.pattern, transformations = excluded.transformations,
        apply_on_transformed = excluded.apply_on_transformed`),
      deleteMetricFilter: p(`DELETE FROM logs_metric_filters WHERE group_id = ? AND name = ?`),
      subscriptions: p(`SELECT * FROM logs_subscription_filters WHERE group_id = ? ORDER BY name`),
      upsertSubscription: p(`INSERT INTO logs_subscription_filters (group_id, name, pattern, destination_arn, role_arn,
        distribution, apply_on_transformed, created_at) VALUES (@group_id, @name, @pattern, @destination_arn, @role_arn,
        @distribution, @apply_on_transformed, @created_at)
        ON CONFLICT (group_id, name) DO UPDATE SET pattern = excluded.pattern, destination_arn = excluded.destination_arn,
        role_arn = excluded.role_arn, distribution = excluded.distribution, apply_on_transformed = excluded.apply_on_transformed`),
      deleteSubscription: p(`DELETE FROM logs_subscription_filters WHERE group_id = ? AND name = ?`),
      policies: p(
        `SELECT name, document, updated_at FROM logs_resource_policies WHERE account_id = ? AND region = ? ORDER BY name`,
      ),
      upsertPolicy:
        p(`INSERT INTO logs_resource_policies (account_id, region, name, document, updated_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (account_id, region, name) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at`),
      deletePolicy: p(`DELETE FROM logs_resource_policies WHERE account_id = ? AND region = ? AND name = ?`),
    };
  }

  group(account: string, region: string, name: string): GroupRow | undefined {
    return this.s.group.get(account, region, name) as GroupRow | undefined;
  }
  groupById(id: number): GroupRow | undefined {
    return this.s.groupById.get(id) as GroupRow | undefined;
  }
  groups(q: {
    account: string;
    region: string;
    after: string;
    prefix: string;
    pattern: string;
    class: string | null;
    limit: number;
  }): GroupRow[] {
    return this.s.groups.all(q) as GroupRow[];
  }
  groupsIn(account: string, region: string): GroupRow[] {
    return this.s.groupsIn.all(account, region) as GroupRow[];
  }
  insertGroup(g: NewGroup): void {
    this.s.insertGroup.run(g);
  }
  deleteGroup(id: number): void {
    this.s.deleteGroup.run(id);
  }
  setRetention(id: number, days: number | null): void {
    this.s.setRetention.run(days, id);
  }
  setTags(id: number, tags: Record<string, string>): void {
    this.s.setTags.run(JSON.stringify(tags), id);
  }
  metricFilterCount(groupId: number): number {
    return (this.s.metricFilterCount.get(groupId) as { n: number }).n;
  }

  stream(groupId: number, name: string): StreamRow | undefined {
    return this.s.stream.get(groupId, name) as StreamRow | undefined;
  }
  streamsByName(group: number, prefix: string, after: string | undefined, desc: boolean, limit: number): StreamRow[] {
    const stmt = desc ? this.s.streamsByNameDesc : this.s.streamsByName;
    return stmt.all({ group, prefix, after: after ?? (desc ? '\u{10FFFF}' : ''), limit }) as StreamRow[];
  }
  streamsOfGroup(groupId: number): StreamRow[] {
    return this.s.streamsOfGroup.all(groupId) as StreamRow[];
  }
  streamNames(groupId: number): Map<number, string> {
    const rows = this.s.streamsById.all(groupId) as Array<{ id: number; name: string }>;
    return new Map(rows.map((r) => [r.id, r.name]));
  }
  insertStream(groupId: number, name: string, now: number): void {
    this.s.insertStream.run(groupId, name, now);
  }
  /** Deletes the stream and its events, and takes their bytes off the group. */
  deleteStream(stream: StreamRow): void {
    const bytes = (this.s.streamBytes.get(stream.id) as { n: number }).n;
    this.s.deleteStream.run(stream.id);
    this.s.addBytes.run(-bytes, stream.group_id);
  }

  /** Appends events (already in order) to a stream: their row ids, and the stream's new upload sequence number. */
  append(
    stream: StreamRow,
    events: Array<{ timestamp: number; message: string }>,
    now: number,
  ): { ids: number[]; seq: number } {
    let bytes = 0;
    const ids: number[] = [];
    for (const ev of events) {
      const size = Buffer.byteLength(ev.message, 'utf8');
      bytes += size;
      ids.push(
        Number(this.s.insertEvent.run(stream.group_id, stream.id, ev.timestamp, now, size, ev.message).lastInsertRowid),
      );
    }
    const first = events[0]?.timestamp;
    const last = events[events.length - 1]?.timestamp;
    if (first === undefined || last === undefined) return { ids, seq: stream.seq };
    this.s.addBytes.run(bytes, stream.group_id);
    return { ids, seq: (this.s.afterPut.get({ id: stream.id, first, last, now }) as { seq: number }).seq };
  }

  /** Events of a stream after `key` (ascending), or before it (descending), within [from, to). */
  streamEvents(stream: number, key: EventKey, forward: boolean, from: number, to: number, limit: number): EventRow[] {
    const stmt = forward ? this.s.streamAfter : this.s.streamBefore;
    return stmt.all({ stream, ts: key.ts, id: key.id, from, to, limit }) as EventRow[];
  }
  groupEvents(group: number, after: EventKey, from: number, to: number, limit: number): EventRow[] {
    return this.s.groupAfter.all({ group, ts: after.ts, id: after.id, from, to, limit }) as EventRow[];
  }
  oldestEvent(groupId: number): number | undefined {
    return (this.s.oldestEvent.get(groupId) as { ts: number | null }).ts ?? undefined;
  }
  /** Deletes the group's events older than `before`; returns how many bytes went. */
  expire(groupId: number, before: number): void {
    const bytes = (this.s.expiredBytes.get(groupId, before) as { n: number }).n;
    this.s.expire.run(groupId, before);
    this.s.addBytes.run(-bytes, groupId);
  }

  metricFilters(groupId: number): MetricFilterRow[] {
    return this.s.metricFilters.all(groupId) as MetricFilterRow[];
  }
  metricFilter(groupId: number, name: string): MetricFilterRow | undefined {
    return this.s.metricFilter.get(groupId, name) as MetricFilterRow | undefined;
  }
  putMetricFilter(row: MetricFilterRow): void {
    this.s.upsertMetricFilter.run(row);
  }
  deleteMetricFilter(groupId: number, name: string): boolean {
    return this.s.deleteMetricFilter.run(groupId, name).changes > 0;
  }

  subscriptions(groupId: number): SubscriptionRow[] {
    return this.s.subscriptions.all(groupId) as SubscriptionRow[];
  }
  putSubscription(row: SubscriptionRow): void {
    this.s.upsertSubscription.run(row);
  }
  deleteSubscription(groupId: number, name: string): boolean {
    return this.s.deleteSubscription.run(groupId, name).changes > 0;
  }

  policies(account: string, region: string): PolicyRow[] {
    return this.s.policies.all(account, region) as PolicyRow[];
  }
  putPolicy(account: string, region: string, name: string, document: string, now: number): void {
    this.s.upsertPolicy.run(account, region, name, document, now);
  }
  deletePolicy(account: string, region: string, name: string): boolean {
    return this.s.deletePolicy.run(account, region, name).changes > 0;
  }
}
