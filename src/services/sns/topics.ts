// Topic lifecycle: CreateTopic (idempotent, with AWS's conflict errors), DeleteTopic, Get/SetTopicAttributes,
// ListTopics, and AddPermission/RemovePermission over the topic's Policy.
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import { SnsErrors } from './errors.js';
import { toTopic, type SnsService } from './service.js';
import { topicArn, validTopicName } from './arns.js';
import { checkTopicAttribute, topicAttributeMap } from './topic-attributes.js';
import { addPermission, defaultTopicPolicy, removePermission } from './topic-policy.js';
import { checkTags } from './tags.js';
import { PAGE_SIZE, decodeToken, page } from './paging.js';

type TopicOps =
  | 'CreateTopic'
  | 'DeleteTopic'
  | 'GetTopicAttributes'
  | 'SetTopicAttributes'
  | 'ListTopics'
  | 'AddPermission'
  | 'RemovePermission';

export function topicHandlers(svc: SnsService): Pick<HandlerTable<Operations>, TopicOps> {
  return {
    CreateTopic(input, ctx) {
      const attrs = input.Attributes ?? {};
      const fifo = attrs.FifoTopic === 'true';
      if (attrs.FifoTopic !== undefined && attrs.FifoTopic !== 'true' && attrs.FifoTopic !== 'false') {
        throw SnsErrors.invalidParameter(`Attributes Reason: Invalid value [${attrs.FifoTopic}] for FifoTopic`);
      }
      if (fifo && !validTopicName(input.Name, true)) {
        throw SnsErrors.invalidParameter(
          'Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.',
        );
      }
      if (!fifo && !validTopicName(input.Name, false)) throw SnsErrors.invalidParameter('Topic Name');
      const stored: Record<string, string> = {};
      for (const [k, v] of Object.entries(attrs)) {
        if (k === 'FifoTopic') continue;
        stored[k] = checkTopicAttribute(k, v, fifo, true);
      }
      if (input.DataProtectionPolicy !== undefined) throw SnsErrors.invalidParameter('DataProtectionPolicy');
      const tags = checkTags(input.Tags ?? []);
      const arn = topicArn(ctx.region, ctx.accountId, input.Name);
      svc.tx(() => {
        const existing = svc.store.topic(arn);
        if (existing) {
          const t = toTopic(existing);
          if (Object.entries(stored).some(([k, v]) => (t.attributes[k] ?? '') !== v)) {
            throw SnsErrors.invalidParameter('Attributes Reason: Topic already exists with different attributes');
          }
          if (Object.entries(tags).some(([k, v]) => t.tags[k] !== v)) {
            throw SnsErrors.invalidParameter('Tags Reason: Topic already exists with different tags');
          }
          return;
        }
        stored.Policy ??= defaultTopicPolicy(arn, ctx.accountId);
        svc.store.insertTopic({
          arn,
          account_id: ctx.accountId,
          region: ctx.region,
          name: input.Name,
          fifo: fifo ? 1 : 0,
          attributes: JSON.stringify(stored),
          tags: JSON.stringify(tags),
          created_at: svc.now(),
        });
      });
      return { TopicArn: arn };
    },

    DeleteTopic(input, ctx) {
      const ref = svc.topicRef(input.TopicArn, ctx.region);
      // Deleting a topic that does not exist is not an error.
      svc.tx(() => svc.store.deleteTopic(ref.arn));
      return;
    },

    GetTopicAttributes(input, ctx) {
      const t = svc.topic(input.TopicArn, ctx.region);
      const subs = svc.store.subscriptionsOf(t.arn);
      const pending = subs.filter((s) => s.pending === 1).length;
      return { Attributes: topicAttributeMap(t, { pending, confirmed: subs.length - pending }) };
    },

    SetTopicAttributes(input, ctx) {
      const t = svc.topic(input.TopicArn, ctx.region);
      const value = input.AttributeValue ?? '';
      const checked = checkTopicAttribute(input.AttributeName, value, t.fifo, false);
      const next = { ...t.attributes };
      if (checked === '' && input.AttributeName !== 'DisplayName') delete next[input.AttributeName];
      else next[input.AttributeName] = checked;
      svc.tx(() => svc.store.setTopicAttributes(t.arn, next));
      return;
    },

    ListTopics(input, ctx) {
      const after = decodeToken(input.NextToken);
      const rows = svc.store.topicsAfter(ctx.accountId, ctx.region, after, PAGE_SIZE + 1);
      const p = page(rows);
      return { Topics: p.items.map((r) => ({ TopicArn: r.arn })), ...(p.next ? { NextToken: p.next } : {}) };
    },

    AddPermission(input, ctx) {
      const t = svc.topic(input.TopicArn, ctx.region);
      const policy = addPermission(
        t.attributes.Policy ?? defaultTopicPolicy(t.arn, t.accountId),
        t.arn,
        input.Label,
        input.AWSAccountId ?? [],
        input.ActionName ?? [],
      );
      svc.tx(() => svc.store.setTopicAttributes(t.arn, { ...t.attributes, Policy: policy }));
      return;
    },

    RemovePermission(input, ctx) {
      const t = svc.topic(input.TopicArn, ctx.region);
      const policy = removePermission(t.attributes.Policy ?? defaultTopicPolicy(t.arn, t.accountId), input.Label);
      svc.tx(() => svc.store.setTopicAttributes(t.arn, { ...t.attributes, Policy: policy }));
      return;
    },
  };
}
