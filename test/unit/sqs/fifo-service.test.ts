// FIFO deduplication and group ordering, driven through the handlers over an in-memory store with a fake clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../src/store/store.js';
import { Scheduler } from '../../../src/scheduler/scheduler.js';
import { sqs } from '../../../src/services/sqs/index.js';
import type { RequestContext, ServiceInstance } from '../../../src/services/types.js';
import type { Operations } from '../../../generated/sqs/types.js';

type Call = <K extends keyof Operations>(op: K, input: Operations[K]['input']) => Promise<Operations[K]['output']>;

let clock = 1_700_000_000_000;
let store: Store;
let scheduler: Scheduler;
let instance: ServiceInstance;
let call: Call;

const ctx = (): RequestContext => ({
  requestId: 'r',
  accountId: '000000000000',
  region: 'us-east-1',
  principal: {
    accountId: '000000000000',
    arn: 'arn:aws:iam::000000000000:root',
    accessKeyId: 'test',
    anonymous: false,
  },
  protocol: 'awsJson1_0',
  operation: 'x',
  endpoint: 'http://localhost:4566',
  path: '/',
  signal: new AbortController().signal,
});

beforeEach(() => {
  store = Store.open({ inMemory: true });
  store.migrate(sqs.migrations);
  scheduler = new Scheduler(store, () => clock);
  instance = sqs.create({
    store,
    scheduler,
    config: { defaultAccountId: '000000000000', defaultRegion: 'us-east-1' },
    now: () => clock,
  });
  call = async (op, input) => {
    const h = instance.handlers[op] as unknown as (i: unknown, c: RequestContext) => unknown;
    return (await h(input, ctx())) as never;
  };
});

afterEach(() => {
  instance.close?.();
  store.close();
});

async function fifoQueue(attrs: Record<string, string> = {}): Promise<string> {
  const r = await call('CreateQueue', {
    QueueName: `q${Math.random().toString(36).slice(2)}.fifo`,
    Attributes: { FifoQueue: 'true', ...attrs },
  });
  return r.QueueUrl as string;
}

describe('FIFO deduplication', () => {
  it('drops a duplicate within 5 minutes and accepts it after', async () => {
    const url = await fifoQueue({ ContentBasedDeduplication: 'true' });
    const a = await call('SendMessage', { QueueUrl: url, MessageBody: 'same', MessageGroupId: 'g' });
    const b = await call('SendMessage', { QueueUrl: url, MessageBody: 'same', MessageGroupId: 'g' });
    expect(b.MessageId).toBe(a.MessageId);
    expect(b.SequenceNumber).toBe(a.SequenceNumber);
    clock += 5 * 60_000 + 1;
    const c = await call('SendMessage', { QueueUrl: url, MessageBody: 'same', MessageGroupId: 'g' });
    expect(c.MessageId).not.toBe(a.MessageId);
    const got = await call('ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: 10 });
    expect(got.Messages?.map((m) => m.Body)).toEqual(['same', 'same']);
  });

  it('scopes deduplication to the message group when DeduplicationScope is messageGroup', async () => {
    const url = await fifoQueue({ DeduplicationScope: 'messageGroup' });
    await call('SendMessage', { QueueUrl: url, MessageBody: '1', MessageGroupId: 'a', MessageDeduplicationId: 'd' });
    await call('SendMessage', { QueueUrl: url, MessageBody: '2', MessageGroupId: 'b', MessageDeduplicationId: 'd' });
    await call('SendMessage', { QueueUrl: url, MessageBody: '3', MessageGroupId: 'a', MessageDeduplicationId: 'd' });
    const got = await call('ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: 10 });
    expect(got.Messages?.map((m) => m.Body).sort()).toEqual(['1', '2']);
  });

  it('requires a deduplication id without content-based deduplication', async () => {
    const url = await fifoQueue();
    await expect(call('SendMessage', { QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g' })).rejects.toThrow(
      'ContentBasedDeduplication',
    );
  });
});

describe('FIFO ordering', () => {
  it('holds a group back while one of its messages is in flight', async () => {
    const url = await fifoQueue({ ContentBasedDeduplication: 'true' });
    for (const body of ['a1', 'a2', 'b1']) {
      await call('SendMessage', { QueueUrl: url, MessageBody: body, MessageGroupId: body[0] as string });
    }
    const first = await call('ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: 1 });
    expect(first.Messages?.[0]?.Body).toBe('a1');
    const second = await call('ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: 10 });
    expect(second.Messages?.map((m) => m.Body)).toEqual(['b1']);
    await call('DeleteMessage', { QueueUrl: url, ReceiptHandle: first.Messages?.[0]?.ReceiptHandle as string });
    const third = await call('ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: 10 });
    expect(third.Messages?.map((m) => m.Body)).toEqual(['a2']);
  });

  it('replays the same messages for a retried ReceiveRequestAttemptId', async () => {
    const url = await fifoQueue({ ContentBasedDeduplication: 'true' });
    await call('SendMessage', { QueueUrl: url, MessageBody: 'm', MessageGroupId: 'g' });
    const a = await call('ReceiveMessage', { QueueUrl: url, ReceiveRequestAttemptId: 'try-1' });
    const b = await call('ReceiveMessage', { QueueUrl: url, ReceiveRequestAttemptId: 'try-1' });
    expect(b.Messages?.[0]?.ReceiptHandle).toBe(a.Messages?.[0]?.ReceiptHandle);
    const c = await call('ReceiveMessage', { QueueUrl: url, ReceiveRequestAttemptId: 'try-2' });
    expect(c.Messages).toBeUndefined();
  });
});

describe('retention', () => {
  it('never delivers a message older than the retention period', async () => {
    const r = await call('CreateQueue', { QueueName: 'ret', Attributes: { MessageRetentionPeriod: '60' } });
    const url = r.QueueUrl as string;
    await call('SendMessage', { QueueUrl: url, MessageBody: 'old' });
    clock += 61_000;
    const got = await call('ReceiveMessage', { QueueUrl: url });
    expect(got.Messages).toBeUndefined();
  });
});
