// An organization as one in-memory snapshot, loaded from the store and dropped on every write. Organizations are
// small (hundreds of accounts), reads are frequent (the authorizer asks on every request), writes are rare.
import type { OrgStore, OrgRow, AccountRow, OuRow, PolicyRow, AttachmentRow } from './store.js';
import { MANAGED_POLICIES, type ManagedPolicy } from './managed.js';
import { arns, kindOfId, type TargetKind } from './ids.js';

export type AnyPolicy = (PolicyRow & { arn?: undefined; managed?: false }) | (ManagedPolicy & { managed: true });

export class OrgSnapshot {
  readonly accounts = new Map<string, AccountRow>();
  readonly ous = new Map<string, OuRow>();
  readonly policyTypes: Set<string>;
  readonly policies = new Map<string, PolicyRow>();
  /** Policy ids per target, in attach order. */
  readonly byTarget = new Map<string, string[]>();
  /** Target ids per policy, in attach order. */
  readonly byPolicy = new Map<string, string[]>();

  constructor(
    readonly org: OrgRow,
    accounts: AccountRow[],
    ous: OuRow[],
    policyTypes: string[],
    policies: PolicyRow[],
    attachments: AttachmentRow[],
  ) {
    for (const a of accounts) this.accounts.set(a.account_id, a);
    for (const o of ous) this.ous.set(o.id, o);
    this.policyTypes = new Set(policyTypes);
    for (const p of policies) this.policies.set(p.id, p);
    for (const a of attachments) {
      push(this.byTarget, a.target_id, a.policy_id);
      push(this.byPolicy, a.policy_id, a.target_id);
    }
  }

  static load(store: OrgStore, org: OrgRow): OrgSnapshot {
    return new OrgSnapshot(
      org,
      store.accountsOf(org.id),
      store.ousOf(org.id),
      store.policyTypesOf(org.id),
      store.policiesOf(org.id),
      store.attachmentsOf(org.id),
    );
  }

  get id(): string {
    return this.org.id;
  }
  get rootId(): string {
    return this.org.root_id;
  }
  get management(): string {
    return this.org.management_account_id;
  }
  get allFeatures(): boolean {
    return this.org.feature_set === 'ALL';
  }

  rootArn(): string {
    return arns.root(this.management, this.id, this.rootId);
  }
  ouArn(id: string): string {
    return arns.ou(this.management, this.id, id);
  }
  accountArn(id: string): string {
    return arns.account(this.management, this.id, id);
  }

  policy(id: string): AnyPolicy | undefined {
    const managed = MANAGED_POLICIES.get(id);
    if (managed) return { ...managed, managed: true };
    return this.policies.get(id);
  }
  policyArn(p: AnyPolicy): string {
    return p.managed ? p.arn : arns.policy(this.management, this.id, p.type, p.id);
  }

  /** Kind of an existing root, OU or account id of this organization; undefined if it does not exist here. */
  targetKind(id: string): TargetKind | undefined {
    if (id === this.rootId) return 'ROOT';
    if (this.ous.has(id)) return 'ORGANIZATIONAL_UNIT';
    if (this.accounts.has(id)) return 'ACCOUNT';
    return undefined;
  }
  isParent(id: string): boolean {
    return id === this.rootId || this.ous.has(id);
  }
  parentOf(id: string): string | undefined {
    return this.ous.get(id)?.parent_id ?? this.accounts.get(id)?.parent_id;
  }
  /** Containers from the root down to (and including) `id`. */
  pathTo(id: string): string[] {
    const path: string[] = [];
    for (let cur: string | undefined = id; cur !== undefined; cur = this.parentOf(cur)) path.unshift(cur);
    return path;
  }
  /** Nesting level of an OU (an OU directly under the root is at level 1). */
  depthOf(ouId: string): number {
    return this.pathTo(ouId).length - 1;
  }
  childOus(parentId: string): OuRow[] {
    return [...this.ous.values()].filter((o) => o.parent_id === parentId);
  }
  childAccounts(parentId: string): AccountRow[] {
    return [...this.accounts.values()].filter((a) => a.parent_id === parentId);
  }
  attachedTo(targetId: string): AnyPolicy[] {
    return (this.byTarget.get(targetId) ?? []).map((id) => this.policy(id)).filter((p) => p !== undefined);
  }
  targetsOf(policyId: string): string[] {
    return this.byPolicy.get(policyId) ?? [];
  }
  nameOf(targetId: string): string {
    if (targetId === this.rootId) return 'Root';
    return this.ous.get(targetId)?.name ?? this.accounts.get(targetId)?.name ?? targetId;
  }
  arnOf(targetId: string): string {
    const kind = this.targetKind(targetId);
    if (kind === 'ROOT') return this.rootArn();
    if (kind === 'ORGANIZATIONAL_UNIT') return this.ouArn(targetId);
    return this.accountArn(targetId);
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export { kindOfId };
