// ReceiveMessage: picks visible messages in one transaction (expiring old ones, redriving those past
// maxReceiveCount to the dead-letter queue, honouring FIFO group order), then long-polls when empty.
import type { HandlerTable, RequestContext } from '../types.js';
import type { Message, MessageBodyAttributeMap, Operations } from './api.js';
import type { SqsService } from './service.js';
import type { Queue } from './registry.js';
import type { MessageRow } from './store.js';
import { SqsErrors } from './errors.js';
import { md5OfAttributes } from './md5.js';
import { deserializeAttributes } from './codec.js';
import { encodeReceipt, newNonce } from './receipts.js';
import { sequenceNumber } from './fifo.js';

type ReceiveInput = Operations['ReceiveMessage']['input'];

interface Options {
  max: number;
  visibilityMs: number;
  systemNames: Set<string>;
  attributeNames: string[];
}

const SYSTEM_ATTRIBUTES = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageDeduplicationId',
  'MessageGroupId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
];
const ATTEMPT_TTL_MS = 5 * 60_000;
const FIFO_SCAN = 1000;

function options(q: Queue, input: ReceiveInput): Options {
  const max = input.MaxNumberOfMessages ?? 1;
  if (!Number.isInteger(max) || max < 1 || max > 10) {
    throw SqsErrors.invalidParameter('MaxNumberOfMessages', max, 'Must be between 1 and 10, if provided.');
  }
  const vt = input.VisibilityTimeout;
  if (vt !== undefined && vt !== null && (!Number.isInteger(vt) || vt < 0 || vt > 43_200)) {
    throw SqsErrors.invalidParameter('VisibilityTimeout', vt, 'Must be >= 0 and <= 43200, if provided.');
  }
  const names = [...(input.AttributeNames ?? []), ...(input.MessageSystemAttributeNames ?? [])];
  const systemNames = new Set(names.includes('All') ? SYSTEM_ATTRIBUTES : names);
  return {
    max,
    visibilityMs: (vt ?? q.visibilityTimeout) * 1000,
    systemNames,
    attributeNames: input.MessageAttributeNames ?? [],
  };
}

function pickAttributes(
  all: MessageBodyAttributeMap | undefined,
  wanted: string[],
): MessageBodyAttributeMap | undefined {
  if (!all || wanted.length === 0) return undefined;
  if (wanted.includes('All') || wanted.includes('.*')) return all;
  const out: MessageBodyAttributeMap = {};
  for (const [name, v] of Object.entries(all)) {
    const match = wanted.some((w) => (w.endsWith('.*') ? name.startsWith(w.slice(0, -1)) : w === name));
    if (match) out[name] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function toMessage(svc: SqsService, q: Queue, m: MessageRow, nonce: number, opts: Options): Message {
  const body = svc.store.body(m.id);
  const msg: Message = {
    MessageId: m.message_id,
    ReceiptHandle: encodeReceipt({ queueId: q.id, messageRowId: m.id, nonce }),
    MD5OfBody: m.md5_body,
    Body: body?.body ?? '',
  };
  const sys: Record<string, string> = {};
  const put = (name: string, value: string | number | null | undefined) => {
    if (opts.systemNames.has(name) && value !== null && value !== undefined) sys[name] = String(value);
  };
  put('SenderId', m.sender_id);
  put('SentTimestamp', m.sent_at);
  put('ApproximateReceiveCount', m.receive_count);
  put('ApproximateFirstReceiveTimestamp', m.first_receive_at);
  if (q.fifo) {
    put('SequenceNumber', sequenceNumber(m.id));
    put('MessageDeduplicationId', m.dedup_id);
  }
  put('MessageGroupId', m.group_id);
  put('AWSTraceHeader', m.trace_header);
  put('DeadLetterQueueSourceArn', m.dlq_source_arn);
  if (Object.keys(sys).length > 0) msg.Attributes = sys;
  const attrs = pickAttributes(deserializeAttributes(body?.attributes ?? null), opts.attributeNames);
  if (attrs) {
    msg.MessageAttributes = attrs;
    msg.MD5OfMessageAttributes = md5OfAttributes(attrs) as string;
  }
  return msg;
}

export class Receiver {
  // FIFO ReceiveRequestAttemptId: a retried attempt gets the same messages and receipt handles.
  private readonly attempts = new Map<
    string,
    { at: number; rows: Array<{ id: number; nonce: number }>; out: Message[] }
  >();

  constructor(private readonly svc: SqsService) {
    svc.core.store.onReset(() => this.attempts.clear());
  }

  /**
   * One non-blocking receive pass in a transaction, shared with concurrent writers through the group commit
   * (it resolves once committed, like a transaction of its own would). Notifies the DLQs that got messages.
   */
  private async pass(
    q: Queue,
    opts: Options,
    attemptId: string | undefined,
  ): Promise<{ msgs: Message[]; generation: number }> {
    const svc = this.svc;
    const dlqs = new Set<number>();
    // The queue's notify count when this pass read it: a send committed after the read (but notified before a
    // long poll parks) must still wake that poll.
    let generation = 0;
    const out = await svc.commit(() => {
      const now = svc.now();
      generation = svc.polls.generation(q.id);
      if (attemptId !== undefined) {
        const replay = this.replay(q, attemptId, now, opts);
        if (replay) return replay;
      }
      const taken: Array<{ row: MessageRow; nonce: number }> = [];
      const dlq = q.redrive ? svc.queueFromArn(q.redrive.deadLetterTargetArn) : undefined;
      const cutoff = now - q.retentionMs;
      // Returns false when the row was removed instead of delivered (expired or redriven).
      const consider = (row: MessageRow): void => {
        if (row.enqueued_at <= cutoff) {
          svc.store.deleteMessage(row.id);
          return;
        }
        if (dlq && q.redrive && row.receive_count >= q.redrive.maxReceiveCount) {
          const enqueuedAt = dlq.fifo ? now : row.enqueued_at;
          svc.store.moveMessage(row.id, dlq.id, now, enqueuedAt, q.arn, false);
          dlqs.add(dlq.id);
          return;
        }
        const nonce = newNonce();
        svc.store.markReceived(row.id, now + opts.visibilityMs, now, nonce);
        taken.push({
          row: { ...row, receive_count: row.receive_count + 1, first_receive_at: row.first_receive_at ?? now },
          nonce,
        });
      };
      if (q.fifo) {
        // Visible rows point at groups; each group is then walked from its oldest message, which must be
        // visible (not in flight or delayed) for any of the group to be delivered, in send order.
        const groups = new Set<string>();
        for (const row of svc.store.visible(q.id, now, FIFO_SCAN)) {
          if (taken.length >= opts.max) break;
          const group = row.group_id ?? '';
          if (groups.has(group)) continue;
          groups.add(group);
          for (const m of svc.store.groupHead(q.id, group, opts.max - taken.length + 10)) {
            if (m.visible_at > now || taken.length >= opts.max) break;
            consider(m);
          }
        }
      } else {
        // Candidates taken with VisibilityTimeout 0 stay visible, so skip rows already handled in this pass;
        // the others leave the visible set (expired or redriven), so re-query until full.
        const seen = new Set<number>();
        for (;;) {
          const rows = svc.store.visible(q.id, now, opts.max - taken.length + seen.size);
          const fresh = rows.filter((r) => !seen.has(r.id));
          if (fresh.length === 0) break;
          for (const row of fresh) {
            seen.add(row.id);
            consider(row);
            if (taken.length >= opts.max) break;
          }
          if (taken.length >= opts.max) break;
        }
      }
      const msgs = taken.map((t) => toMessage(svc, q, t.row, t.nonce, opts));
      if (attemptId !== undefined) {
        this.attempts.set(`${q.id}:${attemptId}`, {
          at: now,
          rows: taken.map((t) => ({ id: t.row.id, nonce: t.nonce })),
          out: msgs,
        });
      }
      return msgs;
    });
    for (const id of dlqs) svc.polls.notify(id);
    return { msgs: out, generation };
  }

  /** Same attempt id within 5 minutes and nothing changed: same messages, visibility timeout restarted. */
  private replay(q: Queue, attemptId: string, now: number, opts: Options): Message[] | undefined {
    const key = `${q.id}:${attemptId}`;
    const prior = this.attempts.get(key);
    if (!prior) return undefined;
    if (now - prior.at > ATTEMPT_TTL_MS) {
      this.attempts.delete(key);
      return undefined;
    }
    for (const r of prior.rows) {
      const m = this.svc.store.message(r.id);
      if (!m || m.receipt_nonce !== r.nonce) return undefined;
    }
    for (const r of prior.rows) this.svc.store.setVisibleAt(r.id, now + opts.visibilityMs);
    return prior.out;
  }

  private sweepAttempts(now: number): void {
    if (this.attempts.size < 1000) return;
    for (const [k, v] of this.attempts) if (now - v.at > ATTEMPT_TTL_MS) this.attempts.delete(k);
  }

  handlers(): Pick<HandlerTable<Operations>, 'ReceiveMessage'> {
    return {
      ReceiveMessage: async (input, ctx: RequestContext) => {
        const svc = this.svc;
        let q = svc.queueFromUrl(input.QueueUrl, ctx);
        const opts = options(q, input);
        const wait = input.WaitTimeSeconds ?? q.waitSeconds;
        if (!Number.isInteger(wait) || wait < 0 || wait > 20) {
          throw SqsErrors.invalidParameter('WaitTimeSeconds', wait, 'Must be >= 0 and <= 20, if provided.');
        }
        const attemptId = q.fifo ? input.ReceiveRequestAttemptId : undefined;
        this.sweepAttempts(svc.now());
        const deadline = svc.now() + wait * 1000;
        for (;;) {
          const { msgs, generation } = await this.pass(q, opts, attemptId);
          if (msgs.length > 0 || wait === 0) return msgs.length > 0 ? { Messages: msgs } : {};
          const next = svc.store.nextVisibleAt(q.id, svc.now());
          const more = await svc.polls.wait(q.id, deadline, next, ctx.signal, () => svc.now(), generation);
          if (!more) return {};
          const current = svc.queues.getById(q.id);
          if (!current) return {};
          q = current;
        }
      },
    };
  }
}
