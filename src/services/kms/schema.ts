// KMS tables. Keys are per (account, region, key id); multi-Region keys share their `mrk-` id across regions,
// one row per region. Key material lives apart from metadata, one row per backing version (rotation adds one),
// wrapped under the state dir's master key (see master.ts). Aliases and grants are per account and region.
import type { Migration } from '../../store/store.js';

export const migrations: Migration[] = [
  {
    id: 'kms/0001-init',
    up(db) {
      db.exec(`
        CREATE TABLE kms_keys (
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          key_id TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          state TEXT NOT NULL,
          description TEXT NOT NULL,
          key_usage TEXT NOT NULL,
          key_spec TEXT NOT NULL,
          origin TEXT NOT NULL,
          policy TEXT NOT NULL,
          tags TEXT NOT NULL,
          multi_region TEXT,
          deletion_at INTEGER,
          pending_days INTEGER,
          rotation_days INTEGER,
          next_rotation_at INTEGER,
          on_demand_at INTEGER,
          PRIMARY KEY (account_id, region, key_id)
        );
        CREATE TABLE kms_material (
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          key_id TEXT NOT NULL,
          version INTEGER NOT NULL,
          created_at INTEGER NOT NULL,
          rotation_type TEXT,
          wrapped BLOB NOT NULL,
          PRIMARY KEY (account_id, region, key_id, version)
        );
        CREATE TABLE kms_aliases (
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          name TEXT NOT NULL,
          key_id TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          PRIMARY KEY (account_id, region, name)
        );
        CREATE INDEX kms_aliases_key ON kms_aliases (account_id, region, key_id);
        CREATE TABLE kms_grants (
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          grant_id TEXT NOT NULL,
          key_id TEXT NOT NULL,
          token TEXT NOT NULL,
          name TEXT,
          created_at INTEGER NOT NULL,
          grantee TEXT NOT NULL,
          retiring TEXT,
          issuing_account TEXT NOT NULL,
          operations TEXT NOT NULL,
          constraints TEXT,
          PRIMARY KEY (account_id, region, grant_id)
        );
        CREATE INDEX kms_grants_key ON kms_grants (account_id, region, key_id);
      `);
    },
  },
];
