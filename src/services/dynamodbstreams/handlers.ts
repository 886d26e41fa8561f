// ListStreams, DescribeStream, GetShardIterator, GetRecords. One shard per stream.
import type { HandlerTable } from '../types.js';
import type { CoreServices } from '../types.js';
import type { Operations, StreamDescription } from '../../../generated/dynamodbstreams/types.js';
import { StreamErrors } from './errors.js';
import { decodeIterator, encodeIterator } from './iterators.js';
import { formatSequence, parseSequence, StreamReader } from './reader.js';
import type { StreamRow } from '../dynamodb/stream-store.js';

const MAX_RECORDS = 1000;

export function streamHandlers(core: CoreServices, reader: StreamReader): HandlerTable<Operations> {
  const find = (arn: string): StreamRow => {
    const s = reader.stream(arn);
    if (!s) throw StreamErrors.streamNotFound(arn);
    return s;
  };
  return {
    ListStreams(input, ctx) {
      let rows = reader.streams(ctx.accountId, ctx.region);
      if (input.TableName !== undefined) rows = rows.filter((r) => r.table_name === input.TableName);
      if (input.ExclusiveStartStreamArn !== undefined) {
        const i = rows.findIndex((r) => r.arn === input.ExclusiveStartStreamArn);
        rows = i >= 0 ? rows.slice(i + 1) : rows;
      }
      const limit = input.Limit ?? 100;
      const page = rows.slice(0, limit);
      return {
        Streams: page.map((r) => ({ StreamArn: r.arn, TableName: r.table_name, StreamLabel: r.label })),
        ...(rows.length > limit ? { LastEvaluatedStreamArn: page[page.length - 1]!.arn } : {}),
      };
    },

    DescribeStream(input) {
      const s = find(input.StreamArn);
      const range = reader.store.seqRange(s.id);
      const start = range.lo ?? reader.horizon(s);
      const shardListed = input.ExclusiveStartShardId === undefined || input.ExclusiveStartShardId < s.shard_id;
      const d: StreamDescription = {
        StreamArn: s.arn,
        StreamLabel: s.label,
        StreamStatus: s.disabled_at === null ? 'ENABLED' : 'DISABLED',
        StreamViewType: s.view_type as 'KEYS_ONLY',
        CreationRequestDateTime: new Date(s.created_at),
        TableName: s.table_name,
        KeySchema: JSON.parse(s.key_schema) as StreamDescription['KeySchema'],
        Shards: shardListed
          ? [
              {
                ShardId: s.shard_id,
                SequenceNumberRange: {
                  StartingSequenceNumber: formatSequence(start),
                  ...(s.disabled_at !== null && range.hi !== null
                    ? { EndingSequenceNumber: formatSequence(range.hi) }
                    : {}),
                },
              },
            ]
          : [],
      };
      return { StreamDescription: d };
    },

    GetShardIterator(input) {
      const s = find(input.StreamArn);
      if (input.ShardId !== s.shard_id) {
        throw StreamErrors.resourceNotFound(`Requested resource not found: Shard does not exist`);
      }
      let next: number;
      const type = input.ShardIteratorType;
      if (type === 'TRIM_HORIZON') next = reader.horizon(s);
      else if (type === 'LATEST') next = reader.latest();
      else {
        if (input.SequenceNumber === undefined) {
          throw StreamErrors.validation(`Must specify a SequenceNumber when ShardIteratorType is ${type}`);
        }
        const seq = parseSequence(input.SequenceNumber);
        if (seq === undefined) throw StreamErrors.validation(`Invalid SequenceNumber: ${input.SequenceNumber}`);
        const lo = reader.store.seqRange(s.id).lo;
        if (lo === null || seq < lo) throw StreamErrors.trimmed();
        next = type === 'AT_SEQUENCE_NUMBER' ? seq : seq + 1;
      }
      return { ShardIterator: encodeIterator({ streamArn: s.arn, shardId: s.shard_id, next, issuedAt: core.now() }) };
    },

    GetRecords(input) {
      const it = decodeIterator(input.ShardIterator, core.now());
      const s = find(it.streamArn);
      const page = reader.read(s, it.next, Math.min(input.Limit ?? MAX_RECORDS, MAX_RECORDS));
      return {
        Records: page.records,
        ...(page.closed ? {} : { NextShardIterator: encodeIterator({ ...it, next: page.next, issuedAt: core.now() }) }),
      };
    },
  };
}
