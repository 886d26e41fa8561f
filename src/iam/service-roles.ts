// Execution roles: the role a service assumes to act for a resource (a Lambda function's execution role, a state
// machine's role, an EventBridge target's RoleArn). When the role exists in IAM the service acts as an assumed-role
// session of it, after the role's trust policy allowed the service principal; its calls are then authorized with the
// role's policies like any session's. A role that IAM does not know (quick tests name made-up role ARNs) leaves the
// service acting as the account's root: atoll's documented leniency (docs/coverage/iam.md).
//
// Sessions are real STS credentials (ASIA keys SigV4 verifies), issued in-process and cached per role, service and
// session name until shortly before they expire, so a hot path (every Invoke) costs one map lookup.
import { issue } from '../services/sts/sessions.js';
import type { CoreServices, Principal } from '../services/types.js';
import { directoryFor, type IamDirectory } from './directory.js';
import { iamArn } from './ids.js';
import { buildGlobalContext, evaluate, type AuthzPrincipal, type Policy } from './policy/index.js';
import type { RoleRec, SessionData } from './records.js';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role(\/.*\/|\/)([^/]+)$/;
/** Sessions last an hour and are replaced once less than REFRESH_MS remain (longer than any Lambda timeout). */
const DURATION_S = 3600;
const REFRESH_MS = 20 * 60_000;

export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: number;
}

export interface RoleSession {
  /** The assumed-role session as a Caller's principal (`arn:aws:sts::A:assumed-role/Role/Session`). */
  principal: Principal;
  credentials: RoleCredentials;
}

export type RoleUse =
  /** IAM has no such role: act as the account's root. */
  | { kind: 'absent' }
  /** The role exists but its trust policy does not let the service assume it. */
  | { kind: 'untrusted'; roleArn: string; service: string }
  | { kind: 'session'; session: RoleSession };

export interface AssumeOptions {
  /** For regional service principals (states.us-east-1.amazonaws.com) and aws:RequestedRegion. */
  region: string;
  /** The resource the service acts for (aws:SourceArn / aws:SourceAccount in the trust policy). */
  sourceArn?: string;
}

interface Cached {
  session: RoleSession;
  roleId: string;
  generation: number;
}

/** A role session name as STS accepts it ([\w+=,.@-]{2,64}). */
export function sessionNameOf(name: string): string {
  const clean = name.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return clean.length >= 2 ? clean : `${clean}--`.slice(0, 2);
}

export class ServiceRoles {
  private readonly cache = new Map<string, Cached>();
  /** Roles found absent or untrusting, until IAM changes (the hot path of made-up role ARNs stays a lookup). */
  private readonly refused = new Map<string, { use: RoleUse; generation: number }>();

  constructor(
    private readonly core: CoreServices,
    private readonly dir: IamDirectory,
  ) {
    core.store.onReset(() => {
      this.cache.clear();
      this.refused.clear();
    });
  }

  /** The role an ARN names, if IAM has it (path included). */
  role(roleArn: string): { accountId: string; role: RoleRec } | undefined {
    const m = ROLE_ARN.exec(roleArn);
    if (!m) return undefined;
    const role = this.dir.store.get(m[1]!, 'role', m[3]!);
    if (!role || role.path !== m[2] || role.name !== m[3]) return undefined;
    return { accountId: m[1]!, role };
  }

  /** Whether the role's trust policy lets `service` (global or regional principal) call sts:AssumeRole. */
  trusts(accountId: string, role: RoleRec, service: string, opts: AssumeOptions): boolean {
    let trust: Policy;
    try {
      trust = this.dir.parse(role.trust, 'trust', 'trust policy');
    } catch {
      return false;
    }
    const roleArn = iamArn(accountId, 'role', role.path, role.name);
    const regional = service.replace(/\.amazonaws\.com$/, `.${opts.region}.amazonaws.com`);
    const sourceAccount = opts.sourceArn?.split(':')[4];
    return [service, regional].some((name) => {
      const principal: AuthzPrincipal = { arn: name, accountId, type: 'Service' };
      const context = buildGlobalContext({
        principal,
        now: this.core.now(),
        requestedRegion: opts.region,
        resourceAccount: accountId,
        ...(opts.sourceArn ? { sourceArn: opts.sourceArn, sourceAccount: sourceAccount ?? accountId } : {}),
      });
      const req = { principal, action: 'sts:AssumeRole', resource: roleArn, resourceAccountId: accountId, context };
      return evaluate(req, { identity: [], resource: trust, resourcePolicyRequired: true }).decision === 'Allow';
    });
  }

  /** What a service acting through `roleArn` acts as (see RoleUse). */
  assume(roleArn: string, service: string, sessionName: string, opts: AssumeOptions): RoleUse {
    const name = sessionNameOf(sessionName);
    const key = `${roleArn}\u0000${service}\u0000${name}`;
    const hit = this.cache.get(key);
    const now = this.core.now();
    if (hit && hit.generation === this.dir.generation && hit.session.credentials.expiresAt - now > REFRESH_MS) {
      return { kind: 'session', session: hit.session };
    }
    const no = this.refused.get(key);
    if (no && no.generation === this.dir.generation) return no.use;
    const refuse = (use: RoleUse): RoleUse => {
      this.cache.delete(key);
      if (this.refused.size > 10_000) this.refused.clear();
      this.refused.set(key, { use, generation: this.dir.generation });
      return use;
    };
    const found = this.role(roleArn);
    if (!found) return refuse({ kind: 'absent' });
    const { accountId, role } = found;
    if (!this.trusts(accountId, role, service, opts)) return refuse({ kind: 'untrusted', roleArn, service });
    this.refused.delete(key);
    // Still valid and for the same role (IAM changed something else): keep the credentials.
    if (hit && hit.roleId === role.id && hit.session.credentials.expiresAt - now > REFRESH_MS) {
      hit.generation = this.dir.generation;
      return { kind: 'session', session: hit.session };
    }
    const session = this.issue(accountId, role, name);
    // Step Functions keys sessions by execution: bound the cache (an evicted session is simply issued again).
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { session, roleId: role.id, generation: this.dir.generation });
    return { kind: 'session', session };
  }

  /**
   * Whether a role session may perform `action` on a resource that atoll moves data to without an API call (an
   * event bus target): the role's policies, boundary and the resource's policy (another account's resource needs
   * both). Organization policies are not consulted here.
   */
  allows(session: RoleSession, action: string, resource: string, resourceAccountId: string, policy?: string): boolean {
    const view = this.dir.principalFor(session.principal.accessKeyId, session.principal.accountId);
    const context = buildGlobalContext({
      principal: view.principal,
      now: this.core.now(),
      resourceAccount: resourceAccountId,
      ...(view.sessionData ? { tokenIssueTime: view.sessionData.issuedAt } : {}),
    });
    let resourcePolicy: Policy | undefined;
    try {
      resourcePolicy = policy ? this.dir.parse(policy, 'resource', 'resource policy') : undefined;
    } catch {
      resourcePolicy = undefined;
    }
    const req = { principal: view.principal, action, resource, resourceAccountId, context };
    const set = {
      identity: view.identity,
      ...(resourcePolicy ? { resource: resourcePolicy } : {}),
      ...(view.boundary ? { boundary: view.boundary } : {}),
    };
    return evaluate(req, set).decision === 'Allow';
  }

  private issue(accountId: string, role: RoleRec, sessionName: string): RoleSession {
    const arn = `arn:aws:sts::${accountId}:assumed-role/${role.name}/${sessionName}`;
    const data: SessionData = {
      type: 'AssumedRole',
      arn,
      userId: `${role.id}:${sessionName}`,
      roleName: role.name,
      sessionName,
      tags: {},
      transitiveTagKeys: [],
      issuedAt: this.core.now(),
    };
    const c = issue(this.dir, accountId, DURATION_S, data);
    return {
      principal: { accountId, arn, accessKeyId: c.AccessKeyId, anonymous: false },
      credentials: {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiresAt: c.Expiration.getTime(),
      },
    };
  }
}

const registry = new WeakMap<CoreServices, ServiceRoles>();

/** The one ServiceRoles of this atoll (created on first use). */
export function serviceRolesFor(core: CoreServices): ServiceRoles {
  let r = registry.get(core);
  if (!r) {
    r = new ServiceRoles(core, directoryFor(core));
    registry.set(core, r);
  }
  return r;
}
