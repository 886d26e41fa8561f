// Topic attributes: which names CreateTopic/SetTopicAttributes accept, their value rules, and the full map
// GetTopicAttributes returns (stored attributes plus the computed ones).
import { SnsErrors } from './errors.js';
import type { Topic } from './service.js';
import { parseDeliveryPolicy } from './delivery-policy.js';

const FEEDBACK_PROTOCOLS = ['Application', 'Firehose', 'HTTP', 'Lambda', 'SQS'];
const SETTABLE = new Set([
  'DeliveryPolicy',
  'DisplayName',
  'Policy',
  'TracingConfig',
  'KmsMasterKeyId',
  'SignatureVersion',
  'ContentBasedDeduplication',
  'FifoThroughputScope',
  'ArchivePolicy',
  ...FEEDBACK_PROTOCOLS.flatMap((p) => [
    `${p}SuccessFeedbackRoleArn`,
    `${p}SuccessFeedbackSampleRate`,
    `${p}FailureFeedbackRoleArn`,
  ]),
]);

export const DEFAULT_EFFECTIVE_DELIVERY_POLICY = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: {
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: 'linear',
    },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
});

/** Checks one attribute for a topic (fifo or not); throws AWS's InvalidParameter. Returns the value to store. */
export function checkTopicAttribute(name: string, value: string, fifo: boolean, creating: boolean): string {
  if (name === 'FifoTopic') {
    if (!creating) throw SnsErrors.invalidParameter('AttributeName');
    return value;
  }
  if (!SETTABLE.has(name)) {
    throw creating
      ? SnsErrors.invalidParameter(`Attributes Reason: Unknown attribute ${name}`)
      : SnsErrors.invalidParameter('AttributeName');
  }
  switch (name) {
    case 'ContentBasedDeduplication':
      if (!fifo) {
        throw SnsErrors.invalidParameter(
          'Attributes Reason: Content based deduplication can only be set for FIFO topics',
        );
      }
      if (value !== 'true' && value !== 'false') {
        throw SnsErrors.invalidParameter(`Attributes Reason: Invalid value [${value}] for ContentBasedDeduplication`);
      }
      return value;
    case 'FifoThroughputScope':
      if (!fifo)
        throw SnsErrors.invalidParameter('Attributes Reason: FifoThroughputScope is only valid for FIFO topics');
      if (value !== 'Topic' && value !== 'MessageGroup') {
        throw SnsErrors.invalidParameter(`Attributes Reason: Invalid value [${value}] for FifoThroughputScope`);
      }
      return value;
    case 'DisplayName':
      if (value.length > 100) throw SnsErrors.invalidParameter('DisplayName');
      return value;
    case 'SignatureVersion':
      if (value !== '1' && value !== '2') throw SnsErrors.invalidParameter('SignatureVersion');
      return value;
    case 'Policy':
      if (!isJsonObject(value)) throw SnsErrors.invalidParameter('Policy: Invalid policy document');
      return value;
    case 'DeliveryPolicy':
      if (value !== '') parseDeliveryPolicy(value, 'DeliveryPolicy');
      return value;
    default:
      return value;
  }
}

function isJsonObject(s: string): boolean {
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

export interface SubscriptionCounts {
  confirmed: number;
  pending: number;
}

/** What GetTopicAttributes answers: AWS's computed attributes, then the stored ones. */
export function topicAttributeMap(topic: Topic, counts: SubscriptionCounts): Record<string, string> {
  const out: Record<string, string> = {
    Policy: topic.attributes.Policy ?? '',
    Owner: topic.accountId,
    SubscriptionsPending: String(counts.pending),
    TopicArn: topic.arn,
    EffectiveDeliveryPolicy: effectiveDeliveryPolicy(topic.attributes.DeliveryPolicy),
    SubscriptionsConfirmed: String(counts.confirmed),
    DisplayName: topic.attributes.DisplayName ?? '',
    SubscriptionsDeleted: String(topic.subsDeleted),
  };
  if (topic.fifo) {
    out.FifoTopic = 'true';
    out.ContentBasedDeduplication = topic.attributes.ContentBasedDeduplication ?? 'false';
  }
  for (const [k, v] of Object.entries(topic.attributes)) if (!(k in out)) out[k] = v;
  return out;
}

/** The topic's own DeliveryPolicy merged over SNS's defaults. */
function effectiveDeliveryPolicy(own: string | undefined): string {
  if (!own) return DEFAULT_EFFECTIVE_DELIVERY_POLICY;
  try {
    const base = JSON.parse(DEFAULT_EFFECTIVE_DELIVERY_POLICY) as { http: Record<string, unknown> };
    const mine = JSON.parse(own) as { http?: Record<string, unknown> };
    return JSON.stringify({ ...base, ...mine, http: { ...base.http, ...(mine.http ?? {}) } });
  } catch {
    return DEFAULT_EFFECTIVE_DELIVERY_POLICY;
  }
}
