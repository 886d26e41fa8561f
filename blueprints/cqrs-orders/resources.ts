// Names of everything the cqrs-orders blueprint creates, the IAM each function gets, and small polling helpers.
import type { BlueprintContext } from '../../src/blueprints/types.js';

export const PREFIX = 'cqrs-orders';

/** Events per snapshot: every 5th event of an order is appended together with a snapshot of the new state. */
export const SNAPSHOT_EVERY = 5;

export interface TableSpec {
  name: string;
  hash: string;
  range?: { name: string; type: 'S' | 'N' };
  stream?: boolean;
}

export const TABLES = {
  /** The event store: the immutable log, one item per event, keyed by aggregate id and version. */
  events: {
    name: `${PREFIX}-events`,
    hash: 'aggregateId',
    range: { name: 'version', type: 'N' },
    stream: true,
  },
  /** State of an order at every SNAPSHOT_EVERY-th version. */
  snapshots: { name: `${PREFIX}-snapshots`, hash: 'aggregateId', range: { name: 'version', type: 'N' } },
  /** Read model 1: one summary per order. */
  summary: { name: `${PREFIX}-order-summary`, hash: 'orderId' },
  /** Read model 2: each customer's orders. */
  customerOrders: { name: `${PREFIX}-customer-orders`, hash: 'customerId', range: { name: 'orderId', type: 'S' } },
} satisfies Record<string, TableSpec>;

/** Fresh tables that verify creates for a replay run, then deletes (destroy removes any left over). */
export const REPLAY_PREFIX = `${PREFIX}-replay-`;
export const replayTables = (run: string) => ({
  summary: { ...TABLES.summary, name: `${REPLAY_PREFIX}${run}-summary` },
  customerOrders: { ...TABLES.customerOrders, name: `${REPLAY_PREFIX}${run}-customers` },
});

export const FUNCTIONS = ['command', 'query', 'projector', 'replay'] as const;
export type Fn = (typeof FUNCTIONS)[number];
export const functionName = (f: Fn): string => `${PREFIX}-${f}`;
/** One role per function, each allowed only what that function does (no role may change or delete an event). */
export const roleName = (f: Fn): string => `${PREFIX}-${f}`;
/** Files zipped with every handler (the handler itself becomes index.js). */
export const SHARED_SOURCES = ['domain.js', 'eventstore.js'];

export function arns(ctx: BlueprintContext) {
  const { region, accountId } = ctx;
  const table = (name: string) => `arn:aws:dynamodb:${region}:${accountId}:table/${name}`;
  return {
    table,
    role: (name: string) => `arn:aws:iam::${accountId}:role/${name}`,
    fn: (f: Fn) => `arn:aws:lambda:${region}:${accountId}:function:${functionName(f)}`,
  };
}

/** The inline policy of each function's role. */
export function policies(ctx: BlueprintContext): Record<Fn, object[]> {
  const t = arns(ctx).table;
  const logs = {
    Effect: 'Allow',
    Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: '*',
  };
  const allow = (Action: string[], Resource: string[]) => ({ Effect: 'Allow', Action, Resource });
  return {
    // Append-only: PutItem (TransactWriteItems is authorized per item) guarded by a condition; no Update/Delete.
    command: [allow(['dynamodb:PutItem', 'dynamodb:Query'], [t(TABLES.events.name), t(TABLES.snapshots.name)]), logs],
    query: [
      allow(['dynamodb:GetItem'], [t(TABLES.summary.name)]),
      allow(['dynamodb:Query'], [t(TABLES.customerOrders.name), t(TABLES.events.name), t(TABLES.snapshots.name)]),
      logs,
    ],
    projector: [
      // What Lambda needs to poll the stream for the event source mapping.
      allow(
        ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
        [`${t(TABLES.events.name)}/stream/*`],
      ),
      allow(['dynamodb:GetItem', 'dynamodb:PutItem'], [t(TABLES.summary.name)]),
      allow(['dynamodb:PutItem'], [t(TABLES.customerOrders.name)]),
      logs,
    ],
    replay: [
      allow(['dynamodb:Scan'], [t(TABLES.events.name)]),
      allow(['dynamodb:BatchWriteItem', 'dynamodb:PutItem'], [t(`${REPLAY_PREFIX}*`)]),
      logs,
    ],
  };
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Awaits `p`, ignoring errors with the listed names ("already exists", "not found"). */
export async function ignoring(p: Promise<unknown>, ...names: string[]): Promise<void> {
  try {
    await p;
  } catch (e) {
    if (!names.includes((e as Error).name)) throw e;
  }
}
