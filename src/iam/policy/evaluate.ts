// The IAM User Guide's policy evaluation logic ("How AWS enforcement code logic evaluates requests to allow or deny
// access", the single-account flowcharts and "Cross-account policy evaluation logic"):
//   1. an explicit Deny in any applicable policy wins;
//   2. RCPs of the resource's account must allow (every level), unless it is the management account or the caller a
//      service-linked role;
//   3. SCPs of the principal's account must allow (every level), with the same exemptions;
//   4. same account: a resource policy naming the caller grants by itself; naming the role behind a session still
//      needs the boundary and session policies; otherwise identity ∧ boundary ∧ session policies must allow;
//   5. cross account: the caller's side (identity ∧ boundary ∧ session) and the resource policy must both allow.
import { isIamPrincipal, type PrincipalMatch } from './principal.js';
import { statementApplies, type StatementInput } from './statement.js';
import type { AuthzRequest, EvaluationResult, MatchedStatement, Policy, PolicySet, PolicyType } from './types.js';
import { lowerKeys } from './variables.js';
import { splitArn } from './wildcard.js';

interface Outcome {
  allows: MatchedStatement[];
  denies: MatchedStatement[];
  /** Strongest principal match among allowing statements (resource policies). */
  grant?: PrincipalMatch;
}

const RANK: Record<PrincipalMatch, number> = { direct: 3, role: 2, account: 1 };

function run(policies: readonly Policy[], type: PolicyType, input: StatementInput): Outcome {
  const out: Outcome = { allows: [], denies: [] };
  for (const policy of policies) {
    for (const stmt of policy.statements) {
      const match = statementApplies(stmt, policy, input);
      if (!match) continue;
      const entry: MatchedStatement = { policyType: type, index: stmt.index, effect: stmt.effect };
      if (policy.name !== undefined) entry.policyName = policy.name;
      if (stmt.sid !== undefined) entry.sid = stmt.sid;
      if (stmt.effect === 'Deny') out.denies.push(entry);
      else {
        out.allows.push(entry);
        if (!out.grant || RANK[match] > RANK[out.grant]) out.grant = match;
      }
    }
  }
  return out;
}

function phrase(type: PolicyType): string {
  return type === 'permissions boundary' ? type : `${type} policy`;
}

function denied(decision: 'ExplicitDeny' | 'ImplicitDeny', type: PolicyType, action: string, m: MatchedStatement[]) {
  const reason =
    decision === 'ExplicitDeny'
      ? `with an explicit deny in ${type === 'identity-based' ? 'an' : 'a'} ${phrase(type)}`
      : `because no ${phrase(type)} allows the ${action} action`;
  return { decision, matchedStatements: m, deniedBy: type, reason } satisfies EvaluationResult;
}

/** The account owning the resource: explicit, else the ARN's account field, else the caller's account. */
export function resourceAccountOf(req: AuthzRequest): string {
  if (req.resourceAccountId) return req.resourceAccountId;
  const account = splitArn(req.resource)?.[4];
  return account ? account : req.principal.accountId;
}

export function evaluate(req: AuthzRequest, policies: PolicySet): EvaluationResult {
  const p = req.principal;
  const input: StatementInput = {
    principal: p,
    action: req.action,
    resource: req.resource,
    context: lowerKeys(req.context),
    hasBoundary: policies.boundary !== undefined,
  };
  const iam = isIamPrincipal(p);
  const exempt = p.isServiceLinkedRole === true;
  const scpLevels = iam && !exempt && !policies.principalInManagementAccount ? policies.scps : undefined;
  const rcpLevels = !exempt && !policies.resourceInManagementAccount ? policies.rcps : undefined;
  const resourcePolicies = policies.resource === undefined ? [] : [policies.resource].flat();

  const scp = (scpLevels ?? []).map((level) => run(level, 'service control', input));
  const rcp = (rcpLevels ?? []).map((level) => run(level, 'resource control', input));
  const resource = run(resourcePolicies, 'resource-based', input);
  // Root has no identity policies (it is allowed everything), and non-IAM callers have none at all.
  const identity = run(iam && p.type !== 'Root' ? policies.identity : [], 'identity-based', input);
  const boundary =
    policies.boundary && p.type !== 'Root' ? run([policies.boundary], 'permissions boundary', input) : undefined;
  const session = policies.session && iam ? run(policies.session, 'session', input) : undefined;

  // 1. explicit deny anywhere
  const all = [...scp, ...rcp, resource, identity, ...(boundary ? [boundary] : []), ...(session ? [session] : [])];
  const denies = all.flatMap((o) => o.denies);
  if (denies.length > 0) return denied('ExplicitDeny', denies[0].policyType, req.action, denies);

  // 2-3. organization guardrails: at least one Allow at every level
  for (const level of rcp)
    if (level.allows.length === 0) return denied('ImplicitDeny', 'resource control', req.action, []);
  for (const level of scp)
    if (level.allows.length === 0) return denied('ImplicitDeny', 'service control', req.action, []);

  const allows = all.flatMap((o) => o.allows);
  const allow = (why: string): EvaluationResult => ({ decision: 'Allow', matchedStatements: allows, reason: why });
  const grant = resource.grant;

  // Service principals, anonymous and web-identity/SAML callers can only be let in by the resource policy.
  if (!iam)
    return grant
      ? allow('allowed by the resource-based policy')
      : denied('ImplicitDeny', 'resource-based', req.action, []);

  const identityOk = p.type === 'Root' || identity.allows.length > 0;
  const boundaryOk = !boundary || boundary.allows.length > 0;
  const sessionOk = !session || session.allows.length > 0;
  const callerSide = (): EvaluationResult | undefined => {
    if (!identityOk) return denied('ImplicitDeny', 'identity-based', req.action, []);
    if (!boundaryOk) return denied('ImplicitDeny', 'permissions boundary', req.action, []);
    if (!sessionOk) return denied('ImplicitDeny', 'session', req.action, []);
    return undefined;
  };

  if (resourceAccountOf(req) !== p.accountId) {
    // 5. cross-account: both sides must allow
    if (!grant) return denied('ImplicitDeny', 'resource-based', req.action, []);
    return callerSide() ?? allow('allowed by the caller account and the resource policy');
  }

  // 4. same account
  if (grant === 'direct') return allow('allowed by a resource-based policy naming the principal');
  if (grant === 'role') {
    if (!boundaryOk) return denied('ImplicitDeny', 'permissions boundary', req.action, []);
    if (!sessionOk) return denied('ImplicitDeny', 'session', req.action, []);
    return allow('allowed by a resource-based policy naming the role or user behind the session');
  }
  if (policies.resourcePolicyRequired && !grant) return denied('ImplicitDeny', 'resource-based', req.action, []);
  return callerSide() ?? allow('allowed by identity-based policies');
}

/** AWS's AccessDenied wording: "User: <arn> is not authorized to perform: <action> on resource: <res> because ...". */
export function accessDeniedMessage(req: AuthzRequest, result: EvaluationResult): string {
  return `User: ${req.principal.arn} is not authorized to perform: ${req.action} on resource: ${req.resource} ${result.reason}`;
}
