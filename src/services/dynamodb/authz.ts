// IAM view of DynamoDB requests: `dynamodb:<Operation>` on the table ARN (the index ARN for index reads), one
// target per table for batches and per action kind for transactions, with the cheap condition keys.
import type { AuthzTarget, RequestContext } from '../types.js';
import { tokenize } from './partiql/lexer.js';

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

const PARTIQL_ACTIONS: Record<string, string> = {
  SELECT: 'PartiQLSelect',
  EXISTS: 'PartiQLSelect',
  INSERT: 'PartiQLInsert',
  UPDATE: 'PartiQLUpdate',
  DELETE: 'PartiQLDelete',
};

/** PartiQL statements are authorized as dynamodb:PartiQL<Verb> on the table (or index) they name. */
function partiqlTarget(statement: unknown, ctx: RequestContext): AuthzTarget | undefined {
  if (typeof statement !== 'string') return undefined;
  try {
    const toks = tokenize(statement).filter((t) => !(t.kind === 'punct' && t.text === '('));
    const verb = toks[0]?.text.toUpperCase() ?? '';
    const action = PARTIQL_ACTIONS[verb];
    if (!action) return undefined;
    const anchor = verb === 'UPDATE' ? 0 : toks.findIndex((t) => /^(FROM|INTO)$/i.test(t.text) && t.kind === 'ident');
    const name = toks[anchor + 1];
    if (anchor < 0 || !name || (name.kind !== 'ident' && name.kind !== 'qident')) return undefined;
    const arn = tableArn(name.text, ctx);
    const index = toks[anchor + 2]?.text === '.' ? toks[anchor + 3]?.text : undefined;
    return { action: `dynamodb:${action}`, resource: index ? `${arn}/index/${index}` : arn };
  } catch {
    return undefined;
  }
}

export function authorization(operation: string, input: Record<string, unknown>, ctx: RequestContext): AuthzTarget[] {
  const action = `dynamodb:${operation}`;
  if (ACCOUNT_WIDE.has(operation)) return [{ action, resource: '*' }];
  if (operation === 'ExecuteStatement' || operation === 'BatchExecuteStatement' || operation === 'ExecuteTransaction') {
    const list =
      operation === 'ExecuteStatement'
        ? [input]
        : ((input.Statements ?? input.TransactStatements ?? []) as Array<Record<string, unknown>>);
    const targets = list.map((st) => partiqlTarget(st.Statement, ctx));
    // Unparseable statements are left to the handler, which answers AWS's ValidationException.
    return targets.every((t) => t !== undefined) && targets.length > 0 ? targets : [{ action, resource: '*' }];
  }
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
