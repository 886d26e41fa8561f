// SendMessage / SendMessageBatch. Validation happens before the transaction; the message (metadata + body)
// commits before the response, so an acknowledged message survives a crash.
import { createHash, randomUUID } from 'node:crypto';
import type { HandlerTable, RequestContext } from '../types.js';
import type {
  MessageBodyAttributeMap,
  MessageBodySystemAttributeMap,
  Operations,
  SendMessageBatchResultEntry,
  BatchResultErrorEntry,
} from './api.js';
import type { SqsService } from './service.js';
import type { Queue } from './registry.js';
import type { Sweeper } from './retention.js';
import { SqsErrors } from './errors.js';
import { md5Hex, md5OfAttributes } from './md5.js';
import { checkBody, checkMessageAttributes, checkSystemAttributes, messageSize } from './message-validation.js';
import { serializeAttributes } from './codec.js';
import { checkBatch, failure } from './batch.js';
import { sequenceNumber } from './fifo.js';

const BATCH_LIMIT = 1_048_576;
const FIFO_ID_RE = /^[\x21-\x7e]{1,128}$/;
const DEDUP_WINDOW_MS = 5 * 60_000;

interface SendInput {
  MessageBody: string;
  DelaySeconds?: number;
  MessageAttributes?: MessageBodyAttributeMap;
  MessageSystemAttributes?: MessageBodySystemAttributeMap;
  MessageDeduplicationId?: string;
  MessageGroupId?: string;
}

interface Prepared {
  input: SendInput;
  size: number;
  delayMs: number;
  groupId: string | null;
  dedupId: string | null;
  trace: string | undefined;
  md5Body: string;
  md5Attrs: string | undefined;
  md5Sys: string | undefined;
  attrsJson: string | null;
}

interface SendResult {
  MessageId: string;
  MD5OfMessageBody: string;
  MD5OfMessageAttributes?: string;
  MD5OfMessageSystemAttributes?: string;
  SequenceNumber?: string;
}

const notForQueueType = (name: string, value: unknown) =>
  SqsErrors.invalidParameter(name, value, 'The request include parameter that is not valid for this queue type.');

/** Checks one message against the queue; everything that can fail before storing. */
function prepare(q: Queue, input: SendInput): Prepared {
  if (input.MessageBody === undefined || input.MessageBody === null) throw SqsErrors.missingParameter('MessageBody');
  checkBody(input.MessageBody);
  const attrSize = checkMessageAttributes(input.MessageAttributes);
  const trace = checkSystemAttributes(input.MessageSystemAttributes);
  const size = messageSize(input.MessageBody, attrSize);
  if (size > q.maxMessageSize) {
    throw SqsErrors.invalidParameterValue(
      `One or more parameters are invalid. Reason: Message must be shorter than ${q.maxMessageSize} bytes.`,
    );
  }
  const delay = input.DelaySeconds;
  if (delay !== undefined && delay !== null) {
    if (!Number.isInteger(delay) || delay < 0 || delay > 900) {
      throw SqsErrors.invalidParameter('DelaySeconds', delay, 'DelaySeconds must be >= 0 and <= 900.');
    }
    if (q.fifo && delay !== 0) throw notForQueueType('DelaySeconds', delay);
  }
  let groupId: string | null = input.MessageGroupId ?? null;
  let dedupId: string | null = input.MessageDeduplicationId ?? null;
  if (groupId !== null && !FIFO_ID_RE.test(groupId)) {
    throw SqsErrors.invalidParameter(
      'MessageGroupId',
      groupId,
      'MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
    );
  }
  if (q.fifo) {
    if (groupId === null) throw SqsErrors.missingParameter('MessageGroupId');
    if (dedupId !== null && !FIFO_ID_RE.test(dedupId)) {
      throw SqsErrors.invalidParameter(
        'MessageDeduplicationId',
        dedupId,
        'MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
      );
    }
    if (dedupId === null) {
      if (!q.contentBasedDedup) {
        throw SqsErrors.invalidParameterValue(
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
        );
      }
      // Content-based deduplication: SHA-256 of the body only (attributes excluded).
      dedupId = createHash('sha256').update(input.MessageBody, 'utf8').digest('hex');
    }
  } else {
    if (dedupId !== null) throw notForQueueType('MessageDeduplicationId', dedupId);
    groupId = groupId ?? null;
  }
  const sys = trace !== undefined ? { AWSTraceHeader: { DataType: 'String', StringValue: trace } } : undefined;
  return {
    input,
    size,
    delayMs: (q.fifo ? q.delaySeconds : (delay ?? q.delaySeconds)) * 1000,
    groupId,
    dedupId,
    trace,
    md5Body: md5Hex(input.MessageBody),
    md5Attrs: md5OfAttributes(input.MessageAttributes),
    md5Sys: md5OfAttributes(sys),
    attrsJson: serializeAttributes(input.MessageAttributes),
  };
}

/** Stores one prepared message (inside a transaction). FIFO duplicates return the original's ids. */
function store(svc: SqsService, sweeper: Sweeper, q: Queue, p: Prepared, ctx: RequestContext, now: number): SendResult {
  const result: SendResult = { MessageId: '', MD5OfMessageBody: p.md5Body };
  if (p.md5Attrs) result.MD5OfMessageAttributes = p.md5Attrs;
  if (p.md5Sys) result.MD5OfMessageSystemAttributes = p.md5Sys;
  let scope = '';
  if (q.fifo && p.dedupId !== null) {
    scope = q.dedupByGroup ? (p.groupId ?? '') : '';
    const dup = svc.store.dedup(q.id, scope, p.dedupId, now);
    if (dup) {
      result.MessageId = dup.message_id;
      if (dup.seq) result.SequenceNumber = dup.seq;
      return result;
    }
  }
  const messageId = randomUUID();
  const rowId = svc.store.insertMessage(
    {
      queue_id: q.id,
      message_id: messageId,
      visible_at: now + p.delayMs,
      enqueued_at: now,
      sent_at: now,
      group_id: p.groupId,
      dedup_id: q.fifo ? p.dedupId : null,
      sender_id: ctx.principal?.accountId ?? ctx.accountId,
      trace_header: p.trace ?? null,
      dlq_source_arn: null,
      md5_body: p.md5Body,
      md5_attrs: p.md5Attrs ?? null,
      md5_sys: p.md5Sys ?? null,
    },
    p.input.MessageBody,
    p.attrsJson,
  );
  result.MessageId = messageId;
  if (q.fifo) {
    const seq = sequenceNumber(rowId);
    result.SequenceNumber = seq;
    svc.store.putDedup(q.id, scope, p.dedupId as string, messageId, seq, now + DEDUP_WINDOW_MS);
  }
  sweeper.afterSend(q, now);
  return result;
}

export function sendHandlers(
  svc: SqsService,
  sweeper: Sweeper,
): Pick<HandlerTable<Operations>, 'SendMessage' | 'SendMessageBatch'> {
  return {
    async SendMessage(input, ctx) {
      const q = svc.queueFromUrl(input.QueueUrl, ctx);
      const p = prepare(q, input);
      const now = svc.now();
      const result = await svc.commit(() => store(svc, sweeper, q, p, ctx, now));
      svc.polls.notify(q.id);
      return result;
    },

    async SendMessageBatch(input, ctx) {
      const q = svc.queueFromUrl(input.QueueUrl, ctx);
      const entries = checkBatch(input.Entries, 'SendMessageBatchRequestEntry') as typeof input.Entries;
      let total = 0;
      for (const e of entries) {
        total += Buffer.byteLength(e.MessageBody ?? '', 'utf8');
        for (const [name, v] of Object.entries(e.MessageAttributes ?? {})) {
          total += Buffer.byteLength(name) + Buffer.byteLength(v.DataType ?? '');
          total += v.StringValue !== undefined ? Buffer.byteLength(v.StringValue) : (v.BinaryValue?.byteLength ?? 0);
        }
      }
      if (total > BATCH_LIMIT) throw SqsErrors.batchRequestTooLong(total, BATCH_LIMIT);
      const Failed: BatchResultErrorEntry[] = [];
      const ok: Array<{ id: string; p: Prepared }> = [];
      for (const e of entries) {
        try {
          ok.push({ id: e.Id, p: prepare(q, e) });
        } catch (err) {
          Failed.push(failure(e.Id, err));
        }
      }
      const now = svc.now();
      const Successful: SendMessageBatchResultEntry[] = await svc.commit(() =>
        ok.map(({ id, p }) => ({ Id: id, ...store(svc, sweeper, q, p, ctx, now) })),
      );
      if (Successful.length > 0) svc.polls.notify(q.id);
      return { Successful, Failed };
    },
  };
}
