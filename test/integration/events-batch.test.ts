// PutEvents with several entries for the same rule target: atoll delivers them as one batched job (one
// SendMessageBatch for a standard queue); each event must still arrive as its own message, keep FIFO order, and
// fail (retry or dead-letter) on its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { useAtoll } from '../helpers/atoll.js';
import { eventsClient, receiveN } from '../helpers/events.js';
import { uniqueName, waitFor } from '../helpers/util.js';

const t = useAtoll();
let eb: EventBridgeClient;
let sqs: SQSClient;
const ACCT = '000000000000';

beforeAll(() => {
  eb = eventsClient(t.endpoint);
  sqs = t.sqs;
});
afterAll(() => eb.destroy());

async function queue(name = uniqueName('bq'), attributes?: Record<string, string>) {
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;
  return { url, arn: `arn:aws:sqs:us-east-1:${ACCT}:${name}` };
}

/** Receives and deletes (a FIFO group stays locked while its received messages are in flight). */
async function drain(url: string, count: number): Promise<Message[]> {
  const got: Message[] = [];
  await waitFor(async () => {
    const res = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    for (const m of res.Messages ?? []) {
      got.push(m);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle! }));
    }
    return got.length >= count;
  }, 30_000);
  return got;
}

describe('PutEvents with several entries for one target', () => {
  it('delivers each event as its own message to standard and FIFO queues', { timeout: 90_000 }, async () => {
    const std = await queue();
    const fifo = await queue(`${uniqueName('bf')}.fifo`, { FifoQueue: 'true' });
    const rule = uniqueName('batch');
    await eb.send(new PutRuleCommand({ Name: rule, EventPattern: JSON.stringify({ source: [rule] }) }));
    await eb.send(
      new PutTargetsCommand({
        Rule: rule,
        Targets: [
          {
            Id: 'std',
            Arn: std.arn,
            InputTransformer: {
              InputPathsMap: { n: '$.detail.n' },
              InputTemplate: '{"n": <n>, "rule": <aws.events.rule-name>}',
            },
          },
          { Id: 'fifo', Arn: fifo.arn, SqsParameters: { MessageGroupId: 'g' } },
        ],
      }),
    );
    const entries = [1, 2, 3, 4, 5].map((n) => ({ Source: rule, DetailType: 't', Detail: JSON.stringify({ n }) }));
    const put = await eb.send(new PutEventsCommand({ Entries: entries }));
    expect(put.FailedEntryCount).toBe(0);

    const got = await receiveN(sqs, std.url, 5, 30_000);
    expect(got.map((m) => JSON.parse(m.Body!) as { n: number; rule: string }).sort((a, b) => a.n - b.n)).toEqual(
      [1, 2, 3, 4, 5].map((n) => ({ n, rule })),
    );
    expect(new Set(got.map((m) => m.MessageId)).size).toBe(5);

    const ordered = await drain(fifo.url, 5);
    const ids = ordered.map((m) => (JSON.parse(m.Body!) as { id: string }).id);
    expect(ids).toEqual(put.Entries!.map((e) => e.EventId));
  });

  it('dead-letters every event of the batch when the target queue does not exist', { timeout: 60_000 }, async () => {
    const dlq = await queue();
    const rule = uniqueName('batchdl');
    const missing = `arn:aws:sqs:us-east-1:${ACCT}:${uniqueName('missing')}`;
    await eb.send(new PutRuleCommand({ Name: rule, EventPattern: JSON.stringify({ source: [rule] }) }));
    await eb.send(
      new PutTargetsCommand({
        Rule: rule,
        Targets: [{ Id: 'm', Arn: missing, DeadLetterConfig: { Arn: dlq.arn } }],
      }),
    );
    const entries = [1, 2, 3].map((n) => ({ Source: rule, DetailType: 't', Detail: JSON.stringify({ n }) }));
    const put = await eb.send(new PutEventsCommand({ Entries: entries }));
    const got = await receiveN(sqs, dlq.url, 3, 30_000);
    expect(got.map((m) => (JSON.parse(m.Body!) as { id: string }).id).sort()).toEqual(
      put.Entries!.map((e) => e.EventId).sort(),
    );
    for (const m of got) {
      expect(m.MessageAttributes?.ERROR_CODE?.StringValue).toBe('NO_RESOURCE');
      expect(m.MessageAttributes?.TARGET_ARN?.StringValue).toBe(missing);
      expect(m.MessageAttributes?.RETRY_ATTEMPTS?.StringValue).toBe('0');
    }
  });
});
