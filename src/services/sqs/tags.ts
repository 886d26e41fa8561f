// Queue tags: TagQueue, UntagQueue, ListQueueTags (and the checks CreateQueue applies to its tags).
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import type { SqsService } from './service.js';
import { SqsErrors } from './errors.js';

const MAX_TAGS = 50;

export function validateTags(tags: Record<string, string>, existing: number): void {
  const keys = Object.keys(tags);
  for (const k of keys) {
    if (k.length < 1 || k.length > 128) {
      throw SqsErrors.invalidParameterValue(`Tag keys must be between 1 and 128 characters in length.`);
    }
    if (/^aws:/i.test(k)) throw SqsErrors.invalidParameterValue(`Tag keys must not start with the prefix 'aws:'.`);
    if ((tags[k] ?? '').length > 256) {
      throw SqsErrors.invalidParameterValue(`Tag values must be less than 256 characters in length.`);
    }
  }
  if (existing + keys.length > MAX_TAGS) {
    throw SqsErrors.invalidParameterValue(`Too many tags added for queue. The maximum number of tags is ${MAX_TAGS}.`);
  }
}

export function tagHandlers(
  svc: SqsService,
): Pick<HandlerTable<Operations>, 'TagQueue' | 'UntagQueue' | 'ListQueueTags'> {
  return {
    TagQueue(input, ctx) {
      const q = svc.queueFromUrl(input.QueueUrl, ctx);
      const added = Object.keys(input.Tags ?? {}).filter((k) => !(k in q.tags)).length;
      validateTags(input.Tags ?? {}, Object.keys(q.tags).length + added - Object.keys(input.Tags ?? {}).length);
      const next = { ...q.tags, ...input.Tags };
      svc.tx(() => svc.store.updateTags(q.id, JSON.stringify(next)));
      svc.queues.refresh(q.id);
      return;
    },
    UntagQueue(input, ctx) {
      const q = svc.queueFromUrl(input.QueueUrl, ctx);
      const next = { ...q.tags };
      for (const k of input.TagKeys ?? []) delete next[k];
      svc.tx(() => svc.store.updateTags(q.id, JSON.stringify(next)));
      svc.queues.refresh(q.id);
      return;
    },
    ListQueueTags(input, ctx) {
      const q = svc.queueFromUrl(input.QueueUrl, ctx);
      return Object.keys(q.tags).length > 0 ? { Tags: { ...q.tags } } : {};
    },
  };
}
