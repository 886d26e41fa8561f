// Accounts and regions: a 12-digit access key id selects that account; each region has its own queues.
import { describe, expect, it } from 'vitest';
import {
  AddPermissionCommand,
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { DEFAULT_ACCOUNT, useAtoll } from '../helpers/atoll.js';
import { expectAwsError, uniqueName } from '../helpers/util.js';

const ctx = useAtoll();
const OTHER = '111122223333';

describe('multi-account', () => {
  it('creates queues in the account named by a 12-digit access key id', async () => {
    const other = ctx.client({ accessKeyId: OTHER });
    const name = uniqueName('acct');
    const res = await other.send(new CreateQueueCommand({ QueueName: name }));
    expect(res.QueueUrl).toBe(`${ctx.endpoint}/${OTHER}/${name}`);
    const attrs = await other.send(
      new GetQueueAttributesCommand({ QueueUrl: res.QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    expect(attrs.Attributes?.QueueArn).toBe(`arn:aws:sqs:us-east-1:${OTHER}:${name}`);
  });

  it('keeps accounts apart', async () => {
    const other = ctx.client({ accessKeyId: OTHER });
    const name = uniqueName('iso');
    const mine = await ctx.sqs.send(new CreateQueueCommand({ QueueName: name }));
    const theirs = await other.send(new CreateQueueCommand({ QueueName: name }));
    expect(mine.QueueUrl).toBe(`${ctx.endpoint}/${DEFAULT_ACCOUNT}/${name}`);
    expect(theirs.QueueUrl).not.toBe(mine.QueueUrl);

    const onlyTheirs = uniqueName('theirs');
    await other.send(new CreateQueueCommand({ QueueName: onlyTheirs }));
    await expectAwsError(ctx.sqs.send(new GetQueueUrlCommand({ QueueName: onlyTheirs })), {
      name: 'QueueDoesNotExist',
      code: 'AWS.SimpleQueueService.NonExistentQueue',
    });
    const list = await ctx.sqs.send(new ListQueuesCommand({ QueueNamePrefix: onlyTheirs }));
    expect(list.QueueUrls ?? []).toEqual([]);

    await ctx.sqs.send(new SendMessageCommand({ QueueUrl: mine.QueueUrl, MessageBody: 'mine' }));
    const theirMsgs = await other.send(new ReceiveMessageCommand({ QueueUrl: theirs.QueueUrl }));
    expect(theirMsgs.Messages ?? []).toEqual([]);
  });

  it('maps any non-numeric access key to the default account', async () => {
    const anyKey = ctx.client({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'whatever' });
    const name = uniqueName('anykey');
    const res = await anyKey.send(new CreateQueueCommand({ QueueName: name }));
    expect(res.QueueUrl).toBe(`${ctx.endpoint}/${DEFAULT_ACCOUNT}/${name}`);
  });

  it('reaches another account queue by URL and by QueueOwnerAWSAccountId once permitted', async () => {
    const owner = ctx.client({ accessKeyId: OTHER });
    const name = uniqueName('shared');
    const created = await owner.send(new CreateQueueCommand({ QueueName: name }));
    await owner.send(
      new AddPermissionCommand({
        QueueUrl: created.QueueUrl,
        Label: 'default-account',
        AWSAccountIds: [DEFAULT_ACCOUNT],
        Actions: ['*'],
      }),
    );
    const url = await ctx.sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: OTHER }));
    expect(url.QueueUrl).toBe(created.QueueUrl);
    await ctx.sqs.send(new SendMessageCommand({ QueueUrl: created.QueueUrl, MessageBody: 'cross-account' }));
    const got = await owner.send(new ReceiveMessageCommand({ QueueUrl: created.QueueUrl, WaitTimeSeconds: 1 }));
    expect(got.Messages?.map((m) => m.Body)).toEqual(['cross-account']);
  });
});

describe('multi-region', () => {
  it('keeps regions apart', async () => {
    const west = ctx.client({ region: 'us-west-2' });
    const name = uniqueName('region');
    const westQ = await west.send(new CreateQueueCommand({ QueueName: name }));
    const attrs = await west.send(
      new GetQueueAttributesCommand({ QueueUrl: westQ.QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    expect(attrs.Attributes?.QueueArn).toBe(`arn:aws:sqs:us-west-2:${DEFAULT_ACCOUNT}:${name}`);

    await expectAwsError(ctx.sqs.send(new GetQueueUrlCommand({ QueueName: name })), {
      name: 'QueueDoesNotExist',
      code: 'AWS.SimpleQueueService.NonExistentQueue',
    });
    expect((await ctx.sqs.send(new ListQueuesCommand({ QueueNamePrefix: name }))).QueueUrls ?? []).toEqual([]);
    expect((await west.send(new ListQueuesCommand({ QueueNamePrefix: name }))).QueueUrls).toHaveLength(1);
  });

  it('holds separate messages for same-named queues in two regions', async () => {
    const west = ctx.client({ region: 'us-west-2' });
    const name = uniqueName('twin');
    const eastQ = await ctx.sqs.send(new CreateQueueCommand({ QueueName: name }));
    const westQ = await west.send(new CreateQueueCommand({ QueueName: name }));
    await west.send(new SendMessageCommand({ QueueUrl: westQ.QueueUrl, MessageBody: 'west only' }));
    const east = await ctx.sqs.send(new ReceiveMessageCommand({ QueueUrl: eastQ.QueueUrl }));
    expect(east.Messages ?? []).toEqual([]);
    const westMsgs = await west.send(new ReceiveMessageCommand({ QueueUrl: westQ.QueueUrl }));
    expect(westMsgs.Messages?.map((m) => m.Body)).toEqual(['west only']);
  });
});
