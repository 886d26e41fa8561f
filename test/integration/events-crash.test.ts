// Nothing acknowledged is lost: events accepted by PutEvents reach their target after a kill -9 that interrupts
// the delivery backlog, once atoll restarts on the same state.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { sqsClient } from '../helpers/atoll.js';
import { eventsClient } from '../helpers/events.js';
import { type AtollProcess, freePort, killCli, startCli } from '../helpers/process.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'atoll-events-crash-'));
const running: AtollProcess[] = [];
afterAll(async () => {
  for (const p of running) await killCli(p);
  rmSync(dir, { recursive: true, force: true });
});

describe('EventBridge delivery across kill -9', () => {
  it('delivers every acknowledged event at least once after a restart', async () => {
    const port = await freePort();
    const args = ['--port', String(port), '--host', '127.0.0.1', '--state-dir', dir];
    const first = await startCli(args);
    running.push(first);
    const eb = eventsClient(first.endpoint);
    const sqs = sqsClient(first.endpoint);
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'crash-target' }))).QueueUrl!;
    await eb.send(new PutRuleCommand({ Name: 'crash', EventPattern: '{"source":["crash"]}' }));
    await eb.send(
      new PutTargetsCommand({
        Rule: 'crash',
        Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:us-east-1:000000000000:crash-target' }],
      }),
    );
    // Enough events that deliveries are still queued when the process dies.
    const ids = new Set<string>();
    const entries = Array.from({ length: 10 }, () => ({ Source: 'crash', DetailType: 't', Detail: '{"n":1}' }));
    await Promise.all(
      Array.from({ length: 150 }, async () => {
        const res = await eb.send(new PutEventsCommand({ Entries: entries }));
        for (const e of res.Entries ?? []) if (e.EventId) ids.add(e.EventId);
      }),
    );
    await killCli(first);
    eb.destroy();
    sqs.destroy();
    expect(ids.size).toBe(1500);

    const second = await startCli(args);
    running.push(second);
    const sqs2 = sqsClient(second.endpoint);
    const seen = new Set<string>();
    const deadline = Date.now() + 30_000;
    while (seen.size < ids.size && Date.now() < deadline) {
      const res = await sqs2.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      const msgs = res.Messages ?? [];
      for (const m of msgs) seen.add((JSON.parse(m.Body!) as { id: string }).id);
      if (msgs.length > 0) {
        await sqs2.send(
          new DeleteMessageBatchCommand({
            QueueUrl: url,
            Entries: msgs.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      }
    }
    sqs2.destroy();
    const missing = [...ids].filter((id) => !seen.has(id));
    expect(missing).toEqual([]);
  }, 90_000);
});
