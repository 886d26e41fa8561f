// Durability of SNS deliveries: every acknowledged Publish reaches its subscribers even when atoll is killed
// with SIGKILL right after acknowledging (deliveries are durable jobs committed with the Publish).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CreateTopicCommand, PublishBatchCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sqsClient } from '../helpers/atoll.js';
import { type AtollProcess, freePort, killCli, startCli } from '../helpers/process.js';
import { receiveAll, snsClient } from './sns-helpers.js';

const dirs: string[] = [];
const running: AtollProcess[] = [];
const clients: Array<SNSClient | SQSClient> = [];

async function start(port: number, dir: string) {
  const proc = await startCli(['--port', String(port), '--host', '127.0.0.1', '--state-dir', dir]);
  running.push(proc);
  const sqs = sqsClient(proc.endpoint);
  const sns = snsClient(proc.endpoint);
  clients.push(sqs, sns);
  return { proc, sqs, sns };
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const p of running.splice(0)) await killCli(p);
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('SNS crash recovery (kill -9)', () => {
  it('delivers every acknowledged message after a SIGKILL', async () => {
    const port = await freePort();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'atoll-sns-crash-'));
    dirs.push(dir);
    const first = await start(port, dir);
    const url = (await first.sqs.send(new CreateQueueCommand({ QueueName: 'sink' }))).QueueUrl!;
    const arn = (await first.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] })))
      .Attributes!.QueueArn!;
    const topic = (await first.sns.send(new CreateTopicCommand({ Name: 'durable' }))).TopicArn!;
    await first.sns.send(
      new SubscribeCommand({
        TopicArn: topic,
        Protocol: 'sqs',
        Endpoint: arn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    const sent: string[] = [];
    const batches: Promise<unknown>[] = [];
    for (let b = 0; b < 30; b++) {
      const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `e${i}`, Message: `m-${b}-${i}` }));
      sent.push(...entries.map((e) => e.Message));
      batches.push(first.sns.send(new PublishBatchCommand({ TopicArn: topic, PublishBatchRequestEntries: entries })));
    }
    await Promise.all(batches);
    // Acknowledged: kill at once, before the scheduler can have delivered everything.
    await killCli(first.proc);
    const second = await start(port, dir);
    // At-least-once: duplicates may arrive, so receive until every distinct message is in.
    const bodies = new Set<string | undefined>();
    const end = Date.now() + 20_000;
    while (sent.some((m) => !bodies.has(m)) && Date.now() < end) {
      for (const m of await receiveAll(second.sqs, url, 10, 1000)) bodies.add(m.Body);
    }
    expect(sent.filter((m) => !bodies.has(m))).toEqual([]);
  }, 60_000);
});
