// The function's resource-based policy (AddPermission, RemovePermission, GetPolicy), reserved concurrency and
// tags. Policies are kept per qualifier ('' = the unqualified function) in one JSON column.
import { randomUUID } from 'node:crypto';
import type { HandlerTable, RequestContext } from '../types.js';
import type { Operations } from './api.js';
import { LambdaErrors } from './errors.js';
import { functionArn, isVersion, type FunctionRef } from './names.js';
import type { LambdaService } from './service.js';
import type { FunctionKey } from './store.js';

type Ops = Pick<
  HandlerTable<Operations>,
  | 'AddPermission'
  | 'RemovePermission'
  | 'GetPolicy'
  | 'PutFunctionConcurrency'
  | 'GetFunctionConcurrency'
  | 'DeleteFunctionConcurrency'
  | 'TagResource'
  | 'UntagResource'
  | 'ListTags'
>;

interface PolicyDoc {
  Version: string;
  Id: string;
  Statement: Array<Record<string, unknown>>;
}

/** AWS's account-level concurrency: 1000, of which 100 always stay unreserved. */
export const ACCOUNT_CONCURRENCY = 1000;
const MIN_UNRESERVED = 100;

type Policies = Record<string, PolicyDoc>;

function policies(raw: string | null): Policies {
  return raw ? (JSON.parse(raw) as Policies) : {};
}

function principalOf(p: string): unknown {
  if (p === '*') return '*';
  if (/^\d{12}$/.test(p)) return { AWS: `arn:aws:iam::${p}:root` };
  if (p.startsWith('arn:')) return { AWS: p };
  return { Service: p };
}

/** The resource policy (JSON text) of a function ARN, for the policy engine. */
export function resourcePolicy(svc: LambdaService, arn: string): string | undefined {
  const m = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9-_]+)(?::(.+))?$/.exec(arn);
  if (!m) return undefined;
  const row = svc.store.getFunction({ region: m[1]!, accountId: m[2]!, name: m[3]! });
  const doc = policies(row?.policy ?? null)[m[4] ?? ''];
  return doc ? JSON.stringify(doc) : undefined;
}

function taggable(svc: LambdaService, arn: string, ctx: RequestContext): FunctionRef {
  const ref = svc.ref(arn, ctx);
  if (ref.qualifier !== undefined) {
    throw LambdaErrors.invalidParameter(
      'Tags on function aliases and versions are not supported. Please specify a function ARN.',
    );
  }
  svc.fn(ref);
  return ref;
}

export function permissionHandlers(svc: LambdaService): Ops {
  const target = (ref: FunctionRef) => {
    const row = svc.fn(ref);
    const q = ref.qualifier;
    if (q !== undefined) {
      const exists = isVersion(q) ? svc.store.getVersion(ref, q) : svc.store.getAlias(ref, q);
      if (!exists) throw LambdaErrors.functionNotFound(functionArn(ref, q));
    }
    return { row, q: q ?? '' };
  };
  const write = (key: FunctionKey, all: Policies) => {
    const revision = randomUUID();
    svc.tx(() => svc.store.setPolicy(key, Object.keys(all).length > 0 ? JSON.stringify(all) : null, revision));
    return revision;
  };

  return {
    AddPermission: (input, ctx) => {
      const ref = svc.ref(input.FunctionName, ctx, input.Qualifier);
      const { row, q } = target(ref);
      const all = policies(row.policy);
      if (input.RevisionId !== undefined && input.RevisionId !== row.policy_revision) {
        throw LambdaErrors.preconditionFailed(
          'The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id',
        );
      }
      const doc = all[q] ?? { Version: '2012-10-17', Id: 'default', Statement: [] };
      if (doc.Statement.some((s) => s.Sid === input.StatementId)) {
        throw LambdaErrors.conflict(
          `The statement id (${input.StatementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
        );
      }
      const condition: Record<string, Record<string, string>> = {};
      const add = (op: string, key: string, value: string | undefined) => {
        if (value !== undefined) (condition[op] ??= {})[key] = value;
      };
      add('StringEquals', 'AWS:SourceAccount', input.SourceAccount);
      add('StringEquals', 'aws:PrincipalOrgID', input.PrincipalOrgID);
      add('StringEquals', 'lambda:EventSourceToken', input.EventSourceToken);
      add('StringEquals', 'lambda:FunctionUrlAuthType', input.FunctionUrlAuthType);
      add('ArnLike', 'AWS:SourceArn', input.SourceArn);
      const statement: Record<string, unknown> = {
        Sid: input.StatementId,
        Effect: 'Allow',
        Principal: principalOf(input.Principal),
        Action: input.Action,
        Resource: functionArn(ref, ref.qualifier),
        ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
      };
      doc.Statement.push(statement);
      all[q] = doc;
      write(ref, all);
      return { Statement: JSON.stringify(statement) };
    },

    RemovePermission: (input, ctx) => {
      const ref = svc.ref(input.FunctionName, ctx, input.Qualifier);
      const { row, q } = target(ref);
      const all = policies(row.policy);
      const doc = all[q];
      if (!doc) throw LambdaErrors.notFound('No policy is associated with the given resource.');
      if (input.RevisionId !== undefined && input.RevisionId !== row.policy_revision) {
        throw LambdaErrors.preconditionFailed(
          'The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id',
        );
      }
      const i = doc.Statement.findIndex((s) => s.Sid === input.StatementId);
      if (i === -1) throw LambdaErrors.notFound(`Statement ${input.StatementId} is not found in resource policy.`);
      doc.Statement.splice(i, 1);
      if (doc.Statement.length === 0) delete all[q];
      write(ref, all);
    },

    GetPolicy: (input, ctx) => {
      const ref = svc.ref(input.FunctionName, ctx, input.Qualifier);
      const { row, q } = target(ref);
      const doc = policies(row.policy)[q];
      if (!doc) throw LambdaErrors.notFound('The resource you requested does not exist.');
      return { Policy: JSON.stringify(doc), RevisionId: row.policy_revision ?? '' };
    },

    PutFunctionConcurrency: (input, ctx) => {
      const ref = svc.ref(input.FunctionName, ctx);
      svc.fn(ref);
      const elsewhere = svc.store.reservedElsewhere(ref);
      if (ACCOUNT_CONCURRENCY - elsewhere - input.ReservedConcurrentExecutions < MIN_UNRESERVED) {
        throw LambdaErrors.invalidParameter(
          `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${MIN_UNRESERVED}].`,
        );
      }
      svc.tx(() => svc.store.setConcurrency(ref, input.ReservedConcurrentExecutions));
      return { ReservedConcurrentExecutions: input.ReservedConcurrentExecutions };
    },

    GetFunctionConcurrency: (input, ctx) => {
      const row = svc.fn(svc.ref(input.FunctionName, ctx));
      return row.reserved_concurrency === null ? {} : { ReservedConcurrentExecutions: row.reserved_concurrency };
    },

    DeleteFunctionConcurrency: (input, ctx) => {
      const ref = svc.ref(input.FunctionName, ctx);
      svc.fn(ref);
      svc.tx(() => svc.store.setConcurrency(ref, null));
    },

    TagResource: (input, ctx) => {
      const ref = taggable(svc, input.Resource, ctx);
      const tags = { ...(JSON.parse(svc.fn(ref).tags) as Record<string, string>), ...input.Tags };
      if (Object.keys(tags).length > 50)
        throw LambdaErrors.invalidParameter('Number of tags exceeds resource tag limit.');
      svc.tx(() => svc.store.setTags(ref, tags));
    },

    UntagResource: (input, ctx) => {
      const ref = taggable(svc, input.Resource, ctx);
      const tags = JSON.parse(svc.fn(ref).tags) as Record<string, string>;
      for (const k of input.TagKeys) delete tags[k];
      svc.tx(() => svc.store.setTags(ref, tags));
    },

    ListTags: (input, ctx) => {
      const ref = taggable(svc, input.Resource, ctx);
      return { Tags: JSON.parse(svc.fn(ref).tags) as Record<string, string> };
    },
  };
}
