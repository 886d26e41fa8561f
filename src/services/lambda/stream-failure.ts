// What a stream mapping sends to its OnFailure destination when it discards a batch: not the records but where
// they are in the stream (DDBStreamBatchInfo), with the last invocation's context, as AWS documents it.
import type { Caller, CoreServices } from '../types.js';
import type { SourceRecord } from './stream-source.js';

export interface DiscardedBatch {
  condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded';
  records: SourceRecord[];
  shardId: string;
  streamArn: string;
  functionArn: string;
  /** Invocations of these records so far. */
  invokeCount: number;
  /** The last invocation, when there was one. */
  last?: { requestId: string; version: string; functionError: boolean };
}

/** ISO-8601 to the second, as AWS writes approximateArrivalOf*Record. */
function arrival(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function failureRecord(b: DiscardedBatch, now: number): Record<string, unknown> {
  const first = b.records[0]!;
  const last = b.records[b.records.length - 1]!;
  const seq = (r: SourceRecord) => (r.event.dynamodb as { SequenceNumber: string }).SequenceNumber;
  return {
    requestContext: {
      requestId: b.last?.requestId ?? '',
      functionArn: b.functionArn,
      condition: b.condition,
      approximateInvokeCount: b.invokeCount,
    },
    ...(b.last
      ? {
          responseContext: {
            statusCode: 200,
            executedVersion: b.last.version,
            ...(b.last.functionError ? { functionError: 'Unhandled' } : {}),
          },
        }
      : {}),
    version: '1.0',
    timestamp: new Date(now).toISOString(),
    DDBStreamBatchInfo: {
      shardId: b.shardId,
      startSequenceNumber: seq(first),
      endSequenceNumber: seq(last),
      approximateArrivalOfFirstRecord: arrival(first.createdAt),
      approximateArrivalOfLastRecord: arrival(last.createdAt),
      batchSize: b.records.length,
      streamArn: b.streamArn,
    },
  };
}

/** Sends the record to an SQS queue or SNS topic; a destination that is gone or refuses is skipped. */
export async function sendFailure(
  core: CoreServices,
  destination: string,
  endpoint: string,
  caller: Caller,
  record: Record<string, unknown>,
): Promise<boolean> {
  const body = JSON.stringify(record);
  const [, , service, , account, name] = destination.split(':');
  try {
    if (service === 'sqs') {
      await core.call('sqs', 'SendMessage', { QueueUrl: `${endpoint}/${account}/${name}`, MessageBody: body }, caller);
    } else if (service === 'sns') {
      await core.call('sns', 'Publish', { TopicArn: destination, Message: body }, caller);
    } else return false;
    return true;
  } catch {
    return false;
  }
}
