// All SQL of the Organizations service, behind narrow methods. Statements are prepared once. Reads of a whole
// organization feed the in-memory snapshot (see model.ts); single-row lookups serve the hot paths.
import type { Db } from '../../store/store.js';

import type {
  AccountRow,
  AttachmentRow,
  CreateStatusRow,
  HandshakeRow,
  OrgRow,
  OuRow,
  PolicyRow,
  Tag,
} from './rows.js';

export type { AccountRow, AttachmentRow, CreateStatusRow, HandshakeRow, OrgRow, OuRow, PolicyRow, Tag };

/** Tables whose rows belong to one organization (deleted with it). */
const ORG_TABLES = [
  'org_accounts',
  'org_ous',
  'org_policy_types',
  'org_policies',
  'org_attachments',
  'org_tags',
  'org_create_account_status',
  'org_service_access',
  'org_delegated_admins',
  'org_handshakes',
  'org_resource_policies',
];

export class OrgStore {
  private readonly s;
  private readonly dropOrg;

  constructor(readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.dropOrg = ORG_TABLES.map((t) => p(`DELETE FROM ${t} WHERE org_id = ?`));
    this.s = {
      orgById: p(`SELECT * FROM org_organizations WHERE id = ?`),
      insertOrg: p(`INSERT INTO org_organizations (id, management_account_id, feature_set, root_id, created_at)
        VALUES (?, ?, ?, ?, ?)`),
      deleteOrg: p(`DELETE FROM org_organizations WHERE id = ?`),
      account: p(`SELECT * FROM org_accounts WHERE account_id = ?`),
      accountsOf: p(`SELECT * FROM org_accounts WHERE org_id = ? ORDER BY joined_at, account_id`),
      insertAccount: p(`INSERT INTO org_accounts (account_id, org_id, parent_id, name, email, status, joined_method,
        joined_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      moveAccount: p(`UPDATE org_accounts SET parent_id = ? WHERE account_id = ?`),
      accountStatus: p(`UPDATE org_accounts SET status = ? WHERE account_id = ?`),
      deleteAccount: p(`DELETE FROM org_accounts WHERE account_id = ?`),
      emailTaken: p(`SELECT 1 FROM org_accounts WHERE lower(email) = lower(?) LIMIT 1`),
      ousOf: p(`SELECT * FROM org_ous WHERE org_id = ? ORDER BY created_at, id`),
      insertOu: p(`INSERT INTO org_ous (id, org_id, parent_id, name, created_at) VALUES (?, ?, ?, ?, ?)`),
      renameOu: p(`UPDATE org_ous SET name = ? WHERE id = ?`),
      deleteOu: p(`DELETE FROM org_ous WHERE id = ?`),
      typesOf: p(`SELECT type FROM org_policy_types WHERE org_id = ? ORDER BY type`),
      enableType: p(`INSERT OR IGNORE INTO org_policy_types (org_id, type) VALUES (?, ?)`),
      disableType: p(`DELETE FROM org_policy_types WHERE org_id = ? AND type = ?`),
      policiesOf: p(`SELECT * FROM org_policies WHERE org_id = ? ORDER BY created_at, id`),
      insertPolicy: p(`INSERT INTO org_policies (id, org_id, type, name, description, content, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)`),
      updatePolicy: p(`UPDATE org_policies SET name = ?, description = ?, content = ? WHERE id = ?`),
      deletePolicy: p(`DELETE FROM org_policies WHERE id = ?`),
      attachmentsOf: p(`SELECT seq, policy_id, target_id FROM org_attachments WHERE org_id = ? ORDER BY seq`),
      attach: p(`INSERT OR IGNORE INTO org_attachments (org_id, policy_id, target_id) VALUES (?, ?, ?)`),
      detach: p(`DELETE FROM org_attachments WHERE org_id = ? AND policy_id = ? AND target_id = ?`),
      detachTarget: p(`DELETE FROM org_attachments WHERE org_id = ? AND target_id = ?`),
      tagsOf: p(`SELECT key AS Key, value AS Value FROM org_tags WHERE org_id = ? AND resource_id = ? ORDER BY key`),
      putTag: p(`INSERT OR REPLACE INTO org_tags (org_id, resource_id, key, value) VALUES (?, ?, ?, ?)`),
      deleteTag: p(`DELETE FROM org_tags WHERE org_id = ? AND resource_id = ? AND key = ?`),
      deleteTags: p(`DELETE FROM org_tags WHERE org_id = ? AND resource_id = ?`),
      createStatus: p(`SELECT * FROM org_create_account_status WHERE id = ?`),
      createStatusesOf: p(`SELECT * FROM org_create_account_status WHERE org_id = ? ORDER BY requested_at, id`),
      insertCreateStatus: p(`INSERT INTO org_create_account_status (id, org_id, account_name, email, account_id,
        state, request, requested_at) VALUES (?, ?, ?, ?, ?, 'IN_PROGRESS', ?, ?)`),
      finishCreateStatus: p(`UPDATE org_create_account_status SET state = ?, failure_reason = ?, completed_at = ?
        WHERE id = ?`),
      accessOf: p(`SELECT principal, enabled_at FROM org_service_access WHERE org_id = ? ORDER BY principal`),
      enableAccess: p(`INSERT OR IGNORE INTO org_service_access (org_id, principal, enabled_at) VALUES (?, ?, ?)`),
      disableAccess: p(`DELETE FROM org_service_access WHERE org_id = ? AND principal = ?`),
      delegatedOf: p(`SELECT account_id, principal, enabled_at FROM org_delegated_admins WHERE org_id = ?
        ORDER BY enabled_at, account_id, principal`),
      registerDelegated: p(`INSERT INTO org_delegated_admins (org_id, account_id, principal, enabled_at)
        VALUES (?, ?, ?, ?)`),
      deregisterDelegated: p(`DELETE FROM org_delegated_admins WHERE org_id = ? AND account_id = ? AND principal = ?`),
      handshake: p(`SELECT * FROM org_handshakes WHERE id = ?`),
      handshakesOf: p(`SELECT * FROM org_handshakes WHERE org_id = ? ORDER BY requested_at, id`),
      handshakesFor: p(`SELECT * FROM org_handshakes WHERE target_account_id = ? ORDER BY requested_at, id`),
      insertHandshake: p(`INSERT INTO org_handshakes (id, org_id, target_account_id, state, notes, requested_at,
        expires_at) VALUES (?, ?, ?, 'OPEN', ?, ?, ?)`),
      handshakeState: p(`UPDATE org_handshakes SET state = ? WHERE id = ?`),
      resourcePolicy: p(`SELECT id, content FROM org_resource_policies WHERE org_id = ?`),
      putResourcePolicy: p(`INSERT OR REPLACE INTO org_resource_policies (org_id, id, content) VALUES (?, ?, ?)`),
      deleteResourcePolicy: p(`DELETE FROM org_resource_policies WHERE org_id = ?`),
    };
  }

  // Organizations.
  org(id: string): OrgRow | undefined {
    return this.s.orgById.get(id) as OrgRow | undefined;
  }
  insertOrg(r: OrgRow): void {
    this.s.insertOrg.run(r.id, r.management_account_id, r.feature_set, r.root_id, r.created_at);
  }
  deleteOrg(id: string): void {
    for (const st of this.dropOrg) st.run(id);
    this.s.deleteOrg.run(id);
  }

  // Accounts.
  account(accountId: string): AccountRow | undefined {
    return this.s.account.get(accountId) as AccountRow | undefined;
  }
  accountsOf(orgId: string): AccountRow[] {
    return this.s.accountsOf.all(orgId) as AccountRow[];
  }
  insertAccount(r: AccountRow): void {
    this.s.insertAccount.run(
      r.account_id,
      r.org_id,
      r.parent_id,
      r.name,
      r.email,
      r.status,
      r.joined_method,
      r.joined_at,
    );
  }
  moveAccount(accountId: string, parentId: string): void {
    this.s.moveAccount.run(parentId, accountId);
  }
  setAccountStatus(accountId: string, status: string): void {
    this.s.accountStatus.run(status, accountId);
  }
  deleteAccount(accountId: string): void {
    this.s.deleteAccount.run(accountId);
  }
  emailTaken(email: string): boolean {
    return this.s.emailTaken.get(email) !== undefined;
  }

  // Organizational units.
  ousOf(orgId: string): OuRow[] {
    return this.s.ousOf.all(orgId) as OuRow[];
  }
  insertOu(r: OuRow): void {
    this.s.insertOu.run(r.id, r.org_id, r.parent_id, r.name, r.created_at);
  }
  renameOu(id: string, name: string): void {
    this.s.renameOu.run(name, id);
  }
  deleteOu(id: string): void {
    this.s.deleteOu.run(id);
  }

  // Policy types enabled on the (single) root.
  policyTypesOf(orgId: string): string[] {
    return (this.s.typesOf.all(orgId) as Array<{ type: string }>).map((r) => r.type);
  }
  enablePolicyType(orgId: string, type: string): void {
    this.s.enableType.run(orgId, type);
  }
  disablePolicyType(orgId: string, type: string): void {
    this.s.disableType.run(orgId, type);
  }

  // Customer-managed policies (AWS-managed ones are constants, never stored).
  policiesOf(orgId: string): PolicyRow[] {
    return this.s.policiesOf.all(orgId) as PolicyRow[];
  }
  insertPolicy(r: PolicyRow): void {
    this.s.insertPolicy.run(r.id, r.org_id, r.type, r.name, r.description, r.content, r.created_at);
  }
  updatePolicy(id: string, name: string, description: string, content: string): void {
    this.s.updatePolicy.run(name, description, content, id);
  }
  deletePolicy(id: string): void {
    this.s.deletePolicy.run(id);
  }

  // Attachments, in attach order (the order effective management policies merge in).
  attachmentsOf(orgId: string): AttachmentRow[] {
    return this.s.attachmentsOf.all(orgId) as AttachmentRow[];
  }
  attach(orgId: string, policyId: string, targetId: string): void {
    this.s.attach.run(orgId, policyId, targetId);
  }
  detach(orgId: string, policyId: string, targetId: string): void {
    this.s.detach.run(orgId, policyId, targetId);
  }
  detachAllFrom(orgId: string, targetId: string): void {
    this.s.detachTarget.run(orgId, targetId);
  }

  // Tags.
  tagsOf(orgId: string, resourceId: string): Tag[] {
    return this.s.tagsOf.all(orgId, resourceId) as Tag[];
  }
  putTag(orgId: string, resourceId: string, key: string, value: string): void {
    this.s.putTag.run(orgId, resourceId, key, value);
  }
  deleteTag(orgId: string, resourceId: string, key: string): void {
    this.s.deleteTag.run(orgId, resourceId, key);
  }
  deleteTags(orgId: string, resourceId: string): void {
    this.s.deleteTags.run(orgId, resourceId);
  }

  // CreateAccount requests.
  createStatus(id: string): CreateStatusRow | undefined {
    return this.s.createStatus.get(id) as CreateStatusRow | undefined;
  }
  createStatusesOf(orgId: string): CreateStatusRow[] {
    return this.s.createStatusesOf.all(orgId) as CreateStatusRow[];
  }
  insertCreateStatus(r: Omit<CreateStatusRow, 'state' | 'failure_reason' | 'completed_at'>): void {
    this.s.insertCreateStatus.run(r.id, r.org_id, r.account_name, r.email, r.account_id, r.request, r.requested_at);
  }
  finishCreateStatus(id: string, state: string, failureReason: string | null, at: number): void {
    this.s.finishCreateStatus.run(state, failureReason, at, id);
  }

  // Trusted service access and delegated administrators.
  serviceAccessOf(orgId: string): Array<{ principal: string; enabled_at: number }> {
    return this.s.accessOf.all(orgId) as Array<{ principal: string; enabled_at: number }>;
  }
  enableServiceAccess(orgId: string, principal: string, at: number): void {
    this.s.enableAccess.run(orgId, principal, at);
  }
  disableServiceAccess(orgId: string, principal: string): void {
    this.s.disableAccess.run(orgId, principal);
  }
  delegatedOf(orgId: string): Array<{ account_id: string; principal: string; enabled_at: number }> {
    return this.s.delegatedOf.all(orgId) as Array<{ account_id: string; principal: string; enabled_at: number }>;
  }
  registerDelegated(orgId: string, accountId: string, principal: string, at: number): void {
    this.s.registerDelegated.run(orgId, accountId, principal, at);
  }
  deregisterDelegated(orgId: string, accountId: string, principal: string): void {
    this.s.deregisterDelegated.run(orgId, accountId, principal);
  }

  // Handshakes (invitations).
  handshake(id: string): HandshakeRow | undefined {
    return this.s.handshake.get(id) as HandshakeRow | undefined;
  }
  handshakesOf(orgId: string): HandshakeRow[] {
    return this.s.handshakesOf.all(orgId) as HandshakeRow[];
  }
  handshakesFor(accountId: string): HandshakeRow[] {
    return this.s.handshakesFor.all(accountId) as HandshakeRow[];
  }
  insertHandshake(r: Omit<HandshakeRow, 'state'>): void {
    this.s.insertHandshake.run(r.id, r.org_id, r.target_account_id, r.notes, r.requested_at, r.expires_at);
  }
  setHandshakeState(id: string, state: string): void {
    this.s.handshakeState.run(state, id);
  }

  // Resource-based delegation policy (one per organization).
  resourcePolicy(orgId: string): { id: string; content: string } | undefined {
    return this.s.resourcePolicy.get(orgId) as { id: string; content: string } | undefined;
  }
  putResourcePolicy(orgId: string, id: string, content: string): void {
    this.s.putResourcePolicy.run(orgId, id, content);
  }
  deleteResourcePolicy(orgId: string): void {
    this.s.deleteResourcePolicy.run(orgId);
  }
}
