// SNS Publish/PublishBatch and delivery to SQS (envelope, raw, filters, FIFO), HTTP endpoints (confirmation
// and notifications with retries), dead-letter queues, and the signing certificate.
import http from 'node:http';
import { X509Certificate, createVerify } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  PublishBatchCommand,
  PublishCommand,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { useAtoll } from '../helpers/atoll.js';
import { receiveAll, snsClient } from './sns-helpers.js';

const ctx = useAtoll();
const sns = () => snsClient(ctx.endpoint);

async function queue(name: string, attributes: Record<string, string> = {}): Promise<{ url: string; arn: string }> {
  const url = (await ctx.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;
  const a = await ctx.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return { url, arn: a.Attributes!.QueueArn! };
}

async function errorOf(p: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { name: string; message: string };
  }
  throw new Error('expected an error');
}

const servers: http.Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
});

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** An HTTP endpoint that records requests and answers the statuses given, then 200. */
async function endpoint(statuses: number[] = []): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const addr = srv.address() as { port: number };
  return { url: `http://127.0.0.1:${addr.port}/hook`, received };
}

async function until<T>(fn: () => T | undefined, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('SNS publish to SQS', () => {
  it('delivers the signed JSON envelope with attributes', async () => {
    const c = sns();
    const topic = (await c.send(new CreateTopicCommand({ Name: 'env' }))).TopicArn!;
    const q = await queue('env-q');
    const sub = (await c.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: q.arn })))
      .SubscriptionArn!;
    const pub = await c.send(
      new PublishCommand({
        TopicArn: topic,
        Message: 'hello',
        Subject: 'greeting',
        MessageAttributes: {
          color: { DataType: 'String', StringValue: 'red' },
          n: { DataType: 'Number', StringValue: '42' },
          b: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]) },
        },
      }),
    );
    const [m] = await receiveAll(ctx.sqs, q.url, 1);
    const env = JSON.parse(m!.Body!) as Record<string, unknown>;
    expect(env).toMatchObject({
      Type: 'Notification',
      MessageId: pub.MessageId,
      TopicArn: topic,
      Subject: 'greeting',
      Message: 'hello',
      SignatureVersion: '1',
      MessageAttributes: {
        color: { Type: 'String', Value: 'red' },
        n: { Type: 'Number', Value: '42' },
        b: { Type: 'Binary', Value: 'AQID' },
      },
    });
    expect(env.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(env.UnsubscribeURL).toBe(`${ctx.endpoint}/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(sub)}`);
    // The signature verifies with the certificate served at SigningCertURL.
    const pem = await (await fetch(env.SigningCertURL as string)).text();
    const cert = new X509Certificate(pem);
    const canonical = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      .map((k) => `${k}\n${String(env[k])}\n`)
      .join('');
    const ok = createVerify('RSA-SHA1')
      .update(canonical)
      .verify(cert.publicKey, env.Signature as string, 'base64');
    expect(ok).toBe(true);
  });

  it('delivers raw messages with SQS message attributes', async () => {
    const c = sns();
    const topic = (await c.send(new CreateTopicCommand({ Name: 'raw' }))).TopicArn!;
    const q = await queue('raw-q');
    await c.send(
      new SubscribeCommand({
        TopicArn: topic,
        Protocol: 'sqs',
        Endpoint: q.arn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    await c.send(
      new PublishCommand({
        TopicArn: topic,
        Message: 'raw body',
        MessageAttributes: { color: { DataType: 'String', StringValue: 'blue' } },
      }),
    );
    const [m] = await receiveAll(ctx.sqs, q.url, 1);
    expect(m!.Body).toBe('raw body');
    expect(m!.MessageAttributes?.color).toMatchObject({ DataType: 'String', StringValue: 'blue' });
  });

  it('applies attribute and body filter policies per subscription', async () => {
    const c = sns();
    const topic = (await c.send(new CreateTopicCommand({ Name: 'filter' }))).TopicArn!;
    const red = await queue('filter-red');
    const big = await queue('filter-big');
    await c.send(
      new SubscribeCommand({
        TopicArn: topic,
        Protocol: 'sqs',
        Endpoint: red.arn,
        Attributes: { FilterPolicy: '{"color":["red"]}', RawMessageDelivery: 'true' },
      }),
    );
    await c.send(
      new SubscribeCommand({
        TopicArn: topic,
        Protocol: 'sqs',
        Endpoint: big.arn,
        Attributes: {
          FilterPolicy: '{"size":[{"numeric":[">",10]}]}',
          FilterPolicyScope: 'MessageBody',
          RawMessageDelivery: 'true',
        },
      }),
    );
    const attr = (v: string) => ({ color: { DataType: 'String', StringValue: v } });
    await c.send(new PublishCommand({ TopicArn: topic, Message: '{"size":5}', MessageAttributes: attr('red') }));
    await c.send(new PublishCommand({ TopicArn: topic, Message: '{"size":50}', MessageAttributes: attr('blue') }));
    expect((await receiveAll(ctx.sqs, red.url, 2, 2500)).map((m) => m.Body)).toEqual(['{"size":5}']);
    expect((await receiveAll(ctx.sqs, big.url, 2, 2500)).map((m) => m.Body)).toEqual(['{"size":50}']);
  });

  it('uses per-protocol messages with MessageStructure=json', async () => {
    const c = sns();
    const topic = (await c.send(new CreateTopicCommand({ Name: 'structured' }))).TopicArn!;
    const q = await queue('structured-q');
    await c.send(
      new SubscribeCommand({
        TopicArn: topic,
        Protocol: 'sqs',
        Endpoint: q.arn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    const noDefault = await errorOf(
      c.send(new PublishCommand({ TopicArn: topic, MessageStructure: 'json', Message: '{"sqs":"x"}' })),
    );
    expect(noDefault.message).toBe('Invalid parameter: Message Structure - No default entry in JSON message body');
    await c.send(
      new PublishCommand({ TopicArn: topic, MessageStructure: 'json', Message: '{"default":"d","sqs":"for sqs"}' }),
    );
    const [m] = await receiveAll(ctx.sqs, q.url, 1);
    expect(m!.Body).toBe('for sqs');
  });

  it('validates publish input as AWS does', async () => {
    const c = sns();
    const topic = (await c.send(new CreateTopicCommand({ Name: 'validate' }))).TopicArn!;
    expect((await errorOf(c.send(new PublishCommand({ Message: 'x' })))).message).toBe(
      'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter',
    );
    expect((await errorOf(c.send(new PublishCommand({ TopicArn: topic, Message: '' })))).message).toBe(
      'Invalid parameter: Empty message',
    );
    expect((await errorOf(c.send(new PublishCommand({ TopicArn: topic, Message: 'x'.repeat(262_145) })))).message).toBe(
      'Invalid parameter: Message too long',
    );
    const badType = await errorOf(
      c.send(
        new PublishCommand({
          TopicArn: topic,
          Message: 'x',
          MessageAttributes: { a: { DataType: 'Str', StringValue: 'v' } },
        }),
      ),
    );
    expect(badType).toMatchObject({
      name: 'InvalidParameterValueException',
      message:
        "The message attribute 'a' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.",
    });
    const missing = await errorOf(
      c.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:absent', Message: 'x' })),
    );
    expect(missing.name).toBe('NotFoundException');
  });

  it('publishes batches with per-entry failures', async () => {
    const c = sns();
    const topic = (await c.send(new CreateTopicCommand({ Name: 'batch' }))).TopicArn!;
    const q = await queue('batch-q');
    await c.send(
      new SubscribeCommand({
        TopicArn: topic,
        Protocol: 'sqs',
        Endpoint: q.arn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    const res = await c.send(
      new PublishBatchCommand({
        TopicArn: topic,
        PublishBatchRequestEntries: [
          { Id: 'a', Message: 'one' },
          { Id: 'b', Message: '' },
          { Id: 'c', Message: 'three' },
        ],
      }),
    );
    expect(res.Successful?.map((s) => s.Id)).toEqual(['a', 'c']);
    expect(res.Failed).toEqual([
      { Id: 'b', Code: 'InvalidParameter', Message: 'Invalid parameter: Empty message', SenderFault: true },
    ]);
    const bodies = (await receiveAll(ctx.sqs, q.url, 2)).map((m) => m.Body).sort();
    expect(bodies).toEqual(['one', 'three']);
    const dup = await errorOf(
      c.send(
        new PublishBatchCommand({
          TopicArn: topic,
          PublishBatchRequestEntries: [
            { Id: 'a', Message: '1' },
            { Id: 'a', Message: '2' },
          ],
        }),
      ),
    );
    expect(dup.name).toBe('BatchEntryIdsNotDistinctException');
  });

  it('delivers FIFO topics to FIFO queues in order, deduplicated, with sequence numbers', async () => {
    const c = sns();
    const topic = (
      await c.send(
        new CreateTopicCommand({
          Name: 'ordered.fifo',
          Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' },
        }),
      )
    ).TopicArn!;
    const q = await queue('ordered-q.fifo', { FifoQueue: 'true' });
    await c.send(
      new SubscribeCommand({
        TopicArn: topic,
        Protocol: 'sqs',
        Endpoint: q.arn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    const std = await queue('ordered-std');
    const wrong = await errorOf(c.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: std.arn })));
    expect(wrong.name).toBe('InvalidParameterException');
    const noGroup = await errorOf(c.send(new PublishCommand({ TopicArn: topic, Message: 'x' })));
    expect(noGroup.message).toBe('Invalid parameter: The MessageGroupId parameter is required for FIFO topics');
    const r1 = await c.send(new PublishCommand({ TopicArn: topic, Message: 'm1', MessageGroupId: 'g' }));
    const r2 = await c.send(new PublishCommand({ TopicArn: topic, Message: 'm2', MessageGroupId: 'g' }));
    const again = await c.send(new PublishCommand({ TopicArn: topic, Message: 'm1', MessageGroupId: 'g' }));
    expect(again.MessageId).toBe(r1.MessageId);
    expect(again.SequenceNumber).toBe(r1.SequenceNumber);
    expect(BigInt(r2.SequenceNumber!)).toBeGreaterThan(BigInt(r1.SequenceNumber!));
    const got = await receiveAll(ctx.sqs, q.url, 2);
    expect(got.map((m) => m.Body)).toEqual(['m1', 'm2']);
  });

  it('sends undeliverable messages to the subscription dead-letter queue', async () => {
    const c = sns();
    const topic = (await c.send(new CreateTopicCommand({ Name: 'dlq' }))).TopicArn!;
    const dlq = await queue('dlq-target');
    // The subscribed queue does not exist: a client-side error, so no retries, straight to the DLQ.
    await c.send(
      new SubscribeCommand({
        TopicArn: topic,
        Protocol: 'sqs',
        Endpoint: 'arn:aws:sqs:us-east-1:000000000000:never-created',
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }) },
      }),
    );
    await c.send(new PublishCommand({ TopicArn: topic, Message: 'lost?' }));
    const [m] = await receiveAll(ctx.sqs, dlq.url, 1);
    expect((JSON.parse(m!.Body!) as { Message: string }).Message).toBe('lost?');
  });
});

describe('SNS HTTP endpoints', () => {
  it('posts a SubscriptionConfirmation, confirms through the SubscribeURL, then delivers notifications', async () => {
    const c = sns();
    const topic = (await c.send(new CreateTopicCommand({ Name: 'web' }))).TopicArn!;
    const ep = await endpoint();
    const s = await c.send(
      new SubscribeCommand({ TopicArn: topic, Protocol: 'http', Endpoint: ep.url, ReturnSubscriptionArn: true }),
    );
    const conf = await until(() => ep.received[0]);
    expect(conf.headers['x-amz-sns-message-type']).toBe('SubscriptionConfirmation');
    const body = JSON.parse(conf.body) as { SubscribeURL: string; Token: string; Type: string };
    expect(body.Type).toBe('SubscriptionConfirmation');
    expect(body.SubscribeURL.startsWith(`${ctx.endpoint}/?Action=ConfirmSubscription&TopicArn=`)).toBe(true);
    const pendingAttrs = await c.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: s.SubscriptionArn }));
    expect(pendingAttrs.Attributes?.PendingConfirmation).toBe('true');
    const visit = await fetch(body.SubscribeURL);
    expect(visit.status).toBe(200);
    expect(await visit.text()).toContain(`<SubscriptionArn>${s.SubscriptionArn}</SubscriptionArn>`);
    // Confirming twice answers the same ARN.
    const again = await c.send(new ConfirmSubscriptionCommand({ TopicArn: topic, Token: body.Token }));
    expect(again.SubscriptionArn).toBe(s.SubscriptionArn);
    await c.send(new PublishCommand({ TopicArn: topic, Message: 'to the web' }));
    const n = await until(() => ep.received[1]);
    expect(n.headers).toMatchObject({
      'x-amz-sns-message-type': 'Notification',
      'x-amz-sns-topic-arn': topic,
      'x-amz-sns-subscription-arn': s.SubscriptionArn,
      'content-type': 'text/plain; charset=UTF-8',
    });
    expect((JSON.parse(n.body) as { Message: string }).Message).toBe('to the web');
  });

  it('retries failed HTTP deliveries per the delivery policy', async () => {
    const c = sns();
    const topic = (await c.send(new CreateTopicCommand({ Name: 'flaky' }))).TopicArn!;
    // 200 for the confirmation, then two failures before success.
    const ep = await endpoint([200, 500, 503]);
    const s = await c.send(
      new SubscribeCommand({
        TopicArn: topic,
        Protocol: 'http',
        Endpoint: ep.url,
        ReturnSubscriptionArn: true,
        Attributes: {
          DeliveryPolicy: JSON.stringify({ healthyRetryPolicy: { numRetries: 3, numNoDelayRetries: 3 } }),
          RawMessageDelivery: 'true',
        },
      }),
    );
    const conf = JSON.parse((await until(() => ep.received[0])).body) as { Token: string };
    await c.send(new ConfirmSubscriptionCommand({ TopicArn: topic, Token: conf.Token }));
    await c.send(new PublishCommand({ TopicArn: topic, Message: 'eventually' }));
    const ok = await until(() => ep.received[3]);
    expect(ok.body).toBe('eventually');
    expect(ok.headers['x-amz-sns-rawdelivery']).toBe('true');
    expect(s.SubscriptionArn).toBeDefined();
  });
});
