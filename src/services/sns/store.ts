// All SQL of the SNS service, behind narrow methods. Statements are prepared once.
import type { Db } from '../../store/store.js';

export interface TopicRow {
  id: number;
  arn: string;
  account_id: string;
  region: string;
  name: string;
  fifo: number;
  attributes: string;
  tags: string;
  seq: number;
  subs_deleted: number;
  created_at: number;
}

export interface SubscriptionRow {
  id: number;
  arn: string;
  topic_arn: string;
  account_id: string;
  region: string;
  owner: string;
  protocol: string;
  endpoint: string;
  attributes: string;
  pending: number;
  token: string;
  created_at: number;
}

export class SnsStore {
  private readonly s;

  constructor(readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      topic: p(`SELECT * FROM sns_topics WHERE arn = ?`),
      topicsAfter: p(`SELECT * FROM sns_topics WHERE account_id = ? AND region = ? AND id > ? ORDER BY id LIMIT ? + 0`),
      insertTopic: p(`INSERT INTO sns_topics (arn, account_id, region, name, fifo, attributes, tags, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      topicAttributes: p(`UPDATE sns_topics SET attributes = ? WHERE arn = ?`),
      topicTags: p(`UPDATE sns_topics SET tags = ? WHERE arn = ?`),
      nextSeq: p(`UPDATE sns_topics SET seq = seq + 1 WHERE arn = ? RETURNING seq`),
      deletedSub: p(`UPDATE sns_topics SET subs_deleted = subs_deleted + 1 WHERE arn = ?`),
      deleteTopic: p(`DELETE FROM sns_topics WHERE arn = ?`),
      sub: p(`SELECT * FROM sns_subscriptions WHERE arn = ?`),
      subsOf: p(`SELECT * FROM sns_subscriptions WHERE topic_arn = ? ORDER BY id`),
      subsOfAfter: p(`SELECT * FROM sns_subscriptions WHERE topic_arn = ? AND id > ? ORDER BY id LIMIT ? + 0`),
      subsAfter: p(
        `SELECT * FROM sns_subscriptions WHERE account_id = ? AND region = ? AND id > ? ORDER BY id LIMIT ? + 0`,
      ),
      subByEndpoint: p(`SELECT * FROM sns_subscriptions WHERE topic_arn = ? AND protocol = ? AND endpoint = ?`),
      insertSub: p(`INSERT INTO sns_subscriptions (arn, topic_arn, account_id, region, owner, protocol, endpoint,
        attributes, pending, token, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      subAttributes: p(`UPDATE sns_subscriptions SET attributes = ? WHERE arn = ?`),
      confirm: p(`UPDATE sns_subscriptions SET pending = 0, attributes = ? WHERE arn = ?`),
      deleteSub: p(`DELETE FROM sns_subscriptions WHERE arn = ?`),
      deleteSubsOf: p(`DELETE FROM sns_subscriptions WHERE topic_arn = ?`),
      dedupGet: p(`SELECT message_id, seq FROM sns_dedup WHERE topic_arn = ? AND dedup_id = ? AND expires_at > ?`),
      dedupPut: p(`INSERT OR REPLACE INTO sns_dedup (topic_arn, dedup_id, message_id, seq, expires_at)
        VALUES (?, ?, ?, ?, ?)`),
      dedupSweep: p(`DELETE FROM sns_dedup WHERE expires_at <= ?`),
      dedupDrop: p(`DELETE FROM sns_dedup WHERE topic_arn = ?`),
      outbox: p(`INSERT INTO sns_outbox (account_id, region, kind, target, message, created_at)
        VALUES (?, ?, ?, ?, ?, ?)`),
      keyGet: p(`SELECT private_key, certificate FROM sns_signing_key WHERE id = 1`),
      keyPut: p(`INSERT OR IGNORE INTO sns_signing_key (id, private_key, certificate) VALUES (1, ?, ?)`),
    };
  }

  // Topics.
  topic(arn: string): TopicRow | undefined {
    return this.s.topic.get(arn) as TopicRow | undefined;
  }
  topicsAfter(accountId: string, region: string, afterId: number, limit: number): TopicRow[] {
    return this.s.topicsAfter.all(accountId, region, afterId, limit) as TopicRow[];
  }
  insertTopic(r: Omit<TopicRow, 'id' | 'seq' | 'subs_deleted'>): void {
    this.s.insertTopic.run(r.arn, r.account_id, r.region, r.name, r.fifo, r.attributes, r.tags, r.created_at);
  }
  setTopicAttributes(arn: string, attributes: Record<string, string>): void {
    this.s.topicAttributes.run(JSON.stringify(attributes), arn);
  }
  setTopicTags(arn: string, tags: Record<string, string>): void {
    this.s.topicTags.run(JSON.stringify(tags), arn);
  }
  /** The topic's next FIFO sequence number (monotonic per topic). */
  nextSeq(arn: string): number {
    return (this.s.nextSeq.get(arn) as { seq: number }).seq;
  }
  countDeletedSubscription(topicArn: string): void {
    this.s.deletedSub.run(topicArn);
  }
  /** Deletes a topic with its subscriptions and deduplication records. */
  deleteTopic(arn: string): void {
    this.s.deleteSubsOf.run(arn);
    this.s.dedupDrop.run(arn);
    this.s.deleteTopic.run(arn);
  }

  // Subscriptions.
  subscription(arn: string): SubscriptionRow | undefined {
    return this.s.sub.get(arn) as SubscriptionRow | undefined;
  }
  subscriptionsOf(topicArn: string): SubscriptionRow[] {
    return this.s.subsOf.all(topicArn) as SubscriptionRow[];
  }
  subscriptionsOfAfter(topicArn: string, afterId: number, limit: number): SubscriptionRow[] {
    return this.s.subsOfAfter.all(topicArn, afterId, limit) as SubscriptionRow[];
  }
  subscriptionsAfter(accountId: string, region: string, afterId: number, limit: number): SubscriptionRow[] {
    return this.s.subsAfter.all(accountId, region, afterId, limit) as SubscriptionRow[];
  }
  subscriptionByEndpoint(topicArn: string, protocol: string, endpoint: string): SubscriptionRow | undefined {
    return this.s.subByEndpoint.get(topicArn, protocol, endpoint) as SubscriptionRow | undefined;
  }
  insertSubscription(r: Omit<SubscriptionRow, 'id'>): void {
    this.s.insertSub.run(
      r.arn,
      r.topic_arn,
      r.account_id,
      r.region,
      r.owner,
      r.protocol,
      r.endpoint,
      r.attributes,
      r.pending,
      r.token,
      r.created_at,
    );
  }
  setSubscriptionAttributes(arn: string, attributes: Record<string, string>): void {
    this.s.subAttributes.run(JSON.stringify(attributes), arn);
  }
  confirm(arn: string, attributes: Record<string, string>): void {
    this.s.confirm.run(JSON.stringify(attributes), arn);
  }
  deleteSubscription(arn: string): boolean {
    return this.s.deleteSub.run(arn).changes > 0;
  }

  // FIFO deduplication (5-minute interval per topic).
  dedup(topicArn: string, dedupId: string, now: number): { message_id: string; seq: string } | undefined {
    return this.s.dedupGet.get(topicArn, dedupId, now) as { message_id: string; seq: string } | undefined;
  }
  putDedup(topicArn: string, dedupId: string, messageId: string, seq: string, expiresAt: number): void {
    this.s.dedupPut.run(topicArn, dedupId, messageId, seq, expiresAt);
  }
  sweepDedup(now: number): void {
    this.s.dedupSweep.run(now);
  }

  /** Messages SNS accepted for endpoints atoll does not reach (SMS, email): kept, never sent. */
  recordOutbox(accountId: string, region: string, kind: string, target: string, message: string, at: number): void {
    this.s.outbox.run(accountId, region, kind, target, message, at);
  }

  signingKey(): { private_key: string; certificate: string } | undefined {
    return this.s.keyGet.get() as { private_key: string; certificate: string } | undefined;
  }
  putSigningKey(privateKey: string, certificate: string): void {
    this.s.keyPut.run(privateKey, certificate);
  }
}
