// What verify uses to drive the platform and observe it: the Ride service's API, DynamoDB reads, and queue
// collectors that keep every message they drained so later checks can look back.
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { poll, type Clients } from './clients.js';
import { TABLES, functionName } from './names.js';

export type Item = Record<string, unknown>;

export interface ApiReply {
  statusCode: number;
  body: Record<string, unknown>;
}

/** Calls the Ride service synchronously, as an API front door would. */
export async function rideApi(c: Clients, request: object): Promise<ApiReply> {
  const out = await c.lambda.send(
    new InvokeCommand({ FunctionName: functionName('ride'), Payload: Buffer.from(JSON.stringify(request)) }),
  );
  const text = Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8');
  if (out.FunctionError) throw new Error(`ride service failed: ${text}`);
  return JSON.parse(text) as ApiReply;
}

const docs = new WeakMap<Clients, DynamoDBDocumentClient>();
function doc(c: Clients): DynamoDBDocumentClient {
  let d = docs.get(c);
  if (!d) docs.set(c, (d = DynamoDBDocumentClient.from(c.ddb)));
  return d;
}

export async function getItem(c: Clients, table: string, key: Record<string, string>): Promise<Item | undefined> {
  const out = await doc(c).send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
  return out.Item;
}

export const ride = (c: Clients, rideId: string) => getItem(c, TABLES.rides.name, { rideId });
export const marker = (c: Clients, pk: string) => getItem(c, TABLES.idempotency.name, { pk });
export const counter = (c: Clients, entity: string) => getItem(c, TABLES.analytics.name, { pk: `entity#${entity}` });

/** The analytics counters of up to 100 entities that exist (BatchGetItem; unprocessed keys are read again). */
export async function counters(c: Clients, entities: string[]): Promise<Item[]> {
  const found: Item[] = [];
  let keys: Record<string, unknown>[] = entities.map((e) => ({ pk: `entity#${e}` }));
  while (keys.length > 0) {
    const out = await doc(c).send(
      new BatchGetCommand({ RequestItems: { [TABLES.analytics.name]: { Keys: keys, ConsistentRead: true } } }),
    );
    found.push(...(out.Responses?.[TABLES.analytics.name] ?? []));
    keys = out.UnprocessedKeys?.[TABLES.analytics.name]?.Keys ?? [];
  }
  return found;
}

export async function drivers(c: Clients): Promise<Item[]> {
  const out = await doc(c).send(new ScanCommand({ TableName: TABLES.drivers.name, ConsistentRead: true }));
  return out.Items ?? [];
}

export async function payments(c: Clients, rideId: string): Promise<Item[]> {
  const out = await doc(c).send(
    new QueryCommand({
      TableName: TABLES.payments.name,
      KeyConditionExpression: 'rideId = :r',
      ExpressionAttributeValues: { ':r': rideId },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

/** Polls a ride until `ok(ride)` holds; returns the last ride seen. */
export async function waitRide(c: Clients, rideId: string, ok: (r: Item) => boolean, timeoutMs: number) {
  const hit = await poll(async () => {
    const r = await ride(c, rideId);
    return r && ok(r) ? r : undefined;
  }, timeoutMs);
  return hit ?? (await ride(c, rideId));
}

export interface Received {
  body: string;
  json: Record<string, unknown>;
  attributes: Record<string, MessageAttributeValue>;
}

/** Drains a queue into memory (receive + delete), so checks can wait for specific messages. */
export class Collector {
  readonly seen: Received[] = [];

  constructor(
    private readonly sqs: SQSClient,
    private readonly url: string,
  ) {}

  async drain(waitSeconds = 1): Promise<number> {
    const out = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: waitSeconds,
        MessageAttributeNames: ['All'],
      }),
    );
    const messages: Message[] = out.Messages ?? [];
    for (const m of messages) {
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(m.Body ?? '') as Record<string, unknown>;
      } catch {
        json = {};
      }
      this.seen.push({ body: m.Body ?? '', json, attributes: m.MessageAttributes ?? {} });
    }
    if (messages.length > 0) {
      await this.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.url,
          Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    }
    return messages.length;
  }

  /** Drains until `matches` finds what it wants among everything seen, or the deadline passes. */
  async until<T>(matches: (seen: Received[]) => T | undefined, timeoutMs: number): Promise<T | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = matches(this.seen);
      if (hit !== undefined) return hit;
      if (Date.now() >= deadline) return undefined;
      await this.drain(1);
    }
  }
}
