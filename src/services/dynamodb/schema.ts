// DynamoDB tables. Items of the base table and of every index share one WITHOUT ROWID table keyed by
// (table, index, partition hash, partition key, sort key, base key): GetItem is one b-tree probe, Query a
// range walk, and Scan segments are hash ranges. Stream records are written in the item's transaction.
import type { Migration } from '../../store/store.js';

export const migrations: Migration[] = [
  {
    id: 'dynamodb/0001-init',
    up(db) {
      db.exec(`
        CREATE TABLE ddb_tables (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          name TEXT NOT NULL,
          meta TEXT NOT NULL,
          UNIQUE (account_id, region, name)
        );
        CREATE TABLE ddb_items (
          table_id INTEGER NOT NULL,
          idx TEXT NOT NULL,
          hash INTEGER NOT NULL,
          pk BLOB NOT NULL,
          sk BLOB NOT NULL,
          tk BLOB NOT NULL,
          item TEXT NOT NULL,
          size INTEGER NOT NULL,
          ttl INTEGER,
          PRIMARY KEY (table_id, idx, hash, pk, sk, tk)
        ) WITHOUT ROWID;
        CREATE INDEX ddb_items_ttl ON ddb_items (table_id, ttl) WHERE ttl IS NOT NULL;
        CREATE TABLE ddb_streams (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          arn TEXT NOT NULL UNIQUE,
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          table_name TEXT NOT NULL,
          table_id INTEGER NOT NULL,
          label TEXT NOT NULL,
          view_type TEXT NOT NULL,
          key_schema TEXT NOT NULL,
          shard_id TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          disabled_at INTEGER
        );
        CREATE INDEX ddb_streams_table ON ddb_streams (account_id, region, table_name, created_at);
        CREATE TABLE ddb_stream_records (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          stream_id INTEGER NOT NULL,
          created_at INTEGER NOT NULL,
          record TEXT NOT NULL
        );
        CREATE INDEX ddb_stream_records_stream ON ddb_stream_records (stream_id, seq);
        CREATE TABLE ddb_tx_tokens (
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          token TEXT NOT NULL,
          fingerprint TEXT NOT NULL,
          response TEXT NOT NULL,
          expires_at INTEGER NOT NULL,
          PRIMARY KEY (account_id, region, token)
        ) WITHOUT ROWID;
      `);
    },
  },
  // On-demand backups (a table definition and a copy of its items) and the point-in-time-recovery change log: the
  // before-image of every change to a PITR-enabled table, so a restore undoes the newer changes from the current state.
  {
    id: 'dynamodb/0002-backups',
    up(db) {
      db.exec(`
        CREATE TABLE ddb_backups (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          arn TEXT NOT NULL UNIQUE,
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          name TEXT NOT NULL,
          table_name TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          size INTEGER NOT NULL,
          item_count INTEGER NOT NULL,
          meta TEXT NOT NULL
        );
        CREATE INDEX ddb_backups_account ON ddb_backups (account_id, region, created_at);
        CREATE TABLE ddb_backup_items (
          backup_id INTEGER NOT NULL,
          n INTEGER NOT NULL,
          item TEXT NOT NULL,
          PRIMARY KEY (backup_id, n)
        ) WITHOUT ROWID;
        CREATE TABLE ddb_pitr_log (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          table_id INTEGER NOT NULL,
          at INTEGER NOT NULL,
          old_item TEXT,
          new_item TEXT
        );
        CREATE INDEX ddb_pitr_log_table ON ddb_pitr_log (table_id, at);
      `);
    },
  },
  // Global tables: per item, the time and region of the last write a replica applied (last writer wins).
  {
    id: 'dynamodb/0003-replication',
    up(db) {
      db.exec(`
        CREATE TABLE ddb_rep_clock (
          table_id INTEGER NOT NULL,
          pk BLOB NOT NULL,
          sk BLOB NOT NULL,
          at INTEGER NOT NULL,
          region TEXT NOT NULL,
          PRIMARY KEY (table_id, pk, sk)
        ) WITHOUT ROWID;
      `);
    },
  },
];
