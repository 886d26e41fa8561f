// Drives one order through a deployed saga and collects what verify looks at: the execution's outcome and
// history, and the order's inventory/payment/order records in DynamoDB afterwards.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { BlueprintContext } from '../../src/blueprints/types.js';
import { arns, type MachineKey, TABLES, until } from './resources.js';

export interface Order {
  orderId: string;
  items: { productId: string; quantity: number }[];
  payment: { amount: number };
  shipping: { country: string };
  /** Verify's fault injection: ReserveInventory's first N attempts fail with Lambda.ServiceException. */
  simulate?: { reserveServiceErrors: number };
}

export interface Outcome {
  status: string;
  error?: string;
  cause?: string;
  output?: Record<string, unknown>;
  /** TaskStateEntered/SucceedStateEntered/FailStateEntered... state names, in order. */
  entered: string[];
  events: HistoryEvent[];
  inventory: { available?: number; reserved?: number };
  payment?: Record<string, unknown>;
  order?: Record<string, unknown>;
}

export class Saga {
  private readonly sfn: SFNClient;
  private readonly doc: DynamoDBDocumentClient;

  constructor(private readonly ctx: BlueprintContext) {
    this.sfn = new SFNClient(ctx.clientConfig);
    this.doc = DynamoDBDocumentClient.from(new DynamoDBClient(ctx.clientConfig));
  }

  /** Puts the product back to a known stock level, so every verify run starts from the same inventory. */
  async stock(productId: string, available: number): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: TABLES.inventory, Item: { productId, available, reserved: 0 } }));
  }

  async run(machine: MachineKey, order: Order, timeoutMs = 120_000): Promise<Outcome> {
    const started = await this.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: arns(this.ctx).machine(machine),
        name: order.orderId,
        input: JSON.stringify(order),
      }),
    );
    const executionArn = started.executionArn;
    const d = await until<DescribeExecutionCommandOutput>(
      `execution ${order.orderId}`,
      async () => {
        const r = await this.sfn.send(new DescribeExecutionCommand({ executionArn }));
        return r.status === 'RUNNING' ? undefined : r;
      },
      timeoutMs,
      100,
    );
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const h = await this.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
      events.push(...(h.events ?? []));
      nextToken = h.nextToken;
    } while (nextToken);
    const get = async (TableName: string, Key: Record<string, string>) =>
      (await this.doc.send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item;
    const product = order.items[0]?.productId ?? '';
    const inv = await get(TABLES.inventory, { productId: product });
    return {
      status: d.status ?? '',
      error: d.error,
      cause: d.cause,
      output: d.output ? (JSON.parse(d.output) as Record<string, unknown>) : undefined,
      entered: events
        .filter((e) => e.type?.endsWith('StateEntered'))
        .map((e) => e.stateEnteredEventDetails?.name ?? ''),
      events,
      inventory: { available: inv?.available as number | undefined, reserved: inv?.reserved as number | undefined },
      payment: await get(TABLES.payments, { orderId: order.orderId }),
      order: await get(TABLES.orders, { orderId: order.orderId }),
    };
  }
}

/** The function errors the history records, in order (LambdaFunctionFailed for bare function ARNs). */
export function functionErrors(o: Outcome): string[] {
  return o.events
    .filter((e) => e.type === 'LambdaFunctionFailed')
    .map((e) => e.lambdaFunctionFailedEventDetails?.error ?? '');
}

/** Milliseconds from each failed attempt to the next attempt being scheduled (the Retry's waits). */
export function retryGaps(o: Outcome): number[] {
  const gaps: number[] = [];
  let failedAt: number | undefined;
  for (const e of o.events) {
    if (e.type === 'LambdaFunctionFailed') failedAt = e.timestamp?.getTime();
    if (e.type === 'LambdaFunctionScheduled' && failedAt !== undefined) {
      gaps.push((e.timestamp?.getTime() ?? 0) - failedAt);
      failedAt = undefined;
    }
  }
  return gaps;
}

export const scheduledCount = (o: Outcome): number =>
  o.events.filter((e) => e.type === 'LambdaFunctionScheduled').length;

/** The input a state was entered with (TaskStateEntered details), parsed. */
export function stateInput(o: Outcome, state: string): unknown {
  const e = o.events.find((x) => x.type?.endsWith('StateEntered') && x.stateEnteredEventDetails?.name === state);
  const input = e?.stateEnteredEventDetails?.input;
  return input === undefined ? undefined : JSON.parse(input);
}
