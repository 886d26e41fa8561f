// Tags on rules and event buses (TagResource / UntagResource / ListTagsForResource).
import type { HandlerTable } from '../types.js';
import type { Operations, Tag } from './api.js';
import type { EventsService } from './service.js';
import { parseResourceArn } from './arns.js';
import { EventsErrors } from './errors.js';

type TagOps = Pick<Operations, 'TagResource' | 'UntagResource' | 'ListTagsForResource'>;

const MAX_TAGS = 50;

export function tagsToObject(tags: Tag[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags) out[t.Key] = t.Value;
  return out;
}

function toList(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

interface Tagged {
  tags: Record<string, string>;
  save(tags: Record<string, string>): void;
}

function resolve(svc: EventsService, arn: string): Tagged {
  const ref = parseResourceArn(arn);
  if (!ref) throw EventsErrors.resourceNotFound(`Resource ${arn} does not exist.`);
  const bus = { accountId: ref.accountId, region: ref.region, name: ref.bus };
  if (ref.kind === 'rule') {
    const row = svc.requireRule(bus, ref.name);
    return {
      tags: JSON.parse(row.tags) as Record<string, string>,
      save: (tags) => svc.store.setRuleTags(row, JSON.stringify(tags)),
    };
  }
  const row = svc.requireBus(bus);
  return {
    tags: JSON.parse(row.tags) as Record<string, string>,
    save: (tags) => {
      svc.materialize(row);
      svc.store.updateBus({ ...row, tags: JSON.stringify(tags) });
    },
  };
}

export function resourceTags(svc: EventsService, arn: string): Record<string, string> | undefined {
  try {
    return resolve(svc, arn).tags;
  } catch {
    return undefined;
  }
}

export function tagHandlers(svc: EventsService): HandlerTable<TagOps> {
  return {
    TagResource(input) {
      svc.tx(() => {
        const r = resolve(svc, input.ResourceARN);
        const tags = { ...r.tags, ...tagsToObject(input.Tags) };
        if (Object.keys(tags).length > MAX_TAGS) {
          throw EventsErrors.limitExceeded('The requested resource exceeds the maximum number allowed.');
        }
        r.save(tags);
      });
      return {};
    },
    UntagResource(input) {
      svc.tx(() => {
        const r = resolve(svc, input.ResourceARN);
        const tags = { ...r.tags };
        for (const k of input.TagKeys) delete tags[k];
        r.save(tags);
      });
      return {};
    },
    ListTagsForResource(input) {
      return { Tags: toList(resolve(svc, input.ResourceARN).tags) };
    },
  };
}
