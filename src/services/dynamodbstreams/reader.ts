// The reading side of DynamoDB Streams over the records DynamoDB writes (src/services/dynamodb/streams.ts):
// stream listing and description, sequence numbers, and record pages. Also the in-process API a Lambda
// event source mapping uses to poll a stream without going through the wire protocol.
import type { Db } from '../../store/store.js';
import { StreamStore, type StreamRow } from '../dynamodb/stream-store.js';
import type { StoredRecord } from '../dynamodb/streams.js';
import type { RecordShape } from '../../../generated/dynamodbstreams/types.js';

// Sequence numbers are the record row ids offset to 21 digits, so they compare as numbers and as strings.
const SEQ_BASE = 10n ** 20n;

export function formatSequence(seq: number): string {
  return (SEQ_BASE + BigInt(seq)).toString();
}

/** The row seq a SequenceNumber names; undefined when it is not one of ours. */
export function parseSequence(text: string): number | undefined {
  if (!/^\d{21,40}$/.test(text)) return undefined;
  const n = BigInt(text) - SEQ_BASE;
  return n < 0n || n > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(n);
}

export interface RecordPage {
  records: RecordShape[];
  /** Row seq to continue from (first seq not yet returned). */
  next: number;
  /** True when the stream is disabled and every record was read: the shard is closed. */
  closed: boolean;
}

export class StreamReader {
  readonly store: StreamStore;

  constructor(db: Db) {
    this.store = new StreamStore(db);
  }

  stream(arn: string): StreamRow | undefined {
    return this.store.streamByArn(arn);
  }

  streams(accountId: string, region: string): StreamRow[] {
    return this.store.streamsIn(accountId, region);
  }

  /** First seq still retained (TRIM_HORIZON), or where the next record will go when there is none. */
  horizon(stream: StreamRow): number {
    return this.store.seqRange(stream.id).lo ?? this.store.maxSeq() + 1;
  }

  /** Where LATEST starts: after every record written so far. */
  latest(): number {
    return this.store.maxSeq() + 1;
  }

  /** Up to `limit` records with seq >= from. */
  read(stream: StreamRow, from: number, limit: number): RecordPage {
    const rows = this.store.recordsFrom(stream.id, from, limit);
    const records = rows.map((r) => toRecord(r.seq, r.created_at, JSON.parse(r.record) as StoredRecord));
    const next = rows.length > 0 ? rows[rows.length - 1]!.seq + 1 : from;
    const hi = this.store.seqRange(stream.id).hi;
    const closed = stream.disabled_at !== null && (hi === null || next > hi);
    return { records, next, closed };
  }
}

export function toRecord(seq: number, createdAt: number, r: StoredRecord): RecordShape {
  return {
    eventID: r.eventID,
    eventName: r.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: r.awsRegion,
    dynamodb: {
      ApproximateCreationDateTime: new Date(Math.floor(createdAt / 1000) * 1000),
      Keys: r.keys as never,
      ...(r.newImage ? { NewImage: r.newImage as never } : {}),
      ...(r.oldImage ? { OldImage: r.oldImage as never } : {}),
      SequenceNumber: formatSequence(seq),
      SizeBytes: r.sizeBytes,
      StreamViewType: r.viewType as 'KEYS_ONLY',
    },
    ...(r.service ? { userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' } } : {}),
  };
}
