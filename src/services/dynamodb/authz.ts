// IAM view of DynamoDB requests: `dynamodb:<Operation>` on the table ARN (the index ARN for index reads), one
// target per table for batches and per action kind for transactions, with the cheap condition keys.
import type { AuthzTarget, RequestContext } from '../types.js';

const ARN_RE = /^arn:aws[\w-]*:dynamodb:/;
const ACCOUNT_WIDE = new Set([
  'ListTables',
  'DescribeLimits',
  'DescribeEndpoints',
  'ListBackups',
  'ListGlobalTables',
  'ListExports',
  'ListImports',
  'ListContributorInsights',
]);

function tableArn(name: unknown, ctx: RequestContext): string {
  const n = typeof name === 'string' ? name : '';
  return ARN_RE.test(n) ? n : `arn:aws:dynamodb:${ctx.region}:${ctx.accountId}:table/${n}`;
}

function attributeNames(input: Record<string, unknown>): string[] | undefined {
  if (Array.isArray(input.AttributesToGet)) return input.AttributesToGet as string[];
  if (input.Item && typeof input.Item === 'object') return Object.keys(input.Item);
  return undefined;
}

function conditionKeys(input: Record<string, unknown>): Record<string, string | string[]> {
  const c: Record<string, string | string[]> = {};
  const attrs = attributeNames(input);
  if (attrs) c['dynamodb:Attributes'] = attrs;
  if (typeof input.ReturnValues === 'string') c['dynamodb:ReturnValues'] = input.ReturnValues;
  if (typeof input.Select === 'string') c['dynamodb:Select'] = input.Select;
  if (typeof input.ReturnConsumedCapacity === 'string')
    c['dynamodb:ReturnConsumedCapacity'] = input.ReturnConsumedCapacity;
  Object.assign(c, requestTags(input));
  return c;
}

/** CreateTable / TagResource tags as aws:RequestTag/* and aws:TagKeys (ABAC, tag-enforcing SCPs). */
function requestTags(input: Record<string, unknown>): Record<string, string | string[]> {
  if (!Array.isArray(input.Tags)) return {};
  const tags = (input.Tags as { Key?: unknown; Value?: unknown }[]).filter((t) => typeof t.Key === 'string');
  const c: Record<string, string | string[]> = {};
  for (const t of tags) c[`aws:RequestTag/${t.Key as string}`] = typeof t.Value === 'string' ? t.Value : '';
  if (tags.length > 0) c['aws:TagKeys'] = tags.map((t) => t.Key as string);
  return c;
}

const TRANSACT_ACTIONS: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
  Get: 'GetItem',
};

export function authorization(operation: string, input: Record<string, unknown>, ctx: RequestContext): AuthzTarget[] {
  const action = `dynamodb:${operation}`;
  if (ACCOUNT_WIDE.has(operation)) return [{ action, resource: '*' }];
  if (operation === 'BatchGetItem' || operation === 'BatchWriteItem') {
    const tables = Object.keys((input.RequestItems ?? {}) as Record<string, unknown>);
    return tables.map((t) => ({ action, resource: tableArn(t, ctx) }));
  }
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    const out: AuthzTarget[] = [];
    for (const entry of (input.TransactItems ?? []) as Array<Record<string, Record<string, unknown>>>) {
      for (const [kind, body] of Object.entries(entry)) {
        const name = TRANSACT_ACTIONS[kind];
        if (name && body)
          out.push({
            action: `dynamodb:${name}`,
            resource: tableArn(body.TableName, ctx),
            context: conditionKeys(body),
          });
      }
    }
    return out.length > 0 ? out : [{ action, resource: '*' }];
  }
  if (typeof input.ResourceArn === 'string') {
    const tags = requestTags(input);
    return [{ action, resource: input.ResourceArn, ...(Object.keys(tags).length > 0 ? { context: tags } : {}) }];
  }
  if (input.TableName === undefined) return [{ action, resource: '*' }];
  const arn = tableArn(input.TableName, ctx);
  const resource = typeof input.IndexName === 'string' ? `${arn}/index/${input.IndexName}` : arn;
  return [{ action, resource, context: conditionKeys(input) }];
}
