// All SQL of DynamoDB Streams' records (written by DynamoDB in each item change's transaction, read by the
// DynamoDB Streams service and by in-process pollers such as Lambda event source mappings).
import type { Db } from '../../store/store.js';

export interface StreamRow {
  id: number;
  arn: string;
  account_id: string;
  region: string;
  table_name: string;
  table_id: number;
  label: string;
  view_type: string;
  key_schema: string;
  shard_id: string;
  created_at: number;
  disabled_at: number | null;
}

export interface RecordRow {
  seq: number;
  created_at: number;
  record: string;
}

export class StreamStore {
  private readonly s;

  constructor(readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      insertStream:
        p(`INSERT INTO ddb_streams (arn, account_id, region, table_name, table_id, label, view_type, key_schema,
        shard_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      streamByArn: p(`SELECT * FROM ddb_streams WHERE arn = ?`),
      streamById: p(`SELECT * FROM ddb_streams WHERE id = ?`),
      streamsIn: p(`SELECT * FROM ddb_streams WHERE account_id = ? AND region = ? ORDER BY created_at, id`),
      disableStream: p(`UPDATE ddb_streams SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL`),
      deleteStream: p(`DELETE FROM ddb_streams WHERE id = ?`),
      insertRecord: p(`INSERT INTO ddb_stream_records (stream_id, created_at, record) VALUES (?, ?, ?)`),
      recordsFrom: p(
        `SELECT seq, created_at, record FROM ddb_stream_records WHERE stream_id = ? AND seq >= ? ORDER BY seq LIMIT ? + 0`,
      ),
      seqRange: p(`SELECT MIN(seq) AS lo, MAX(seq) AS hi FROM ddb_stream_records WHERE stream_id = ?`),
      trimRecords: p(`DELETE FROM ddb_stream_records WHERE stream_id = ? AND created_at < ?`),
      oldestRecord: p(`SELECT MIN(created_at) AS at FROM ddb_stream_records WHERE stream_id = ?`),
      maxSeq: p(`SELECT COALESCE(MAX(seq), 0) AS seq FROM ddb_stream_records`),
    };
  }

  insertStream(row: Omit<StreamRow, 'id' | 'disabled_at'>): number {
    return Number(
      this.s.insertStream.run(
        row.arn,
        row.account_id,
        row.region,
        row.table_name,
        row.table_id,
        row.label,
        row.view_type,
        row.key_schema,
        row.shard_id,
        row.created_at,
      ).lastInsertRowid,
    );
  }

  streamByArn(arn: string): StreamRow | undefined {
    return this.s.streamByArn.get(arn) as StreamRow | undefined;
  }

  streamById(id: number): StreamRow | undefined {
    return this.s.streamById.get(id) as StreamRow | undefined;
  }

  streamsIn(accountId: string, region: string): StreamRow[] {
    return this.s.streamsIn.all(accountId, region) as StreamRow[];
  }

  disableStream(id: number, at: number): void {
    this.s.disableStream.run(at, id);
  }

  deleteStream(id: number): void {
    this.s.deleteStream.run(id);
  }

  insertRecord(streamId: number, createdAt: number, record: string): number {
    return Number(this.s.insertRecord.run(streamId, createdAt, record).lastInsertRowid);
  }

  recordsFrom(streamId: number, fromSeq: number, limit: number): RecordRow[] {
    return this.s.recordsFrom.all(streamId, fromSeq, limit) as RecordRow[];
  }

  seqRange(streamId: number): { lo: number | null; hi: number | null } {
    return this.s.seqRange.get(streamId) as { lo: number | null; hi: number | null };
  }

  /** Highest sequence number ever assigned (LATEST iterators start after it). */
  maxSeq(): number {
    return (this.s.maxSeq.get() as { seq: number }).seq;
  }

  trimRecords(streamId: number, before: number): void {
    this.s.trimRecords.run(streamId, before);
  }

  oldestRecord(streamId: number): number | undefined {
    return (this.s.oldestRecord.get(streamId) as { at: number | null }).at ?? undefined;
  }
}
