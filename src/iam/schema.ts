// IAM and STS tables. IAM is global: rows are keyed by account only, never by region. Entities (users, groups,
// roles, managed policies, instance profiles) are JSON documents keyed by (account, kind, name) because IAM names
// are unique per account and kind whatever the path; access keys and sessions get their own tables because
// SigV4 looks them up by key id on every request.
import type { Migration } from '../store/store.js';

export const migrations: Migration[] = [
  {
    id: 'iam/0001-init',
    up(db) {
      db.exec(`
        CREATE TABLE iam_entities (
          account_id TEXT NOT NULL,
          kind TEXT NOT NULL,
          name TEXT NOT NULL,
          data TEXT NOT NULL,
          PRIMARY KEY (account_id, kind, name)
        ) WITHOUT ROWID;
        CREATE TABLE iam_access_keys (
          key_id TEXT PRIMARY KEY,
          account_id TEXT NOT NULL,
          user_name TEXT NOT NULL,
          secret TEXT NOT NULL,
          status TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          last_used_at INTEGER,
          last_service TEXT,
          last_region TEXT
        ) WITHOUT ROWID;
        CREATE INDEX iam_access_keys_user ON iam_access_keys (account_id, user_name);
        CREATE TABLE iam_account (
          account_id TEXT PRIMARY KEY,
          data TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE sts_sessions (
          key_id TEXT PRIMARY KEY,
          account_id TEXT NOT NULL,
          secret TEXT NOT NULL,
          token TEXT NOT NULL,
          expires_at INTEGER NOT NULL,
          data TEXT NOT NULL
        ) WITHOUT ROWID;
      `);
    },
  },
];
