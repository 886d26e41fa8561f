// CloudTrail tables. Event history is one row per recorded event (per recipient account), with the columns
// LookupEvents filters on kept apart from the full JSON record; resources get their own rows so ResourceType /
// ResourceName lookups use an index. Trails keep their settings as JSON (read through a small cache).
import type { Migration } from '../../store/store.js';

export const migrations: Migration[] = [
  {
    id: 'cloudtrail/0001-init',
    up(db) {
      db.exec(`
        CREATE TABLE cloudtrail_events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          event_time INTEGER NOT NULL,
          event_id TEXT NOT NULL,
          event_name TEXT NOT NULL,
          event_source TEXT NOT NULL,
          read_only INTEGER NOT NULL,
          username TEXT,
          access_key_id TEXT,
          record TEXT NOT NULL
        );
        CREATE INDEX cloudtrail_events_time ON cloudtrail_events (account_id, region, event_time, id);
        CREATE INDEX cloudtrail_events_id ON cloudtrail_events (event_id);
        CREATE INDEX cloudtrail_events_expiry ON cloudtrail_events (event_time);
        CREATE TABLE cloudtrail_event_resources (
          event_row INTEGER NOT NULL,
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          type TEXT NOT NULL,
          name TEXT NOT NULL,
          arn TEXT
        );
        CREATE INDEX cloudtrail_event_resources_row ON cloudtrail_event_resources (event_row);
        CREATE INDEX cloudtrail_event_resources_type ON cloudtrail_event_resources (account_id, region, type);
        CREATE INDEX cloudtrail_event_resources_name ON cloudtrail_event_resources (account_id, region, name);
        CREATE TABLE cloudtrail_trails (
          account_id TEXT NOT NULL,
          home_region TEXT NOT NULL,
          name TEXT NOT NULL,
          data TEXT NOT NULL,
          PRIMARY KEY (account_id, home_region, name)
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    // Records waiting for a trail's next S3 log file (one row per record and trail), deleted once delivered.
    id: 'cloudtrail/0002-s3-pending',
    up(db) {
      db.exec(`
        CREATE TABLE cloudtrail_s3_pending (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          trail_arn TEXT NOT NULL,
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          record TEXT NOT NULL
        );
        CREATE INDEX cloudtrail_s3_pending_trail ON cloudtrail_s3_pending (trail_arn, id);
      `);
    },
  },
  {
    // ResourceType/ResourceName lookups probe resources per event row (cloudtrail_event_resources_row): these two
    // indexes were never used by a query plan and cost two B-tree inserts per recorded resource.
    id: 'cloudtrail/0003-drop-unused-resource-indexes',
    up(db) {
      db.exec(`
        DROP INDEX IF EXISTS cloudtrail_event_resources_type;
        DROP INDEX IF EXISTS cloudtrail_event_resources_name;
      `);
    },
  },
];
