// Trail tags: AddTags, RemoveTags, ListTags (resources named by trail ARN), at most 50 per trail.
import type { HandlerTable, RequestContext } from '../types.js';
import type { Operations, Tag, TrailRec } from './api.js';
import { CloudTrailErrors } from './errors.js';
import { parseTrailArn } from './names.js';
import type { CloudTrailState } from './state.js';

const MAX_TAGS = 50;

export function validateTags(tags: readonly Tag[]): void {
  for (const t of tags) {
    if (t.Key.toLowerCase().startsWith('aws:')) {
      throw CloudTrailErrors.invalidTagParameter(`Tag key ${t.Key} is not valid: the aws: prefix is reserved.`);
    }
  }
  if (tags.length > MAX_TAGS) throw CloudTrailErrors.tagsLimitExceeded();
}

function trailByArn(state: CloudTrailState, arn: string, ctx: RequestContext): TrailRec {
  if (!parseTrailArn(arn)) throw CloudTrailErrors.arnInvalid(arn);
  const t = state.trails().find((x) => x.arn === arn && x.accountId === ctx.accountId);
  if (!t) throw CloudTrailErrors.resourceNotFound(arn);
  return t;
}

export function tagHandlers(
  state: CloudTrailState,
): Pick<HandlerTable<Operations>, 'AddTags' | 'RemoveTags' | 'ListTags'> {
  return {
    AddTags(input, ctx) {
      const t = trailByArn(state, input.ResourceId, ctx);
      validateTags(input.TagsList);
      const merged = new Map(t.tags.map((x) => [x.Key, x]));
      for (const tag of input.TagsList) merged.set(tag.Key, tag);
      if (merged.size > MAX_TAGS) throw CloudTrailErrors.tagsLimitExceeded();
      state.saveTrail({ ...t, tags: [...merged.values()] });
      return {};
    },
    RemoveTags(input, ctx) {
      const t = trailByArn(state, input.ResourceId, ctx);
      const drop = new Set(input.TagsList.map((x) => x.Key));
      state.saveTrail({ ...t, tags: t.tags.filter((x) => !drop.has(x.Key)) });
      return {};
    },
    ListTags(input, ctx) {
      return {
        ResourceTagList: input.ResourceIdList.map((arn) => ({
          ResourceId: arn,
          TagsList: trailByArn(state, arn, ctx).tags,
        })),
      };
    },
  };
}
