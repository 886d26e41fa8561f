// Tags on roots, OUs, accounts and customer-managed policies (TagResource, UntagResource, ListTagsForResource),
// plus the tag checks every create operation with a Tags parameter shares.
import type { HandlerTable } from '../types.js';
import type { Operations, Tag } from './api.js';
import type { OrgService } from './service.js';
import type { OrgSnapshot } from './model.js';
import { OrgErrors } from './errors.js';
import { page } from './paging.js';

const MAX_TAGS = 50;

/** Rejects duplicate keys and system (aws:) keys before anything is written. */
export function checkTags(tags: readonly Tag[] | undefined): void {
  if (!tags) return;
  const seen = new Set<string>();
  for (const t of tags) {
    if (t.Key.toLowerCase().startsWith('aws:')) throw OrgErrors.invalidInput('INVALID_SYSTEM_TAGS_PARAMETER');
    if (seen.has(t.Key)) throw OrgErrors.invalidInput('DUPLICATE_TAG_KEY');
    seen.add(t.Key);
  }
  if (seen.size > MAX_TAGS) throw OrgErrors.constraint('MAX_TAG_LIMIT_EXCEEDED');
}

/** Writes tags of a new resource (inside the caller's transaction). */
export function storeTags(svc: OrgService, orgId: string, resourceId: string, tags: readonly Tag[] | undefined): void {
  for (const t of tags ?? []) svc.store.putTag(orgId, resourceId, t.Key, t.Value);
}

function taggable(snap: OrgSnapshot, id: string): boolean {
  if (snap.targetKind(id) !== undefined) return true;
  return snap.policies.has(id);
}

export function tagHandlers(
  svc: OrgService,
): Pick<HandlerTable<Operations>, 'TagResource' | 'UntagResource' | 'ListTagsForResource'> {
  return {
    TagResource(input, ctx) {
      const snap = svc.management(ctx);
      if (!taggable(snap, input.ResourceId)) throw OrgErrors.targetNotFound();
      checkTags(input.Tags);
      const existing = new Set(svc.store.tagsOf(snap.id, input.ResourceId).map((t) => t.Key));
      for (const t of input.Tags) existing.add(t.Key);
      if (existing.size > MAX_TAGS) throw OrgErrors.constraint('MAX_TAG_LIMIT_EXCEEDED');
      svc.write(() => storeTags(svc, snap.id, input.ResourceId, input.Tags));
    },

    UntagResource(input, ctx) {
      const snap = svc.management(ctx);
      if (!taggable(snap, input.ResourceId)) throw OrgErrors.targetNotFound();
      svc.write(() => {
        for (const key of input.TagKeys) svc.store.deleteTag(snap.id, input.ResourceId, key);
      });
    },

    ListTagsForResource(input, ctx) {
      const snap = svc.reader(ctx);
      if (!taggable(snap, input.ResourceId)) throw OrgErrors.targetNotFound();
      const { items, NextToken } = page(svc.store.tagsOf(snap.id, input.ResourceId), input, 'tags');
      return { Tags: items, ...(NextToken ? { NextToken } : {}) };
    },
  };
}
