// Schemas tables: registries, schemas (one row each, pointing at their latest version), the schema versions
// (content kept per version), and discoverers (looked up by source bus on the EventBridge put path).
import type { Migration } from '../../store/store.js';

export const migrations: Migration[] = [
  {
    id: 'schemas/0001-init',
    up(db) {
      db.exec(`
        CREATE TABLE schemas_registries (
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          name TEXT NOT NULL,
          description TEXT,
          tags TEXT NOT NULL DEFAULT '{}',
          policy TEXT,
          policy_revision TEXT,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (account_id, region, name)
        ) WITHOUT ROWID;
        CREATE TABLE schemas_schemas (
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          registry TEXT NOT NULL,
          name TEXT NOT NULL,
          description TEXT,
          tags TEXT NOT NULL DEFAULT '{}',
          last_modified INTEGER NOT NULL,
          next_version INTEGER NOT NULL,
          PRIMARY KEY (account_id, region, registry, name)
        ) WITHOUT ROWID;
        CREATE TABLE schemas_versions (
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          registry TEXT NOT NULL,
          schema TEXT NOT NULL,
          version INTEGER NOT NULL,
          type TEXT NOT NULL,
          content TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (account_id, region, registry, schema, version)
        ) WITHOUT ROWID;
        CREATE TABLE schemas_discoverers (
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          id TEXT NOT NULL,
          source_arn TEXT NOT NULL,
          description TEXT,
          state TEXT NOT NULL,
          cross_account INTEGER NOT NULL,
          tags TEXT NOT NULL DEFAULT '{}',
          created_at INTEGER NOT NULL,
          PRIMARY KEY (account_id, region, id)
        ) WITHOUT ROWID;
        CREATE INDEX schemas_discoverers_source ON schemas_discoverers (source_arn);
      `);
    },
  },
];
