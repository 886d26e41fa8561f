// FIFO queues: required parameters, deduplication, group ordering and in-flight blocking, sequence numbers.
import { describe, expect, it } from 'vitest';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type ReceiveMessageCommandInput,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SendMessageCommandInput,
} from '@aws-sdk/client-sqs';
import { useAtoll } from '../helpers/atoll.js';
import { expectAwsError, sleep, uniqueName } from '../helpers/util.js';

const ctx = useAtoll();

async function fifoQueue(attributes: Record<string, string> = {}): Promise<string> {
  const res = await ctx.sqs.send(
    new CreateQueueCommand({ QueueName: `${uniqueName('f')}.fifo`, Attributes: { FifoQueue: 'true', ...attributes } }),
  );
  if (!res.QueueUrl) throw new Error('no QueueUrl');
  return res.QueueUrl;
}

async function send(url: string, body: string, group: string, extra: Partial<SendMessageCommandInput> = {}) {
  return ctx.sqs.send(
    new SendMessageCommand({
      QueueUrl: url,
      MessageBody: body,
      MessageGroupId: group,
      MessageDeduplicationId: `${body}-${group}`,
      ...extra,
    }),
  );
}

async function receive(url: string, input: Partial<ReceiveMessageCommandInput> = {}): Promise<Message[]> {
  const res = await ctx.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, ...input }));
  return res.Messages ?? [];
}

describe('FIFO send rules', () => {
  it('requires MessageGroupId', async () => {
    const url = await fifoQueue();
    await expectAwsError(
      ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageDeduplicationId: 'd' })),
      { name: 'MissingParameter', status: 400, message: 'The request must contain the parameter MessageGroupId.' },
    );
  });

  it('requires a deduplication id unless content-based deduplication is on', async () => {
    const url = await fifoQueue();
    await expectAwsError(
      ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g' })),
      {
        name: 'InvalidParameterValue',
        status: 400,
        message:
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      },
    );
  });

  it('rejects a per-message DelaySeconds', async () => {
    const url = await fifoQueue();
    await expectAwsError(send(url, 'delayed', 'g', { DelaySeconds: 1 }), {
      name: 'InvalidParameterValue',
      status: 400,
      message: /DelaySeconds/,
    });
  });

  it('rejects a MessageDeduplicationId on a standard queue', async () => {
    const res = await ctx.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('std') }));
    await expectAwsError(
      ctx.sqs.send(new SendMessageCommand({ QueueUrl: res.QueueUrl, MessageBody: 'x', MessageDeduplicationId: 'd1' })),
      { name: 'InvalidParameterValue', status: 400 },
    );
  });

  it('returns increasing sequence numbers', async () => {
    const url = await fifoQueue();
    const seqs: bigint[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await send(url, `s${i}`, i % 2 ? 'a' : 'b');
      expect(res.SequenceNumber).toMatch(/^\d+$/);
      seqs.push(BigInt(res.SequenceNumber ?? '0'));
    }
    for (let i = 1; i < seqs.length; i++) expect((seqs[i] ?? 0n) > (seqs[i - 1] ?? 0n)).toBe(true);
    const batch = await ctx.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'b1', MessageBody: 'b1', MessageGroupId: 'a', MessageDeduplicationId: 'b1' },
          { Id: 'b2', MessageBody: 'b2', MessageGroupId: 'a', MessageDeduplicationId: 'b2' },
        ],
      }),
    );
    expect(batch.Failed ?? []).toEqual([]);
    for (const s of batch.Successful ?? []) expect(BigInt(s.SequenceNumber ?? '0') > (seqs[4] ?? 0n)).toBe(true);
  });

  it('returns the FIFO system attributes on receive', async () => {
    const url = await fifoQueue();
    const sent = await send(url, 'attrs', 'grp-1', { MessageDeduplicationId: 'dedup-1' });
    const [m] = await receive(url, { MessageSystemAttributeNames: ['All'] });
    expect(m?.Attributes?.MessageGroupId).toBe('grp-1');
    expect(m?.Attributes?.MessageDeduplicationId).toBe('dedup-1');
    expect(m?.Attributes?.SequenceNumber).toBe(sent.SequenceNumber);
  });
});

describe('FIFO deduplication', () => {
  it('drops a message whose MessageDeduplicationId was seen in the last 5 minutes', async () => {
    const url = await fifoQueue();
    await send(url, 'first', 'g', { MessageDeduplicationId: 'same' });
    await send(url, 'second', 'g', { MessageDeduplicationId: 'same' });
    const got = await receive(url, { MaxNumberOfMessages: 10 });
    expect(got.map((m) => m.Body)).toEqual(['first']);
    // Still deduplicated after the original was deleted.
    await ctx.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: got[0]?.ReceiptHandle }));
    await send(url, 'third', 'g', { MessageDeduplicationId: 'same' });
    expect(await receive(url, { MaxNumberOfMessages: 10 })).toEqual([]);
  });

  it('deduplicates by body SHA-256 with ContentBasedDeduplication', async () => {
    const url = await fifoQueue({ ContentBasedDeduplication: 'true' });
    for (const body of ['same body', 'same body', 'other body']) {
      await ctx.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: 'g' }));
    }
    const got = await receive(url, { MaxNumberOfMessages: 10 });
    expect(got.map((m) => m.Body)).toEqual(['same body', 'other body']);
  });

  it('lets an explicit MessageDeduplicationId override content-based deduplication', async () => {
    const url = await fifoQueue({ ContentBasedDeduplication: 'true' });
    await ctx.sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'dup', MessageGroupId: 'g', MessageDeduplicationId: '1' }),
    );
    await ctx.sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'dup', MessageGroupId: 'g', MessageDeduplicationId: '2' }),
    );
    expect(await receive(url, { MaxNumberOfMessages: 10 })).toHaveLength(2);
  });

  it('scopes deduplication to the message group with DeduplicationScope=messageGroup', async () => {
    const url = await fifoQueue({ DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' });
    await send(url, 'x', 'g1', { MessageDeduplicationId: 'same' });
    await send(url, 'y', 'g2', { MessageDeduplicationId: 'same' });
    await send(url, 'z', 'g1', { MessageDeduplicationId: 'same' });
    const got = await receive(url, { MaxNumberOfMessages: 10 });
    expect(got.map((m) => m.Body).sort()).toEqual(['x', 'y']);
  });
});

describe('FIFO ordering', () => {
  it('delivers a group in send order', async () => {
    const url = await fifoQueue();
    for (let i = 0; i < 6; i++) await send(url, `m${i}`, 'g');
    const got = await receive(url, { MaxNumberOfMessages: 10 });
    expect(got.map((m) => m.Body)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('delivers nothing more from a group while an earlier message of it is in flight', async () => {
    const url = await fifoQueue();
    await send(url, 'a1', 'A');
    await send(url, 'a2', 'A');
    await send(url, 'b1', 'B');
    const [a1] = await receive(url, { MaxNumberOfMessages: 1, VisibilityTimeout: 30 });
    expect(a1?.Body).toBe('a1');
    const next = await receive(url, { MaxNumberOfMessages: 10 });
    expect(next.map((m) => m.Body)).toEqual(['b1']);
    expect(await receive(url, { MaxNumberOfMessages: 10 })).toEqual([]);
    await ctx.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: a1?.ReceiptHandle }));
    expect((await receive(url, { MaxNumberOfMessages: 10 })).map((m) => m.Body)).toEqual(['a2']);
  });

  it('redelivers the first message of a group before later ones when its visibility expires', async () => {
    const url = await fifoQueue();
    await send(url, 'first', 'g');
    await send(url, 'second', 'g');
    const [m] = await receive(url, { MaxNumberOfMessages: 1, VisibilityTimeout: 1 });
    expect(m?.Body).toBe('first');
    await sleep(1300);
    const again = await receive(url, {
      MaxNumberOfMessages: 10,
      MessageSystemAttributeNames: ['ApproximateReceiveCount'],
    });
    expect(again.map((x) => x.Body)).toEqual(['first', 'second']);
    expect(again[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
  });

  it('applies the queue DelaySeconds to FIFO messages', async () => {
    const url = await fifoQueue({ DelaySeconds: '1' });
    await send(url, 'late', 'g');
    expect(await receive(url)).toEqual([]);
    expect((await receive(url, { WaitTimeSeconds: 3 })).map((m) => m.Body)).toEqual(['late']);
  });
});
