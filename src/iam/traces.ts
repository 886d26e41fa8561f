// The last authorization decisions, kept for GET /_atoll/explain/<requestId>. Recording stores references to what
// the authorizer already built (the principal, the engine's request, policy set and result): no copies, no strings.
// The statement-by-statement trace is rendered only when someone asks for it.
import type { AuthzTarget } from '../services/types.js';
import {
  tracePolicies,
  type AuthzPrincipal,
  type AuthzRequest,
  type EvaluationResult,
  type PolicySet,
} from './policy/index.js';

export interface TargetRecord {
  target: AuthzTarget;
  /** Decided without the engine (e.g. an account's root in its own account, no policy in the way). */
  shortcut?: string;
  req?: AuthzRequest;
  set?: PolicySet;
  result?: EvaluationResult;
  message?: string;
}

export interface RequestRecord {
  requestId: string;
  time: number;
  operation: string;
  principal: AuthzPrincipal;
  mode: 'enforce' | 'audit';
  targets: TargetRecord[];
}

const POLICY_TYPE: Record<string, string> = {
  'identity-based': 'identity-based policy',
  'resource-based': 'resource-based policy',
  'permissions boundary': 'permissions boundary',
  session: 'session policy',
  'service control': 'service control policy (SCP)',
  'resource control': 'resource control policy (RCP)',
};

export class TraceLog {
  private readonly ring: Array<RequestRecord | undefined>;
  private next = 0;

  constructor(readonly capacity = 1000) {
    this.ring = new Array<RequestRecord | undefined>(capacity);
  }

  add(rec: RequestRecord): void {
    this.ring[this.next] = rec;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Newest first: a request id is looked up rarely, so no index is maintained on the hot path. */
  find(requestId: string): RequestRecord | undefined {
    for (let i = 1; i <= this.capacity; i++) {
      const rec = this.ring[(this.next - i + this.capacity) % this.capacity];
      if (rec?.requestId === requestId) return rec;
    }
    return undefined;
  }

  /** The explain document of a request, or undefined when it is not (or no longer) kept. */
  explain(requestId: string): Record<string, unknown> | undefined {
    const rec = this.find(requestId);
    return rec ? render(rec) : undefined;
  }
}

function decisionOf(t: TargetRecord): string {
  return t.result?.decision ?? 'Allow';
}

function render(rec: RequestRecord): Record<string, unknown> {
  const targets = rec.targets.map((t) => {
    const out: Record<string, unknown> = {
      action: t.target.action,
      resource: t.target.resource,
      decision: decisionOf(t),
    };
    if (t.req) {
      out.resourceAccount = t.req.resourceAccountId;
      out.context = t.req.context;
    } else if (t.target.context) out.context = t.target.context;
    if (t.shortcut) out.reason = t.shortcut;
    if (t.result) {
      out.reason = t.result.reason;
      if (t.result.deniedBy) out.deniedBy = POLICY_TYPE[t.result.deniedBy] ?? t.result.deniedBy;
      out.matchedStatements = t.result.matchedStatements;
    }
    if (t.message) out.message = t.message;
    if (t.req && t.set) out.policies = tracePolicies(t.req, t.set);
    return out;
  });
  const denied = rec.targets.find((t) => decisionOf(t) !== 'Allow');
  return {
    requestId: rec.requestId,
    time: new Date(rec.time).toISOString(),
    operation: rec.operation,
    mode: rec.mode,
    principal: rec.principal,
    decision: denied ? decisionOf(denied) : 'Allow',
    ...(denied && rec.mode === 'audit' ? { enforced: false } : {}),
    ...(denied?.message ? { message: denied.message } : {}),
    targets,
  };
}
