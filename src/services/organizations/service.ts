// Shared state of the Organizations service: the store, the snapshot cache, who may call what, and the
// OrganizationView the policy engine reads on every request (cached until the next write).
import type { CoreServices, OrganizationView, RequestContext } from '../types.js';
import { OrgStore } from './store.js';
import { OrgSnapshot } from './model.js';
import { OrgErrors } from './errors.js';

export class OrgService {
  readonly store: OrgStore;
  private readonly snapshots = new Map<string, OrgSnapshot>();
  /** Account id -> organization id (null: in no organization). */
  private readonly membership = new Map<string, string | null>();
  private readonly views = new Map<string, string[][] | undefined>();

  constructor(readonly core: CoreServices) {
    this.store = new OrgStore(core.store.db);
    core.store.onReset(() => this.invalidate());
  }

  now(): number {
    return this.core.now();
  }

  invalidate(): void {
    this.snapshots.clear();
    this.membership.clear();
    this.views.clear();
  }

  /** Runs a write in one transaction and drops every cached read derived from the tables. */
  write<T>(fn: () => T): T {
    try {
      return this.core.store.tx(fn);
    } finally {
      this.invalidate();
    }
  }

  snapshot(orgId: string): OrgSnapshot | undefined {
    let snap = this.snapshots.get(orgId);
    if (!snap) {
      const row = this.store.org(orgId);
      if (!row) return undefined;
      snap = OrgSnapshot.load(this.store, row);
      this.snapshots.set(orgId, snap);
    }
    return snap;
  }

  orgOfAccount(accountId: string): OrgSnapshot | undefined {
    let orgId = this.membership.get(accountId);
    if (orgId === undefined) {
      orgId = this.store.account(accountId)?.org_id ?? null;
      this.membership.set(accountId, orgId);
    }
    return orgId === null ? undefined : this.snapshot(orgId);
  }

  /** The caller's organization (any member may call); AWSOrganizationsNotInUseException otherwise. */
  member(ctx: RequestContext): OrgSnapshot {
    const snap = this.orgOfAccount(ctx.accountId);
    if (!snap) throw OrgErrors.notInUse();
    return snap;
  }

  /** Operations only the management account may call. */
  management(ctx: RequestContext): OrgSnapshot {
    const snap = this.member(ctx);
    if (snap.management !== ctx.accountId) throw OrgErrors.accessDenied();
    return snap;
  }

  /** Read-only operations: the management account or a delegated administrator of any service. */
  reader(ctx: RequestContext): OrgSnapshot {
    const snap = this.member(ctx);
    if (snap.management === ctx.accountId) return snap;
    if (this.store.delegatedOf(snap.id).some((d) => d.account_id === ctx.accountId)) return snap;
    throw OrgErrors.accessDenied();
  }

  readonly view: OrganizationView = {
    serviceControlPolicies: (accountId) => this.levels('SERVICE_CONTROL_POLICY', accountId),
    resourceControlPolicies: (accountId) => this.levels('RESOURCE_CONTROL_POLICY', accountId),
    isManagementAccount: (accountId) => this.orgOfAccount(accountId)?.management === accountId,
    organizationOf: (accountId) => {
      const snap = this.orgOfAccount(accountId);
      if (!snap) return undefined;
      // aws:PrincipalOrgPaths: o-id/r-id/ou-id/.../ for the path of OUs that contains the account.
      const containers = snap.pathTo(accountId).slice(0, -1);
      return { id: snap.id, managementAccountId: snap.management, paths: [`${[snap.id, ...containers].join('/')}/`] };
    },
  };

  /**
   * Policy documents of one authorization type per level (root, OUs, account). SCPs and RCPs never apply to the
   * management account, and apply only while their type is enabled on the root.
   */
  private levels(type: string, accountId: string): string[][] | undefined {
    const key = `${type}:${accountId}`;
    if (this.views.has(key)) return this.views.get(key);
    const snap = this.orgOfAccount(accountId);
    let out: string[][] | undefined;
    if (snap && snap.allFeatures && snap.policyTypes.has(type) && snap.management !== accountId) {
      out = snap.pathTo(accountId).map((target) =>
        snap
          .attachedTo(target)
          .filter((p) => p.type === type)
          .map((p) => p.content),
      );
    }
    this.views.set(key, out);
    return out;
  }
}
