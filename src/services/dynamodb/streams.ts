// The writing side of DynamoDB Streams: one stream (one shard) per enablement of a table's stream, a record
// per effective item change written in the change's own transaction, and 24-hour retention as a durable job.
import { randomBytes, randomUUID } from 'node:crypto';
import { itemSize } from './values/size.js';
import type { Item } from './values/types.js';
import { keyOf } from './rows.js';
import type { TableInfo, TableMeta } from './table.js';
import type { DdbService } from './service.js';

export const TRIM_JOB = 'dynamodb.streamTrim';
export const RETENTION_MS = 24 * 3600_000;

/** What is stored per record; SequenceNumber comes from the row's seq when read. */
export interface StoredRecord {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  awsRegion: string;
  keys: Item;
  newImage?: Item;
  oldImage?: Item;
  sizeBytes: number;
  viewType: string;
  service?: boolean;
}

/** AWS labels streams with the creation time, e.g. 2024-05-01T12:34:56.789. */
function streamLabel(at: number): string {
  return new Date(at).toISOString().replace(/Z$/, '');
}

export class StreamWriter {
  private readonly trimDue = new Map<number, number>();
  // Stream row id of each table's enabled stream (by table row id), to skip a lookup per write.
  private readonly ids = new Map<string, number>();

  constructor(private readonly svc: DdbService) {
    svc.core.scheduler.register(TRIM_JOB, (p) => this.trim((p as { streamId: number }).streamId));
    svc.core.store.onReset(() => {
      this.trimDue.clear();
      this.ids.clear();
    });
  }

  /** Creates a new stream for the table; returns the StreamMeta to record in the table definition. */
  enable(t: { id: number; accountId: string; region: string; meta: TableMeta }, viewType: string): TableMeta['stream'] {
    const now = this.svc.now();
    const label = streamLabel(now);
    const arn = `${t.meta.arn}/stream/${label}`;
    const shardId = `shardId-${String(now).padStart(20, '0')}-${randomBytes(4).toString('hex')}`;
    this.svc.streamStore.insertStream({
      arn,
      account_id: t.accountId,
      region: t.region,
      table_name: t.meta.name,
      table_id: t.id,
      label,
      view_type: viewType,
      key_schema: JSON.stringify(t.meta.keySchema),
      shard_id: shardId,
      created_at: now,
    });
    return { enabled: true, viewType, label, arn };
  }

  disable(arn: string | undefined): void {
    if (!arn) return;
    const row = this.svc.streamStore.streamByArn(arn);
    if (!row) return;
    const now = this.svc.now();
    this.svc.streamStore.disableStream(row.id, now);
    this.ids.delete(arn);
    this.ensureTrim(row.id, now + RETENTION_MS);
  }

  /** Writes the record of one change (inside the change's transaction). */
  record(table: TableInfo, oldItem: Item | undefined, newItem: Item | undefined, service: boolean): void {
    const s = table.meta.stream;
    if (!s.enabled || !s.arn) return;
    let streamId = this.ids.get(s.arn);
    if (streamId === undefined) {
      const row = this.svc.streamStore.streamByArn(s.arn);
      if (!row) return;
      streamId = row.id;
      this.ids.set(s.arn, streamId);
    }
    const view = s.viewType ?? 'KEYS_ONLY';
    const keys = keyOf(table.keys, (newItem ?? oldItem)!);
    const rec: StoredRecord = {
      eventID: randomUUID().replace(/-/g, ''),
      eventName: !oldItem ? 'INSERT' : !newItem ? 'REMOVE' : 'MODIFY',
      awsRegion: table.region,
      keys,
      sizeBytes: itemSize(keys),
      viewType: view,
    };
    if (newItem && (view === 'NEW_IMAGE' || view === 'NEW_AND_OLD_IMAGES')) {
      rec.newImage = newItem;
      rec.sizeBytes += itemSize(newItem);
    }
    if (oldItem && (view === 'OLD_IMAGE' || view === 'NEW_AND_OLD_IMAGES')) {
      rec.oldImage = oldItem;
      rec.sizeBytes += itemSize(oldItem);
    }
    if (service) rec.service = true;
    const now = this.svc.now();
    this.svc.streamStore.insertRecord(streamId, now, JSON.stringify(rec));
    this.ensureTrim(streamId, now + RETENTION_MS);
  }

  private ensureTrim(streamId: number, dueAt: number): void {
    const cur = this.trimDue.get(streamId);
    if (cur !== undefined && cur <= dueAt) return;
    this.svc.core.scheduler.schedule(TRIM_JOB, dueAt, { streamId }, `dynamodb/stream-trim/${streamId}`);
    this.trimDue.set(streamId, dueAt);
  }

  private trim(streamId: number): void {
    this.trimDue.delete(streamId);
    const store = this.svc.streamStore;
    const row = store.streamById(streamId);
    if (!row) return;
    const now = this.svc.now();
    this.svc.tx(() => {
      store.trimRecords(streamId, now - RETENTION_MS);
      const oldest = store.oldestRecord(streamId);
      if (row.disabled_at !== null && row.disabled_at + RETENTION_MS <= now && oldest === undefined) {
        store.deleteStream(streamId);
        return;
      }
      let next = oldest === undefined ? Infinity : oldest + RETENTION_MS;
      if (row.disabled_at !== null) next = Math.min(next, row.disabled_at + RETENTION_MS);
      if (next !== Infinity) this.ensureTrim(streamId, Math.max(next, now + 1000));
    });
  }
}
