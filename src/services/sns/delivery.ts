// Delivery jobs: one durable scheduler job per (message, subscription), committed with the Publish (or Subscribe)
// that creates it. A failed attempt is rescheduled per the protocol's retry policy as a new job; client-side
// failures (the endpoint is gone or refuses SNS) are not retried. Exhausted or refused messages go to the
// subscription's dead-letter queue when it has one, else they are dropped, as AWS does.
import { AwsError } from '../../protocol/errors.js';
import type { Caller } from '../types.js';
import type { SnsService, Sub } from './service.js';
import { jsonEnvelope, lambdaEvent, type Delivery } from './envelope.js';
import { HTTP_PROTOCOLS, deadLetterArn } from './subscription-attributes.js';
import { MANAGED_POLICY, httpPolicy, retryDelay, type RetryPolicy } from './delivery-policy.js';
import { parseArn } from './arns.js';
import { post } from './http-post.js';

export const DELIVERY_JOB = 'sns.deliver';

/** A failure SNS does not retry (stale subscription: the endpoint is gone or denies SNS). */
class ClientSideError extends Error {}

// SQS/Lambda answers that mean the endpoint itself is wrong, not unavailable.
const CLIENT_CODES = new Set([
  'QueueDoesNotExist',
  'AWS.SimpleQueueService.NonExistentQueue',
  'AccessDenied',
  'AccessDeniedException',
  'KMSAccessDeniedException',
  'ResourceNotFoundException',
  'InvalidParameterValue',
  'InvalidParameterValueException',
  'InvalidMessageContents',
  'ValidationException',
]);

export class Deliverer {
  constructor(private readonly svc: SnsService) {
    // Deliveries run side by side (a slow HTTP endpoint must not hold up the others); a FIFO message group's
    // deliveries to one subscription share a lane so they stay in order.
    svc.core.scheduler.register(DELIVERY_JOB, (payload) => this.run(payload as Delivery), { concurrency: 16 });
  }

  /** Schedules deliveries; call inside the transaction that makes them necessary. */
  schedule(deliveries: Delivery[], at: number): void {
    for (const d of deliveries) {
      const lane = d.groupId !== undefined ? `${d.sub}#${d.groupId}` : undefined;
      this.svc.core.scheduler.schedule(DELIVERY_JOB, at, d, undefined, lane);
    }
  }

  private async run(d: Delivery): Promise<void> {
    const sub = this.svc.subscription(d.sub);
    // Unsubscribed (or its topic deleted) since: nothing to deliver to.
    if (!sub) return;
    if (d.kind === 'Notification' && sub.pending) return;
    try {
      await this.attempt(sub, d);
    } catch (err) {
      await this.failed(sub, d, err);
    }
  }

  private async attempt(sub: Sub, d: Delivery): Promise<void> {
    const raw = sub.attributes.RawMessageDelivery === 'true';
    switch (sub.protocol) {
      case 'sqs':
        return this.toQueue(sub.endpoint, sub, d, raw);
      case 'lambda':
        return this.toLambda(sub, d);
      case 'http':
      case 'https':
        return this.toHttp(sub, d, raw);
      default: {
        // email, email-json, sms: accepted and kept, never sent.
        const text = sub.protocol === 'email-json' ? await jsonEnvelope(d, this.svc.signer) : d.message;
        this.svc.tx(() =>
          this.svc.store.recordOutbox(sub.accountId, sub.region, sub.protocol, sub.endpoint, text, this.svc.now()),
        );
      }
    }
  }

  private async toQueue(queueArn: string, sub: Sub, d: Delivery, raw: boolean): Promise<void> {
    const q = parseArn(queueArn);
    if (!q) throw new ClientSideError('invalid queue ARN');
    const input: Record<string, unknown> = {
      QueueUrl: `${d.endpoint}/${q.accountId}/${q.resource}`,
      MessageBody: raw ? d.message : await jsonEnvelope(d, this.svc.signer),
    };
    if (raw && Object.keys(d.attributes).length > 0) {
      input.MessageAttributes = Object.fromEntries(
        Object.entries(d.attributes).map(([k, a]) => [
          k,
          a.Type.startsWith('Binary')
            ? { DataType: a.Type, BinaryValue: Buffer.from(a.Value, 'base64') }
            : { DataType: a.Type, StringValue: a.Value },
        ]),
      );
    }
    if (q.resource.endsWith('.fifo') && d.groupId !== undefined) {
      input.MessageGroupId = d.groupId;
      if (d.dedupId !== undefined) input.MessageDeduplicationId = d.dedupId;
    }
    await this.call('sqs', 'SendMessage', input, q.accountId, q.region, sub.topicArn);
  }

  private async toLambda(sub: Sub, d: Delivery): Promise<void> {
    const fn = parseArn(sub.endpoint);
    if (!fn) throw new ClientSideError('invalid function ARN');
    // No Lambda service in this process: the endpoint is unavailable (server-side), so retry.
    if (!this.svc.core.hasService('lambda')) throw new Error('lambda is not available');
    const payload = Buffer.from(await lambdaEvent(d, this.svc.signer), 'utf8');
    await this.call(
      'lambda',
      'Invoke',
      { FunctionName: sub.endpoint, InvocationType: 'Event', Payload: payload },
      fn.accountId,
      fn.region,
      sub.topicArn,
    );
  }

  private async toHttp(sub: Sub, d: Delivery, raw: boolean): Promise<void> {
    const topic = this.svc.store.topic(sub.topicArn);
    const topicPolicy = topic ? (JSON.parse(topic.attributes) as Record<string, string>).DeliveryPolicy : undefined;
    const policy = httpPolicy(sub.attributes.DeliveryPolicy, topicPolicy);
    const notification = d.kind === 'Notification';
    const headers: Record<string, string> = {
      'content-type': policy.contentType ?? 'text/plain; charset=UTF-8',
      'user-agent': 'Amazon Simple Notification Service Agent',
      'x-amz-sns-message-type': d.kind,
      'x-amz-sns-message-id': d.messageId,
      'x-amz-sns-topic-arn': d.topicArn,
    };
    if (notification) headers['x-amz-sns-subscription-arn'] = sub.arn;
    const rawBody = raw && notification;
    if (rawBody) headers['x-amz-sns-rawdelivery'] = 'true';
    const status = await post(sub.endpoint, headers, rawBody ? d.message : await jsonEnvelope(d, this.svc.signer));
    if (status < 200 || status > 299) throw new Error(`HTTP ${status}`);
  }

  private async call(
    service: string,
    operation: string,
    input: Record<string, unknown>,
    accountId: string,
    region: string,
    topicArn: string,
  ): Promise<void> {
    const caller: Caller = {
      accountId,
      region,
      principal: {
        accountId,
        arn: 'arn:aws:iam::aws:service/sns.amazonaws.com',
        accessKeyId: '',
        anonymous: false,
      },
      sourceArn: topicArn,
    };
    try {
      await this.svc.core.call(service, operation, input, caller);
    } catch (err) {
      if (err instanceof AwsError && CLIENT_CODES.has(err.code)) throw new ClientSideError(err.message);
      if (err instanceof AwsError && err.queryCode && CLIENT_CODES.has(err.queryCode)) {
        throw new ClientSideError(err.message);
      }
      throw err;
    }
  }

  private async failed(sub: Sub, d: Delivery, err: unknown): Promise<void> {
    if (!(err instanceof ClientSideError) && d.kind === 'Notification') {
      const policy: RetryPolicy = HTTP_PROTOCOLS.has(sub.protocol)
        ? httpPolicy(sub.attributes.DeliveryPolicy, this.topicDeliveryPolicy(sub.topicArn)).retry
        : MANAGED_POLICY;
      const delay = retryDelay(policy, d.retry + 1);
      if (delay !== undefined) {
        this.svc.tx(() => this.schedule([{ ...d, retry: d.retry + 1 }], this.svc.now() + delay));
        return;
      }
    } else if (d.kind === 'SubscriptionConfirmation') {
      // Confirmation requests follow the HTTP policy too, then give up (the subscription stays pending).
      const delay = retryDelay(httpPolicy(undefined, undefined).retry, d.retry + 1);
      if (delay !== undefined) this.svc.tx(() => this.schedule([{ ...d, retry: d.retry + 1 }], this.svc.now() + delay));
      return;
    }
    const dlq = deadLetterArn(sub);
    if (!dlq) return;
    // A DLQ that is unavailable throws: the scheduler retries this job (at-least-once); one that is gone or
    // refuses SNS loses the message, as on AWS.
    try {
      await this.toQueue(dlq, sub, d, sub.attributes.RawMessageDelivery === 'true');
    } catch (e) {
      if (!(e instanceof ClientSideError)) throw e;
    }
  }

  private topicDeliveryPolicy(topicArn: string): string | undefined {
    const t = this.svc.store.topic(topicArn);
    return t ? (JSON.parse(t.attributes) as Record<string, string>).DeliveryPolicy : undefined;
  }
}
