// EventBridge tables. Buses, rules and targets are small metadata rows (the hot path caches them); archived
// events are append-only rows scanned by time for replays. Target deliveries are scheduler jobs, not rows here.
import type { Migration } from '../../store/store.js';

export const migrations: Migration[] = [
  {
    id: 'events/0001-init',
    up(db) {
      db.exec(`
        CREATE TABLE events_buses (
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          name TEXT NOT NULL,
          description TEXT,
          kms_key TEXT,
          dlq_arn TEXT,
          policy TEXT,
          tags TEXT NOT NULL DEFAULT '{}',
          created_at INTEGER NOT NULL,
          modified_at INTEGER NOT NULL,
          PRIMARY KEY (account_id, region, name)
        ) WITHOUT ROWID;
        CREATE TABLE events_rules (
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          bus TEXT NOT NULL,
          name TEXT NOT NULL,
          pattern TEXT,
          schedule TEXT,
          state TEXT NOT NULL,
          description TEXT,
          role_arn TEXT,
          managed_by TEXT,
          created_by TEXT NOT NULL,
          tags TEXT NOT NULL DEFAULT '{}',
          created_at INTEGER NOT NULL,
          PRIMARY KEY (account_id, region, bus, name)
        ) WITHOUT ROWID;
        CREATE TABLE events_targets (
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          bus TEXT NOT NULL,
          rule TEXT NOT NULL,
          id TEXT NOT NULL,
          arn TEXT NOT NULL,
          spec TEXT NOT NULL,
          PRIMARY KEY (account_id, region, bus, rule, id)
        ) WITHOUT ROWID;
        CREATE INDEX events_targets_arn ON events_targets (account_id, region, arn);
        CREATE TABLE events_archives (
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          name TEXT NOT NULL,
          source_arn TEXT NOT NULL,
          description TEXT,
          pattern TEXT,
          retention_days INTEGER NOT NULL,
          state TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (account_id, region, name)
        ) WITHOUT ROWID;
        CREATE TABLE events_archived (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          archive TEXT NOT NULL,
          at INTEGER NOT NULL,
          size INTEGER NOT NULL,
          event TEXT NOT NULL
        );
        CREATE INDEX events_archived_time ON events_archived (account_id, region, archive, at);
        CREATE TABLE events_replays (
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          name TEXT NOT NULL,
          source_arn TEXT NOT NULL,
          description TEXT,
          destination TEXT NOT NULL,
          event_start INTEGER NOT NULL,
          event_end INTEGER NOT NULL,
          state TEXT NOT NULL,
          state_reason TEXT,
          replay_start INTEGER NOT NULL,
          replay_end INTEGER,
          last_replayed INTEGER,
          PRIMARY KEY (account_id, region, name)
        ) WITHOUT ROWID;
      `);
    },
  },
];
