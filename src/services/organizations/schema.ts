// Organizations tables. The service is global: rows carry no region. Every row hangs off one organization, so
// deleting an organization (or a reset) is a handful of DELETEs by org_id.
import type { Migration } from '../../store/store.js';

export const migrations: Migration[] = [
  {
    id: 'organizations/0001-init',
    up(db) {
      db.exec(`
        CREATE TABLE org_organizations (
          id TEXT PRIMARY KEY,
          management_account_id TEXT NOT NULL UNIQUE,
          feature_set TEXT NOT NULL,
          root_id TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );
        CREATE TABLE org_accounts (
          account_id TEXT PRIMARY KEY,
          org_id TEXT NOT NULL,
          parent_id TEXT NOT NULL,
          name TEXT NOT NULL,
          email TEXT NOT NULL,
          status TEXT NOT NULL,
          joined_method TEXT NOT NULL,
          joined_at INTEGER NOT NULL
        );
        CREATE INDEX org_accounts_org ON org_accounts (org_id);
        CREATE TABLE org_ous (
          id TEXT PRIMARY KEY,
          org_id TEXT NOT NULL,
          parent_id TEXT NOT NULL,
          name TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );
        CREATE INDEX org_ous_org ON org_ous (org_id);
        CREATE TABLE org_policy_types (
          org_id TEXT NOT NULL,
          type TEXT NOT NULL,
          PRIMARY KEY (org_id, type)
        ) WITHOUT ROWID;
        CREATE TABLE org_policies (
          id TEXT PRIMARY KEY,
          org_id TEXT NOT NULL,
          type TEXT NOT NULL,
          name TEXT NOT NULL,
          description TEXT NOT NULL,
          content TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );
        CREATE INDEX org_policies_org ON org_policies (org_id);
        CREATE TABLE org_attachments (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          org_id TEXT NOT NULL,
          policy_id TEXT NOT NULL,
          target_id TEXT NOT NULL,
          UNIQUE (org_id, policy_id, target_id)
        );
        CREATE TABLE org_tags (
          org_id TEXT NOT NULL,
          resource_id TEXT NOT NULL,
          key TEXT NOT NULL,
          value TEXT NOT NULL,
          PRIMARY KEY (org_id, resource_id, key)
        ) WITHOUT ROWID;
        CREATE TABLE org_create_account_status (
          id TEXT PRIMARY KEY,
          org_id TEXT NOT NULL,
          account_name TEXT NOT NULL,
          email TEXT NOT NULL,
          account_id TEXT NOT NULL,
          state TEXT NOT NULL,
          failure_reason TEXT,
          request TEXT NOT NULL,
          requested_at INTEGER NOT NULL,
          completed_at INTEGER
        );
        CREATE INDEX org_create_account_status_org ON org_create_account_status (org_id, requested_at);
        CREATE TABLE org_service_access (
          org_id TEXT NOT NULL,
          principal TEXT NOT NULL,
          enabled_at INTEGER NOT NULL,
          PRIMARY KEY (org_id, principal)
        ) WITHOUT ROWID;
        CREATE TABLE org_delegated_admins (
          org_id TEXT NOT NULL,
          account_id TEXT NOT NULL,
          principal TEXT NOT NULL,
          enabled_at INTEGER NOT NULL,
          PRIMARY KEY (org_id, account_id, principal)
        ) WITHOUT ROWID;
        CREATE TABLE org_handshakes (
          id TEXT PRIMARY KEY,
          org_id TEXT NOT NULL,
          target_account_id TEXT NOT NULL,
          state TEXT NOT NULL,
          notes TEXT,
          requested_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL
        );
        CREATE INDEX org_handshakes_org ON org_handshakes (org_id);
        CREATE INDEX org_handshakes_target ON org_handshakes (target_account_id);
        CREATE TABLE org_resource_policies (
          org_id TEXT PRIMARY KEY,
          id TEXT NOT NULL,
          content TEXT NOT NULL
        );
      `);
    },
  },
];
