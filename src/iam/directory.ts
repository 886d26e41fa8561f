// The IAM directory: one per atoll, shared by the IAM and STS services and the authorizer. It owns the store,
// answers SigV4 for the keys IAM and STS issue, and resolves a caller's access key to the principal and policy set
// the engine evaluates. Everything it derives is cached and dropped on any IAM/STS write (writes are rare; the
// request path is hot).
import type { CredentialLookup, CredentialRecord } from '../auth/sigv4.js';
import type { CoreServices } from '../services/types.js';
import { AWS_MANAGED_POLICIES } from './aws-managed.js';
import { iamArn } from './ids.js';
import { parsePolicy, type AuthzPrincipal, type Policy, type PolicyKind } from './policy/index.js';
import type { Permissions, RoleRec, SessionData, UserRec } from './records.js';
import { IamStore } from './store.js';

/** A caller resolved for the engine: who it is and every policy that bounds it. */
export interface PrincipalView {
  principal: AuthzPrincipal;
  identity: Policy[];
  boundary?: Policy;
  session?: Policy[];
  /** Temporary credentials: what the session remembers (aws:TokenIssueTime, aws:SourceIdentity). */
  sessionData?: SessionData;
  /** Set for IAM users' long-term keys (GetAccessKeyLastUsed). */
  accessKeyId?: string;
}

const PARSED_CACHE_MAX = 5000;

export class IamDirectory implements CredentialLookup {
  readonly store: IamStore;
  private creds = new Map<string, CredentialRecord | null>();
  private views = new Map<string, PrincipalView>();
  private parsed = new Map<string, Policy>();
  private lastTouch = new Map<string, number>();
  /** Bumped by every IAM/STS write: callers caching what they derived from IAM compare it. */
  generation = 0;

  constructor(private readonly core: CoreServices) {
    this.store = new IamStore(core.store.db);
    core.store.onReset(() => this.changed());
  }

  now(): number {
    return this.core.now();
  }

  /** Call after every IAM/STS write (inside or after the transaction). */
  changed(): void {
    this.generation++;
    this.creds.clear();
    this.views.clear();
  }

  // ---- SigV4 ----

  secretFor(accessKeyId: string): CredentialRecord | undefined {
    const cached = this.creds.get(accessKeyId);
    if (cached !== undefined) return cached ?? undefined;
    const rec = this.loadCredential(accessKeyId);
    if (this.creds.size > 100_000) this.creds.clear();
    this.creds.set(accessKeyId, rec ?? null);
    return rec;
  }

  private loadCredential(keyId: string): CredentialRecord | undefined {
    if (keyId.startsWith('AKIA')) {
      const row = this.store.accessKey(keyId);
      if (!row) return undefined;
      const user = this.store.get(row.account_id, 'user', row.user_name);
      const rec: CredentialRecord = { secretAccessKey: row.secret, accountId: row.account_id };
      if (row.status !== 'Active' || !user) rec.disabled = true;
      if (user) rec.principalArn = iamArn(row.account_id, 'user', user.path, user.name);
      return rec;
    }
    if (keyId.startsWith('ASIA')) {
      const row = this.store.session(keyId);
      if (!row) return undefined;
      return {
        secretAccessKey: row.secret,
        accountId: row.account_id,
        sessionToken: row.token,
        principalArn: row.parsed.arn,
        expiresAt: row.expires_at,
      };
    }
    return undefined;
  }

  // ---- policies ----

  /** Parses a stored (already validated) document, cached by kind and text. */
  parse(text: string, kind: PolicyKind, name: string): Policy {
    const key = `${kind}\u0000${name}\u0000${text}`;
    let p = this.parsed.get(key);
    if (!p) {
      // Organizations validated its own documents (including AWS managed RCPs, which may Allow).
      p = parsePolicy(text, kind, { name, size: { sizeClass: 'unlimited' }, awsManaged: kind === 'rcp' });
      if (this.parsed.size >= PARSED_CACHE_MAX) this.parsed.clear();
      this.parsed.set(key, p);
    }
    return p;
  }

  /** The default version's document of a managed policy (AWS managed or the account's own). */
  managedDocument(accountId: string, arn: string): string | undefined {
    const aws = AWS_MANAGED_POLICIES.get(arn);
    if (aws) return aws.document;
    const m = /^arn:aws:iam::(\d{12}):policy\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (!m || m[1] !== accountId) return undefined;
    const p = this.store.get(accountId, 'policy', m[2]!);
    if (!p || iamArn(accountId, 'policy', p.path, p.name) !== arn) return undefined;
    return p.versions.find((v) => v.id === p.defaultVersion)?.document;
  }

  private permissionPolicies(accountId: string, perms: Permissions, kind: PolicyKind = 'identity'): Policy[] {
    const out: Policy[] = [];
    for (const [name, doc] of Object.entries(perms.inline)) out.push(this.parse(doc, kind, name));
    for (const arn of perms.attached) {
      const doc = this.managedDocument(accountId, arn);
      if (doc) out.push(this.parse(doc, kind, arn));
    }
    return out;
  }

  private boundaryOf(accountId: string, arn: string | undefined): Policy | undefined {
    if (!arn) return undefined;
    const doc = this.managedDocument(accountId, arn);
    // A boundary whose policy is gone allows nothing (IAM refuses to delete a policy in use as a boundary).
    return doc ? this.parse(doc, 'boundary', arn) : { kind: 'boundary', version: '2012-10-17', statements: [] };
  }

  userPolicies(accountId: string, user: UserRec): Policy[] {
    const out = this.permissionPolicies(accountId, user);
    for (const g of user.groups) {
      const group = this.store.get(accountId, 'group', g);
      if (group) out.push(...this.permissionPolicies(accountId, group));
    }
    return out;
  }

  userView(accountId: string, user: UserRec): PrincipalView {
    const view: PrincipalView = {
      principal: {
        arn: iamArn(accountId, 'user', user.path, user.name),
        accountId,
        type: 'User',
        userId: user.id,
        username: user.name,
        tags: Object.fromEntries(user.tags.map((t) => [t.Key, t.Value])),
      },
      identity: this.userPolicies(accountId, user),
    };
    const boundary = this.boundaryOf(accountId, user.boundary);
    if (boundary) view.boundary = boundary;
    return view;
  }

  roleSessionView(accountId: string, data: SessionData, role: RoleRec | undefined): PrincipalView {
    const roleArn = role ? iamArn(accountId, 'role', role.path, role.name) : undefined;
    const principal: AuthzPrincipal = {
      arn: data.arn,
      accountId,
      type: 'AssumedRole',
      userId: data.userId,
      tags: { ...Object.fromEntries((role?.tags ?? []).map((t) => [t.Key, t.Value])), ...data.tags },
    };
    if (roleArn) principal.roleArn = roleArn;
    if (role?.serviceLinked) principal.isServiceLinkedRole = true;
    const view: PrincipalView = {
      principal,
      identity: role ? this.permissionPolicies(accountId, role) : [],
      sessionData: data,
    };
    const boundary = this.boundaryOf(accountId, role?.boundary);
    if (boundary) view.boundary = boundary;
    if (data.policy !== undefined || (data.policyArns ?? []).length > 0) {
      const session: Policy[] = [];
      if (data.policy !== undefined) session.push(this.parse(data.policy, 'session', 'session policy'));
      for (const arn of data.policyArns ?? []) {
        const doc = this.managedDocument(accountId, arn);
        if (doc) session.push(this.parse(doc, 'session', arn));
      }
      view.session = session;
    }
    return view;
  }

  private rootView(accountId: string): PrincipalView {
    return { principal: { arn: `arn:aws:iam::${accountId}:root`, accountId, type: 'Root' }, identity: [] };
  }

  /** The caller behind an access key; keys atoll did not issue act as the root of `accountId`. */
  principalFor(accessKeyId: string, accountId: string): PrincipalView {
    const cacheKey = `${accountId}\u0000${accessKeyId}`;
    const cached = this.views.get(cacheKey);
    if (cached) return cached;
    const view = this.loadView(accessKeyId, accountId);
    if (this.views.size > 10_000) this.views.clear();
    this.views.set(cacheKey, view);
    return view;
  }

  private loadView(keyId: string, accountId: string): PrincipalView {
    if (keyId.startsWith('AKIA')) {
      const row = this.store.accessKey(keyId);
      const user = row && this.store.get(row.account_id, 'user', row.user_name);
      if (row && user) return { ...this.userView(row.account_id, user), accessKeyId: keyId };
    } else if (keyId.startsWith('ASIA')) {
      const row = this.store.session(keyId);
      if (row) {
        const data = row.parsed;
        if (data.type === 'AssumedRole') {
          return this.roleSessionView(row.account_id, data, this.store.get(row.account_id, 'role', data.roleName!));
        }
        if (data.type === 'User') {
          const user = this.store.get(row.account_id, 'user', data.userName!);
          if (user) return { ...this.userView(row.account_id, user), sessionData: data };
          return { ...this.rootView(row.account_id), identity: [], sessionData: data };
        }
        return { ...this.rootView(row.account_id), sessionData: data };
      }
    }
    return this.rootView(accountId);
  }

  /** Remembers when an IAM user's key / a role was last used; written at most once a minute per key. */
  touch(view: PrincipalView, service: string, region: string): void {
    const now = this.now();
    const id = view.accessKeyId ?? view.principal.roleArn;
    if (!id || now - (this.lastTouch.get(id) ?? 0) < 60_000) return;
    this.lastTouch.set(id, now);
    const accountId = view.principal.accountId;
    if (view.accessKeyId) {
      const row = this.store.accessKey(view.accessKeyId);
      if (row) this.store.putAccessKey({ ...row, last_used_at: now, last_service: service, last_region: region });
    } else if (view.sessionData?.roleName) {
      const role = this.store.get(accountId, 'role', view.sessionData.roleName);
      if (role) this.store.put(accountId, 'role', { ...role, lastUsed: { date: now, region } });
    }
  }
}

const directories = new WeakMap<CoreServices, IamDirectory>();

/** The one directory of this atoll (created on first use). */
export function directoryFor(core: CoreServices): IamDirectory {
  let d = directories.get(core);
  if (!d) {
    d = new IamDirectory(core);
    directories.set(core, d);
    core.credentials.add(d);
  }
  return d;
}
