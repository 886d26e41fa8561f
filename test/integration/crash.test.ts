// Durability: kill -9 the CLI mid-flight, restart it on the same state dir, and check that every acknowledged
// message is still there with the right visibility; SIGTERM shuts down cleanly.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListQueueTagsCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { sqsClient } from '../helpers/atoll.js';
import { type AtollProcess, freePort, killCli, startCli } from '../helpers/process.js';
import { sleep } from '../helpers/util.js';

const dirs: string[] = [];
const running: AtollProcess[] = [];
const clients: SQSClient[] = [];

function stateDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'atoll-crash-'));
  dirs.push(d);
  return d;
}

async function start(port: number, dir: string): Promise<{ proc: AtollProcess; sqs: SQSClient }> {
  const proc = await startCli(['--port', String(port), '--host', '127.0.0.1', '--state-dir', dir]);
  running.push(proc);
  const sqs = sqsClient(proc.endpoint);
  clients.push(sqs);
  return { proc, sqs };
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const p of running.splice(0)) await killCli(p);
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Receives until the queue answers empty twice in a row, holding everything received for 60 s. */
async function drain(sqs: SQSClient, url: string): Promise<Message[]> {
  const all: Message[] = [];
  let empties = 0;
  while (empties < 2) {
    const res = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 60,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    const got = res.Messages ?? [];
    if (got.length === 0) empties += 1;
    else empties = 0;
    all.push(...got);
  }
  return all;
}

describe('crash recovery (kill -9)', () => {
  it('keeps every acknowledged message with its visibility across a SIGKILL', async () => {
    const port = await freePort();
    const dir = stateDir();
    let { proc, sqs } = await start(port, dir);

    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'durable', tags: { keep: 'me' } }))).QueueUrl ?? '';
    const plain: string[] = [];
    for (let i = 0; i < 20; i++) {
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `plain-${i}` }));
      plain.push(`plain-${i}`);
    }
    const batch = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: Array.from({ length: 5 }, (_, i) => ({ Id: `b${i}`, MessageBody: `batch-${i}` })),
      }),
    );
    expect(batch.Failed ?? []).toEqual([]);
    plain.push(...Array.from({ length: 5 }, (_, i) => `batch-${i}`));

    const HOLD_S = 8;
    const delayedSentAt = Date.now();
    const delayed = ['delayed-0', 'delayed-1', 'delayed-2'];
    for (const body of delayed) {
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, DelaySeconds: HOLD_S }));
    }

    // Take 6 in flight, delete 2 of them.
    const inflight: Message[] = [];
    while (inflight.length < 6) {
      const res = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 6 - inflight.length,
          VisibilityTimeout: HOLD_S,
        }),
      );
      inflight.push(...(res.Messages ?? []));
    }
    const receivedAt = Date.now();
    const deleted = inflight.slice(0, 2);
    for (const m of deleted)
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
    const stillInflight = inflight.slice(2).map((m) => m.Body ?? '');
    const deletedBodies = deleted.map((m) => m.Body ?? '');

    expect(await killCli(proc)).toBe('SIGKILL');
    ({ proc, sqs } = await start(port, dir));

    // Queue metadata survived.
    const tags = await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }));
    expect(tags.Tags).toEqual({ keep: 'me' });

    // Right after restart: only the never-received, undelayed messages are visible.
    const early = await drain(sqs, url);
    const earlyCheckedAt = Date.now();
    const earlyBodies = early.map((m) => m.Body ?? '');
    const expectedEarly = plain.filter((b) => !stillInflight.includes(b) && !deletedBodies.includes(b));
    if (earlyCheckedAt < Math.min(delayedSentAt, receivedAt) + HOLD_S * 1000 - 500) {
      expect(earlyBodies.sort()).toEqual(expectedEarly.sort());
    } else {
      // Restart was slow enough that the held messages came due; they must at least all be there once.
      for (const b of expectedEarly) expect(earlyBodies).toContain(b);
    }
    const attrs = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessagesDelayed', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    if (Date.now() < delayedSentAt + HOLD_S * 1000 - 500) {
      expect(attrs.Attributes?.ApproximateNumberOfMessagesDelayed).toBe('3');
    }

    // Once due, the delayed and the in-flight-but-not-deleted messages come back, exactly once each.
    const dueAt = Math.max(delayedSentAt, receivedAt) + HOLD_S * 1000 + 300;
    await sleep(Math.max(0, dueAt - Date.now()));
    const late = await drain(sqs, url);
    const lateBodies = late.map((m) => m.Body ?? '');
    const all = [...earlyBodies, ...lateBodies];
    const expectedAll = [...plain.filter((b) => !deletedBodies.includes(b)), ...delayed];
    expect(all.sort()).toEqual(expectedAll.sort());
    expect(new Set(all).size).toBe(all.length);
    for (const m of late) {
      if (stillInflight.includes(m.Body ?? '')) expect(m.Attributes?.ApproximateReceiveCount).toBe('2');
    }
  });

  it('keeps FIFO order and the deduplication window across a SIGKILL', async () => {
    const port = await freePort();
    const dir = stateDir();
    let { proc, sqs } = await start(port, dir);
    const url =
      (await sqs.send(new CreateQueueCommand({ QueueName: 'durable.fifo', Attributes: { FifoQueue: 'true' } })))
        .QueueUrl ?? '';
    const seqs: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await sqs.send(
        new SendMessageCommand({
          QueueUrl: url,
          MessageBody: `f${i}`,
          MessageGroupId: 'g',
          MessageDeduplicationId: `d${i}`,
        }),
      );
      seqs.push(res.SequenceNumber ?? '');
    }
    await killCli(proc);
    ({ proc, sqs } = await start(port, dir));

    // A resend of an already-acknowledged message is still deduplicated.
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'f0-again',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'd0',
      }),
    );
    const after = await sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'f5', MessageGroupId: 'g', MessageDeduplicationId: 'd5' }),
    );
    expect(BigInt(after.SequenceNumber ?? '0') > BigInt(seqs[4] ?? '0')).toBe(true);
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    expect(got.Messages?.map((m) => m.Body)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5']);
  });
});

describe('shutdown', () => {
  it('exits 0 on SIGTERM and keeps the state', async () => {
    const port = await freePort();
    const dir = stateDir();
    let { proc, sqs } = await start(port, dir);
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'term' }))).QueueUrl ?? '';
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'survives' }));
    // A long poll in progress must not hold the shutdown up.
    const emptyUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'term-empty' }))).QueueUrl ?? '';
    const poll = sqs
      .send(new ReceiveMessageCommand({ QueueUrl: emptyUrl, WaitTimeSeconds: 20 }))
      .catch(() => undefined);
    await sleep(200);
    const exit = await Promise.race([killCli(proc, 'SIGTERM'), sleep(10_000).then(() => 'still running after 10 s')]);
    expect(exit, `SIGTERM exit; output:\n${proc.output()}`).toBe(0);
    await poll;
    ({ proc, sqs } = await start(port, dir));
    const res = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    expect(res.Messages?.map((m) => m.Body)).toEqual(['survives']);
  });
});
