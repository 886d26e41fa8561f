// Log group tags: TagResource/UntagResource/ListTagsForResource (by ARN) and the legacy TagLogGroup,
// UntagLogGroup and ListTagsLogGroup (by name).
import type { HandlerTable, RequestContext } from '../types.js';
import type { Operations } from './api.js';
import { LogsErrors } from './errors.js';
import { parseGroupArn, type LogsService } from './service.js';
import type { GroupRow } from './store.js';

type TagOps =
  'TagResource' | 'UntagResource' | 'ListTagsForResource' | 'TagLogGroup' | 'UntagLogGroup' | 'ListTagsLogGroup';

const MAX_TAGS = 50;

const tagsOf = (g: GroupRow): Record<string, string> => JSON.parse(g.tags) as Record<string, string>;

export function tagHandlers(svc: LogsService): Pick<HandlerTable<Operations>, TagOps> {
  const byArn = (arn: string, ctx: RequestContext): GroupRow => {
    const ref = parseGroupArn(arn);
    if (!ref) {
      if (/^arn:aws[a-z-]*:logs:/.test(arn))
        throw LogsErrors.resourceNotFound('The specified resource does not exist.');
      throw LogsErrors.invalidParameter(`Invalid ARN: ${arn}`);
    }
    const g = svc.store.group(ref.accountId, ref.region, ref.name);
    if (!g || ref.accountId !== ctx.accountId) throw LogsErrors.groupNotFound();
    return g;
  };
  const add = (g: GroupRow, tags: Record<string, string>, resourceName: string): void => {
    const next = { ...tagsOf(g), ...tags };
    if (Object.keys(next).length > MAX_TAGS) {
      throw LogsErrors.tooManyTags('A resource can have no more than 50 tags.', resourceName);
    }
    svc.store.setTags(g.id, next);
  };
  const remove = (g: GroupRow, keys: string[]): void => {
    const next = tagsOf(g);
    for (const k of keys) delete next[k];
    svc.store.setTags(g.id, next);
  };
  return {
    TagResource(input, ctx) {
      svc.tx(() => add(byArn(input.resourceArn, ctx), input.tags, input.resourceArn));
    },
    UntagResource(input, ctx) {
      svc.tx(() => remove(byArn(input.resourceArn, ctx), input.tagKeys));
    },
    ListTagsForResource(input, ctx) {
      return { tags: tagsOf(byArn(input.resourceArn, ctx)) };
    },
    TagLogGroup(input, ctx) {
      svc.tx(() => add(svc.group(input.logGroupName, ctx), input.tags, input.logGroupName));
    },
    UntagLogGroup(input, ctx) {
      svc.tx(() => remove(svc.group(input.logGroupName, ctx), input.tags));
    },
    ListTagsLogGroup(input, ctx) {
      return { tags: tagsOf(svc.group(input.logGroupName, ctx)) };
    },
  };
}
