// Publish and PublishBatch: validation in AWS's order, FIFO deduplication and sequencing, filter-policy matching,
// and one durable delivery job per matching subscription, all committed together before the call returns.
import { createHash, randomUUID } from 'node:crypto';
import type { HandlerTable, RequestContext } from '../types.js';
import { AwsError, CommonErrors } from '../../protocol/errors.js';
import { matchesBody, matchesMessageAttributes } from '../../patterns/sns/index.js';
import type { Operations, MessageAttributeValue, BatchResultErrorEntry, PublishBatchResultEntry } from './api.js';
import { SnsErrors } from './errors.js';
import { toSub, type SnsService, type Topic } from './service.js';
import { isTopicArn, parseArn } from './arns.js';
import { attributesSize, checkMessageAttributes } from './message-attributes.js';
import type { Delivery, SnsAttribute } from './envelope.js';
import type { Deliverer } from './delivery.js';

const MAX_BYTES = 262_144;
const DEDUP_WINDOW_MS = 5 * 60_000;
const FIFO_ID = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]{1,128}$/;

interface PublishEntry {
  Message: string;
  Subject?: string;
  MessageStructure?: string;
  MessageAttributes?: Record<string, MessageAttributeValue>;
  MessageDeduplicationId?: string;
  MessageGroupId?: string;
}

interface Prepared {
  messages: Record<string, string>;
  subject?: string;
  attributes: Record<string, SnsAttribute>;
  groupId?: string;
  dedupId?: string;
}

function checkSubject(subject: string): void {
  const ok =
    subject.length > 0 && subject.length <= 100 && /^[\x20-\x7e]+$/.test(subject) && /^[\x21-\x7e]/.test(subject);
  if (!ok) throw SnsErrors.invalidParameter('Subject');
}

/** The message per protocol: with MessageStructure=json, each protocol's key or else `default`. */
function structure(message: string, kind: string | undefined): Record<string, string> {
  if (kind === undefined) return { default: message };
  if (kind !== 'json') throw SnsErrors.invalidParameter('MessageStructure');
  let doc: unknown;
  try {
    doc = JSON.parse(message);
  } catch {
    throw SnsErrors.invalidParameter('Message Structure - JSON message body failed to parse');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw SnsErrors.invalidParameter('Message Structure - JSON message body failed to parse');
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v;
  }
  if (out.default === undefined)
    throw SnsErrors.invalidParameter('Message Structure - No default entry in JSON message body');
  return out;
}

function prepare(e: PublishEntry, topic: Topic): Prepared {
  if (e.Message === '') throw SnsErrors.invalidParameter('Empty message');
  if (e.Subject !== undefined) checkSubject(e.Subject);
  const messages = structure(e.Message, e.MessageStructure);
  const attributes = checkMessageAttributes(e.MessageAttributes);
  if (Buffer.byteLength(e.Message) + attributesSize(attributes) > MAX_BYTES) {
    throw SnsErrors.invalidParameter('Message too long');
  }
  if (!topic.fifo) {
    if (e.MessageDeduplicationId !== undefined) {
      throw SnsErrors.invalidParameter(
        'MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type',
      );
    }
    if (e.MessageGroupId !== undefined) {
      throw SnsErrors.invalidParameter(
        'MessageGroupId Reason: The request includes MessageGroupId parameter that is not valid for this topic type',
      );
    }
    return { messages, attributes, ...(e.Subject !== undefined ? { subject: e.Subject } : {}) };
  }
  if (e.MessageGroupId === undefined) {
    throw SnsErrors.invalidParameter('The MessageGroupId parameter is required for FIFO topics');
  }
  if (!FIFO_ID.test(e.MessageGroupId)) throw SnsErrors.invalidParameter('MessageGroupId');
  let dedupId = e.MessageDeduplicationId;
  if (dedupId === undefined) {
    if (topic.attributes.ContentBasedDeduplication !== 'true') {
      throw SnsErrors.invalidParameter(
        'The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      );
    }
    dedupId = createHash('sha256').update(e.Message, 'utf8').digest('hex');
  } else if (!FIFO_ID.test(dedupId)) {
    throw SnsErrors.invalidParameter('MessageDeduplicationId');
  }
  return {
    messages,
    attributes,
    groupId: e.MessageGroupId,
    dedupId,
    ...(e.Subject !== undefined ? { subject: e.Subject } : {}),
  };
}

/** 20-digit, increasing per topic, like AWS's FIFO sequence numbers. */
const sequenceNumber = (n: number) => (10n ** 19n + BigInt(n)).toString();

export function publishHandlers(
  svc: SnsService,
  deliverer: Deliverer,
): Pick<HandlerTable<Operations>, 'Publish' | 'PublishBatch'> {
  /** Runs inside the shared commit: dedup, sequence, filter, schedule. */
  const enqueue = (topic: Topic, p: Prepared, ctx: RequestContext): { MessageId: string; SequenceNumber?: string } => {
    const now = svc.now();
    let seq: string | undefined;
    if (topic.fifo && p.dedupId !== undefined) {
      const seen = svc.store.dedup(topic.arn, p.dedupId, now);
      if (seen) return { MessageId: seen.message_id, SequenceNumber: seen.seq };
      seq = sequenceNumber(svc.store.nextSeq(topic.arn));
    }
    const messageId = randomUUID();
    if (seq !== undefined) svc.store.putDedup(topic.arn, p.dedupId!, messageId, seq, now + DEDUP_WINDOW_MS);
    const timestamp = new Date(now).toISOString();
    const deliveries: Delivery[] = [];
    for (const row of svc.store.subscriptionsOf(topic.arn)) {
      if (row.pending === 1) continue;
      const sub = toSub(row);
      const message = p.messages[sub.protocol] ?? p.messages.default!;
      const policy = svc.filterPolicy(sub);
      if (policy) {
        const ok =
          policy.scope === 'MessageBody'
            ? matchesBody(policy, message)
            : matchesMessageAttributes(policy, p.attributes);
        if (!ok) continue;
      }
      deliveries.push({
        kind: 'Notification',
        sub: sub.arn,
        topicArn: topic.arn,
        endpoint: ctx.endpoint,
        messageId,
        message,
        ...(p.subject !== undefined ? { subject: p.subject } : {}),
        timestamp,
        attributes: p.attributes,
        ...(p.groupId !== undefined ? { groupId: p.groupId } : {}),
        ...(p.dedupId !== undefined ? { dedupId: p.dedupId } : {}),
        ...(seq !== undefined ? { seq } : {}),
        retry: 0,
      });
    }
    deliverer.schedule(deliveries, now);
    return seq !== undefined ? { MessageId: messageId, SequenceNumber: seq } : { MessageId: messageId };
  };

  return {
    async Publish(input, ctx) {
      const targets = [input.TopicArn, input.TargetArn, input.PhoneNumber].filter((t) => t !== undefined && t !== '');
      if (targets.length === 0)
        throw SnsErrors.invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
      if (targets.length > 1) {
        throw SnsErrors.invalidParameter(
          'TopicArn Reason: Only one of TopicArn, TargetArn or PhoneNumber may be given',
        );
      }
      if (input.PhoneNumber !== undefined && input.PhoneNumber !== '') {
        if (!/^\+[1-9][0-9]{4,14}$/.test(input.PhoneNumber))
          throw SnsErrors.invalidParameter('PhoneNumber Reason: invalid phone number');
        if (input.Message === '') throw SnsErrors.invalidParameter('Empty message');
        if (Buffer.byteLength(input.Message) > 1600) throw SnsErrors.invalidParameter('Message too long');
        const phone = input.PhoneNumber;
        await svc.commit(() =>
          svc.store.recordOutbox(ctx.accountId, ctx.region, 'sms', phone, input.Message, svc.now()),
        );
        return { MessageId: randomUUID() };
      }
      const arn = (input.TopicArn ?? input.TargetArn)!;
      const param = input.TopicArn !== undefined ? 'TopicArn' : 'TargetArn';
      if (param === 'TargetArn' && !isTopicArn(arn)) {
        const parts = parseArn(arn);
        if (parts?.service === 'sns' && parts.resource.startsWith('endpoint/')) {
          throw CommonErrors.notImplemented('Publish to a platform endpoint');
        }
        throw SnsErrors.invalidParameter('TargetArn');
      }
      const topic = svc.topic(arn, ctx.region, param);
      const p = prepare(input, topic);
      return svc.commit(() => enqueue(topic, p, ctx));
    },

    async PublishBatch(input, ctx) {
      const entries = input.PublishBatchRequestEntries;
      const topic = svc.topic(input.TopicArn, ctx.region);
      if (entries.length === 0) throw SnsErrors.emptyBatchRequest();
      if (entries.length > 10) throw SnsErrors.tooManyEntriesInBatchRequest();
      const ids = new Set<string>();
      for (const e of entries) {
        if (!/^[A-Za-z0-9_-]{1,80}$/.test(e.Id)) throw SnsErrors.invalidBatchEntryId();
        if (ids.has(e.Id)) throw SnsErrors.batchEntryIdsNotDistinct();
        ids.add(e.Id);
      }
      let total = 0;
      for (const e of entries) total += Buffer.byteLength(e.Message);
      if (total > MAX_BYTES) throw SnsErrors.batchRequestTooLong();
      const failed: BatchResultErrorEntry[] = [];
      const ready: Array<{ id: string; p: Prepared }> = [];
      for (const e of entries) {
        try {
          ready.push({ id: e.Id, p: prepare(e, topic) });
        } catch (err) {
          if (!(err instanceof AwsError)) throw err;
          failed.push({ Id: e.Id, Code: err.queryCode ?? err.code, Message: err.message, SenderFault: true });
        }
      }
      const successful: PublishBatchResultEntry[] = await svc.commit(() =>
        ready.map(({ id, p }) => ({ Id: id, ...enqueue(topic, p, ctx) })),
      );
      return { Successful: successful, Failed: failed };
    },
  };
}
