// Topic and subscription ARNs. A malformed ARN, or one outside the request's region, is AWS's
// "Invalid parameter: <Name>"; a well-formed one that names nothing is NotFound.
import { SnsErrors } from './errors.js';

export interface TopicRef {
  arn: string;
  region: string;
  accountId: string;
  name: string;
}

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256}(?:\.fifo)?)$/;
const SUB_ARN = /^(arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):[A-Za-z0-9_.-]{1,261}):([0-9a-f-]{36})$/;

export function topicArn(region: string, accountId: string, name: string): string {
  return `arn:aws:sns:${region}:${accountId}:${name}`;
}

export function parseTopicArn(arn: string | undefined, region: string, param = 'TopicArn'): TopicRef {
  const m = arn === undefined ? null : TOPIC_ARN.exec(arn);
  if (!m || m[1] !== region) throw SnsErrors.invalidParameter(param);
  return { arn: arn!, region: m[1], accountId: m[2]!, name: m[3]! };
}

export function isTopicArn(arn: string): boolean {
  return TOPIC_ARN.test(arn);
}

/** Checks a subscription ARN's shape and region; returns its topic ARN. */
export function parseSubscriptionArn(arn: string, region: string): { topicArn: string } {
  const m = SUB_ARN.exec(arn);
  if (!m || m[2] !== region) throw SnsErrors.invalidParameter('SubscriptionArn');
  return { topicArn: m[1]! };
}

/** Name rules: 1-256 letters, digits, hyphens, underscores; FIFO topics add the .fifo suffix. */
export function validTopicName(name: string, fifo: boolean): boolean {
  const base = fifo ? name.slice(0, -'.fifo'.length) : name;
  if (fifo && !name.endsWith('.fifo')) return false;
  return name.length <= 256 && /^[A-Za-z0-9_-]+$/.test(base);
}

export interface ArnParts {
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

export function parseArn(arn: string): ArnParts | undefined {
  const m = /^arn:aws[a-z-]*:([a-z0-9-]+):([a-z0-9-]*):(\d{12}):(.+)$/.exec(arn);
  if (!m) return undefined;
  return { service: m[1]!, region: m[2]!, accountId: m[3]!, resource: m[4]! };
}
