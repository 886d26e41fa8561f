// Tags on state machines and activities: TagResource, UntagResource, ListTagsForResource.
import type { HandlerTable } from '../types.js';
import type { Operations, Tag } from './api.js';
import { parseArn } from './arns.js';
import { SfnErrors } from './errors.js';
import type { SfnService } from './service.js';

const MAX_TAGS = 50;

export function tagsOut(svc: SfnService, arn: string): Tag[] {
  return svc.store.tags(arn).map((t) => ({ key: t.key, value: t.value }));
}

/** Writes tags (inside the caller's transaction), enforcing the per-resource limit. */
export function applyTags(svc: SfnService, arn: string, tags: Tag[] | undefined): void {
  if (!tags?.length) return;
  const existing = new Set(svc.store.tags(arn).map((t) => t.key));
  for (const t of tags) existing.add(t.key ?? '');
  if (existing.size > MAX_TAGS) throw SfnErrors.tooManyTags(arn);
  for (const t of tags) svc.store.setTag(arn, t.key ?? '', t.value ?? '');
}

function requireTaggable(svc: SfnService, arn: string): void {
  const p = parseArn(arn);
  const exists =
    p?.kind === 'stateMachine' && p.parts.length === 1
      ? svc.store.stateMachine(arn) !== undefined
      : p?.kind === 'activity' && svc.store.activity(arn) !== undefined;
  if (!exists) throw SfnErrors.resourceNotFound(arn);
}

export function tagHandlers(
  svc: SfnService,
): Pick<HandlerTable<Operations>, 'TagResource' | 'UntagResource' | 'ListTagsForResource'> {
  return {
    TagResource(input) {
      requireTaggable(svc, input.resourceArn);
      svc.tx(() => applyTags(svc, input.resourceArn, input.tags));
      return {};
    },
    UntagResource(input) {
      requireTaggable(svc, input.resourceArn);
      svc.tx(() => {
        for (const k of input.tagKeys) svc.store.deleteTag(input.resourceArn, k);
      });
      return {};
    },
    ListTagsForResource(input) {
      requireTaggable(svc, input.resourceArn);
      return { tags: tagsOut(svc, input.resourceArn) };
    },
  };
}
