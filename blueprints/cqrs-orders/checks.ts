// What verify's scenarios share: the run's ids, the API and DynamoDB clients, the log reader, and how
// expectations become a CheckResult.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BlueprintContext, CheckResult } from '../../src/blueprints/types.js';
import { Api, type Command, type CommandReply, type Reply } from './api.js';
import { TABLES } from './resources.js';

export type Expectation = [label: string, ok: boolean, got: unknown];

export function check(name: string, expectations: Expectation[], info?: string): CheckResult {
  const failed = expectations.filter(([, ok]) => !ok);
  return failed.length === 0
    ? { name, ok: true, ...(info ? { detail: info } : {}) }
    : { name, ok: false, detail: failed.map(([l, , got]) => `${l}: got ${JSON.stringify(got)}`).join('; ') };
}

/** JSON with object keys sorted: DynamoDB maps do not keep key order. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );
}

export const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

export interface StoredEvent {
  aggregateId: string;
  version: number;
  type: string;
  data: Record<string, unknown>;
  at: string;
  commandId: string;
}

/** One verify run: unique order and customer ids, so verify can be re-run against the same deployment. */
export class Run {
  readonly id = Date.now().toString(36);
  readonly api: Api;
  readonly ddb: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  /** Every order this run touched -> its customer. */
  readonly orders = new Map<string, string>();

  constructor(readonly ctx: BlueprintContext) {
    this.api = new Api(ctx);
    this.ddb = new DynamoDBClient(ctx.clientConfig);
    this.doc = DynamoDBDocumentClient.from(this.ddb);
  }

  order(name: string): string {
    return `${name}-${this.id}`;
  }

  customer(name: string): string {
    return `${name}-${this.id}`;
  }

  async send(cmd: Command): Promise<Reply<CommandReply>> {
    if (cmd.type === 'CreateOrder') this.orders.set(cmd.orderId, String(cmd.customerId));
    return this.api.command(cmd);
  }

  /** Sends commands one after another; throws on the first unexpected status. */
  async sequence(cmds: Command[]): Promise<Reply<CommandReply>[]> {
    const replies: Reply<CommandReply>[] = [];
    for (const c of cmds) {
      const r = await this.send(c);
      if (r.statusCode >= 300) throw new Error(`${c.type} ${c.orderId}: ${r.statusCode} ${JSON.stringify(r.body)}`);
      replies.push(r);
    }
    return replies;
  }

  /** The order's events, read straight from the event store (strongly consistent). */
  async events(orderId: string): Promise<StoredEvent[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: TABLES.events.name,
        KeyConditionExpression: 'aggregateId = :id',
        ExpressionAttributeValues: { ':id': orderId },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []) as StoredEvent[];
  }
}

export type Attempt = (name: string, body: () => Promise<CheckResult>) => Promise<void>;
