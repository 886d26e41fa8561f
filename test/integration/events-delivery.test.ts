// PutEvents and delivery: entry validation, SQS targets with Input/InputPath/InputTransformer, FIFO queues,
// dead-letter queues, bus-to-bus (cross-account) targets, archives and replays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateArchiveCommand,
  CreateEventBusCommand,
  DescribeArchiveCommand,
  DescribeReplayCommand,
  type EventBridgeClient,
  PutEventsCommand,
  PutPermissionCommand,
  PutRuleCommand,
  PutTargetsCommand,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { useAtoll } from '../helpers/atoll.js';
import { eventsClient, receiveN } from '../helpers/events.js';
import { expectAwsError, sleep, uniqueName, waitFor } from '../helpers/util.js';

const t = useAtoll();
let eb: EventBridgeClient;
let sqs: SQSClient;
const ACCT = '000000000000';

beforeAll(() => {
  eb = eventsClient(t.endpoint);
  sqs = t.sqs;
});
afterAll(() => eb.destroy());

async function queue(name = uniqueName('eq'), client: SQSClient = sqs, account = ACCT) {
  const url = (await client.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
  return { url, arn: `arn:aws:sqs:us-east-1:${account}:${name}` };
}

describe('PutEvents', () => {
  it('reports invalid entries one by one and accepts the rest', async () => {
    const res = await eb.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'a', DetailType: 't', Detail: '{"x":1}' },
          { DetailType: 't', Detail: '{}' },
          { Source: 'a', Detail: '{}' },
          { Source: 'a', DetailType: 't' },
          { Source: 'a', DetailType: 't', Detail: '[1]' },
          { Source: 'a', DetailType: 't', Detail: '{}', EventBusName: 'ghost' },
        ],
      }),
    );
    expect(res.FailedEntryCount).toBe(5);
    expect(res.Entries?.[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.Entries?.slice(1)).toEqual([
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
      },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
      },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.',
      },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus ghost does not exist.' },
    ]);
  });

  it('rejects more than 10 entries and requests over 256 KB', async () => {
    const e = { Source: 'a', DetailType: 't', Detail: '{}' };
    await expectAwsError(eb.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => e) })), {
      name: 'ValidationException',
      message: /Member must have length less than or equal to 10/,
    });
    const big = { Source: 'a', DetailType: 't', Detail: JSON.stringify({ s: 'x'.repeat(140_000) }) };
    await expectAwsError(eb.send(new PutEventsCommand({ Entries: [big, big] })), {
      name: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
    });
  });

  it('delivers the event envelope to a matching SQS target', async () => {
    const q = await queue();
    await eb.send(
      new PutRuleCommand({ Name: 'to-sqs', EventPattern: '{"source":["shop"],"detail":{"kind":["order"]}}' }),
    );
    await eb.send(new PutTargetsCommand({ Rule: 'to-sqs', Targets: [{ Id: 'q', Arn: q.arn }] }));
    const put = await eb.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'shop',
            DetailType: 'Order Placed',
            Detail: '{"kind":"order","n":1}',
            Resources: ['r1'],
            Time: new Date('2024-05-01T10:00:00.123Z'),
          },
          { Source: 'shop', DetailType: 'Other', Detail: '{"kind":"refund"}' },
        ],
      }),
    );
    const [msg] = await receiveN(sqs, q.url, 1);
    const event = JSON.parse(msg!.Body!) as Record<string, unknown>;
    expect(event).toEqual({
      version: '0',
      id: put.Entries![0]!.EventId,
      'detail-type': 'Order Placed',
      source: 'shop',
      account: ACCT,
      time: '2024-05-01T10:00:00Z',
      region: 'us-east-1',
      resources: ['r1'],
      detail: { kind: 'order', n: 1 },
    });
    await sleep(300);
    const attrs = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    expect(attrs.Attributes?.ApproximateNumberOfMessages).toBe('0');
  });

  it('applies Input, InputPath and InputTransformer', async () => {
    const [a, b, c, d] = await Promise.all([queue(), queue(), queue(), queue()]);
    await eb.send(new PutRuleCommand({ Name: 'xf', EventPattern: '{"source":["xf"]}' }));
    await eb.send(
      new PutTargetsCommand({
        Rule: 'xf',
        Targets: [
          { Id: 'const', Arn: a!.arn, Input: '{"fixed":true}' },
          { Id: 'path', Arn: b!.arn, InputPath: '$.detail.order' },
          {
            Id: 'json',
            Arn: c!.arn,
            InputTransformer: {
              InputPathsMap: { id: '$.detail.order.id', total: '$.detail.order.total', src: '$.source' },
              InputTemplate:
                '{"orderId": <id>, "total": <total>, "text": "order <id> from <src>", "rule": <aws.events.rule-name>}',
            },
          },
          {
            Id: 'text',
            Arn: d!.arn,
            InputTransformer: { InputPathsMap: { id: '$.detail.order.id' }, InputTemplate: '"Order <id> placed"' },
          },
        ],
      }),
    );
    await eb.send(
      new PutEventsCommand({
        Entries: [{ Source: 'xf', DetailType: 't', Detail: '{"order":{"id":"o-1","total":12.5}}' }],
      }),
    );
    const body = async (q: { url: string }) => (await receiveN(sqs, q.url, 1))[0]!.Body!;
    expect(await body(a!)).toBe('{"fixed":true}');
    expect(JSON.parse(await body(b!))).toEqual({ id: 'o-1', total: 12.5 });
    expect(JSON.parse(await body(c!))).toEqual({ orderId: 'o-1', total: 12.5, text: 'order o-1 from xf', rule: 'xf' });
    expect(await body(d!)).toBe('"Order o-1 placed"');
  });

  it('delivers to FIFO queues with the target MessageGroupId', async () => {
    const name = `${uniqueName('fifo')}.fifo`;
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { FifoQueue: 'true' } })))
      .QueueUrl!;
    await eb.send(new PutRuleCommand({ Name: 'fifo', EventPattern: '{"source":["fifo"]}' }));
    await eb.send(
      new PutTargetsCommand({
        Rule: 'fifo',
        Targets: [{ Id: 'f', Arn: `arn:aws:sqs:us-east-1:${ACCT}:${name}`, SqsParameters: { MessageGroupId: 'g1' } }],
      }),
    );
    await eb.send(new PutEventsCommand({ Entries: [{ Source: 'fifo', DetailType: 't', Detail: '{}' }] }));
    expect(await receiveN(sqs, url, 1)).toHaveLength(1);
  });

  it('dead-letters an event whose target queue does not exist, without retrying', async () => {
    const dlq = await queue();
    await eb.send(new PutRuleCommand({ Name: 'dl', EventPattern: '{"source":["dl"]}' }));
    const missing = `arn:aws:sqs:us-east-1:${ACCT}:${uniqueName('missing')}`;
    await eb.send(
      new PutTargetsCommand({
        Rule: 'dl',
        Targets: [
          { Id: 'm', Arn: missing, RetryPolicy: { MaximumRetryAttempts: 1 }, DeadLetterConfig: { Arn: dlq.arn } },
        ],
      }),
    );
    const put = await eb.send(new PutEventsCommand({ Entries: [{ Source: 'dl', DetailType: 't', Detail: '{}' }] }));
    const [msg] = await receiveN(sqs, dlq.url, 1, 15_000);
    expect(JSON.parse(msg!.Body!).id).toBe(put.Entries![0]!.EventId);
    const attrs = msg!.MessageAttributes!;
    expect(attrs.RULE_ARN?.StringValue).toBe(`arn:aws:events:us-east-1:${ACCT}:rule/dl`);
    expect(attrs.TARGET_ARN?.StringValue).toBe(missing);
    expect(attrs.ERROR_CODE?.StringValue).toBe('NO_RESOURCE');
    expect(attrs.ERROR_MESSAGE?.StringValue).toBeTruthy();
    expect(attrs.RETRY_ATTEMPTS?.StringValue).toBe('0'); // a missing resource is not retried
  });

  it('delivers to target and dead-letter queues whose policy grants EventBridge only sqs:SendMessage', async () => {
    // AWS's documented queue policy for EventBridge: SendMessage for events.amazonaws.com from the rule.
    const other = '333333333333';
    const eb3 = eventsClient(t.endpoint, { accessKeyId: other });
    const sqs3 = t.client({ accessKeyId: other });
    const rule = `arn:aws:events:us-east-1:${other}:rule/so`;
    const sendOnly = (arn: string) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: arn,
            Condition: { ArnEquals: { 'aws:SourceArn': rule } },
          },
        ],
      });
    try {
      // The policy arrives with CreateQueue, as infrastructure code usually sets it.
      const make = async (name: string) => {
        const arn = `arn:aws:sqs:us-east-1:${other}:${name}`;
        const created = await sqs3.send(
          new CreateQueueCommand({ QueueName: name, Attributes: { Policy: sendOnly(arn) } }),
        );
        return { url: created.QueueUrl!, arn };
      };
      const target = await make(uniqueName('so'));
      const dlq = await make(uniqueName('sodlq'));
      await eb3.send(new PutRuleCommand({ Name: 'so', EventPattern: '{"source":["so"]}' }));
      const missing = `arn:aws:sqs:us-east-1:${other}:${uniqueName('missing')}`;
      await eb3.send(
        new PutTargetsCommand({
          Rule: 'so',
          Targets: [
            { Id: 'q', Arn: target.arn },
            { Id: 'm', Arn: missing, DeadLetterConfig: { Arn: dlq.arn } },
          ],
        }),
      );
      const put = await eb3.send(new PutEventsCommand({ Entries: [{ Source: 'so', DetailType: 't', Detail: '{}' }] }));
      const id = put.Entries![0]!.EventId;
      const [delivered] = await receiveN(sqs3, target.url, 1);
      expect(JSON.parse(delivered!.Body!).id).toBe(id);
      const [letter] = await receiveN(sqs3, dlq.url, 1, 15_000);
      expect(JSON.parse(letter!.Body!).id).toBe(id);
      expect(letter!.MessageAttributes!.ERROR_CODE?.StringValue).toBe('NO_RESOURCE');
    } finally {
      eb3.destroy();
    }
  });
});

describe('event bus targets', () => {
  it('forwards events to a bus in another account only when its policy allows the sender', async () => {
    const other = '222222222222';
    const eb2 = eventsClient(t.endpoint, { accessKeyId: other });
    const sqs2 = t.client({ accessKeyId: other });
    try {
      await eb2.send(new CreateEventBusCommand({ Name: 'central' }));
      const q = await queue(uniqueName('central'), sqs2, other);
      await eb2.send(new PutRuleCommand({ Name: 'all', EventBusName: 'central', EventPattern: '{"source":["fw"]}' }));
      await eb2.send(
        new PutTargetsCommand({ Rule: 'all', EventBusName: 'central', Targets: [{ Id: 'q', Arn: q.arn }] }),
      );
      const centralArn = `arn:aws:events:us-east-1:${other}:event-bus/central`;
      await eb.send(new PutRuleCommand({ Name: 'fw', EventPattern: '{"source":["fw"]}' }));
      await eb.send(new PutTargetsCommand({ Rule: 'fw', Targets: [{ Id: 'bus', Arn: centralArn }] }));
      await eb2.send(
        new PutPermissionCommand({
          EventBusName: 'central',
          Action: 'events:PutEvents',
          Principal: ACCT,
          StatementId: 'src',
        }),
      );
      const put = await eb.send(
        new PutEventsCommand({ Entries: [{ Source: 'fw', DetailType: 't', Detail: '{"v":1}' }] }),
      );
      const [msg] = await receiveN(sqs2, q.url, 1);
      const event = JSON.parse(msg!.Body!) as Record<string, unknown>;
      expect(event.id).toBe(put.Entries![0]!.EventId);
      expect(event.account).toBe(ACCT);
    } finally {
      eb2.destroy();
    }
  });
});

describe('archives and replays', () => {
  it('archives matching events and replays them with replay-name to the chosen rules', async () => {
    await eb.send(new CreateEventBusCommand({ Name: 'arch' }));
    const busArn = `arn:aws:events:us-east-1:${ACCT}:event-bus/arch`;
    const archive = await eb.send(
      new CreateArchiveCommand({ ArchiveName: 'a1', EventSourceArn: busArn, EventPattern: '{"source":["keep"]}' }),
    );
    expect(archive.State).toBe('ENABLED');
    const start = new Date(Date.now() - 1000);
    await eb.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'keep', DetailType: 't', Detail: '{"n":1}', EventBusName: 'arch' },
          { Source: 'drop', DetailType: 't', Detail: '{"n":2}', EventBusName: 'arch' },
        ],
      }),
    );
    const described = await eb.send(new DescribeArchiveCommand({ ArchiveName: 'a1' }));
    expect(described.EventCount).toBe(1);
    const q = await queue();
    const rule = await eb.send(
      new PutRuleCommand({ Name: 'replayed', EventBusName: 'arch', EventPattern: '{"source":["keep"]}' }),
    );
    await eb.send(
      new PutTargetsCommand({ Rule: 'replayed', EventBusName: 'arch', Targets: [{ Id: 'q', Arn: q.arn }] }),
    );
    await sleep(50);
    await eb.send(
      new StartReplayCommand({
        ReplayName: 'rp1',
        EventSourceArn: archive.ArchiveArn,
        EventStartTime: start,
        EventEndTime: new Date(),
        Destination: { Arn: busArn, FilterArns: [rule.RuleArn!] },
      }),
    );
    const [msg] = await receiveN(sqs, q.url, 1);
    const event = JSON.parse(msg!.Body!) as Record<string, unknown>;
    expect(event['replay-name']).toBe('rp1');
    expect(event.detail).toEqual({ n: 1 });
    const state = await waitFor(async () => {
      const r = await eb.send(new DescribeReplayCommand({ ReplayName: 'rp1' }));
      return r.State === 'COMPLETED' ? r : undefined;
    });
    expect(state.ReplayEndTime).toBeInstanceOf(Date);
  });
});
