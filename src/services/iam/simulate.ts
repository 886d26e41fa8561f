// SimulatePrincipalPolicy / SimulateCustomPolicy: the request authorizer's engine, run over the entity's policies
// (or the given ones) for each action and resource.
import type { ContextEntry, EvaluationResult as SimResult } from '../../../generated/iam/types.js';
import type { PrincipalView } from '../../iam/directory.js';
import {
  buildGlobalContext,
  evaluate,
  parsePolicy,
  PolicyDocumentError,
  type AuthzPrincipal,
  type ConditionContext,
  type Decision,
  type Policy,
  type PolicyKind,
  type PolicySet,
} from '../../iam/policy/index.js';
import type { RequestContext } from '../types.js';
import type { Handlers } from './api.js';
import { IamErrors } from './errors.js';
import type { IamService } from './service.js';

const DECISION: Record<Decision, SimResult['EvalDecision']> = {
  Allow: 'allowed',
  ExplicitDeny: 'explicitDeny',
  ImplicitDeny: 'implicitDeny',
};

function parseInputs(docs: string[] | undefined, kind: PolicyKind, prefix: string): Policy[] {
  return (docs ?? []).map((d, i) => {
    try {
      return parsePolicy(d, kind, { name: `${prefix}${i + 1}` });
    } catch (err) {
      if (err instanceof PolicyDocumentError) throw IamErrors.malformedPolicy(err.message);
      throw err;
    }
  });
}

function contextOf(entries: ContextEntry[] | undefined): ConditionContext {
  const out: ConditionContext = {};
  for (const e of entries ?? []) {
    if (!e.ContextKeyName) continue;
    const values = e.ContextKeyValues ?? [];
    const list = (e.ContextKeyType ?? 'string').endsWith('List');
    out[e.ContextKeyName] = list ? values : values[0];
  }
  return out;
}

interface SimInput {
  ActionNames: string[];
  ResourceArns?: string[];
  ResourcePolicy?: string;
  ResourceOwner?: string;
  ContextEntries?: ContextEntry[];
  PermissionsBoundaryPolicyInputList?: string[];
  Marker?: string;
  MaxItems?: number;
}

/**
 * SimulatePrincipalPolicy includes the SCPs that affect the entity's account (AWS reports their effect in
 * OrganizationsDecisionDetail); the management account is exempt, as in enforcement.
 */
function organizationOf(svc: IamService, p: AuthzPrincipal): { scps?: Policy[][]; principal: AuthzPrincipal } {
  const org = svc.core.service('organizations')?.organizationView;
  const info = org?.organizationOf(p.accountId);
  if (!org || !info) return { principal: p };
  const principal = { ...p, orgId: info.id, orgPaths: info.paths };
  const levels = org.isManagementAccount(p.accountId) ? undefined : org.serviceControlPolicies(p.accountId);
  if (!levels) return { principal };
  return { principal, scps: levels.map((level) => level.map((d, i) => svc.dir.parse(d, 'scp', `scp${i}`))) };
}

function simulate(svc: IamService, view: PrincipalView, extra: Policy[], input: SimInput, withOrg = false) {
  const resource = input.ResourcePolicy ? parseInputs([input.ResourcePolicy], 'resource', 'ResourcePolicy') : [];
  const boundaries = parseInputs(
    input.PermissionsBoundaryPolicyInputList,
    'boundary',
    'PermissionsBoundaryPolicyInputList.',
  );
  const set: PolicySet = { identity: [...view.identity, ...extra] };
  if (resource.length > 0) set.resource = resource;
  const { scps, principal } = withOrg
    ? organizationOf(svc, view.principal)
    : { scps: undefined, principal: view.principal };
  if (scps) set.scps = scps;
  const boundary = boundaries[0] ?? view.boundary;
  if (boundary) set.boundary = boundary;
  const given = contextOf(input.ContextEntries);
  const results: SimResult[] = [];
  for (const action of input.ActionNames) {
    for (const arn of input.ResourceArns ?? ['*']) {
      const context = { ...buildGlobalContext({ principal, now: svc.now() }), ...given };
      const req = {
        principal,
        action,
        resource: arn,
        context,
        ...(input.ResourceOwner
          ? { resourceAccountId: input.ResourceOwner.split(':')[4] ?? view.principal.accountId }
          : {}),
      };
      const r = evaluate(req, set);
      const out: SimResult = {
        EvalActionName: action,
        EvalResourceName: arn,
        EvalDecision: DECISION[r.decision],
        MatchedStatements: r.matchedStatements.map((m) => ({
          SourcePolicyId: m.policyName ?? '',
          SourcePolicyType: m.policyType === 'resource-based' ? 'resource' : 'user',
        })),
        MissingContextValues: [],
      };
      if (set.scps) out.OrganizationsDecisionDetail = { AllowedByOrganizations: r.deniedBy !== 'service control' };
      if (boundary)
        out.PermissionsBoundaryDecisionDetail = { AllowedByPermissionsBoundary: r.deniedBy !== 'permissions boundary' };
      results.push(out);
    }
  }
  const { items, ...page } = svc.page(results, input);
  return { EvaluationResults: items, ...page };
}

/** The principal a PolicySourceArn names, with its policies. */
function sourceView(svc: IamService, ctx: RequestContext, arn: string): PrincipalView {
  const m = /^arn:aws:iam::(\d{12}):(user|group|role)\/(?:.*\/)?([^/]+)$/.exec(arn);
  const bad = () => IamErrors.invalidInput(`Invalid Entity Arn: ${arn} does not clearly define entity type and name.`);
  if (!m) throw bad();
  const [, account, type, name] = m as unknown as [string, string, 'user' | 'group' | 'role', string];
  if (account !== ctx.accountId) throw bad();
  if (type === 'user') {
    const u = svc.get(ctx, 'user', name);
    if (!u) throw IamErrors.noSuchEntity(`Could not find user with name ${name}`);
    return svc.dir.userView(account, u);
  }
  if (type === 'group') {
    const g = svc.must(ctx, 'group', name);
    const view = svc.dir.userView(account, { ...g, tags: [], groups: [], inline: {}, attached: [] });
    view.identity = svc.dir.userPolicies(account, { ...g, tags: [], groups: [g.name] });
    return view;
  }
  const r = svc.must(ctx, 'role', name);
  const principal: AuthzPrincipal = { arn, accountId: account, type: 'AssumedRole', userId: r.id, roleArn: arn };
  const view = svc.dir.roleSessionView(
    account,
    { type: 'AssumedRole', arn, userId: r.id, roleName: r.name, tags: {}, transitiveTagKeys: [], issuedAt: svc.now() },
    r,
  );
  return { ...view, principal: { ...view.principal, ...principal } };
}

export function simulateHandlers(svc: IamService): Handlers {
  return {
    SimulatePrincipalPolicy: (input, ctx) => {
      const view = sourceView(svc, ctx, input.PolicySourceArn);
      return simulate(svc, view, parseInputs(input.PolicyInputList, 'identity', 'PolicyInputList.'), input, true);
    },
    SimulateCustomPolicy: (input, ctx) => {
      const caller = input.CallerArn;
      const principal: AuthzPrincipal = caller
        ? {
            arn: caller,
            accountId: caller.split(':')[4] || ctx.accountId,
            type: 'User',
            username: caller.split('/').pop() ?? '',
          }
        : { arn: `arn:aws:iam::${ctx.accountId}:user/simulated`, accountId: ctx.accountId, type: 'User' };
      return simulate(
        svc,
        { principal, identity: [] },
        parseInputs(input.PolicyInputList, 'identity', 'PolicyInputList.'),
        input,
      );
    },
  };
}
