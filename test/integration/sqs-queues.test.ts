// Queue lifecycle and metadata: CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, Get/SetQueueAttributes,
// tags and permissions.
import { describe, expect, it } from 'vitest';
import {
  AddPermissionCommand,
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  ListQueuesCommand,
  RemovePermissionCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import { DEFAULT_ACCOUNT, useAtoll } from '../helpers/atoll.js';
import { expectAwsError, uniqueName } from '../helpers/util.js';

const ctx = useAtoll();

const NON_EXISTENT = {
  name: 'QueueDoesNotExist',
  code: 'AWS.SimpleQueueService.NonExistentQueue',
  status: 400,
  message: 'The specified queue does not exist.',
};

async function createQueue(name: string, attributes?: Record<string, string>): Promise<string> {
  const res = await ctx.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  if (!res.QueueUrl) throw new Error('no QueueUrl');
  return res.QueueUrl;
}

async function attributes(url: string, names: string[] = ['All']): Promise<Record<string, string>> {
  const res = await ctx.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: names as never }));
  return res.Attributes ?? {};
}

describe('CreateQueue', () => {
  it('creates a standard queue with the documented defaults', async () => {
    const name = uniqueName('std');
    const url = await createQueue(name);
    expect(url).toBe(`${ctx.endpoint}/${DEFAULT_ACCOUNT}/${name}`);
    const attrs = await attributes(url);
    expect(Object.keys(attrs).sort()).toEqual(
      [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesDelayed',
        'ApproximateNumberOfMessagesNotVisible',
        'CreatedTimestamp',
        'DelaySeconds',
        'LastModifiedTimestamp',
        'MaximumMessageSize',
        'MessageRetentionPeriod',
        'QueueArn',
        'ReceiveMessageWaitTimeSeconds',
        'SqsManagedSseEnabled',
        'VisibilityTimeout',
      ].sort(),
    );
    expect(attrs.QueueArn).toBe(`arn:aws:sqs:us-east-1:${DEFAULT_ACCOUNT}:${name}`);
    expect(attrs.VisibilityTimeout).toBe('30');
    expect(attrs.DelaySeconds).toBe('0');
    expect(attrs.MessageRetentionPeriod).toBe('345600');
    expect(attrs.ReceiveMessageWaitTimeSeconds).toBe('0');
    // 256 KiB was the default until SQS raised the message size limit to 1 MiB (2025).
    expect(attrs.MaximumMessageSize).toMatch(/^(262144|1048576)$/);
    expect(attrs.SqsManagedSseEnabled).toBe('true');
    expect(attrs.ApproximateNumberOfMessages).toBe('0');
    // Timestamps are epoch seconds.
    const created = Number(attrs.CreatedTimestamp);
    expect(Number.isInteger(created)).toBe(true);
    expect(Math.abs(created - Date.now() / 1000)).toBeLessThan(60);
  });

  it('applies attributes given at creation', async () => {
    const url = await createQueue(uniqueName('attrs'), {
      VisibilityTimeout: '45',
      DelaySeconds: '5',
      MaximumMessageSize: '2048',
      MessageRetentionPeriod: '120',
      ReceiveMessageWaitTimeSeconds: '3',
    });
    const attrs = await attributes(url);
    expect(attrs).toMatchObject({
      VisibilityTimeout: '45',
      DelaySeconds: '5',
      MaximumMessageSize: '2048',
      MessageRetentionPeriod: '120',
      ReceiveMessageWaitTimeSeconds: '3',
    });
  });

  it('is idempotent for the same name and attributes', async () => {
    const name = uniqueName('idem');
    const url1 = await createQueue(name, { VisibilityTimeout: '60' });
    const url2 = await createQueue(name, { VisibilityTimeout: '60' });
    expect(url2).toBe(url1);
    // No attributes at all also returns the existing queue.
    const url3 = await createQueue(name);
    expect(url3).toBe(url1);
  });

  it('fails with QueueAlreadyExists when an attribute differs', async () => {
    const name = uniqueName('exists');
    await createQueue(name, { VisibilityTimeout: '60' });
    await expectAwsError(createQueue(name, { VisibilityTimeout: '61' }), {
      name: 'QueueNameExists',
      code: 'QueueAlreadyExists',
      status: 400,
      message: /^A queue already exists with the same name and a different value for attribute VisibilityTimeout/,
    });
  });

  it.each([
    ['has a space', 'bad name'],
    ['has a dot', 'bad.name'],
    ['is too long', 'a'.repeat(81)],
    ['has a slash', 'bad/name'],
  ])('rejects a name that %s', async (_why, name) => {
    await expectAwsError(createQueue(name), {
      name: 'InvalidParameterValue',
      status: 400,
      message: 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    });
  });

  it('accepts a name of exactly 80 characters', async () => {
    const name = `n${Date.now()}`.padEnd(80, 'x');
    const url = await createQueue(name);
    expect(url.endsWith(`/${name}`)).toBe(true);
  });

  it('rejects an unknown attribute name', async () => {
    await expectAwsError(createQueue(uniqueName('badattr'), { Foo: 'bar' }), {
      name: 'InvalidAttributeName',
      code: 'InvalidAttributeName',
      status: 400,
      message: 'Unknown Attribute Foo.',
    });
  });

  it.each([
    ['VisibilityTimeout', '43201'],
    ['VisibilityTimeout', '-1'],
    ['DelaySeconds', '901'],
    ['MaximumMessageSize', '1023'],
    ['MessageRetentionPeriod', '59'],
    ['MessageRetentionPeriod', '1209601'],
    ['ReceiveMessageWaitTimeSeconds', '21'],
    ['VisibilityTimeout', 'abc'],
  ])('rejects %s=%s', async (attr, value) => {
    await expectAwsError(createQueue(uniqueName('badval'), { [attr]: value }), {
      name: 'InvalidAttributeValue',
      code: 'InvalidAttributeValue',
      status: 400,
      message: `Invalid value for the parameter ${attr}.`,
    });
  });

  it('fails with QueueDeletedRecently when recreating a queue within 60 s of deleting it', async () => {
    const name = uniqueName('recent');
    const url = await createQueue(name);
    await ctx.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    await expectAwsError(createQueue(name), {
      name: 'QueueDeletedRecently',
      code: 'AWS.SimpleQueueService.QueueDeletedRecently',
      status: 400,
      message: 'You must wait 60 seconds after deleting a queue before you can create another with the same name.',
    });
  });

  it('creates a queue with tags', async () => {
    const res = await ctx.sqs.send(
      new CreateQueueCommand({ QueueName: uniqueName('tagged'), tags: { team: 'atoll', env: 'test' } }),
    );
    const tags = await ctx.sqs.send(new ListQueueTagsCommand({ QueueUrl: res.QueueUrl }));
    expect(tags.Tags).toEqual({ team: 'atoll', env: 'test' });
  });
});

describe('CreateQueue (FIFO)', () => {
  it('creates a FIFO queue with its FIFO attributes', async () => {
    const name = `${uniqueName('fifo')}.fifo`;
    const url = await createQueue(name, { FifoQueue: 'true' });
    expect(url.endsWith(`/${name}`)).toBe(true);
    const attrs = await attributes(url);
    expect(attrs.FifoQueue).toBe('true');
    expect(attrs.ContentBasedDeduplication).toBe('false');
    expect(attrs.DeduplicationScope).toBe('queue');
    expect(attrs.FifoThroughputLimit).toBe('perQueue');
  });

  it('rejects FifoQueue=true without the .fifo suffix', async () => {
    await expectAwsError(createQueue(uniqueName('nofifosuffix'), { FifoQueue: 'true' }), {
      name: 'InvalidParameterValue',
      status: 400,
      message:
        'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
    });
  });

  it('rejects a .fifo name without FifoQueue=true', async () => {
    await expectAwsError(createQueue(`${uniqueName('nofifoattr')}.fifo`), {
      name: 'InvalidParameterValue',
      status: 400,
    });
  });

  it('rejects a FIFO name longer than 80 characters including the suffix', async () => {
    await expectAwsError(createQueue(`${'f'.repeat(76)}.fifo`, { FifoQueue: 'true' }), {
      name: 'InvalidParameterValue',
      status: 400,
    });
  });

  it('supports high-throughput FIFO settings', async () => {
    const url = await createQueue(`${uniqueName('ht')}.fifo`, {
      FifoQueue: 'true',
      DeduplicationScope: 'messageGroup',
      FifoThroughputLimit: 'perMessageGroupId',
      ContentBasedDeduplication: 'true',
    });
    const attrs = await attributes(url);
    expect(attrs).toMatchObject({
      DeduplicationScope: 'messageGroup',
      FifoThroughputLimit: 'perMessageGroupId',
      ContentBasedDeduplication: 'true',
    });
  });
});

describe('GetQueueUrl', () => {
  it('returns the URL of an existing queue', async () => {
    const name = uniqueName('url');
    const url = await createQueue(name);
    const res = await ctx.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    expect(res.QueueUrl).toBe(url);
  });

  it('accepts the owner account id of the caller', async () => {
    const name = uniqueName('owner');
    const url = await createQueue(name);
    const res = await ctx.sqs.send(
      new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: DEFAULT_ACCOUNT }),
    );
    expect(res.QueueUrl).toBe(url);
  });

  it('fails with QueueDoesNotExist for an unknown queue', async () => {
    await expectAwsError(ctx.sqs.send(new GetQueueUrlCommand({ QueueName: uniqueName('nope') })), NON_EXISTENT);
  });
});

describe('ListQueues', () => {
  it('filters by prefix', async () => {
    const prefix = uniqueName('lp');
    const urls = [await createQueue(`${prefix}-a`), await createQueue(`${prefix}-b`)];
    await createQueue(uniqueName('other'));
    const res = await ctx.sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix }));
    expect([...(res.QueueUrls ?? [])].sort()).toEqual(urls.sort());
    expect(res.NextToken).toBeUndefined();
  });

  it('returns nothing for a prefix with no queues', async () => {
    const res = await ctx.sqs.send(new ListQueuesCommand({ QueueNamePrefix: uniqueName('none') }));
    expect(res.QueueUrls ?? []).toEqual([]);
  });

  it('pages with MaxResults and NextToken', async () => {
    const prefix = uniqueName('page');
    const created = [];
    for (const s of ['a', 'b', 'c', 'd', 'e']) created.push(await createQueue(`${prefix}-${s}`));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await ctx.sqs.send(
        new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2, NextToken: token }),
      );
      expect((res.QueueUrls ?? []).length).toBeLessThanOrEqual(2);
      seen.push(...(res.QueueUrls ?? []));
      token = res.NextToken;
      pages += 1;
    } while (token && pages < 10);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(created.sort());
  });

  it.each([0, 1001])('rejects MaxResults=%i', async (max) => {
    await expectAwsError(ctx.sqs.send(new ListQueuesCommand({ MaxResults: max })), {
      name: 'InvalidParameterValue',
      status: 400,
    });
  });
});

describe('DeleteQueue', () => {
  it('deletes the queue', async () => {
    const name = uniqueName('del');
    const url = await createQueue(name);
    await ctx.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    await expectAwsError(ctx.sqs.send(new GetQueueUrlCommand({ QueueName: name })), NON_EXISTENT);
    const list = await ctx.sqs.send(new ListQueuesCommand({ QueueNamePrefix: name }));
    expect(list.QueueUrls ?? []).toEqual([]);
  });

  it('fails with QueueDoesNotExist for an unknown queue', async () => {
    await expectAwsError(
      ctx.sqs.send(new DeleteQueueCommand({ QueueUrl: `${ctx.endpoint}/${DEFAULT_ACCOUNT}/${uniqueName('nope')}` })),
      NON_EXISTENT,
    );
  });
});

describe('Get/SetQueueAttributes', () => {
  it('returns only the attributes asked for', async () => {
    const url = await createQueue(uniqueName('some'));
    const attrs = await attributes(url, ['VisibilityTimeout', 'QueueArn']);
    expect(Object.keys(attrs).sort()).toEqual(['QueueArn', 'VisibilityTimeout']);
  });

  it('returns no attributes when none are asked for', async () => {
    const url = await createQueue(uniqueName('none'));
    const res = await ctx.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url }));
    expect(Object.keys(res.Attributes ?? {})).toEqual([]);
  });

  it('rejects an unknown attribute name', async () => {
    const url = await createQueue(uniqueName('unknown'));
    await expectAwsError(
      ctx.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Bogus' as never] })),
      { name: 'InvalidAttributeName', code: 'InvalidAttributeName', status: 400, message: 'Unknown Attribute Bogus.' },
    );
  });

  it('sets attributes and updates LastModifiedTimestamp', async () => {
    const url = await createQueue(uniqueName('set'));
    await ctx.sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: '10', DelaySeconds: '2' } }),
    );
    const attrs = await attributes(url);
    expect(attrs.VisibilityTimeout).toBe('10');
    expect(attrs.DelaySeconds).toBe('2');
    expect(Number(attrs.LastModifiedTimestamp)).toBeGreaterThanOrEqual(Number(attrs.CreatedTimestamp));
  });

  it('rejects an invalid attribute value on set', async () => {
    const url = await createQueue(uniqueName('setbad'));
    await expectAwsError(
      ctx.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: '99999' } })),
      {
        name: 'InvalidAttributeValue',
        code: 'InvalidAttributeValue',
        status: 400,
        message: 'Invalid value for the parameter VisibilityTimeout.',
      },
    );
    expect((await attributes(url, ['VisibilityTimeout'])).VisibilityTimeout).toBe('30');
  });

  it('rejects an unknown attribute name on set', async () => {
    const url = await createQueue(uniqueName('setunknown'));
    await expectAwsError(
      ctx.sqs.send(
        new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Nope: '1' } as Record<string, string> }),
      ),
      {
        name: 'InvalidAttributeName',
        code: 'InvalidAttributeName',
        status: 400,
        message: 'Unknown Attribute Nope.',
      },
    );
  });

  it('fails with QueueDoesNotExist for an unknown queue', async () => {
    const url = `${ctx.endpoint}/${DEFAULT_ACCOUNT}/${uniqueName('nope')}`;
    await expectAwsError(
      ctx.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] })),
      NON_EXISTENT,
    );
    await expectAwsError(
      ctx.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { DelaySeconds: '1' } })),
      NON_EXISTENT,
    );
  });
});

describe('Tags', () => {
  it('tags, lists and untags', async () => {
    const url = await createQueue(uniqueName('tags'));
    const empty = await ctx.sqs.send(new ListQueueTagsCommand({ QueueUrl: url }));
    expect(empty.Tags ?? {}).toEqual({});
    await ctx.sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { a: '1', b: '2' } }));
    await ctx.sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { b: '3', c: '4' } }));
    expect((await ctx.sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags).toEqual({ a: '1', b: '3', c: '4' });
    await ctx.sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: ['a', 'missing'] }));
    expect((await ctx.sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags).toEqual({ b: '3', c: '4' });
  });

  it('fails with QueueDoesNotExist for an unknown queue', async () => {
    const url = `${ctx.endpoint}/${DEFAULT_ACCOUNT}/${uniqueName('nope')}`;
    await expectAwsError(ctx.sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { a: '1' } })), NON_EXISTENT);
    await expectAwsError(ctx.sqs.send(new ListQueueTagsCommand({ QueueUrl: url })), NON_EXISTENT);
    await expectAwsError(ctx.sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: ['a'] })), NON_EXISTENT);
  });
});

describe('Add/RemovePermission', () => {
  it('adds a statement to the queue Policy and removes it again', async () => {
    const name = uniqueName('perm');
    const url = await createQueue(name);
    await ctx.sqs.send(
      new AddPermissionCommand({
        QueueUrl: url,
        Label: 'AllowSend',
        AWSAccountIds: ['111111111111'],
        Actions: ['SendMessage', 'ReceiveMessage'],
      }),
    );
    const policy = JSON.parse((await attributes(url, ['Policy'])).Policy ?? '{}') as {
      Version?: string;
      Statement?: Array<{ Sid?: string; Effect?: string; Action?: string | string[]; Resource?: string }>;
    };
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement).toHaveLength(1);
    const stmt = policy.Statement?.[0];
    expect(stmt?.Sid).toBe('AllowSend');
    expect(stmt?.Effect).toBe('Allow');
    expect([stmt?.Action].flat().sort()).toEqual(['SQS:ReceiveMessage', 'SQS:SendMessage']);
    expect(stmt?.Resource).toBe(`arn:aws:sqs:us-east-1:${DEFAULT_ACCOUNT}:${name}`);

    await ctx.sqs.send(new RemovePermissionCommand({ QueueUrl: url, Label: 'AllowSend' }));
    const after = await attributes(url, ['Policy']);
    const afterPolicy = after.Policy ? (JSON.parse(after.Policy) as { Statement?: unknown[] }) : { Statement: [] };
    expect(afterPolicy.Statement ?? []).toEqual([]);
  });

  it('rejects a duplicate label', async () => {
    const url = await createQueue(uniqueName('permdup'));
    const add = () =>
      ctx.sqs.send(
        new AddPermissionCommand({ QueueUrl: url, Label: 'L1', AWSAccountIds: ['111111111111'], Actions: ['*'] }),
      );
    await add();
    await expectAwsError(add(), { name: 'InvalidParameterValue', status: 400, message: /L1/ });
  });

  it('rejects removing a label that does not exist', async () => {
    const url = await createQueue(uniqueName('permnone'));
    await expectAwsError(ctx.sqs.send(new RemovePermissionCommand({ QueueUrl: url, Label: 'missing' })), {
      name: 'InvalidParameterValue',
      status: 400,
      message: /missing/,
    });
  });
});
