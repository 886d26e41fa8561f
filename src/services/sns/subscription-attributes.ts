// Subscription attributes: validation for Subscribe and SetSubscriptionAttributes, and the map
// GetSubscriptionAttributes answers.
import { FilterPolicyError, compileFilterPolicy, type FilterPolicyOperation } from '../../patterns/sns/index.js';
import { SnsErrors } from './errors.js';
import { parseArn } from './arns.js';
import { parseDeliveryPolicy, DEFAULT_HTTP_POLICY, httpPolicy } from './delivery-policy.js';
import type { Sub } from './service.js';

const SETTABLE = new Set([
  'DeliveryPolicy',
  'FilterPolicy',
  'FilterPolicyScope',
  'RawMessageDelivery',
  'RedrivePolicy',
  'SubscriptionRoleArn',
  'ReplayPolicy',
]);
const RAW_PROTOCOLS = new Set(['sqs', 'http', 'https', 'firehose']);
export const HTTP_PROTOCOLS = new Set(['http', 'https']);

/**
 * Checks one attribute for a subscription of `protocol`; returns the value to store ('' removes it).
 * `attrs` is the full attribute map after the change (FilterPolicy and its scope are checked together).
 */
export function checkSubscriptionAttribute(
  name: string,
  value: string,
  protocol: string,
  attrs: Record<string, string>,
  op: FilterPolicyOperation,
): string {
  if (!SETTABLE.has(name)) throw SnsErrors.invalidParameter('AttributeName');
  switch (name) {
    case 'RawMessageDelivery': {
      const v = value.toLowerCase();
      if (v !== 'true' && v !== 'false') throw SnsErrors.invalidParameter('RawMessageDelivery');
      if (!RAW_PROTOCOLS.has(protocol)) {
        throw SnsErrors.invalidParameter(`Delivery protocol [${protocol}] does not support raw message delivery.`);
      }
      return v;
    }
    case 'FilterPolicyScope':
      if (value !== 'MessageAttributes' && value !== 'MessageBody') {
        throw SnsErrors.invalidParameter(
          `FilterPolicyScope: Invalid value [${value}]. Please use either MessageBody or MessageAttributes`,
        );
      }
      if (attrs.FilterPolicy) checkFilterPolicy(attrs.FilterPolicy, value, op);
      return value;
    case 'FilterPolicy':
      if (value === '') return '';
      checkFilterPolicy(value, attrs.FilterPolicyScope ?? 'MessageAttributes', op);
      return value;
    case 'RedrivePolicy':
      if (value === '') return '';
      checkRedrivePolicy(value);
      return value;
    case 'DeliveryPolicy':
      if (!HTTP_PROTOCOLS.has(protocol))
        throw SnsErrors.invalidParameter('DeliveryPolicy: only for HTTP/S subscriptions');
      if (value !== '') parseDeliveryPolicy(value, 'DeliveryPolicy');
      return value;
    case 'SubscriptionRoleArn':
      if (protocol !== 'firehose') throw SnsErrors.invalidParameter('SubscriptionRoleArn');
      if (!parseArn(value)) throw SnsErrors.invalidParameter('SubscriptionRoleArn');
      return value;
    default:
      return value;
  }
}

function checkFilterPolicy(text: string, scope: string, op: FilterPolicyOperation): void {
  try {
    compileFilterPolicy(text, scope === 'MessageBody' ? 'MessageBody' : 'MessageAttributes');
  } catch (e) {
    if (e instanceof FilterPolicyError)
      throw SnsErrors.invalidParameter(e.messageFor(op).slice('Invalid parameter: '.length));
    throw e;
  }
}

/** The DLQ ARN of a RedrivePolicy ({"deadLetterTargetArn": "arn:aws:sqs:..."}). */
export function checkRedrivePolicy(text: string): string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw SnsErrors.invalidParameter('RedrivePolicy: failed to parse JSON.');
  }
  const target = (doc as { deadLetterTargetArn?: unknown } | null)?.deadLetterTargetArn;
  if (typeof target !== 'string') throw SnsErrors.invalidParameter('RedrivePolicy: deadLetterTargetArn is missing');
  const arn = parseArn(target);
  if (!arn || arn.service !== 'sqs') {
    throw SnsErrors.invalidParameter('RedrivePolicy: deadLetterTargetArn is an invalid arn');
  }
  return target;
}

export function deadLetterArn(sub: Sub): string | undefined {
  const text = sub.attributes.RedrivePolicy;
  if (!text) return undefined;
  try {
    return checkRedrivePolicy(text);
  } catch {
    return undefined;
  }
}

/** What GetSubscriptionAttributes answers. */
export function subscriptionAttributeMap(sub: Sub, topicDeliveryPolicy: string | undefined): Record<string, string> {
  const out: Record<string, string> = {
    Owner: sub.owner,
    RawMessageDelivery: sub.attributes.RawMessageDelivery ?? 'false',
    TopicArn: sub.topicArn,
    Endpoint: sub.endpoint,
    Protocol: sub.protocol,
    PendingConfirmation: String(sub.pending),
    ConfirmationWasAuthenticated: sub.attributes.ConfirmationWasAuthenticated ?? String(!sub.pending),
    SubscriptionArn: sub.arn,
    SubscriptionPrincipal: `arn:aws:iam::${sub.owner}:root`,
  };
  for (const [k, v] of Object.entries(sub.attributes)) {
    if (k !== 'ConfirmationWasAuthenticated') out[k] = v;
  }
  if (out.FilterPolicy && !out.FilterPolicyScope) out.FilterPolicyScope = 'MessageAttributes';
  if (HTTP_PROTOCOLS.has(sub.protocol)) {
    const p = httpPolicy(sub.attributes.DeliveryPolicy, topicDeliveryPolicy);
    out.EffectiveDeliveryPolicy = JSON.stringify({
      healthyRetryPolicy: p.retry ?? DEFAULT_HTTP_POLICY,
      ...(p.contentType ? { requestPolicy: { headerContentType: p.contentType } } : {}),
    });
  }
  return out;
}
