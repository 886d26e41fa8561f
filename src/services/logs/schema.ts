// CloudWatch Logs tables. Events live apart from stream/group metadata, indexed by (stream, time) for
// GetLogEvents and by (group, time) for FilterLogEvents; deleting a group or stream cascades to its events.
import type { Migration } from '../../store/store.js';

export const migrations: Migration[] = [
  {
    id: 'logs/0001-init',
    up(db) {
      db.exec(`
        CREATE TABLE logs_groups (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          name TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          retention_days INTEGER,
          kms_key_id TEXT,
          class TEXT NOT NULL,
          tags TEXT NOT NULL,
          stored_bytes INTEGER NOT NULL DEFAULT 0,
          UNIQUE (account_id, region, name)
        );
        CREATE TABLE logs_streams (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          group_id INTEGER NOT NULL REFERENCES logs_groups (id) ON DELETE CASCADE,
          name TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          first_ts INTEGER,
          last_ts INTEGER,
          last_ingestion INTEGER,
          seq INTEGER NOT NULL DEFAULT 0,
          UNIQUE (group_id, name)
        );
        CREATE TABLE logs_events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          group_id INTEGER NOT NULL,
          stream_id INTEGER NOT NULL REFERENCES logs_streams (id) ON DELETE CASCADE,
          ts INTEGER NOT NULL,
          ingested_at INTEGER NOT NULL,
          size INTEGER NOT NULL,
          message TEXT NOT NULL
        );
        CREATE INDEX logs_events_stream ON logs_events (stream_id, ts, id);
        CREATE INDEX logs_events_group ON logs_events (group_id, ts, id);
        CREATE TABLE logs_metric_filters (
          group_id INTEGER NOT NULL REFERENCES logs_groups (id) ON DELETE CASCADE,
          name TEXT NOT NULL,
          pattern TEXT NOT NULL,
          transformations TEXT NOT NULL,
          apply_on_transformed INTEGER NOT NULL,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (group_id, name)
        );
        CREATE TABLE logs_subscription_filters (
          group_id INTEGER NOT NULL REFERENCES logs_groups (id) ON DELETE CASCADE,
          name TEXT NOT NULL,
          pattern TEXT NOT NULL,
          destination_arn TEXT NOT NULL,
          role_arn TEXT,
          distribution TEXT NOT NULL,
          apply_on_transformed INTEGER NOT NULL,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (group_id, name)
        );
        CREATE TABLE logs_resource_policies (
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          name TEXT NOT NULL,
          document TEXT NOT NULL,
          updated_at INTEGER NOT NULL,
          PRIMARY KEY (account_id, region, name)
        );
      `);
    },
  },
];
