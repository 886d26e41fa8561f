// Key tags: TagResource/UntagResource/ListResourceTags (KeyId is a key id or key ARN, never an alias).
import type { HandlerTable } from '../types.js';
import type { Operations, Tag } from './api.js';
import { KmsErrors } from './errors.js';
import { page } from './paging.js';
import type { KmsService } from './service.js';

const MAX_TAGS = 50;

/** Tags as KMS accepts them: no reserved `aws:` keys; a repeated key keeps its last value. */
export function checkTags(tags: Tag[]): Tag[] {
  const out = new Map<string, string>();
  for (const t of tags) {
    if (t.TagKey.toLowerCase().startsWith('aws:')) throw KmsErrors.tag('Tags beginning with aws: are reserved');
    out.set(t.TagKey, t.TagValue);
  }
  if (out.size > MAX_TAGS) throw KmsErrors.tag(`Tag limit exceeded: a KMS key can have at most ${MAX_TAGS} tags.`);
  return [...out].map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
}

export function tagHandlers(
  svc: KmsService,
): Pick<HandlerTable<Operations>, 'TagResource' | 'UntagResource' | 'ListResourceTags'> {
  return {
    TagResource(input, ctx) {
      const k = svc.resolve(input.KeyId, ctx, false);
      svc.notPending(k);
      const merged = checkTags([...svc.tags(k), ...input.Tags]);
      svc.tx(() => svc.save({ ...k, tags: JSON.stringify(merged) }));
    },

    UntagResource(input, ctx) {
      const k = svc.resolve(input.KeyId, ctx, false);
      svc.notPending(k);
      const drop = new Set(input.TagKeys);
      svc.tx(() => svc.save({ ...k, tags: JSON.stringify(svc.tags(k).filter((t) => !drop.has(t.TagKey))) }));
    },

    ListResourceTags(input, ctx) {
      const k = svc.resolve(input.KeyId, ctx, false);
      const p = page(svc.tags(k), input.Limit, input.Marker, 50);
      return { Tags: p.items, ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}), Truncated: p.Truncated };
    },
  };
}
