// Names of everything the order-saga blueprint creates, and how the seed's ASL becomes a deployable definition.
import { readFileSync } from 'node:fs';
import type { BlueprintContext } from '../../src/blueprints/types.js';

export const PREFIX = 'order-saga';

export const TABLES = {
  /** The seed's DynamoDB (Inventory): productId -> available/reserved. */
  inventory: `${PREFIX}-inventory`,
  /** The seed's Payments store (Aurora in the diagram; a DynamoDB table here): orderId -> amount/status. */
  payments: `${PREFIX}-payments`,
  /** The seed's DynamoDB (Orders): per-order step log, shipment and reserve attempt counter. */
  orders: `${PREFIX}-orders`,
} as const;

export const ROLES = { lambda: `${PREFIX}-lambda`, states: `${PREFIX}-states` } as const;

/** The seed's function names (its ASL's Resource ARNs end with them) -> handler source in functions/. */
export const FUNCTIONS = [
  'reserve-inventory',
  'process-payment',
  'ship-order',
  'refund-payment',
  'release-inventory',
] as const;
export type SeedFunction = (typeof FUNCTIONS)[number];

export const functionName = (f: SeedFunction): string => `${PREFIX}-${f}`;

/** Business rules the functions read from their environment (verify's scenarios cross them on purpose). */
export const PAYMENT_LIMIT = 1000;
export const SHIP_TO_COUNTRIES = ['US', 'CA', 'GB', 'DE'];

export const MACHINES = {
  /** Section 6.4's "# Step Functions State Machine (ASL)" JSON, verbatim. */
  asl: { name: `${PREFIX}-asl`, asset: 'asl/order-saga.asl.json' },
  /** The same section's Terraform `aws_sfn_state_machine.order_saga` definition (adds the Retry), as JSON. */
  terraform: { name: `${PREFIX}-terraform`, asset: 'asl/order-processing-saga.asl.json' },
} as const;
export type MachineKey = keyof typeof MACHINES;

/** Terraform's logging_configuration destination for the saga. */
export const LOG_GROUP = `/aws/vendedlogs/states/${PREFIX}-terraform`;

/** The placeholder ARNs the seed's ASL uses (Terraform's `aws_lambda_function.x.arn` is written the same way). */
const SEED_ARN = /arn:aws:lambda:us-east-1:123456789012:function:([a-z-]+)/g;

export function arns(ctx: BlueprintContext) {
  const { region, accountId } = ctx;
  return {
    table: (name: string) => `arn:aws:dynamodb:${region}:${accountId}:table/${name}`,
    role: (name: string) => `arn:aws:iam::${accountId}:role/${name}`,
    fn: (f: SeedFunction) => `arn:aws:lambda:${region}:${accountId}:function:${functionName(f)}`,
    machine: (m: MachineKey) => `arn:aws:states:${region}:${accountId}:stateMachine:${MACHINES[m].name}`,
    logGroup: () => `arn:aws:logs:${region}:${accountId}:log-group:${LOG_GROUP}`,
  };
}

/** The asset's text exactly as stored (the seed's ASL). */
export function seedDefinition(ctx: BlueprintContext, m: MachineKey): string {
  return readFileSync(ctx.asset(MACHINES[m].asset), 'utf8');
}

/** The seed's ASL with only its Lambda ARNs substituted by the deployed functions' ARNs; nothing else changes. */
export function deployableDefinition(ctx: BlueprintContext, m: MachineKey): string {
  const fn = arns(ctx).fn;
  return seedDefinition(ctx, m).replace(SEED_ARN, (whole, f: string) => {
    if (!(FUNCTIONS as readonly string[]).includes(f)) throw new Error(`unexpected function in the seed ASL: ${whole}`);
    return fn(f as SeedFunction);
  });
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
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

/** Awaits `p`, ignoring the listed "already exists"/"not found" errors. */
export async function ignore(p: Promise<unknown>, ...errors: (abstract new (...a: never[]) => Error)[]): Promise<void> {
  try {
    await p;
  } catch (e) {
    if (!errors.some((E) => e instanceof E)) throw e;
  }
}
