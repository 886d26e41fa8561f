// Lambda tables. A function is one row per version ('$LATEST', '1', '2', ...) holding its configuration as
// JSON; function-wide facts (tags, resource policy, reserved concurrency, the next version number) live in
// lambda_functions. Code bytes are files named by their SHA-256 (code.ts), never rows.
import type { Migration } from '../../store/store.js';

export const migrations: Migration[] = [
  {
    id: 'lambda/0001-init',
    up(db) {
      db.exec(`
        CREATE TABLE lambda_functions (
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          name TEXT NOT NULL,
          next_version INTEGER NOT NULL DEFAULT 1,
          tags TEXT NOT NULL DEFAULT '{}',
          policy TEXT,
          policy_revision TEXT,
          reserved_concurrency INTEGER,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (account_id, region, name)
        ) WITHOUT ROWID;
        CREATE TABLE lambda_versions (
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          name TEXT NOT NULL,
          version TEXT NOT NULL,
          seq INTEGER NOT NULL,
          config TEXT NOT NULL,
          PRIMARY KEY (account_id, region, name, version)
        ) WITHOUT ROWID;
        CREATE TABLE lambda_aliases (
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          function_name TEXT NOT NULL,
          name TEXT NOT NULL,
          config TEXT NOT NULL,
          PRIMARY KEY (account_id, region, function_name, name)
        ) WITHOUT ROWID;
        CREATE TABLE lambda_event_invoke_configs (
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          function_name TEXT NOT NULL,
          qualifier TEXT NOT NULL,
          config TEXT NOT NULL,
          PRIMARY KEY (account_id, region, function_name, qualifier)
        ) WITHOUT ROWID;
        CREATE TABLE lambda_event_source_mappings (
          uuid TEXT PRIMARY KEY,
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          function_name TEXT NOT NULL,
          config TEXT NOT NULL
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    // Stream event source mappings: the durable checkpoint per mapping and shard (the first record not yet
    // processed) and the retry state of the batch at the checkpoint (failed attempts, bisection window).
    id: 'lambda/0002-stream-checkpoints',
    up(db) {
      db.exec(`
        CREATE TABLE lambda_stream_checkpoints (
          uuid TEXT NOT NULL,
          shard_id TEXT NOT NULL,
          next_seq INTEGER NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          cap_end INTEGER,
          cap_size INTEGER,
          PRIMARY KEY (uuid, shard_id)
        ) WITHOUT ROWID;
      `);
    },
  },
];
