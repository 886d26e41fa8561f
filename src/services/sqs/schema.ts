// SQS tables. Message metadata (scanned by receive) is kept apart from bodies (read only for delivered
// messages); visibility and delays are timestamps in rows so a restart restores every message's state.
import type { Migration } from '../../store/store.js';

export const migrations: Migration[] = [
  {
    id: 'sqs/0001-init',
    up(db) {
      db.exec(`
        CREATE TABLE sqs_queues (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          name TEXT NOT NULL,
          fifo INTEGER NOT NULL,
          attributes TEXT NOT NULL,
          tags TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          modified_at INTEGER NOT NULL,
          purged_at INTEGER,
          UNIQUE (account_id, region, name)
        );
        CREATE TABLE sqs_deleted_queues (
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          name TEXT NOT NULL,
          deleted_at INTEGER NOT NULL,
          PRIMARY KEY (account_id, region, name)
        ) WITHOUT ROWID;
        CREATE TABLE sqs_messages (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          queue_id INTEGER NOT NULL,
          message_id TEXT NOT NULL,
          visible_at INTEGER NOT NULL,
          enqueued_at INTEGER NOT NULL,
          sent_at INTEGER NOT NULL,
          receive_count INTEGER NOT NULL DEFAULT 0,
          first_receive_at INTEGER,
          received_at INTEGER,
          receipt_nonce INTEGER NOT NULL DEFAULT 0,
          group_id TEXT,
          dedup_id TEXT,
          sender_id TEXT NOT NULL,
          trace_header TEXT,
          dlq_source_arn TEXT,
          md5_body TEXT NOT NULL,
          md5_attrs TEXT,
          md5_sys TEXT
        );
        CREATE INDEX sqs_messages_visible ON sqs_messages (queue_id, visible_at, id);
        CREATE INDEX sqs_messages_group ON sqs_messages (queue_id, group_id, id) WHERE group_id IS NOT NULL;
        CREATE TABLE sqs_bodies (
          id INTEGER PRIMARY KEY,
          body TEXT NOT NULL,
          attributes TEXT
        );
        CREATE TABLE sqs_dedup (
          queue_id INTEGER NOT NULL,
          scope TEXT NOT NULL,
          dedup_id TEXT NOT NULL,
          message_id TEXT NOT NULL,
          seq TEXT,
          expires_at INTEGER NOT NULL,
          PRIMARY KEY (queue_id, scope, dedup_id)
        ) WITHOUT ROWID;
        CREATE TABLE sqs_move_tasks (
          handle TEXT PRIMARY KEY,
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          source_queue_id INTEGER NOT NULL,
          source_arn TEXT NOT NULL,
          destination_arn TEXT,
          rate INTEGER,
          status TEXT NOT NULL,
          moved INTEGER NOT NULL DEFAULT 0,
          to_move INTEGER NOT NULL,
          max_message INTEGER NOT NULL,
          failure_reason TEXT,
          started_at INTEGER NOT NULL
        );
        CREATE INDEX sqs_move_tasks_source ON sqs_move_tasks (source_arn, started_at);
      `);
    },
  },
];
