// Small assertion vocabulary for verify: each check collects the expectations that failed, so one CheckResult
// names every outcome that did not hold.
import { SimulatePrincipalPolicyCommand, type EvaluationResult, type IAMClient } from '@aws-sdk/client-iam';
import type { CheckResult } from '../../src/blueprints/types.js';
import { errorText, outcome } from './session.js';

export class Expect {
  readonly failures: string[] = [];
  passed = 0;

  ok(cond: boolean, what: string): void {
    if (cond) this.passed++;
    else this.failures.push(what);
  }

  /** The call must be refused with AccessDenied, and the message must name `why` (e.g. the policy type). */
  async denied(what: string, fn: () => Promise<unknown>, why?: RegExp): Promise<void> {
    const r = await outcome(fn);
    if (!r.denied) this.failures.push(`${what}: expected AccessDenied, got ${r.text}`);
    else if (why && !why.test(r.text)) this.failures.push(`${what}: denied for another reason: ${r.text}`);
    else this.passed++;
  }

  async allowed<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      const v = await fn();
      this.passed++;
      return v;
    } catch (err) {
      this.failures.push(`${what}: expected success, got ${errorText(err)}`);
      return undefined;
    }
  }
}

export async function check(name: string, body: (e: Expect) => Promise<void>): Promise<CheckResult> {
  const e = new Expect();
  try {
    await body(e);
  } catch (err) {
    e.failures.push(`aborted: ${errorText(err)}`);
  }
  return e.failures.length === 0
    ? { name, ok: true, detail: `${e.passed} expectations held` }
    : { name, ok: false, detail: e.failures.join('; ') };
}

export const SCP_DENY = /explicit deny in a service control policy/;
export const IDENTITY_DENY = /explicit deny in an identity-based policy/;
export const BOUNDARY_DENY = /no permissions boundary allows/;

export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny';

/** One simulated request: action, resource and the request's context keys (string values). */
export interface Sim {
  action: string;
  resource?: string;
  context?: Record<string, string>;
  /** Context keys of other types, e.g. { 'ec2:Encrypted': ['boolean', 'false'] }. */
  typed?: Record<string, [string, string]>;
}

/** iam:SimulatePrincipalPolicy for one request (the simulator includes the SCPs of the entity's account). */
export async function simulate(iam: IAMClient, source: string, s: Sim): Promise<EvaluationResult> {
  const entries = [
    ...Object.entries(s.context ?? {}).map(([k, v]) => ({
      ContextKeyName: k,
      ContextKeyType: 'string' as const,
      ContextKeyValues: [v],
    })),
    ...Object.entries(s.typed ?? {}).map(([k, [type, v]]) => ({
      ContextKeyName: k,
      ContextKeyType: type as 'boolean',
      ContextKeyValues: [v],
    })),
  ];
  const r = await iam.send(
    new SimulatePrincipalPolicyCommand({
      PolicySourceArn: source,
      ActionNames: [s.action],
      ...(s.resource ? { ResourceArns: [s.resource] } : {}),
      ContextEntries: entries,
    }),
  );
  const first = r.EvaluationResults?.[0];
  if (!first) throw new Error(`no simulation result for ${s.action}`);
  return first;
}

export async function expectSim(e: Expect, iam: IAMClient, source: string, s: Sim, want: Decision, label: string) {
  const r = await simulate(iam, source, s);
  const scp = r.OrganizationsDecisionDetail?.AllowedByOrganizations;
  e.ok(
    r.EvalDecision === want,
    `${label}: simulated ${s.action} → ${r.EvalDecision} (want ${want}; AllowedByOrganizations=${String(scp)})`,
  );
  return r;
}
