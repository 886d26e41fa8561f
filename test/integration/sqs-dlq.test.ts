// Dead-letter queues: redrive after maxReceiveCount, ListDeadLetterSourceQueues, message move tasks.
import { describe, expect, it } from 'vitest';
import {
  CancelMessageMoveTaskCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ListDeadLetterSourceQueuesCommand,
  ListMessageMoveTasksCommand,
  type ListMessageMoveTasksResultEntry,
  ReceiveMessageCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { DEFAULT_ACCOUNT, useAtoll } from '../helpers/atoll.js';
import { expectAwsError, uniqueName, waitFor } from '../helpers/util.js';

const ctx = useAtoll();

interface Queue {
  url: string;
  arn: string;
}

async function queue(attributes?: Record<string, string>, prefix = 'dlq'): Promise<Queue> {
  const res = await ctx.sqs.send(new CreateQueueCommand({ QueueName: uniqueName(prefix), Attributes: attributes }));
  const url = res.QueueUrl ?? '';
  const attrs = await ctx.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return { url, arn: attrs.Attributes?.QueueArn ?? '' };
}

async function pair(maxReceiveCount = 2): Promise<{ source: Queue; dlq: Queue }> {
  const dlq = await queue(undefined, 'dead');
  const source = await queue(
    { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount }) },
    'src',
  );
  return { source, dlq };
}

async function visibleCount(url: string): Promise<number> {
  const res = await ctx.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(res.Attributes?.ApproximateNumberOfMessages);
}

describe('redrive to a dead-letter queue', () => {
  it('stores the RedrivePolicy as JSON', async () => {
    const { source, dlq } = await pair(3);
    const res = await ctx.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: source.url, AttributeNames: ['RedrivePolicy'] }),
    );
    const policy = JSON.parse(res.Attributes?.RedrivePolicy ?? '{}') as Record<string, unknown>;
    expect(policy.deadLetterTargetArn).toBe(dlq.arn);
    expect(Number(policy.maxReceiveCount)).toBe(3);
  });

  it('moves a message to the DLQ once it was received maxReceiveCount times', async () => {
    const { source, dlq } = await pair(2);
    const sent = await ctx.sqs.send(
      new SendMessageCommand({
        QueueUrl: source.url,
        MessageBody: 'poison',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'bad' } },
      }),
    );
    for (const expected of ['1', '2']) {
      const res = await ctx.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: source.url,
          VisibilityTimeout: 0,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      expect(res.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe(expected);
    }
    const third = await ctx.sqs.send(new ReceiveMessageCommand({ QueueUrl: source.url, VisibilityTimeout: 0 }));
    expect(third.Messages ?? []).toEqual([]);
    const dead = await ctx.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dlq.url, MessageAttributeNames: ['All'], WaitTimeSeconds: 2 }),
    );
    expect(dead.Messages).toHaveLength(1);
    expect(dead.Messages?.[0]?.MessageId).toBe(sent.MessageId);
    expect(dead.Messages?.[0]?.Body).toBe('poison');
    expect(dead.Messages?.[0]?.MessageAttributes?.kind?.StringValue).toBe('bad');
    expect(await visibleCount(source.url)).toBe(0);
  });

  it('lists the source queues of a dead-letter queue', async () => {
    const dlq = await queue(undefined, 'dead');
    const policy = { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 5 }) };
    const a = await queue(policy, 'srca');
    const b = await queue(policy, 'srcb');
    await queue(undefined, 'unrelated');
    const res = await ctx.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq.url }));
    expect([...(res.queueUrls ?? [])].sort()).toEqual([a.url, b.url].sort());
    const none = await ctx.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: a.url }));
    expect(none.queueUrls ?? []).toEqual([]);
    const paged = await ctx.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq.url, MaxResults: 1 }));
    expect(paged.queueUrls).toHaveLength(1);
    expect(paged.NextToken).toBeTruthy();
  });

  it('fails with QueueDoesNotExist for an unknown queue', async () => {
    await expectAwsError(
      ctx.sqs.send(
        new ListDeadLetterSourceQueuesCommand({ QueueUrl: `${ctx.endpoint}/${DEFAULT_ACCOUNT}/${uniqueName('nope')}` }),
      ),
      { name: 'QueueDoesNotExist', code: 'AWS.SimpleQueueService.NonExistentQueue', status: 400 },
    );
  });
});

async function fillDlq(count: number): Promise<{ source: Queue; dlq: Queue }> {
  const p = await pair(1);
  for (let i = 0; i < count; i++) {
    await ctx.sqs.send(new SendMessageCommand({ QueueUrl: p.source.url, MessageBody: `dead-${i}` }));
  }
  // One receive each (VisibilityTimeout 0), then the next receive moves them.
  for (let round = 0; round < 20 && (await visibleCount(p.dlq.url)) < count; round++) {
    await ctx.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: p.source.url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
    );
  }
  expect(await visibleCount(p.dlq.url)).toBe(count);
  return p;
}

async function tasks(sourceArn: string): Promise<ListMessageMoveTasksResultEntry[]> {
  const res = await ctx.sqs.send(new ListMessageMoveTasksCommand({ SourceArn: sourceArn }));
  return res.Results ?? [];
}

describe('message move tasks', () => {
  it('moves messages back to their source queue', async () => {
    const { source, dlq } = await fillDlq(3);
    const started = await ctx.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn }));
    expect(started.TaskHandle).toBeTruthy();
    const done = await waitFor(async () => {
      const [t] = await tasks(dlq.arn);
      return t?.Status === 'COMPLETED' ? t : undefined;
    });
    expect(done.SourceArn).toBe(dlq.arn);
    expect(done.ApproximateNumberOfMessagesMoved).toBe(3);
    expect(done.ApproximateNumberOfMessagesToMove).toBe(3);
    expect(typeof done.StartedTimestamp).toBe('number');
    expect(await visibleCount(source.url)).toBe(3);
    expect(await visibleCount(dlq.url)).toBe(0);
  });

  it('moves messages to an explicit destination', async () => {
    const { dlq } = await fillDlq(2);
    const dest = await queue(undefined, 'dest');
    await ctx.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn, DestinationArn: dest.arn }));
    const done = await waitFor(async () => {
      const [t] = await tasks(dlq.arn);
      return t?.Status === 'COMPLETED' ? t : undefined;
    });
    expect(done.DestinationArn).toBe(dest.arn);
    expect(await visibleCount(dest.url)).toBe(2);
  });

  it('cancels a running task', async () => {
    const { dlq } = await fillDlq(6);
    const started = await ctx.sqs.send(
      new StartMessageMoveTaskCommand({ SourceArn: dlq.arn, MaxNumberOfMessagesPerSecond: 1 }),
    );
    const cancelled = await ctx.sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: started.TaskHandle }));
    expect(typeof cancelled.ApproximateNumberOfMessagesMoved).toBe('number');
    const t = await waitFor(async () => {
      const [x] = await tasks(dlq.arn);
      return x?.Status === 'CANCELLED' ? x : undefined;
    });
    expect(t.ApproximateNumberOfMessagesMoved ?? 0).toBeLessThan(6);
  });

  it('allows only one active task per source queue', async () => {
    const { dlq } = await fillDlq(5);
    const first = await ctx.sqs.send(
      new StartMessageMoveTaskCommand({ SourceArn: dlq.arn, MaxNumberOfMessagesPerSecond: 1 }),
    );
    let failed = false;
    try {
      await ctx.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn }));
    } catch (err) {
      failed = true;
      expect((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(400);
    }
    expect(failed).toBe(true);
    await ctx.sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: first.TaskHandle }));
  });

  it('lists no tasks for a queue that never had one', async () => {
    const dlq = await queue(undefined, 'dead');
    await queue({ RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 1 }) }, 'src');
    expect(await tasks(dlq.arn)).toEqual([]);
  });

  it('fails with ResourceNotFoundException for an unknown source queue', async () => {
    await expectAwsError(
      ctx.sqs.send(
        new StartMessageMoveTaskCommand({
          SourceArn: `arn:aws:sqs:us-east-1:${DEFAULT_ACCOUNT}:${uniqueName('nope')}`,
        }),
      ),
      { name: 'ResourceNotFoundException', code: 'ResourceNotFoundException' },
    );
  });
});
