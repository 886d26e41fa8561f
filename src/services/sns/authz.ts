// IAM actions and resources per SNS operation: topic operations act on the topic ARN, subscription operations on
// the subscription's topic-derived ARN, list/account operations on '*'.
import type { AuthzTarget, RequestContext } from '../types.js';
import { topicArn } from './arns.js';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function authorization(operation: string, input: Record<string, unknown>, ctx: RequestContext): AuthzTarget[] {
  // The confirmation token, and the subscription ARN in an UnsubscribeURL, are the credentials of these
  // unsigned links that subscribers follow: AWS lets them through without IAM.
  if (operation === 'ConfirmSubscription') return [];
  if (operation === 'Unsubscribe' && ctx.principal.anonymous) return [];
  const action = `sns:${operation}`;
  let resource: string | undefined;
  switch (operation) {
    case 'CreateTopic':
      resource = typeof input.Name === 'string' ? topicArn(ctx.region, ctx.accountId, input.Name) : undefined;
      break;
    case 'Publish':
      resource = str(input.TopicArn) ?? str(input.TargetArn);
      break;
    case 'TagResource':
    case 'UntagResource':
    case 'ListTagsForResource':
    case 'GetDataProtectionPolicy':
    case 'PutDataProtectionPolicy':
      resource = str(input.ResourceArn);
      break;
    case 'GetSubscriptionAttributes':
    case 'SetSubscriptionAttributes':
    case 'Unsubscribe':
      resource = str(input.SubscriptionArn);
      break;
    default:
      resource = str(input.TopicArn);
  }
  const context: Record<string, string | string[]> = {};
  // Tag-on-create and TagResource carry aws:RequestTag/* and aws:TagKeys (ABAC, tag-enforcing SCPs).
  if ((operation === 'CreateTopic' || operation === 'TagResource') && Array.isArray(input.Tags)) {
    const tags = (input.Tags as { Key?: unknown; Value?: unknown }[]).filter((t) => typeof t.Key === 'string');
    for (const t of tags) context[`aws:RequestTag/${t.Key as string}`] = typeof t.Value === 'string' ? t.Value : '';
    if (tags.length > 0) context['aws:TagKeys'] = tags.map((t) => t.Key as string);
  }
  if (operation === 'Subscribe') {
    if (typeof input.Protocol === 'string') context['sns:Protocol'] = input.Protocol;
    if (typeof input.Endpoint === 'string') context['sns:Endpoint'] = input.Endpoint;
  }
  return [{ action, resource: resource ?? '*', ...(Object.keys(context).length ? { context } : {}) }];
}
