// TagResource / UntagResource / ListTagsForResource on topics (the only taggable SNS resource atoll serves).
import type { HandlerTable } from '../types.js';
import type { Operations, Tag } from './api.js';
import { SnsErrors } from './errors.js';
import type { SnsService, Topic } from './service.js';
import { isTopicArn } from './arns.js';
import { toTopic } from './service.js';

const MAX_TAGS = 50;

/** Validates a tag list; later duplicates of a key win, as AWS does. */
export function checkTags(tags: Tag[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags) {
    if (t.Key.startsWith('aws:')) throw SnsErrors.invalidParameter("Tags Reason: Keys can't start with 'aws:'");
    out[t.Key] = t.Value;
  }
  if (Object.keys(out).length > MAX_TAGS) throw SnsErrors.tagLimitExceeded();
  return out;
}

export function tagHandlers(
  svc: SnsService,
): Pick<HandlerTable<Operations>, 'TagResource' | 'UntagResource' | 'ListTagsForResource'> {
  const resource = (arn: string, region: string): Topic => {
    if (!isTopicArn(arn)) throw SnsErrors.invalidParameter('ResourceArn');
    const row = svc.store.topic(arn);
    if (!row || row.region !== region) throw SnsErrors.resourceNotFound();
    return toTopic(row);
  };
  return {
    TagResource(input, ctx) {
      const t = resource(input.ResourceArn, ctx.region);
      const next = { ...t.tags, ...checkTags(input.Tags) };
      if (Object.keys(next).length > MAX_TAGS) throw SnsErrors.tagLimitExceeded();
      svc.tx(() => svc.store.setTopicTags(t.arn, next));
      return {};
    },
    UntagResource(input, ctx) {
      const t = resource(input.ResourceArn, ctx.region);
      const next = { ...t.tags };
      for (const k of input.TagKeys) delete next[k];
      svc.tx(() => svc.store.setTopicTags(t.arn, next));
      return {};
    },
    ListTagsForResource(input, ctx) {
      const t = resource(input.ResourceArn, ctx.region);
      return { Tags: Object.entries(t.tags).map(([Key, Value]) => ({ Key, Value })) };
    },
  };
}
