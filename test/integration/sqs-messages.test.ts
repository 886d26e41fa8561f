// Messages on standard queues: send (single and batch), receive, delete, visibility, purge.
import { describe, expect, it } from 'vitest';
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  type ReceiveMessageCommandInput,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { DEFAULT_ACCOUNT, useAtoll } from '../helpers/atoll.js';
import { md5Hex, md5OfMessageAttributes } from '../helpers/md5.js';
import { expectAwsError, sleep, uniqueName } from '../helpers/util.js';

const ctx = useAtoll();

const NON_EXISTENT = {
  name: 'QueueDoesNotExist',
  code: 'AWS.SimpleQueueService.NonExistentQueue',
  status: 400,
  message: 'The specified queue does not exist.',
};

async function newQueue(attributes?: Record<string, string>): Promise<string> {
  const res = await ctx.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('m'), Attributes: attributes }));
  if (!res.QueueUrl) throw new Error('no QueueUrl');
  return res.QueueUrl;
}

async function receive(url: string, input: Partial<ReceiveMessageCommandInput> = {}): Promise<Message[]> {
  const res = await ctx.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, ...input }));
  return res.Messages ?? [];
}

async function counts(url: string): Promise<{ visible: number; notVisible: number; delayed: number }> {
  const res = await ctx.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  const a = res.Attributes ?? {};
  return {
    visible: Number(a.ApproximateNumberOfMessages),
    notVisible: Number(a.ApproximateNumberOfMessagesNotVisible),
    delayed: Number(a.ApproximateNumberOfMessagesDelayed),
  };
}

function missingQueueUrl(): string {
  return `${ctx.endpoint}/${DEFAULT_ACCOUNT}/${uniqueName('nope')}`;
}

describe('SendMessage / ReceiveMessage / DeleteMessage', () => {
  it('round-trips a message with a correct body MD5', async () => {
    const url = await newQueue();
    const body = 'hello, atoll ✓ — ünïcödé 𝄞';
    const sent = await ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
    expect(sent.MessageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(sent.MD5OfMessageBody).toBe(md5Hex(body));
    expect(sent.MD5OfMessageAttributes).toBeUndefined();
    expect(sent.SequenceNumber).toBeUndefined();

    const [msg, ...rest] = await receive(url);
    expect(rest).toEqual([]);
    expect(msg?.Body).toBe(body);
    expect(msg?.MessageId).toBe(sent.MessageId);
    expect(msg?.MD5OfBody).toBe(md5Hex(body));
    expect(msg?.ReceiptHandle).toBeTruthy();
    // Nothing asked for, nothing returned.
    expect(msg?.Attributes).toBeUndefined();
    expect(msg?.MessageAttributes).toBeUndefined();

    await ctx.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: msg?.ReceiptHandle }));
    expect(await counts(url)).toEqual({ visible: 0, notVisible: 0, delayed: 0 });
    // Deleting again with the same handle succeeds.
    await ctx.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: msg?.ReceiptHandle }));
  });

  it('carries message attributes with the documented MD5 and filters them on receive', async () => {
    const url = await newQueue();
    const attrs = {
      color: { DataType: 'String', StringValue: 'blue' },
      count: { DataType: 'Number', StringValue: '42' },
      blob: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 250, 255]) },
      'custom.tag': { DataType: 'String.custom', StringValue: 'x' },
    };
    const sent = await ctx.sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'with attributes', MessageAttributes: attrs }),
    );
    expect(sent.MD5OfMessageAttributes).toBe(md5OfMessageAttributes(attrs));

    const [all] = await receive(url, { MessageAttributeNames: ['All'], VisibilityTimeout: 0 });
    expect(all?.MD5OfMessageAttributes).toBe(md5OfMessageAttributes(attrs));
    expect(all?.MessageAttributes?.color).toEqual({ DataType: 'String', StringValue: 'blue' });
    expect(all?.MessageAttributes?.count).toEqual({ DataType: 'Number', StringValue: '42' });
    expect(all?.MessageAttributes?.['custom.tag']).toEqual({ DataType: 'String.custom', StringValue: 'x' });
    expect(Buffer.from(all?.MessageAttributes?.blob?.BinaryValue ?? [])).toEqual(Buffer.from([0, 1, 2, 250, 255]));

    const [some] = await receive(url, { MessageAttributeNames: ['color', 'custom.*'], VisibilityTimeout: 0 });
    expect(Object.keys(some?.MessageAttributes ?? {}).sort()).toEqual(['color', 'custom.tag']);
    // The MD5 covers the attributes returned (SDKs that verify it hash what they received).
    expect(some?.MD5OfMessageAttributes).toBe(
      md5OfMessageAttributes({ color: attrs.color, 'custom.tag': attrs['custom.tag'] }),
    );

    const [none] = await receive(url, { VisibilityTimeout: 0 });
    expect(none?.MessageAttributes).toBeUndefined();
  });

  it('returns system attributes when asked', async () => {
    const url = await newQueue();
    const before = Date.now();
    await ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'sys' }));
    const [first] = await receive(url, { MessageSystemAttributeNames: ['All'], VisibilityTimeout: 0 });
    const a = first?.Attributes ?? {};
    expect(Object.keys(a).sort()).toEqual(
      ['ApproximateFirstReceiveTimestamp', 'ApproximateReceiveCount', 'SenderId', 'SentTimestamp'].sort(),
    );
    expect(a.ApproximateReceiveCount).toBe('1');
    const sentTs = Number(a.SentTimestamp);
    expect(sentTs).toBeGreaterThanOrEqual(before - 1000);
    expect(sentTs).toBeLessThanOrEqual(Date.now() + 1000);
    expect(Number(a.ApproximateFirstReceiveTimestamp)).toBeGreaterThanOrEqual(sentTs);

    const [second] = await receive(url, { MessageSystemAttributeNames: ['ApproximateReceiveCount'] });
    expect(second?.Attributes).toEqual({ ApproximateReceiveCount: '2' });
    await ctx.sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: second?.ReceiptHandle, VisibilityTimeout: 0 }),
    );
    // The older AttributeNames parameter still works.
    const [third] = await receive(url, { AttributeNames: ['All'] });
    expect(third?.Attributes?.ApproximateReceiveCount).toBe('3');
    expect(third?.Attributes?.SentTimestamp).toBe(a.SentTimestamp);
  });

  it('rejects an empty body', async () => {
    const url = await newQueue();
    await expectAwsError(ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '' })), {
      name: 'MissingParameter',
      status: 400,
      message: 'The request must contain the parameter MessageBody.',
    });
  });

  it('enforces the queue MaximumMessageSize', async () => {
    const url = await newQueue({ MaximumMessageSize: '1024' });
    await ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(1024) }));
    await expectAwsError(ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(1025) })), {
      name: 'InvalidParameterValue',
      status: 400,
      message: /Message must be shorter than 1024 bytes/,
    });
  });

  it('counts message attributes towards the size limit', async () => {
    const url = await newQueue({ MaximumMessageSize: '1024' });
    await expectAwsError(
      ctx.sqs.send(
        new SendMessageCommand({
          QueueUrl: url,
          MessageBody: 'x'.repeat(1000),
          MessageAttributes: { big: { DataType: 'String', StringValue: 'y'.repeat(100) } },
        }),
      ),
      { name: 'InvalidParameterValue', status: 400 },
    );
  });

  it.each([-1, 901])('rejects DelaySeconds=%i', async (delay) => {
    const url = await newQueue();
    await expectAwsError(
      ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'd', DelaySeconds: delay })),
      { name: 'InvalidParameterValue', status: 400, message: /DelaySeconds/ },
    );
  });

  it('rejects more than 10 message attributes', async () => {
    const url = await newQueue();
    const attrs: Record<string, { DataType: string; StringValue: string }> = {};
    for (let i = 0; i < 11; i++) attrs[`a${i}`] = { DataType: 'String', StringValue: 'v' };
    await expectAwsError(
      ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'm', MessageAttributes: attrs })),
      { name: 'InvalidParameterValue', status: 400 },
    );
  });

  it.each([
    ['an unknown data type', { DataType: 'Date', StringValue: 'x' }],
    ['an empty string value', { DataType: 'String', StringValue: '' }],
    ['a non-numeric Number', { DataType: 'Number', StringValue: 'abc' }],
  ])('rejects a message attribute with %s', async (_why, value) => {
    const url = await newQueue();
    await expectAwsError(
      ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'm', MessageAttributes: { a: value } })),
      { name: 'InvalidParameterValue', status: 400 },
    );
  });

  it('rejects reserved message attribute names', async () => {
    const url = await newQueue();
    await expectAwsError(
      ctx.sqs.send(
        new SendMessageCommand({
          QueueUrl: url,
          MessageBody: 'm',
          MessageAttributes: { 'AWS.reserved': { DataType: 'String', StringValue: 'x' } },
        }),
      ),
      { name: 'InvalidParameterValue', status: 400 },
    );
  });

  it('fails with QueueDoesNotExist on an unknown queue', async () => {
    const url = missingQueueUrl();
    await expectAwsError(ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })), NON_EXISTENT);
    await expectAwsError(ctx.sqs.send(new ReceiveMessageCommand({ QueueUrl: url })), NON_EXISTENT);
    await expectAwsError(ctx.sqs.send(new PurgeQueueCommand({ QueueUrl: url })), NON_EXISTENT);
  });
});

describe('delays', () => {
  it('hides a message sent with DelaySeconds until it is due', async () => {
    const url = await newQueue();
    await ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 1 }));
    await ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'now' }));
    expect(await counts(url)).toEqual({ visible: 1, notVisible: 0, delayed: 1 });
    const first = await receive(url, { MaxNumberOfMessages: 10, WaitTimeSeconds: 0 });
    expect(first.map((m) => m.Body)).toEqual(['now']);
    await sleep(1300);
    const second = await receive(url, { MaxNumberOfMessages: 10, WaitTimeSeconds: 1 });
    expect(second.map((m) => m.Body)).toEqual(['later']);
  });

  it('applies the queue DelaySeconds by default', async () => {
    const url = await newQueue({ DelaySeconds: '1' });
    await ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'q-delayed' }));
    expect(await receive(url)).toEqual([]);
    expect((await counts(url)).delayed).toBe(1);
    const got = await receive(url, { WaitTimeSeconds: 3 });
    expect(got.map((m) => m.Body)).toEqual(['q-delayed']);
  });

  it('lets a per-message DelaySeconds of 0 override the queue delay', async () => {
    const url = await newQueue({ DelaySeconds: '5' });
    await ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'nodelay', DelaySeconds: 0 }));
    expect((await receive(url)).map((m) => m.Body)).toEqual(['nodelay']);
  });
});

describe('SendMessageBatch', () => {
  it('sends all entries and reports each with its MD5', async () => {
    const url = await newQueue();
    const entries: SendMessageBatchRequestEntry[] = [
      { Id: 'a', MessageBody: 'one' },
      { Id: 'b-2', MessageBody: 'two', DelaySeconds: 0 },
      {
        Id: 'c_3',
        MessageBody: 'three',
        MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } },
      },
    ];
    const res = await ctx.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
    expect(res.Failed ?? []).toEqual([]);
    const byId = new Map((res.Successful ?? []).map((s) => [s.Id, s]));
    expect([...byId.keys()].sort()).toEqual(['a', 'b-2', 'c_3']);
    expect(byId.get('a')?.MD5OfMessageBody).toBe(md5Hex('one'));
    expect(byId.get('c_3')?.MD5OfMessageAttributes).toBe(
      md5OfMessageAttributes({ k: { DataType: 'String', StringValue: 'v' } }),
    );
    const got: string[] = [];
    for (let i = 0; i < 10 && got.length < 3; i++) {
      for (const m of await receive(url, { MaxNumberOfMessages: 10, WaitTimeSeconds: 1 })) got.push(m.Body ?? '');
    }
    expect(got.sort()).toEqual(['one', 'three', 'two']);
  });

  it('rejects an empty batch', async () => {
    const url = await newQueue();
    await expectAwsError(ctx.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [] })), {
      name: 'EmptyBatchRequest',
      code: 'AWS.SimpleQueueService.EmptyBatchRequest',
      status: 400,
    });
  });

  it('rejects more than 10 entries', async () => {
    const url = await newQueue();
    const entries = Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: `m${i}` }));
    await expectAwsError(ctx.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries })), {
      name: 'TooManyEntriesInBatchRequest',
      code: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
      status: 400,
      message: 'Maximum number of entries per request are 10. You have sent 11.',
    });
  });

  it('rejects repeated entry ids', async () => {
    const url = await newQueue();
    await expectAwsError(
      ctx.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: [
            { Id: 'dup', MessageBody: '1' },
            { Id: 'dup', MessageBody: '2' },
          ],
        }),
      ),
      {
        name: 'BatchEntryIdsNotDistinct',
        code: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
        status: 400,
        message: 'Id dup repeated.',
      },
    );
    expect((await counts(url)).visible).toBe(0);
  });

  it.each([['has space'], ['dot.id'], ['x'.repeat(81)]])('rejects the entry id %j', async (id) => {
    const url = await newQueue();
    await expectAwsError(
      ctx.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: id, MessageBody: 'm' }] })),
      {
        name: 'InvalidBatchEntryId',
        code: 'AWS.SimpleQueueService.InvalidBatchEntryId',
        status: 400,
        message:
          'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
      },
    );
  });

  it('rejects a batch whose total size is over the limit', async () => {
    const url = await newQueue();
    const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `big${i}`, MessageBody: 'z'.repeat(110_000) }));
    await expectAwsError(ctx.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries })), {
      name: 'BatchRequestTooLong',
      code: 'AWS.SimpleQueueService.BatchRequestTooLong',
      status: 400,
    });
  });
});

describe('ReceiveMessage', () => {
  it('returns one message by default and at most MaxNumberOfMessages', async () => {
    const url = await newQueue();
    for (let i = 0; i < 15; i++) await ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `n${i}` }));
    expect(await receive(url, { WaitTimeSeconds: 1 })).toHaveLength(1);
    const seen = new Set<string>();
    for (let i = 0; i < 20 && seen.size < 14; i++) {
      const batch = await receive(url, { MaxNumberOfMessages: 10, WaitTimeSeconds: 1 });
      expect(batch.length).toBeLessThanOrEqual(10);
      for (const m of batch) {
        expect(seen.has(m.MessageId ?? '')).toBe(false);
        seen.add(m.MessageId ?? '');
      }
    }
    expect(seen.size).toBe(14);
  });

  it('never returns the same message twice in one response, even with VisibilityTimeout 0', async () => {
    const url = await newQueue();
    const bodies = ['v0-a', 'v0-b', 'v0-c'];
    for (const b of bodies) await ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: b }));
    const got = await receive(url, { MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 1 });
    const ids = got.map((m) => m.MessageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(got.map((m) => m.Body).sort()).toEqual(bodies);
  });

  it.each([0, 11])('rejects MaxNumberOfMessages=%i', async (n) => {
    const url = await newQueue();
    await expectAwsError(receive(url, { MaxNumberOfMessages: n }), {
      name: 'InvalidParameterValue',
      status: 400,
      message: /MaxNumberOfMessages/,
    });
  });

  it.each([-1, 21])('rejects WaitTimeSeconds=%i', async (n) => {
    const url = await newQueue();
    await expectAwsError(receive(url, { WaitTimeSeconds: n }), {
      name: 'InvalidParameterValue',
      status: 400,
      message: /WaitTimeSeconds/,
    });
  });

  it('long polling returns as soon as a message arrives', async () => {
    const url = await newQueue();
    const started = Date.now();
    const pending = receive(url, { WaitTimeSeconds: 10 });
    await sleep(500);
    await ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake up' }));
    const msgs = await pending;
    const elapsed = Date.now() - started;
    expect(msgs.map((m) => m.Body)).toEqual(['wake up']);
    expect(elapsed).toBeGreaterThanOrEqual(400);
    expect(elapsed).toBeLessThan(3000);
  });

  it('long polling on an empty queue waits WaitTimeSeconds and returns nothing', async () => {
    const url = await newQueue();
    const started = Date.now();
    expect(await receive(url, { WaitTimeSeconds: 1 })).toEqual([]);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(4000);
  });

  it('uses the queue ReceiveMessageWaitTimeSeconds when WaitTimeSeconds is not given', async () => {
    const url = await newQueue({ ReceiveMessageWaitTimeSeconds: '1' });
    const started = Date.now();
    expect(await receive(url)).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    // An explicit 0 turns it into a short poll.
    const shortStart = Date.now();
    expect(await receive(url, { WaitTimeSeconds: 0 })).toEqual([]);
    expect(Date.now() - shortStart).toBeLessThan(800);
  });

  it('hides a received message for the VisibilityTimeout and then redelivers it', async () => {
    const url = await newQueue();
    await ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'vis' }));
    const [first] = await receive(url, { VisibilityTimeout: 1 });
    expect(first?.Body).toBe('vis');
    expect(await receive(url)).toEqual([]);
    expect(await counts(url)).toEqual({ visible: 0, notVisible: 1, delayed: 0 });
    await sleep(1300);
    const [again] = await receive(url, {
      MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      WaitTimeSeconds: 1,
    });
    expect(again?.MessageId).toBe(first?.MessageId);
    expect(again?.Attributes?.ApproximateReceiveCount).toBe('2');
    expect(again?.ReceiptHandle).not.toBe(first?.ReceiptHandle);
  });

  it('uses the queue VisibilityTimeout by default', async () => {
    const url = await newQueue({ VisibilityTimeout: '1' });
    await ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'qvis' }));
    expect(await receive(url)).toHaveLength(1);
    expect(await receive(url)).toHaveLength(0);
    await sleep(1300);
    expect(await receive(url, { WaitTimeSeconds: 1 })).toHaveLength(1);
  });
});

describe('DeleteMessage / DeleteMessageBatch', () => {
  it('rejects a receipt handle that was never issued', async () => {
    const url = await newQueue();
    await expectAwsError(ctx.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'garbage' })), {
      name: 'ReceiptHandleIsInvalid',
      code: 'ReceiptHandleIsInvalid',
      message: 'The input receipt handle "garbage" is not a valid receipt handle.',
    });
  });

  it('reports per-entry results', async () => {
    const url = await newQueue();
    await ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'b1' }));
    const [m] = await receive(url);
    const res = await ctx.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'ok', ReceiptHandle: m?.ReceiptHandle },
          { Id: 'bad', ReceiptHandle: 'garbage' },
        ],
      }),
    );
    expect(res.Successful).toEqual([{ Id: 'ok' }]);
    expect(res.Failed).toHaveLength(1);
    expect(res.Failed?.[0]).toMatchObject({ Id: 'bad', SenderFault: true, Code: 'ReceiptHandleIsInvalid' });
    expect(await counts(url)).toEqual({ visible: 0, notVisible: 0, delayed: 0 });
  });

  it('applies the batch rules', async () => {
    const url = await newQueue();
    await expectAwsError(ctx.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: [] })), {
      name: 'EmptyBatchRequest',
      code: 'AWS.SimpleQueueService.EmptyBatchRequest',
    });
    await expectAwsError(
      ctx.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: Array.from({ length: 11 }, (_, i) => ({ Id: `d${i}`, ReceiptHandle: 'x' })),
        }),
      ),
      { name: 'TooManyEntriesInBatchRequest', code: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest' },
    );
    await expectAwsError(
      ctx.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: [
            { Id: 'same', ReceiptHandle: 'x' },
            { Id: 'same', ReceiptHandle: 'y' },
          ],
        }),
      ),
      { name: 'BatchEntryIdsNotDistinct', code: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct' },
    );
  });
});

describe('ChangeMessageVisibility / Batch', () => {
  it('makes a message visible again at once with a timeout of 0', async () => {
    const url = await newQueue();
    await ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'cmv' }));
    const [m] = await receive(url, { VisibilityTimeout: 60 });
    expect(await receive(url)).toEqual([]);
    await ctx.sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: m?.ReceiptHandle, VisibilityTimeout: 0 }),
    );
    expect((await receive(url)).map((x) => x.Body)).toEqual(['cmv']);
  });

  it('extends the visibility of an in-flight message', async () => {
    const url = await newQueue();
    await ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'extend' }));
    const [m] = await receive(url, { VisibilityTimeout: 1 });
    await ctx.sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: m?.ReceiptHandle, VisibilityTimeout: 3 }),
    );
    await sleep(1500);
    expect(await receive(url)).toEqual([]);
  });

  it('rejects an invalid receipt handle and an out-of-range timeout', async () => {
    const url = await newQueue();
    await expectAwsError(
      ctx.sqs.send(
        new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: 'garbage', VisibilityTimeout: 5 }),
      ),
      {
        name: 'ReceiptHandleIsInvalid',
        code: 'ReceiptHandleIsInvalid',
        message: 'The input receipt handle "garbage" is not a valid receipt handle.',
      },
    );
    await ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'range' }));
    const [m] = await receive(url);
    await expectAwsError(
      ctx.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: m?.ReceiptHandle,
          VisibilityTimeout: 43201,
        }),
      ),
      { name: 'InvalidParameterValue', status: 400, message: /VisibilityTimeout/ },
    );
  });

  it('reports per-entry results in a batch', async () => {
    const url = await newQueue();
    await ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'cb' }));
    const [m] = await receive(url, { VisibilityTimeout: 60 });
    const res = await ctx.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'ok', ReceiptHandle: m?.ReceiptHandle, VisibilityTimeout: 0 },
          { Id: 'bad', ReceiptHandle: 'garbage', VisibilityTimeout: 0 },
        ],
      }),
    );
    expect(res.Successful).toEqual([{ Id: 'ok' }]);
    expect(res.Failed?.[0]).toMatchObject({ Id: 'bad', SenderFault: true, Code: 'ReceiptHandleIsInvalid' });
    expect((await receive(url)).map((x) => x.Body)).toEqual(['cb']);
    await expectAwsError(ctx.sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: url, Entries: [] })), {
      name: 'EmptyBatchRequest',
      code: 'AWS.SimpleQueueService.EmptyBatchRequest',
    });
  });
});

describe('PurgeQueue', () => {
  it('deletes every message, and refuses a second purge within 60 s', async () => {
    const name = uniqueName('purge');
    const created = await ctx.sqs.send(new CreateQueueCommand({ QueueName: name }));
    const url = created.QueueUrl ?? '';
    for (let i = 0; i < 3; i++) await ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `p${i}` }));
    await ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'delayed', DelaySeconds: 1 }));
    await receive(url, { VisibilityTimeout: 30 });
    await ctx.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    expect(await counts(url)).toEqual({ visible: 0, notVisible: 0, delayed: 0 });
    await sleep(1200);
    expect(await receive(url, { MaxNumberOfMessages: 10 })).toEqual([]);
    await expectAwsError(ctx.sqs.send(new PurgeQueueCommand({ QueueUrl: url })), {
      name: 'PurgeQueueInProgress',
      code: 'AWS.SimpleQueueService.PurgeQueueInProgress',
      status: 403,
      message: `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`,
    });
  });
});
