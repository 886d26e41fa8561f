// SNS tables. Attributes and tags are JSON documents per row (small, read whole); deliveries are not stored here:
// each one is a durable scheduler job committed with the Publish that creates it.
import type { Migration } from '../../store/store.js';

export const migrations: Migration[] = [
  {
    id: 'sns/0001-init',
    up(db) {
      db.exec(`
        CREATE TABLE sns_topics (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          arn TEXT NOT NULL UNIQUE,
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          name TEXT NOT NULL,
          fifo INTEGER NOT NULL,
          attributes TEXT NOT NULL,
          tags TEXT NOT NULL,
          seq INTEGER NOT NULL DEFAULT 0,
          subs_deleted INTEGER NOT NULL DEFAULT 0,
          created_at INTEGER NOT NULL
        );
        CREATE INDEX sns_topics_scope ON sns_topics (account_id, region, id);
        CREATE TABLE sns_subscriptions (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          arn TEXT NOT NULL UNIQUE,
          topic_arn TEXT NOT NULL,
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          owner TEXT NOT NULL,
          protocol TEXT NOT NULL,
          endpoint TEXT NOT NULL,
          attributes TEXT NOT NULL,
          pending INTEGER NOT NULL,
          token TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );
        CREATE INDEX sns_subscriptions_topic ON sns_subscriptions (topic_arn, id);
        CREATE INDEX sns_subscriptions_scope ON sns_subscriptions (account_id, region, id);
        CREATE TABLE sns_dedup (
          topic_arn TEXT NOT NULL,
          dedup_id TEXT NOT NULL,
          message_id TEXT NOT NULL,
          seq TEXT NOT NULL,
          expires_at INTEGER NOT NULL,
          PRIMARY KEY (topic_arn, dedup_id)
        ) WITHOUT ROWID;
        CREATE TABLE sns_outbox (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          account_id TEXT NOT NULL,
          region TEXT NOT NULL,
          kind TEXT NOT NULL,
          target TEXT NOT NULL,
          message TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );
        CREATE TABLE sns_signing_key (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          private_key TEXT NOT NULL,
          certificate TEXT NOT NULL
        );
      `);
    },
  },
];
