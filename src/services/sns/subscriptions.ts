// Subscriptions: Subscribe (idempotent per topic/protocol/endpoint), ConfirmSubscription, Unsubscribe, the two
// list operations, and Get/SetSubscriptionAttributes. SQS, Lambda, Firehose and SMS subscriptions are confirmed
// at once; HTTP/S endpoints get a real SubscriptionConfirmation POST; email stays pending (nothing is sent).
import { randomBytes, randomUUID } from 'node:crypto';
import type { HandlerTable, RequestContext } from '../types.js';
import { CommonErrors } from '../../protocol/errors.js';
import type { Operations } from './api.js';
import { SnsErrors } from './errors.js';
import { toSub, type SnsService, type Sub } from './service.js';
import { parseArn, parseSubscriptionArn, parseTopicArn } from './arns.js';
import { checkSubscriptionAttribute, subscriptionAttributeMap } from './subscription-attributes.js';
import { PAGE_SIZE, decodeToken, page } from './paging.js';
import { confirmationText, type Delivery } from './envelope.js';
import type { Deliverer } from './delivery.js';
import type { SubscriptionRow } from './store.js';

type SubOps =
  | 'Subscribe'
  | 'ConfirmSubscription'
  | 'Unsubscribe'
  | 'ListSubscriptions'
  | 'ListSubscriptionsByTopic'
  | 'GetSubscriptionAttributes'
  | 'SetSubscriptionAttributes';

const CONFIRMED_AT_ONCE = new Set(['sqs', 'lambda', 'firehose', 'sms']);

function checkEndpoint(protocol: string, endpoint: string | undefined, topicFifo: boolean): string {
  const e = endpoint ?? '';
  const arn = parseArn(e);
  switch (protocol) {
    case 'sqs':
      if (!arn || arn.service !== 'sqs') throw SnsErrors.invalidParameter('SQS endpoint ARN');
      if (topicFifo && !arn.resource.endsWith('.fifo')) {
        throw SnsErrors.invalidParameter('Invalid parameter: Endpoint Reason: Please use FIFO SQS queue');
      }
      if (!topicFifo && arn.resource.endsWith('.fifo')) {
        throw SnsErrors.invalidParameter(
          'Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics',
        );
      }
      return e;
    case 'lambda':
      if (!arn || arn.service !== 'lambda') throw SnsErrors.invalidParameter('Lambda endpoint ARN');
      break;
    case 'firehose':
      if (!arn || arn.service !== 'firehose') throw SnsErrors.invalidParameter('Firehose endpoint ARN');
      break;
    case 'http':
    case 'https':
      if (!e.toLowerCase().startsWith(`${protocol}://`)) {
        throw SnsErrors.invalidParameter('Endpoint must match the specified protocol');
      }
      break;
    case 'email':
    case 'email-json':
      if (!/^[^@\s]+@[^@\s]+$/.test(e)) throw SnsErrors.invalidParameter('Email address');
      break;
    case 'sms':
      if (!/^\+?[0-9][0-9 ()-]{4,}$/.test(e)) throw SnsErrors.invalidParameter(`Invalid SMS endpoint: ${e}`);
      break;
    case 'application':
      throw CommonErrors.notImplemented('Subscribe (application protocol)');
    default:
      throw SnsErrors.invalidParameter(`Amazon SNS does not support this protocol string: ${protocol}`);
  }
  // FIFO topics deliver only to SQS queues.
  if (topicFifo) throw SnsErrors.invalidParameter(`Invalid protocol type: ${protocol}`);
  return e;
}

export function subscriptionHandlers(svc: SnsService, deliverer: Deliverer): Pick<HandlerTable<Operations>, SubOps> {
  const confirmationDelivery = (sub: Sub, ctx: RequestContext): Delivery => ({
    kind: 'SubscriptionConfirmation',
    sub: sub.arn,
    topicArn: sub.topicArn,
    endpoint: ctx.endpoint,
    messageId: randomUUID(),
    message: confirmationText(sub.topicArn),
    timestamp: new Date(svc.now()).toISOString(),
    attributes: {},
    token: sub.token,
    retry: 0,
  });
  const toListEntry = (r: SubscriptionRow) => ({
    SubscriptionArn: r.pending === 1 ? 'PendingConfirmation' : r.arn,
    Owner: r.owner,
    Protocol: r.protocol,
    Endpoint: r.endpoint,
    TopicArn: r.topic_arn,
  });
  const existing = (arn: string, ctx: RequestContext): Sub => {
    parseSubscriptionArn(arn, ctx.region);
    const sub = svc.subscription(arn);
    if (!sub) throw SnsErrors.subscriptionNotFound();
    return sub;
  };

  return {
    Subscribe(input, ctx) {
      const topic = svc.topic(input.TopicArn, ctx.region);
      const protocol = input.Protocol.toLowerCase();
      const endpoint = checkEndpoint(protocol, input.Endpoint, topic.fifo);
      const attrs: Record<string, string> = {};
      for (const [k, v] of Object.entries(input.Attributes ?? {})) {
        const merged = { ...(input.Attributes ?? {}) };
        const checked = checkSubscriptionAttribute(k, v, protocol, merged, 'Subscribe');
        if (checked !== '') attrs[k] = checked;
      }
      const confirmNow = CONFIRMED_AT_ONCE.has(protocol);
      const result = svc.tx(() => {
        const row = svc.store.subscriptionByEndpoint(topic.arn, protocol, endpoint);
        if (row) {
          const sub = toSub(row);
          if (Object.entries(attrs).some(([k, v]) => sub.attributes[k] !== v)) {
            throw SnsErrors.invalidParameter(
              'Attributes Reason: Subscription already exists with different attributes',
            );
          }
          return { sub, created: false };
        }
        const sub: Sub = {
          id: 0,
          arn: `${topic.arn}:${randomUUID()}`,
          topicArn: topic.arn,
          accountId: ctx.accountId,
          region: topic.region,
          owner: ctx.accountId,
          protocol,
          endpoint,
          attributes: confirmNow ? { ...attrs, ConfirmationWasAuthenticated: 'true' } : attrs,
          pending: !confirmNow,
          token: randomBytes(64).toString('hex'),
        };
        svc.store.insertSubscription({
          arn: sub.arn,
          topic_arn: sub.topicArn,
          account_id: sub.accountId,
          region: sub.region,
          owner: sub.owner,
          protocol,
          endpoint,
          attributes: JSON.stringify(sub.attributes),
          pending: sub.pending ? 1 : 0,
          token: sub.token,
          created_at: svc.now(),
        });
        if (protocol === 'http' || protocol === 'https') {
          deliverer.schedule([confirmationDelivery(sub, ctx)], svc.now());
        }
        return { sub, created: true };
      });
      const { sub } = result;
      if (sub.pending && !input.ReturnSubscriptionArn) return { SubscriptionArn: 'pending confirmation' };
      return { SubscriptionArn: sub.arn };
    },

    ConfirmSubscription(input, ctx) {
      // Reached through the SubscribeURL too (unsigned GET), so the ARN's own region is the topic's.
      const region = /^arn:[^:]+:sns:([^:]+):/.exec(input.TopicArn)?.[1] ?? ctx.region;
      const ref = parseTopicArn(input.TopicArn, region);
      if (!svc.store.topic(ref.arn)) throw SnsErrors.topicNotFound();
      const row = svc.store.subscriptionsOf(ref.arn).find((s) => s.token === input.Token);
      if (!row) throw SnsErrors.invalidParameter('Token');
      const sub = toSub(row);
      if (sub.pending) {
        const authenticated = input.AuthenticateOnUnsubscribe === 'true' && !ctx.principal.anonymous;
        svc.tx(() =>
          svc.store.confirm(sub.arn, { ...sub.attributes, ConfirmationWasAuthenticated: String(authenticated) }),
        );
      }
      return { SubscriptionArn: sub.arn };
    },

    Unsubscribe(input, ctx) {
      const region = /^arn:[^:]+:sns:([^:]+):/.exec(input.SubscriptionArn)?.[1] ?? ctx.region;
      const { topicArn } = parseSubscriptionArn(input.SubscriptionArn, region);
      // Unsubscribing twice (or from nothing) is not an error.
      svc.tx(() => {
        if (svc.store.deleteSubscription(input.SubscriptionArn)) svc.store.countDeletedSubscription(topicArn);
      });
      return;
    },

    ListSubscriptions(input, ctx) {
      const rows = svc.store.subscriptionsAfter(ctx.accountId, ctx.region, decodeToken(input.NextToken), PAGE_SIZE + 1);
      const p = page(rows);
      return { Subscriptions: p.items.map(toListEntry), ...(p.next ? { NextToken: p.next } : {}) };
    },

    ListSubscriptionsByTopic(input, ctx) {
      const topic = svc.topic(input.TopicArn, ctx.region);
      const rows = svc.store.subscriptionsOfAfter(topic.arn, decodeToken(input.NextToken), PAGE_SIZE + 1);
      const p = page(rows);
      return { Subscriptions: p.items.map(toListEntry), ...(p.next ? { NextToken: p.next } : {}) };
    },

    GetSubscriptionAttributes(input, ctx) {
      const sub = existing(input.SubscriptionArn, ctx);
      const topic = svc.store.topic(sub.topicArn);
      const topicPolicy = topic ? (JSON.parse(topic.attributes) as Record<string, string>).DeliveryPolicy : undefined;
      return { Attributes: subscriptionAttributeMap(sub, topicPolicy) };
    },

    SetSubscriptionAttributes(input, ctx) {
      const sub = existing(input.SubscriptionArn, ctx);
      const value = input.AttributeValue ?? '';
      const next = { ...sub.attributes, [input.AttributeName]: value };
      const checked = checkSubscriptionAttribute(
        input.AttributeName,
        value,
        sub.protocol,
        next,
        'SetSubscriptionAttributes',
      );
      if (checked === '') delete next[input.AttributeName];
      else next[input.AttributeName] = checked;
      svc.tx(() => svc.store.setSubscriptionAttributes(sub.arn, next));
      return;
    },
  };
}
