// Account-level resource policies (PutResourcePolicy, DescribeResourcePolicies, DeleteResourcePolicy): they
// let AWS services such as EventBridge write to log groups. resourcePolicy() merges them for the authorizer.
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import { LogsErrors } from './errors.js';
import type { LogsService } from './service.js';

type PolicyOps = 'PutResourcePolicy' | 'DescribeResourcePolicies' | 'DeleteResourcePolicy';

const MAX_POLICIES = 10;
const MAX_DOCUMENT = 5120;

export function policyHandlers(svc: LogsService): Pick<HandlerTable<Operations>, PolicyOps> {
  return {
    PutResourcePolicy(input, ctx) {
      if (input.policyName === undefined) throw LogsErrors.invalidParameter('policyName is required.');
      if (input.policyDocument === undefined) throw LogsErrors.invalidParameter('policyDocument is required.');
      const name = input.policyName;
      const document = input.policyDocument;
      if (document.length > MAX_DOCUMENT) {
        throw LogsErrors.invalidParameter(`Policy document exceeds the maximum length of ${MAX_DOCUMENT}.`);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(document);
      } catch {
        throw LogsErrors.invalidParameter('Policy document is not valid JSON.');
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw LogsErrors.invalidParameter('Policy document is not valid JSON.');
      }
      const now = svc.now();
      svc.tx(() => {
        const existing = svc.store.policies(ctx.accountId, ctx.region);
        if (!existing.some((p) => p.name === name) && existing.length >= MAX_POLICIES) {
          throw LogsErrors.limitExceeded('Resource limit exceeded.');
        }
        svc.store.putPolicy(ctx.accountId, ctx.region, name, document, now);
      });
      return { resourcePolicy: { policyName: name, policyDocument: document, lastUpdatedTime: now } };
    },

    DescribeResourcePolicies(_input, ctx) {
      return {
        resourcePolicies: svc.store.policies(ctx.accountId, ctx.region).map((p) => ({
          policyName: p.name,
          policyDocument: p.document,
          lastUpdatedTime: p.updated_at,
        })),
      };
    },

    DeleteResourcePolicy(input, ctx) {
      const name = input.policyName ?? '';
      const deleted = svc.tx(() => svc.store.deletePolicy(ctx.accountId, ctx.region, name));
      if (!deleted) throw LogsErrors.resourceNotFound(`Policy with name [${name}] does not exist`);
    },
  };
}

/** One document holding the statements of every resource policy of the ARN's account and region. */
export function mergedPolicy(svc: LogsService, arn: string): string | undefined {
  const m = /^arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):/.exec(arn);
  if (!m) return undefined;
  const policies = svc.store.policies(m[2]!, m[1]!);
  if (policies.length === 0) return undefined;
  const statements: unknown[] = [];
  for (const p of policies) {
    const doc = JSON.parse(p.document) as { Statement?: unknown };
    if (Array.isArray(doc.Statement)) statements.push(...(doc.Statement as unknown[]));
    else if (doc.Statement !== undefined) statements.push(doc.Statement);
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
