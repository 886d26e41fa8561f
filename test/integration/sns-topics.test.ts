// SNS topics, attributes, permissions, tags and subscriptions management, driven by the SDK.
import { describe, expect, it } from 'vitest';
import {
  AddPermissionCommand,
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  RemovePermissionCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SubscribeCommand,
  TagResourceCommand,
  UnsubscribeCommand,
  UntagResourceCommand,
  CreatePlatformApplicationCommand,
} from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { useAtoll } from '../helpers/atoll.js';
import { snsClient } from './sns-helpers.js';

const ctx = useAtoll();
const sns = () => snsClient(ctx.endpoint);

async function errorOf(p: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected an error');
}

async function queueArn(name: string): Promise<string> {
  const url = (await ctx.sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
  const attrs = await ctx.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return attrs.Attributes!.QueueArn!;
}

describe('SNS topics', () => {
  it('creates topics idempotently and reports conflicts as AWS does', async () => {
    const c = sns();
    const a = await c.send(new CreateTopicCommand({ Name: 'orders', Tags: [{ Key: 'team', Value: 'a' }] }));
    expect(a.TopicArn).toBe('arn:aws:sns:us-east-1:000000000000:orders');
    const b = await c.send(new CreateTopicCommand({ Name: 'orders' }));
    expect(b.TopicArn).toBe(a.TopicArn);
    const tagConflict = await errorOf(
      c.send(new CreateTopicCommand({ Name: 'orders', Tags: [{ Key: 'team', Value: 'b' }] })),
    );
    expect(tagConflict).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Tags Reason: Topic already exists with different tags',
      status: 400,
    });
    const attrConflict = await errorOf(
      c.send(new CreateTopicCommand({ Name: 'orders', Attributes: { DisplayName: 'x' } })),
    );
    expect(attrConflict.message).toBe(
      'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
    );
    const badName = await errorOf(c.send(new CreateTopicCommand({ Name: 'bad name' })));
    expect(badName).toMatchObject({ name: 'InvalidParameterException', message: 'Invalid parameter: Topic Name' });
  });

  it('answers missing parameters with a ValidationError', async () => {
    const err = await errorOf(sns().send(new CreateTopicCommand({} as never)));
    expect(err.name).toBe('ValidationError');
    expect(err.message).toBe(
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    );
  });

  it('returns AWS default attributes, including the default policy', async () => {
    const c = sns();
    const arn = (await c.send(new CreateTopicCommand({ Name: 'attrs' }))).TopicArn!;
    const { Attributes: a } = await c.send(new GetTopicAttributesCommand({ TopicArn: arn }));
    expect(a).toMatchObject({
      Owner: '000000000000',
      TopicArn: arn,
      DisplayName: '',
      SubscriptionsConfirmed: '0',
      SubscriptionsPending: '0',
      SubscriptionsDeleted: '0',
    });
    const policy = JSON.parse(a!.Policy!) as { Statement: Array<{ Resource: string; Condition: unknown }> };
    expect(policy.Statement[0]!.Resource).toBe(arn);
    expect(policy.Statement[0]!.Condition).toEqual({ StringEquals: { 'AWS:SourceOwner': '000000000000' } });
    expect(JSON.parse(a!.EffectiveDeliveryPolicy!)).toHaveProperty('http.defaultHealthyRetryPolicy.numRetries', 3);
    await c.send(new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: 'DisplayName', AttributeValue: 'Hi' }));
    await c.send(
      new SetTopicAttributesCommand({
        TopicArn: arn,
        AttributeName: 'KmsMasterKeyId',
        AttributeValue: 'alias/aws/sns',
      }),
    );
    const after = (await c.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes!;
    expect(after.DisplayName).toBe('Hi');
    expect(after.KmsMasterKeyId).toBe('alias/aws/sns');
    const bad = await errorOf(
      c.send(new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: 'Nope', AttributeValue: 'x' })),
    );
    expect(bad.message).toBe('Invalid parameter: AttributeName');
  });

  it('creates FIFO topics and validates their names', async () => {
    const c = sns();
    const arn = (
      await c.send(
        new CreateTopicCommand({
          Name: 'f.fifo',
          Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' },
        }),
      )
    ).TopicArn!;
    const a = (await c.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes!;
    expect(a.FifoTopic).toBe('true');
    expect(a.ContentBasedDeduplication).toBe('true');
    const err = await errorOf(c.send(new CreateTopicCommand({ Name: 'nofifo', Attributes: { FifoTopic: 'true' } })));
    expect(err.name).toBe('InvalidParameterException');
  });

  it('answers NotFound for unknown topics and InvalidParameter for malformed ARNs', async () => {
    const c = sns();
    const missing = await errorOf(
      c.send(new GetTopicAttributesCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:nope' })),
    );
    expect(missing).toMatchObject({ name: 'NotFoundException', message: 'Topic does not exist', status: 404 });
    const bad = await errorOf(c.send(new GetTopicAttributesCommand({ TopicArn: 'nope' })));
    expect(bad).toMatchObject({ name: 'InvalidParameterException', message: 'Invalid parameter: TopicArn' });
    // Deleting a topic that does not exist is not an error.
    await c.send(new DeleteTopicCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:nope' }));
  });

  it('pages ListTopics 100 at a time', async () => {
    const c = sns(); // this test uses its own region so other tests' topics do not count
    const west = snsClient(ctx.endpoint, 'us-west-2');
    for (let i = 0; i < 105; i++) await west.send(new CreateTopicCommand({ Name: `page-${i}` }));
    const first = await west.send(new ListTopicsCommand({}));
    expect(first.Topics).toHaveLength(100);
    expect(first.NextToken).toBeDefined();
    const second = await west.send(new ListTopicsCommand({ NextToken: first.NextToken }));
    expect(second.Topics).toHaveLength(5);
    expect(second.NextToken).toBeUndefined();
    c.destroy();
    west.destroy();
  });

  it('edits the policy with AddPermission/RemovePermission', async () => {
    const c = sns();
    const arn = (await c.send(new CreateTopicCommand({ Name: 'perm' }))).TopicArn!;
    await c.send(
      new AddPermissionCommand({
        TopicArn: arn,
        Label: 'share',
        AWSAccountId: ['111111111111'],
        ActionName: ['Publish'],
      }),
    );
    let policy = JSON.parse((await c.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes!.Policy!) as {
      Statement: Array<Record<string, unknown>>;
    };
    expect(policy.Statement[1]).toMatchObject({
      Sid: 'share',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: 'SNS:Publish',
      Resource: arn,
    });
    await c.send(new RemovePermissionCommand({ TopicArn: arn, Label: 'share' }));
    policy = JSON.parse((await c.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes!.Policy!) as {
      Statement: Array<Record<string, unknown>>;
    };
    expect(policy.Statement).toHaveLength(1);
  });

  it('tags topics', async () => {
    const c = sns();
    const arn = (await c.send(new CreateTopicCommand({ Name: 'tagged' }))).TopicArn!;
    await c.send(
      new TagResourceCommand({
        ResourceArn: arn,
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
        ],
      }),
    );
    await c.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['a'] }));
    const { Tags } = await c.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    expect(Tags).toEqual([{ Key: 'b', Value: '2' }]);
    const missing = await errorOf(
      c.send(new ListTagsForResourceCommand({ ResourceArn: 'arn:aws:sns:us-east-1:000000000000:nope' })),
    );
    expect(missing).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });

  it('answers NotImplemented for platform applications', async () => {
    const err = await errorOf(
      sns().send(
        new CreatePlatformApplicationCommand({ Name: 'a', Platform: 'GCM', Attributes: { PlatformCredential: 'k' } }),
      ),
    );
    expect(err.status).toBe(501);
  });
});

describe('SNS subscriptions', () => {
  it('confirms SQS subscriptions at once, idempotently, with attributes', async () => {
    const c = sns();
    const topic = (await c.send(new CreateTopicCommand({ Name: 'subs' }))).TopicArn!;
    const q = await queueArn('subs-q');
    const s1 = await c.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: q }));
    expect(s1.SubscriptionArn).toMatch(new RegExp(`^${topic}:[0-9a-f-]{36}$`));
    const s2 = await c.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: q }));
    expect(s2.SubscriptionArn).toBe(s1.SubscriptionArn);
    const a = (await c.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: s1.SubscriptionArn }))).Attributes!;
    expect(a).toMatchObject({
      Protocol: 'sqs',
      Endpoint: q,
      PendingConfirmation: 'false',
      RawMessageDelivery: 'false',
      TopicArn: topic,
      Owner: '000000000000',
    });
    await c.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn: s1.SubscriptionArn,
        AttributeName: 'FilterPolicy',
        AttributeValue: '{"color":["red"]}',
      }),
    );
    const b = (await c.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: s1.SubscriptionArn }))).Attributes!;
    expect(b.FilterPolicy).toBe('{"color":["red"]}');
    expect(b.FilterPolicyScope).toBe('MessageAttributes');
    const conflict = await errorOf(
      c.send(
        new SubscribeCommand({
          TopicArn: topic,
          Protocol: 'sqs',
          Endpoint: q,
          Attributes: { RawMessageDelivery: 'true' },
        }),
      ),
    );
    expect(conflict.message).toBe(
      'Invalid parameter: Attributes Reason: Subscription already exists with different attributes',
    );
    const bad = await errorOf(
      c.send(
        new SetSubscriptionAttributesCommand({
          SubscriptionArn: s1.SubscriptionArn,
          AttributeName: 'FilterPolicy',
          AttributeValue: '{"a": "not-a-list"}',
        }),
      ),
    );
    expect(bad.name).toBe('InvalidParameterException');
    await c.send(new UnsubscribeCommand({ SubscriptionArn: s1.SubscriptionArn }));
    await c.send(new UnsubscribeCommand({ SubscriptionArn: s1.SubscriptionArn }));
    const gone = await errorOf(c.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: s1.SubscriptionArn })));
    expect(gone).toMatchObject({ name: 'NotFoundException', message: 'Subscription does not exist' });
    const ta = (await c.send(new GetTopicAttributesCommand({ TopicArn: topic }))).Attributes!;
    expect(ta.SubscriptionsDeleted).toBe('1');
  });

  it('validates protocols and endpoints', async () => {
    const c = sns();
    const topic = (await c.send(new CreateTopicCommand({ Name: 'subs-bad' }))).TopicArn!;
    const e1 = await errorOf(c.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: 'http://x' })));
    expect(e1.message).toBe('Invalid parameter: SQS endpoint ARN');
    const e2 = await errorOf(
      c.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'carrier-pigeon', Endpoint: 'x' })),
    );
    expect(e2.message).toBe('Invalid parameter: Amazon SNS does not support this protocol string: carrier-pigeon');
    const e3 = await errorOf(
      c.send(
        new SubscribeCommand({
          TopicArn: topic,
          Protocol: 'lambda',
          Endpoint: 'arn:aws:lambda:us-east-1:000000000000:function:f',
          Attributes: { RawMessageDelivery: 'true' },
        }),
      ),
    );
    expect(e3.message).toBe('Invalid parameter: Delivery protocol [lambda] does not support raw message delivery.');
  });

  it('keeps email subscriptions pending and lists them as PendingConfirmation', async () => {
    const c = sns();
    const topic = (await c.send(new CreateTopicCommand({ Name: 'mail' }))).TopicArn!;
    const s = await c.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'email', Endpoint: 'a@example.com' }));
    expect(s.SubscriptionArn).toBe('pending confirmation');
    const withArn = await c.send(
      new SubscribeCommand({
        TopicArn: topic,
        Protocol: 'email',
        Endpoint: 'a@example.com',
        ReturnSubscriptionArn: true,
      }),
    );
    expect(withArn.SubscriptionArn).toMatch(/^arn:aws:sns:/);
    const list = await c.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }));
    expect(list.Subscriptions?.[0]?.SubscriptionArn).toBe('PendingConfirmation');
    const ta = (await c.send(new GetTopicAttributesCommand({ TopicArn: topic }))).Attributes!;
    expect(ta.SubscriptionsPending).toBe('1');
    const badToken = await errorOf(c.send(new ConfirmSubscriptionCommand({ TopicArn: topic, Token: 'nope' })));
    expect(badToken.message).toBe('Invalid parameter: Token');
  });
});
