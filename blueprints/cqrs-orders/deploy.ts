// Provisions the CQRS system through the public AWS API: the event store (with its stream), the snapshot and
// read-model tables, one IAM role per function, the four Lambda functions and the stream event source mapping
// that drives the projector. Every step tolerates "already exists": re-running deploy updates in place.
import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  GetEventSourceMappingCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import type { BlueprintContext } from '../../src/blueprints/types.js';
import {
  arns,
  type Fn,
  FUNCTIONS,
  functionName,
  policies,
  roleName,
  SHARED_SOURCES,
  SNAPSHOT_EVERY,
  TABLES,
  until,
} from './resources.js';
import { ensureTable } from './tables.js';

const LAMBDA_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** The projector's mapping: from the oldest retained event, INSERTs only, failures reported per record. */
export const MAPPING = {
  StartingPosition: 'TRIM_HORIZON' as const,
  BatchSize: 25,
  MaximumBatchingWindowInSeconds: 0,
  // A projection must not skip an event: retry a failing record until it succeeds (the AWS default, -1).
  MaximumRetryAttempts: -1,
  MaximumRecordAgeInSeconds: -1,
  FunctionResponseTypes: ['ReportBatchItemFailures' as const],
  FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] },
};

async function deployRoles(ctx: BlueprintContext): Promise<void> {
  const iam = new IAMClient(ctx.clientConfig);
  const statements = policies(ctx);
  for (const f of FUNCTIONS) {
    const RoleName = roleName(f);
    try {
      await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: LAMBDA_TRUST }));
      ctx.log(`created role ${RoleName}`);
    } catch (e) {
      if ((e as Error).name !== 'EntityAlreadyExistsException') throw e;
      await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: LAMBDA_TRUST }));
    }
    await iam.send(
      new PutRolePolicyCommand({
        RoleName,
        PolicyName: `${RoleName}-access`,
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements[f] }),
      }),
    );
  }
}

async function deployFunction(ctx: BlueprintContext, lambda: LambdaClient, f: Fn): Promise<void> {
  const FunctionName = functionName(f);
  const files: Record<string, Uint8Array> = { 'index.js': readFileSync(ctx.asset(`functions/${f}.js`)) };
  for (const s of SHARED_SOURCES) files[s] = readFileSync(ctx.asset(`functions/${s}`));
  const ZipFile = zipSync(files);
  const Role = arns(ctx).role(roleName(f));
  const Timeout = f === 'replay' ? 60 : 15;
  const Environment = {
    Variables: {
      EVENTS_TABLE: TABLES.events.name,
      SNAPSHOTS_TABLE: TABLES.snapshots.name,
      SUMMARY_TABLE: TABLES.summary.name,
      CUSTOMER_ORDERS_TABLE: TABLES.customerOrders.name,
      SNAPSHOT_EVERY: String(SNAPSHOT_EVERY),
    },
  };
  const settled = (field: 'State' | 'LastUpdateStatus', value: string) =>
    until(`${FunctionName} ${field} ${value}`, async () => {
      const c = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName }));
      if (c[field] === 'Failed') throw new Error(`${FunctionName}: ${c.StateReason ?? c.LastUpdateStatusReason}`);
      return c[field] === value ? true : undefined;
    });
  const exists = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName })).then(
    () => true,
    (e: Error) => (e.name === 'ResourceNotFoundException' ? false : Promise.reject(e)),
  );
  if (exists) {
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName, ZipFile }));
    await settled('LastUpdateStatus', 'Successful');
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName, Role, Environment, Timeout }));
    await settled('LastUpdateStatus', 'Successful');
    return;
  }
  // A role created seconds ago may not be assumable by Lambda yet on AWS (IAM propagation): retry until it is.
  await until(
    `${FunctionName} created`,
    async () => {
      try {
        await lambda.send(
          new CreateFunctionCommand({
            FunctionName,
            Runtime: 'nodejs20.x',
            Handler: 'index.handler',
            Role,
            Code: { ZipFile },
            Timeout,
            Environment,
          }),
        );
        return true;
      } catch (e) {
        if ((e as Error).name === 'InvalidParameterValueException' && /assumed/.test((e as Error).message)) return;
        throw e;
      }
    },
    60_000,
    2_000,
  );
  await settled('State', 'Active');
  ctx.log(`created function ${FunctionName}`);
}

/** The event store's stream -> projector mapping (created once, updated to MAPPING on redeploy). */
async function deployMapping(ctx: BlueprintContext, lambda: LambdaClient): Promise<void> {
  const ddb = new DynamoDBClient(ctx.clientConfig);
  const table = await ddb.send(new DescribeTableCommand({ TableName: TABLES.events.name }));
  const EventSourceArn = table.Table?.LatestStreamArn;
  if (!EventSourceArn) throw new Error(`${TABLES.events.name} has no stream`);
  const FunctionName = functionName('projector');
  const listed = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName, EventSourceArn }));
  let UUID = listed.EventSourceMappings?.[0]?.UUID;
  const { StartingPosition, ...settings } = MAPPING;
  if (UUID) {
    await lambda.send(
      new UpdateEventSourceMappingCommand({
        UUID,
        FunctionName,
        Enabled: true,
        ...settings,
      }),
    );
  } else {
    const created = await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName,
        EventSourceArn,
        StartingPosition,
        ...settings,
        Enabled: true,
      }),
    );
    UUID = created.UUID;
    ctx.log(`created event source mapping ${UUID}`);
  }
  await until('event source mapping Enabled', async () => {
    const m = await lambda.send(new GetEventSourceMappingCommand({ UUID }));
    return m.State === 'Enabled' ? true : undefined;
  });
  ctx.outputs.mappingUuid = UUID;
  ctx.outputs.streamArn = EventSourceArn;
}

export async function deploy(ctx: BlueprintContext): Promise<void> {
  const ddb = new DynamoDBClient(ctx.clientConfig);
  for (const spec of Object.values(TABLES)) await ensureTable(ddb, spec, ctx.log);
  await deployRoles(ctx);
  const lambda = new LambdaClient(ctx.clientConfig);
  for (const f of FUNCTIONS) await deployFunction(ctx, lambda, f);
  await deployMapping(ctx, lambda);
  ctx.outputs.functions = Object.fromEntries(FUNCTIONS.map((f) => [f, arns(ctx).fn(f)]));
}
