// Deliveries by AWS service principals into another account need the target's resource policy to allow the service
// (with aws:SourceArn evaluated); a denied delivery fails the way AWS fails it: EventBridge dead-letters with
// NO_PERMISSIONS, SNS treats it as a client-side error and dead-letters the message.
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { useAtoll } from '../helpers/atoll.js';
import { uniqueName } from '../helpers/util.js';

const ctx = useAtoll();
const SOURCE = '444444444444';
const TARGET = '555555555555';
const cfg = (account: string) => ({
  endpoint: ctx.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: account, secretAccessKey: 'x' },
  maxAttempts: 1,
});

async function queue(account: string): Promise<{ url: string; arn: string; sqs: SQSClient }> {
  const sqs = new SQSClient(cfg(account));
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('q') }))).QueueUrl!;
  const a = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return { url, arn: a.Attributes!.QueueArn!, sqs };
}

async function receive(q: { url: string; sqs: SQSClient }, timeoutMs = 10_000): Promise<Message> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const out = await q.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: q.url, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }),
    );
    if (out.Messages?.[0]) return out.Messages[0];
  }
  throw new Error('no message');
}

function grant(q: { arn: string }, service: string, sourceArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sqs:SendMessage',
        Resource: q.arn,
        Condition: { ArnEquals: { 'aws:SourceArn': sourceArn } },
      },
    ],
  });
}

describe('service principals across accounts', () => {
  it('EventBridge: a queue in another account without a policy dead-letters with NO_PERMISSIONS', async () => {
    const eb = new EventBridgeClient(cfg(SOURCE));
    const target = await queue(TARGET);
    const dlq = await queue(SOURCE);
    const rule = uniqueName('r');
    const ruleArn = (await eb.send(new PutRuleCommand({ Name: rule, EventPattern: '{"source":["x"]}' }))).RuleArn!;
    await eb.send(
      new PutTargetsCommand({
        Rule: rule,
        Targets: [{ Id: 't', Arn: target.arn, DeadLetterConfig: { Arn: dlq.arn } }],
      }),
    );
    await eb.send(new PutEventsCommand({ Entries: [{ Source: 'x', DetailType: 'd', Detail: '{}' }] }));
    const letter = await receive(dlq);
    expect(letter.MessageAttributes?.ERROR_CODE?.StringValue).toBe('NO_PERMISSIONS');
    expect(letter.MessageAttributes?.RETRY_ATTEMPTS?.StringValue).toBe('0');

    // A policy for another source ARN still denies; one naming the rule lets the event in.
    const other = `arn:aws:events:us-east-1:${SOURCE}:rule/other`;
    const set = (Policy: string) =>
      target.sqs.send(new SetQueueAttributesCommand({ QueueUrl: target.url, Attributes: { Policy } }));
    await set(grant(target, 'events.amazonaws.com', other));
    await eb.send(new PutEventsCommand({ Entries: [{ Source: 'x', DetailType: 'd', Detail: '{}' }] }));
    expect((await receive(dlq)).MessageAttributes?.ERROR_CODE?.StringValue).toBe('NO_PERMISSIONS');
    await set(grant(target, 'events.amazonaws.com', ruleArn));
    await eb.send(new PutEventsCommand({ Entries: [{ Source: 'x', DetailType: 'd', Detail: '{"ok":1}' }] }));
    expect(JSON.parse((await receive(target)).Body!)).toMatchObject({ source: 'x', detail: { ok: 1 } });
  });

  it('SNS: a queue in another account without a policy sends the message to the subscription DLQ', async () => {
    const sns = new SNSClient(cfg(SOURCE));
    const topic = (await sns.send(new CreateTopicCommand({ Name: uniqueName('t') }))).TopicArn!;
    const target = await queue(TARGET);
    const dlq = await queue(SOURCE);
    await sns.send(
      new SubscribeCommand({
        TopicArn: topic,
        Protocol: 'sqs',
        Endpoint: target.arn,
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }), RawMessageDelivery: 'true' },
      }),
    );
    await sns.send(new PublishCommand({ TopicArn: topic, Message: 'denied' }));
    expect((await receive(dlq)).Body).toBe('denied');

    const Policy = grant(target, 'sns.amazonaws.com', topic);
    await target.sqs.send(new SetQueueAttributesCommand({ QueueUrl: target.url, Attributes: { Policy } }));
    await sns.send(new PublishCommand({ TopicArn: topic, Message: 'allowed' }));
    expect((await receive(target)).Body).toBe('allowed');
  });
});
