// What subscribers receive: the signed JSON envelope (SQS, HTTP/S, email-json), the Lambda event record, and the
// subscription confirmation message. Field order and names follow AWS's deliveries.
import type { Signer } from './signing.js';
import { CERT_PATH } from './signing.js';

/** An attribute as SNS carries it after Publish: {Type, Value}, Binary values base64. */
export interface SnsAttribute {
  Type: string;
  Value: string;
}

/** One delivery of one message to one subscription: the durable job's payload. */
export interface Delivery {
  kind: 'Notification' | 'SubscriptionConfirmation';
  sub: string;
  topicArn: string;
  /** atoll's base URL as the publisher reached it (for SigningCertURL and the unsubscribe/subscribe URLs). */
  endpoint: string;
  messageId: string;
  /** The message for this subscription's protocol (MessageStructure=json already resolved). */
  message: string;
  subject?: string;
  timestamp: string;
  attributes: Record<string, SnsAttribute>;
  groupId?: string;
  dedupId?: string;
  seq?: string;
  token?: string;
  /** Retries already made. */
  retry: number;
}

const enc = encodeURIComponent;
export const certUrl = (endpoint: string) => `${endpoint}/_atoll/sns/${CERT_PATH}`;
export const unsubscribeUrl = (endpoint: string, subArn: string) =>
  `${endpoint}/?Action=Unsubscribe&SubscriptionArn=${enc(subArn)}`;
export const subscribeUrl = (endpoint: string, topicArn: string, token: string) =>
  `${endpoint}/?Action=ConfirmSubscription&TopicArn=${enc(topicArn)}&Token=${enc(token)}`;

/** AWS writes its envelope one top-level field per line, `"Key" : value`. */
function layout(fields: Array<[string, unknown]>): string {
  const lines = fields.filter(([, v]) => v !== undefined).map(([k, v]) => `  ${JSON.stringify(k)} : ${layoutValue(v)}`);
  return `{\n${lines.join(',\n')}\n}`;
}

function layoutValue(v: unknown): string {
  if (v && typeof v === 'object') {
    const inner = Object.entries(v as Record<string, unknown>).map(
      ([k, x]) => `    ${JSON.stringify(k)} : ${JSON.stringify(x)}`,
    );
    return `{\n${inner.join(',\n')}\n  }`;
  }
  return JSON.stringify(v);
}

/** The signed fields shared by every JSON delivery of `d`. */
async function signedFields(d: Delivery, signer: Signer) {
  if (d.kind === 'SubscriptionConfirmation') {
    const base = {
      Type: d.kind,
      MessageId: d.messageId,
      Token: d.token,
      TopicArn: d.topicArn,
      Message: d.message,
      SubscribeURL: subscribeUrl(d.endpoint, d.topicArn, d.token ?? ''),
      Timestamp: d.timestamp,
    };
    return { ...base, SignatureVersion: '1', Signature: await signer.signAsync(base) };
  }
  const base = {
    Type: d.kind,
    MessageId: d.messageId,
    TopicArn: d.topicArn,
    Subject: d.subject,
    Message: d.message,
    Timestamp: d.timestamp,
  };
  return { ...base, SignatureVersion: '1', Signature: await signer.signAsync(base) };
}

export async function jsonEnvelope(d: Delivery, signer: Signer): Promise<string> {
  const f = await signedFields(d, signer);
  if (d.kind === 'SubscriptionConfirmation') {
    return layout([
      ['Type', f.Type],
      ['MessageId', f.MessageId],
      ['Token', d.token],
      ['TopicArn', f.TopicArn],
      ['Message', f.Message],
      ['SubscribeURL', subscribeUrl(d.endpoint, d.topicArn, d.token ?? '')],
      ['Timestamp', f.Timestamp],
      ['SignatureVersion', f.SignatureVersion],
      ['Signature', f.Signature],
      ['SigningCertURL', certUrl(d.endpoint)],
    ]);
  }
  const attrs = Object.keys(d.attributes).length > 0 ? d.attributes : undefined;
  return layout([
    ['Type', f.Type],
    ['MessageId', f.MessageId],
    ['SequenceNumber', d.seq],
    ['TopicArn', f.TopicArn],
    ['Subject', d.subject],
    ['Message', f.Message],
    ['Timestamp', f.Timestamp],
    ['SignatureVersion', f.SignatureVersion],
    ['Signature', f.Signature],
    ['SigningCertURL', certUrl(d.endpoint)],
    ['UnsubscribeURL', unsubscribeUrl(d.endpoint, d.sub)],
    ['MessageAttributes', attrs],
  ]);
}

/** The event Lambda receives for one SNS message (Records[0].Sns). */
export async function lambdaEvent(d: Delivery, signer: Signer): Promise<string> {
  const f = await signedFields(d, signer);
  return JSON.stringify({
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: d.sub,
        Sns: {
          Type: 'Notification',
          MessageId: d.messageId,
          ...(d.seq ? { SequenceNumber: d.seq } : {}),
          TopicArn: d.topicArn,
          Subject: d.subject ?? null,
          Message: d.message,
          Timestamp: d.timestamp,
          SignatureVersion: '1',
          Signature: f.Signature,
          SigningCertUrl: certUrl(d.endpoint),
          UnsubscribeUrl: unsubscribeUrl(d.endpoint, d.sub),
          MessageAttributes: d.attributes,
        },
      },
    ],
  });
}

export function confirmationText(topicArn: string): string {
  return (
    `You have chosen to subscribe to the topic ${topicArn}.\n` +
    'To confirm the subscription, visit the SubscribeURL included in this message.'
  );
}
