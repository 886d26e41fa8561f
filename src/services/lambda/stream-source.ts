// The DynamoDB stream side of a stream event source mapping: finds the stream, reads records from a checkpoint
// and shapes them as Lambda's DynamoDB event records (epoch-seconds ApproximateCreationDateTime, lower-case
// userIdentity, eventSourceARN). Reads DynamoDB's stream tables in-process through the Streams reader.
import type { StreamRow } from '../dynamodb/stream-store.js';
import type { StoredRecord } from '../dynamodb/streams.js';
import { StreamReader, toRecord } from '../dynamodbstreams/reader.js';
import type { CoreServices } from '../types.js';

export const DDB_STREAM_ARN = /^arn:aws[\w-]*:dynamodb:([a-z0-9-]+):(\d{12}):table\/[^/]+\/stream\/.+$/;

export interface SourceRecord {
  seq: number;
  /** When the change was written (ms). */
  createdAt: number;
  /** The record as the function receives it. */
  event: Record<string, unknown>;
}

export class StreamSource {
  private reader: StreamReader | undefined;

  constructor(private readonly core: CoreServices) {
    core.store.onReset(() => (this.reader = undefined));
  }

  /** The stream row, or undefined when it does not exist (or DynamoDB's tables were never created here). */
  stream(arn: string): StreamRow | undefined {
    return this.open()?.stream(arn);
  }

  /** Where LATEST starts: after every record written so far. */
  latest(): number {
    return this.open()?.latest() ?? 0;
  }

  /** Up to `limit` records with seq >= from, oldest first. */
  read(stream: StreamRow, from: number, limit: number): SourceRecord[] {
    const reader = this.open();
    if (!reader) return [];
    return reader.store.recordsFrom(stream.id, from, limit).map((row) => {
      const r = toRecord(row.seq, row.created_at, JSON.parse(row.record) as StoredRecord);
      const { userIdentity, dynamodb, ...rest } = r;
      const event: Record<string, unknown> = {
        ...rest,
        dynamodb: { ...dynamodb, ApproximateCreationDateTime: Math.floor(row.created_at / 1000) },
        eventSourceARN: stream.arn,
        ...(userIdentity ? { userIdentity: { type: userIdentity.Type, principalId: userIdentity.PrincipalId } } : {}),
      };
      return { seq: row.seq, createdAt: row.created_at, event };
    });
  }

  private open(): StreamReader | undefined {
    if (this.reader) return this.reader;
    try {
      this.reader = new StreamReader(this.core.store.db);
    } catch {
      return undefined; // DynamoDB's migrations have not run in this state directory: no stream exists
    }
    return this.reader;
  }
}
