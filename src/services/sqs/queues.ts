// Queue lifecycle and attributes: CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, Get/SetQueueAttributes,
// PurgeQueue, ListDeadLetterSourceQueues.
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import type { SqsService } from './service.js';
import type { Queue } from './registry.js';
import type { Sweeper } from './retention.js';
import { SqsErrors } from './errors.js';
import {
  READABLE_ATTRIBUTES,
  defaultAttributes,
  normalizeAttributes,
  parseRedriveAllowPolicy,
  parseRedrivePolicy,
  unknownAttribute,
  validateQueueName,
} from './attributes.js';
import { queueArn, queueUrl } from './urls.js';
import { validateTags } from './tags.js';
import { paginate } from './paging.js';

type QueueOps = Pick<
  HandlerTable<Operations>,
  | 'CreateQueue'
  | 'GetQueueUrl'
  | 'ListQueues'
  | 'DeleteQueue'
  | 'GetQueueAttributes'
  | 'SetQueueAttributes'
  | 'PurgeQueue'
  | 'ListDeadLetterSourceQueues'
>;

const RECREATE_DELAY_MS = 60_000;
const PURGE_INTERVAL_MS = 60_000;

/** Checks a RedrivePolicy against its target queue and the target's RedriveAllowPolicy. */
function checkRedrive(svc: SqsService, value: string, source: { arn: string; accountId: string; fifo: boolean }): void {
  const policy = parseRedrivePolicy(value);
  const bad = (reason: string) =>
    SqsErrors.invalidParameterValue(`Value ${value} for parameter RedrivePolicy is invalid. Reason: ${reason}`);
  const target = svc.queueFromArn(policy.deadLetterTargetArn);
  if (!target) throw bad('Dead-letter target does not exist.');
  if (target.accountId !== source.accountId) throw bad('Dead-letter target owner should be queue owner.');
  if (target.fifo !== source.fifo) throw bad('Dead-letter queue must be same type of queue as the source.');
  const allow = target.attributes.RedriveAllowPolicy;
  if (allow) {
    const p = parseRedriveAllowPolicy(allow);
    if (
      p.redrivePermission === 'denyAll' ||
      (p.redrivePermission === 'byQueue' && !p.sourceQueueArns?.includes(source.arn))
    ) {
      throw bad(`Queue ${target.arn} does not allow this queue to use it as a dead-letter queue.`);
    }
  }
}

export function queueHandlers(svc: SqsService, sweeper: Sweeper): QueueOps {
  return {
    CreateQueue(input, ctx) {
      const given = input.Attributes ?? {};
      const fifo = (given.FifoQueue ?? '').toLowerCase() === 'true';
      validateQueueName(input.QueueName, fifo);
      const attrs = normalizeAttributes(given, fifo, true);
      const accountId = ctx.accountId;
      const arn = queueArn(ctx.region, accountId, input.QueueName);
      if (attrs.RedrivePolicy) checkRedrive(svc, attrs.RedrivePolicy, { arn, accountId, fifo });
      const existing = svc.queues.get(accountId, ctx.region, input.QueueName);
      if (existing) {
        // Same name: fine when every attribute given matches the queue (AWS compares what the request names).
        for (const [name, value] of Object.entries(attrs)) {
          const current = existing.attributes[name] ?? '';
          if (current !== value) {
            throw SqsErrors.queueNameExists(
              `A queue already exists with the same name and a different value for attribute ${name}`,
            );
          }
        }
        return { QueueUrl: queueUrl(ctx, accountId, existing.name) };
      }
      const tags = input.tags ?? {};
      validateTags(tags, 0);
      const now = svc.now();
      const deletedAt = svc.store.deletedAt(accountId, ctx.region, input.QueueName);
      if (deletedAt !== undefined && now - deletedAt < RECREATE_DELAY_MS) throw SqsErrors.queueDeletedRecently();
      const stored: Record<string, string> = { ...defaultAttributes(fifo) };
      for (const [k, v] of Object.entries(attrs)) if (v !== '') stored[k] = v;
      if (stored.KmsMasterKeyId) {
        if (attrs.SqsManagedSseEnabled === undefined) stored.SqsManagedSseEnabled = 'false';
        stored.KmsDataKeyReusePeriodSeconds ??= '300';
      }
      const id = svc.tx(() =>
        svc.store.insertQueue({
          account_id: accountId,
          region: ctx.region,
          name: input.QueueName,
          fifo: fifo ? 1 : 0,
          attributes: JSON.stringify(stored),
          tags: JSON.stringify(tags),
          created_at: now,
          modified_at: now,
        }),
      );
      svc.queues.refresh(id);
      return { QueueUrl: queueUrl(ctx, accountId, input.QueueName) };
    },

    GetQueueUrl(input, ctx) {
      const accountId = input.QueueOwnerAWSAccountId ?? ctx.accountId;
      const q = svc.queues.get(accountId, ctx.region, input.QueueName);
      if (!q) throw SqsErrors.queueDoesNotExist();
      return { QueueUrl: queueUrl(ctx, accountId, q.name) };
    },

    ListQueues(input, ctx) {
      const prefix = input.QueueNamePrefix ?? '';
      const names = svc.queues
        .all(ctx.accountId, ctx.region)
        .map((q) => q.name)
        .filter((n) => n.startsWith(prefix));
      const page = paginate(names, input.MaxResults, input.NextToken);
      const out: { QueueUrls?: string[]; NextToken?: string } = {};
      if (page.items.length > 0) out.QueueUrls = page.items.map((n) => queueUrl(ctx, ctx.accountId, n));
      if (page.nextToken) out.NextToken = page.nextToken;
      return out;
    },

    DeleteQueue(input, ctx) {
      const q = svc.queueFromUrl(input.QueueUrl, ctx);
      svc.tx(() => {
        svc.store.deleteQueue(svc.store.queueById(q.id) ?? fail(), svc.now());
        sweeper.forget(q.id);
      });
      svc.queues.forget(q);
      svc.polls.notify(q.id);
      return;
    },

    GetQueueAttributes(input, ctx) {
      const q = svc.queueFromUrl(input.QueueUrl, ctx);
      const names = input.AttributeNames ?? [];
      for (const n of names) if (n !== 'All' && !READABLE_ATTRIBUTES.includes(n)) throw unknownAttribute(n);
      const wanted = names.includes('All') ? READABLE_ATTRIBUTES : names;
      if (wanted.length === 0) return {};
      const all = readAttributes(svc, q, wanted);
      const Attributes: Record<string, string> = {};
      for (const n of wanted) if (all[n] !== undefined) Attributes[n] = all[n] as string;
      return Object.keys(Attributes).length > 0 ? { Attributes } : {};
    },

    SetQueueAttributes(input, ctx) {
      const q = svc.queueFromUrl(input.QueueUrl, ctx);
      const attrs = normalizeAttributes(input.Attributes ?? {}, q.fifo, false);
      if (attrs.RedrivePolicy) checkRedrive(svc, attrs.RedrivePolicy, q);
      if (attrs.FifoThroughputLimit === 'perMessageGroupId') {
        const scope = attrs.DeduplicationScope ?? q.attributes.DeduplicationScope;
        if (scope !== 'messageGroup') {
          throw SqsErrors.invalidParameterValue(
            'The perMessageGroupId value is allowed only when the value for DeduplicationScope is messageGroup.',
          );
        }
      }
      const next = { ...q.attributes };
      for (const [k, v] of Object.entries(attrs)) {
        if (v === '') delete next[k];
        else next[k] = v;
      }
      if (attrs.KmsMasterKeyId) {
        next.KmsDataKeyReusePeriodSeconds ??= '300';
        if (attrs.SqsManagedSseEnabled === undefined) next.SqsManagedSseEnabled = 'false';
      } else if (attrs.SqsManagedSseEnabled === 'true') {
        delete next.KmsMasterKeyId;
        delete next.KmsDataKeyReusePeriodSeconds;
      }
      svc.tx(() => svc.store.updateAttributes(q.id, JSON.stringify(next), svc.now()));
      const updated = svc.queues.refresh(q.id);
      if (updated && attrs.MessageRetentionPeriod !== undefined) svc.tx(() => sweeper.reschedule(updated));
      // A shorter visibility/delay can make messages receivable sooner: let parked polls re-check.
      svc.polls.notify(q.id);
      return;
    },

    PurgeQueue(input, ctx) {
      const q = svc.queueFromUrl(input.QueueUrl, ctx);
      const now = svc.now();
      if (q.purgedAt !== null && now - q.purgedAt < PURGE_INTERVAL_MS) throw SqsErrors.purgeQueueInProgress(q.name);
      svc.tx(() => {
        svc.store.purge(q.id);
        svc.store.setPurged(q.id, now);
      });
      svc.queues.refresh(q.id);
      return;
    },

    ListDeadLetterSourceQueues(input, ctx) {
      const q = svc.queueFromUrl(input.QueueUrl, ctx);
      const names = svc.queues
        .all(q.accountId, q.region)
        .filter((s) => s.redrive?.deadLetterTargetArn === q.arn)
        .map((s) => s.name);
      const page = paginate(names, input.MaxResults, input.NextToken);
      const out: { queueUrls: string[]; NextToken?: string } = {
        queueUrls: page.items.map((n) => queueUrl(ctx, q.accountId, n)),
      };
      if (page.nextToken) out.NextToken = page.nextToken;
      return out;
    },
  };
}

function fail(): never {
  throw SqsErrors.queueDoesNotExist();
}

function readAttributes(svc: SqsService, q: Queue, wanted: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...q.attributes };
  out.QueueArn = q.arn;
  out.CreatedTimestamp = String(Math.floor(q.createdAt / 1000));
  out.LastModifiedTimestamp = String(Math.floor(q.modifiedAt / 1000));
  if (wanted.some((n) => n.startsWith('ApproximateNumberOfMessages'))) {
    const c = svc.store.counts(q.id, svc.now());
    out.ApproximateNumberOfMessages = String(c.visible);
    out.ApproximateNumberOfMessagesNotVisible = String(c.inflight);
    out.ApproximateNumberOfMessagesDelayed = String(c.delayed);
  }
  return out;
}
