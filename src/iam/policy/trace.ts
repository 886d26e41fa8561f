// The evaluation trace behind GET /_atoll/explain: every policy the engine considered for a request and, for each
// statement, whether its action, resource, principal and each condition matched, with the values compared. Built
// only when asked for, from the request and policy set the engine was given (the hot path never pays for it); the
// decision itself is the engine's (evaluate.ts), this only explains it.
import { evaluateClause } from './conditions.js';
import { isIamPrincipal, matchPrincipalElement } from './principal.js';
import type { AuthzRequest, ConditionValue, PatternElement, Policy, PolicySet, Statement } from './types.js';
import { lowerKeys, resolveVariables } from './variables.js';
import { actionMatch, resourceMatch } from './wildcard.js';

export interface ConditionTrace {
  operator: string;
  key: string;
  /** The request's value for the key; absent when the request does not carry it. */
  requestValue?: ConditionValue;
  policyValues: string[];
  result: boolean;
}

export interface StatementTrace {
  sid?: string;
  index: number;
  effect: 'Allow' | 'Deny';
  matched: boolean;
  action: { element: 'Action' | 'NotAction'; values: string[]; result: boolean };
  resource?: { element: 'Resource' | 'NotResource'; values: string[]; result: boolean };
  principal?: { element: 'Principal' | 'NotPrincipal'; result: boolean; match?: string };
  conditions: ConditionTrace[];
  /** Why the statement does not apply (the first element that failed), or that it applies. */
  why: string;
}

export interface PolicyTrace {
  /** identity, resource, boundary, session, scp level N, rcp level N (levels count from the organization root). */
  type: string;
  name?: string;
  statements: StatementTrace[];
}

function patternTrace(el: PatternElement, hit: (p: string) => boolean) {
  const any = el.values.some(hit);
  return { values: el.values, result: el.negated ? !any : any };
}

type Ctx = ReturnType<typeof lowerKeys>;

function statementTrace(stmt: Statement, policy: Policy, req: AuthzRequest, context: Ctx, hasBoundary: boolean) {
  const variables = policy.version === '2012-10-17';
  const action = {
    element: stmt.action.negated ? ('NotAction' as const) : ('Action' as const),
    ...patternTrace(stmt.action, (p) => actionMatch(p, req.action)),
  };
  const out: StatementTrace = {
    index: stmt.index,
    effect: stmt.effect,
    matched: false,
    action,
    conditions: [],
    why: '',
  };
  if (stmt.sid !== undefined) out.sid = stmt.sid;
  const failed: string[] = [];
  if (!action.result) failed.push(`${action.element} does not match ${req.action}`);
  if (stmt.resource) {
    const resource = {
      element: stmt.resource.negated ? ('NotResource' as const) : ('Resource' as const),
      ...patternTrace(stmt.resource, (raw) => {
        const pattern = variables ? resolveVariables(raw, context) : raw;
        return pattern !== undefined && resourceMatch(pattern, req.resource);
      }),
    };
    out.resource = resource;
    if (!resource.result) failed.push(`${resource.element} does not match ${req.resource}`);
  }
  if (stmt.principal) {
    const match = matchPrincipalElement(stmt.principal, req.principal, stmt.effect === 'Deny', hasBoundary);
    out.principal = {
      element: stmt.principal.negated ? 'NotPrincipal' : 'Principal',
      result: match !== undefined,
      ...(match ? { match } : {}),
    };
    if (!match) failed.push(`${out.principal.element} does not match ${req.principal.arn}`);
  }
  for (const c of stmt.conditions) {
    const result = evaluateClause(c, context, policy.version);
    const value = context[c.key];
    out.conditions.push({
      operator: c.raw,
      key: c.key,
      ...(value !== undefined ? { requestValue: value } : {}),
      policyValues: c.values,
      result,
    });
    if (!result) failed.push(`condition ${c.raw} on ${c.key} is false`);
  }
  out.matched = failed.length === 0;
  out.why = out.matched ? `applies (${stmt.effect})` : failed.join('; ');
  return out;
}

function policyTrace(type: string, policy: Policy, req: AuthzRequest, context: Ctx, hasBoundary: boolean) {
  const statements = policy.statements.map((s) => statementTrace(s, policy, req, context, hasBoundary));
  const t: PolicyTrace = { type, statements };
  if (policy.name !== undefined) t.name = policy.name;
  return t;
}

/** Every policy the engine considers for `req` (the same selection as evaluate()), statement by statement. */
export function tracePolicies(req: AuthzRequest, set: PolicySet): PolicyTrace[] {
  const p = req.principal;
  const context = lowerKeys(req.context);
  const iam = isIamPrincipal(p);
  const exempt = p.isServiceLinkedRole === true;
  const out: PolicyTrace[] = [];
  const add = (type: string, policies: readonly Policy[]) => {
    for (const policy of policies) out.push(policyTrace(type, policy, req, context, set.boundary !== undefined));
  };
  if (iam && !exempt && !set.principalInManagementAccount) {
    (set.scps ?? []).forEach((level, i) => add(`scp level ${i}`, level));
  }
  if (!exempt && !set.resourceInManagementAccount) (set.rcps ?? []).forEach((level, i) => add(`rcp level ${i}`, level));
  if (set.resource !== undefined) add('resource', [set.resource].flat());
  if (iam && p.type !== 'Root') add('identity', set.identity);
  if (set.boundary && p.type !== 'Root') add('boundary', [set.boundary]);
  if (set.session && iam) add('session', set.session);
  return out;
}
