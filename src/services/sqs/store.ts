// All SQL of the SQS service, behind narrow methods (so another backend can replace it). Statements are
// prepared once; receive walks the (queue_id, visible_at, id) index, so its cost does not grow with the queue.
// A bare `LIMIT ?` makes SQLite re-prepare the statement whenever the bound limit changes (the planner uses its
// value), which costs more than the query itself: limits are written `LIMIT ? + 0` to keep one plan.
import type { Db } from '../../store/store.js';

export interface QueueRow {
  id: number;
  account_id: string;
  region: string;
  name: string;
  fifo: number;
  attributes: string;
  tags: string;
  created_at: number;
  modified_at: number;
  purged_at: number | null;
}

export interface MessageRow {
  id: number;
  queue_id: number;
  message_id: string;
  visible_at: number;
  enqueued_at: number;
  sent_at: number;
  receive_count: number;
  first_receive_at: number | null;
  received_at: number | null;
  receipt_nonce: number;
  group_id: string | null;
  dedup_id: string | null;
  sender_id: string;
  trace_header: string | null;
  dlq_source_arn: string | null;
  md5_body: string;
  md5_attrs: string | null;
  md5_sys: string | null;
}

export type NewMessage = Omit<
  MessageRow,
  'id' | 'receive_count' | 'first_receive_at' | 'received_at' | 'receipt_nonce'
>;

export interface MoveTaskRow {
  handle: string;
  account_id: string;
  region: string;
  source_queue_id: number;
  source_arn: string;
  destination_arn: string | null;
  rate: number | null;
  status: string;
  moved: number;
  to_move: number;
  max_message: number;
  failure_reason: string | null;
  started_at: number;
}

export interface Counts {
  visible: number;
  inflight: number;
  delayed: number;
}

const MSG_COLS = `queue_id, message_id, visible_at, enqueued_at, sent_at, receive_count, first_receive_at, received_at,
  receipt_nonce, group_id, dedup_id, sender_id, trace_header, dlq_source_arn, md5_body, md5_attrs, md5_sys`;

export class SqsStore {
  private readonly s;

  constructor(readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      queueByName: p(`SELECT * FROM sqs_queues WHERE account_id = ? AND region = ? AND name = ?`),
      queueById: p(`SELECT * FROM sqs_queues WHERE id = ?`),
      queuesIn: p(`SELECT * FROM sqs_queues WHERE account_id = ? AND region = ? ORDER BY name`),
      allQueues: p(`SELECT * FROM sqs_queues`),
      insertQueue: p(`INSERT INTO sqs_queues (account_id, region, name, fifo, attributes, tags, created_at, modified_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      updateAttributes: p(`UPDATE sqs_queues SET attributes = ?, modified_at = ? WHERE id = ?`),
      updateTags: p(`UPDATE sqs_queues SET tags = ? WHERE id = ?`),
      setPurged: p(`UPDATE sqs_queues SET purged_at = ? WHERE id = ?`),
      deleteQueue: p(`DELETE FROM sqs_queues WHERE id = ?`),
      tombstone: p(
        `INSERT OR REPLACE INTO sqs_deleted_queues (account_id, region, name, deleted_at) VALUES (?, ?, ?, ?)`,
      ),
      tombstoneAt: p(`SELECT deleted_at FROM sqs_deleted_queues WHERE account_id = ? AND region = ? AND name = ?`),
      insertMessage: p(`INSERT INTO sqs_messages (queue_id, message_id, visible_at, enqueued_at, sent_at, group_id,
        dedup_id, sender_id, trace_header, dlq_source_arn, md5_body, md5_attrs, md5_sys)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertBody: p(`INSERT INTO sqs_bodies (id, body, attributes) VALUES (?, ?, ?)`),
      visible: p(
        `SELECT * FROM sqs_messages WHERE queue_id = ? AND visible_at <= ? ORDER BY visible_at, id LIMIT ? + 0`,
      ),
      groupHead: p(`SELECT * FROM sqs_messages WHERE queue_id = ? AND group_id = ? ORDER BY id LIMIT ? + 0`),
      markReceived: p(`UPDATE sqs_messages SET visible_at = ?, receive_count = receive_count + 1, received_at = ?,
        first_receive_at = COALESCE(first_receive_at, ?), receipt_nonce = ? WHERE id = ?`),
      message: p(`SELECT * FROM sqs_messages WHERE id = ?`),
      receipt: p(`SELECT queue_id, receipt_nonce FROM sqs_messages WHERE id = ?`),
      body: p(`SELECT body, attributes FROM sqs_bodies WHERE id = ?`),
      deleteMessage: p(`DELETE FROM sqs_messages WHERE id = ?`),
      deleteBody: p(`DELETE FROM sqs_bodies WHERE id = ?`),
      setVisibleAt: p(`UPDATE sqs_messages SET visible_at = ? WHERE id = ?`),
      countVisible: p(`SELECT COUNT(*) AS n FROM sqs_messages WHERE queue_id = ? AND visible_at <= ?`),
      countHidden: p(`SELECT SUM(receive_count > 0) AS inflight, SUM(receive_count = 0) AS delayed
        FROM sqs_messages WHERE queue_id = ? AND visible_at > ?`),
      nextVisibleAt: p(`SELECT MIN(visible_at) AS at FROM sqs_messages WHERE queue_id = ? AND visible_at > ?`),
      copyMessage: p(`INSERT INTO sqs_messages (${MSG_COLS})
        SELECT ?, message_id, ?, ?, sent_at, ?, first_receive_at, NULL, 0, group_id, dedup_id, sender_id, trace_header,
        ?, md5_body, md5_attrs, md5_sys FROM sqs_messages WHERE id = ?`),
      copyBody: p(
        `INSERT INTO sqs_bodies (id, body, attributes) SELECT ?, body, attributes FROM sqs_bodies WHERE id = ?`,
      ),
      purgeBodies: p(`DELETE FROM sqs_bodies WHERE id IN (SELECT id FROM sqs_messages WHERE queue_id = ?)`),
      purgeMessages: p(`DELETE FROM sqs_messages WHERE queue_id = ?`),
      expiredIds: p(`SELECT id FROM sqs_messages WHERE queue_id = ? AND enqueued_at <= ? LIMIT 1000`),
      oldestEnqueued: p(`SELECT MIN(enqueued_at) AS at FROM sqs_messages WHERE queue_id = ?`),
      oldestIds: p(`SELECT * FROM sqs_messages WHERE queue_id = ? AND id <= ? ORDER BY id LIMIT ? + 0`),
      countUpTo: p(`SELECT COUNT(*) AS n, MAX(id) AS maxId FROM sqs_messages WHERE queue_id = ?`),
      dedupGet: p(
        `SELECT message_id, seq FROM sqs_dedup WHERE queue_id = ? AND scope = ? AND dedup_id = ? AND expires_at > ?`,
      ),
      dedupPut: p(`INSERT OR REPLACE INTO sqs_dedup (queue_id, scope, dedup_id, message_id, seq, expires_at)
        VALUES (?, ?, ?, ?, ?, ?)`),
      dedupSweep: p(`DELETE FROM sqs_dedup WHERE queue_id = ? AND expires_at <= ?`),
      dedupDropQueue: p(`DELETE FROM sqs_dedup WHERE queue_id = ?`),
      taskInsert:
        p(`INSERT INTO sqs_move_tasks (handle, account_id, region, source_queue_id, source_arn, destination_arn,
        rate, status, moved, to_move, max_message, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'RUNNING', 0, ?, ?, ?)`),
      taskGet: p(`SELECT * FROM sqs_move_tasks WHERE handle = ?`),
      taskList: p(`SELECT * FROM sqs_move_tasks WHERE source_arn = ? ORDER BY started_at DESC, rowid DESC LIMIT ? + 0`),
      taskRunning: p(`SELECT * FROM sqs_move_tasks WHERE source_queue_id = ? AND status = 'RUNNING'`),
      taskUpdate: p(`UPDATE sqs_move_tasks SET status = ?, moved = ?, failure_reason = ? WHERE handle = ?`),
    };
  }

  // Queues.
  queueByName(accountId: string, region: string, name: string): QueueRow | undefined {
    return this.s.queueByName.get(accountId, region, name) as QueueRow | undefined;
  }
  queueById(id: number): QueueRow | undefined {
    return this.s.queueById.get(id) as QueueRow | undefined;
  }
  queuesIn(accountId: string, region: string): QueueRow[] {
    return this.s.queuesIn.all(accountId, region) as QueueRow[];
  }
  allQueues(): QueueRow[] {
    return this.s.allQueues.all() as QueueRow[];
  }
  insertQueue(r: Omit<QueueRow, 'id' | 'purged_at'>): number {
    const res = this.s.insertQueue.run(
      r.account_id,
      r.region,
      r.name,
      r.fifo,
      r.attributes,
      r.tags,
      r.created_at,
      r.modified_at,
    );
    return Number(res.lastInsertRowid);
  }
  updateAttributes(id: number, attributes: string, modifiedAt: number): void {
    this.s.updateAttributes.run(attributes, modifiedAt, id);
  }
  updateTags(id: number, tags: string): void {
    this.s.updateTags.run(tags, id);
  }
  setPurged(id: number, at: number): void {
    this.s.setPurged.run(at, id);
  }
  /** Deletes a queue with its messages and dedup records, leaving a tombstone for the name-reuse delay. */
  deleteQueue(q: QueueRow, at: number): void {
    this.purge(q.id);
    this.s.dedupDropQueue.run(q.id);
    this.s.deleteQueue.run(q.id);
    this.s.tombstone.run(q.account_id, q.region, q.name, at);
  }
  deletedAt(accountId: string, region: string, name: string): number | undefined {
    const r = this.s.tombstoneAt.get(accountId, region, name) as { deleted_at: number } | undefined;
    return r?.deleted_at;
  }

  // Messages.
  insertMessage(m: NewMessage, body: string, attributes: string | null): number {
    const id = Number(
      this.s.insertMessage.run(
        m.queue_id,
        m.message_id,
        m.visible_at,
        m.enqueued_at,
        m.sent_at,
        m.group_id,
        m.dedup_id,
        m.sender_id,
        m.trace_header,
        m.dlq_source_arn,
        m.md5_body,
        m.md5_attrs,
        m.md5_sys,
      ).lastInsertRowid,
    );
    this.s.insertBody.run(id, body, attributes);
    return id;
  }
  /** Visible messages, earliest-visible first (standard queues). */
  visible(queueId: number, now: number, limit: number): MessageRow[] {
    return this.s.visible.all(queueId, now, limit) as MessageRow[];
  }
  /** The oldest messages of a FIFO group, in send order. */
  groupHead(queueId: number, groupId: string, limit: number): MessageRow[] {
    return this.s.groupHead.all(queueId, groupId, limit) as MessageRow[];
  }
  markReceived(id: number, visibleAt: number, now: number, nonce: number): void {
    this.s.markReceived.run(visibleAt, now, now, nonce, id);
  }
  message(id: number): MessageRow | undefined {
    return this.s.message.get(id) as MessageRow | undefined;
  }
  /** What DeleteMessage checks a receipt handle against (cheaper than the whole row). */
  receipt(id: number): { queue_id: number; receipt_nonce: number } | undefined {
    return this.s.receipt.get(id) as { queue_id: number; receipt_nonce: number } | undefined;
  }
  body(id: number): { body: string; attributes: string | null } | undefined {
    return this.s.body.get(id) as { body: string; attributes: string | null } | undefined;
  }
  deleteMessage(id: number): boolean {
    const n = this.s.deleteMessage.run(id).changes;
    this.s.deleteBody.run(id);
    return n > 0;
  }
  setVisibleAt(id: number, at: number): void {
    this.s.setVisibleAt.run(at, id);
  }
  counts(queueId: number, now: number): Counts {
    const v = this.s.countVisible.get(queueId, now) as { n: number };
    const h = this.s.countHidden.get(queueId, now) as { inflight: number | null; delayed: number | null };
    return { visible: v.n, inflight: h.inflight ?? 0, delayed: h.delayed ?? 0 };
  }
  nextVisibleAt(queueId: number, now: number): number | undefined {
    const r = this.s.nextVisibleAt.get(queueId, now) as { at: number | null };
    return r.at ?? undefined;
  }
  /**
   * Moves a message to another queue as a new row (so it takes its place at the destination's tail), keeping
   * its id, attributes and receive count. Returns the new row id.
   */
  moveMessage(
    id: number,
    destQueueId: number,
    visibleAt: number,
    enqueuedAt: number,
    dlqSourceArn: string | null,
    resetCount: boolean,
  ): number {
    const old = this.message(id);
    if (!old) return 0;
    const res = this.s.copyMessage.run(
      destQueueId,
      visibleAt,
      enqueuedAt,
      resetCount ? 0 : old.receive_count,
      dlqSourceArn,
      id,
    );
    const newId = Number(res.lastInsertRowid);
    this.s.copyBody.run(newId, id);
    this.deleteMessage(id);
    return newId;
  }
  purge(queueId: number): void {
    this.s.purgeBodies.run(queueId);
    this.s.purgeMessages.run(queueId);
  }
  /** Deletes up to 1000 messages enqueued at or before `cutoff`; returns how many. */
  expire(queueId: number, cutoff: number): number {
    const ids = this.s.expiredIds.all(queueId, cutoff) as Array<{ id: number }>;
    for (const r of ids) this.deleteMessage(r.id);
    return ids.length;
  }
  oldestEnqueued(queueId: number): number | undefined {
    const r = this.s.oldestEnqueued.get(queueId) as { at: number | null };
    return r.at ?? undefined;
  }
  /** Oldest messages with id <= maxId (a move task's snapshot). */
  oldest(queueId: number, maxId: number, limit: number): MessageRow[] {
    return this.s.oldestIds.all(queueId, maxId, limit) as MessageRow[];
  }
  snapshot(queueId: number): { count: number; maxId: number } {
    const r = this.s.countUpTo.get(queueId) as { n: number; maxId: number | null };
    return { count: r.n, maxId: r.maxId ?? 0 };
  }

  // FIFO deduplication records (kept after delivery, for the 5-minute interval).
  dedup(
    queueId: number,
    scope: string,
    dedupId: string,
    now: number,
  ): { message_id: string; seq: string | null } | undefined {
    return this.s.dedupGet.get(queueId, scope, dedupId, now) as { message_id: string; seq: string | null } | undefined;
  }
  putDedup(
    queueId: number,
    scope: string,
    dedupId: string,
    messageId: string,
    seq: string | null,
    expiresAt: number,
  ): void {
    this.s.dedupPut.run(queueId, scope, dedupId, messageId, seq, expiresAt);
  }
  sweepDedup(queueId: number, now: number): void {
    this.s.dedupSweep.run(queueId, now);
  }

  // Message move tasks.
  insertTask(t: Omit<MoveTaskRow, 'status' | 'moved' | 'failure_reason'>): void {
    this.s.taskInsert.run(
      t.handle,
      t.account_id,
      t.region,
      t.source_queue_id,
      t.source_arn,
      t.destination_arn,
      t.rate,
      t.to_move,
      t.max_message,
      t.started_at,
    );
  }
  task(handle: string): MoveTaskRow | undefined {
    return this.s.taskGet.get(handle) as MoveTaskRow | undefined;
  }
  tasks(sourceArn: string, limit: number): MoveTaskRow[] {
    return this.s.taskList.all(sourceArn, limit) as MoveTaskRow[];
  }
  runningTask(sourceQueueId: number): MoveTaskRow | undefined {
    return this.s.taskRunning.get(sourceQueueId) as MoveTaskRow | undefined;
  }
  updateTask(handle: string, status: string, moved: number, failure: string | null): void {
    this.s.taskUpdate.run(status, moved, failure, handle);
  }
}
