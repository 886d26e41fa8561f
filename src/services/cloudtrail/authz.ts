// The IAM action and resource of each CloudTrail operation: `cloudtrail:<Operation>` on the trail ARN its
// Name / TrailName / ResourceId names (built in the caller's region and account from a bare name), '*' for
// LookupEvents, ListTrails and DescribeTrails; tag conditions for CreateTrail and AddTags.
import type { AuthzTarget, RequestContext } from '../types.js';
import { trailArn } from './names.js';

type Input = Record<string, unknown>;

function trailResource(input: Input, ctx: RequestContext): string {
  const ref = input.Name ?? input.TrailName ?? input.ResourceId;
  if (typeof ref !== 'string' || ref === '') return '*';
  return ref.startsWith('arn:') ? ref : trailArn(ctx.region, ctx.accountId, ref);
}

function tagContext(tags: unknown): AuthzTarget['context'] {
  if (!Array.isArray(tags) || tags.length === 0) return undefined;
  const ctx: Record<string, string | string[]> = {};
  const keys: string[] = [];
  for (const t of tags as Array<{ Key?: unknown; Value?: unknown }>) {
    if (typeof t.Key !== 'string') continue;
    keys.push(t.Key);
    ctx[`aws:RequestTag/${t.Key}`] = typeof t.Value === 'string' ? t.Value : '';
  }
  ctx['aws:TagKeys'] = keys;
  return ctx;
}

export function cloudTrailAuthorization(operation: string, input: Input, ctx: RequestContext): AuthzTarget[] {
  const action = `cloudtrail:${operation}`;
  switch (operation) {
    case 'LookupEvents':
    case 'ListTrails':
    case 'DescribeTrails':
      return [{ action, resource: '*' }];
    case 'ListTags': {
      const ids = Array.isArray(input.ResourceIdList) ? (input.ResourceIdList as unknown[]) : [];
      const arns = ids.filter((x): x is string => typeof x === 'string' && x.startsWith('arn:'));
      return arns.length > 0 ? arns.map((resource) => ({ action, resource })) : [{ action, resource: '*' }];
    }
    case 'CreateTrail':
    case 'AddTags': {
      const context = tagContext(input.TagsList);
      return [{ action, resource: trailResource(input, ctx), ...(context ? { context } : {}) }];
    }
    default:
      return [{ action, resource: trailResource(input, ctx) }];
  }
}
