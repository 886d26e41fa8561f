// Provisions the saga through the public AWS API: DynamoDB tables, IAM roles, the five Lambda functions, the log
// group and the two state machines. Every step tolerates "already exists": re-running deploy updates in place.
import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ResourceNotFoundException as FunctionNotFound,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateStateMachineCommand,
  DescribeStateMachineCommand,
  type LoggingConfiguration,
  SFNClient,
  StateMachineDoesNotExist,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import type { BlueprintContext } from '../../src/blueprints/types.js';
import {
  arns,
  deployableDefinition,
  FUNCTIONS,
  functionName,
  LOG_GROUP,
  MACHINES,
  type MachineKey,
  PAYMENT_LIMIT,
  ROLES,
  SHIP_TO_COUNTRIES,
  TABLES,
  ignore,
  until,
} from './resources.js';

const trust = (service: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });

async function deployTables(ctx: BlueprintContext): Promise<void> {
  const ddb = new DynamoDBClient(ctx.clientConfig);
  const keys: Record<string, string> = {
    [TABLES.inventory]: 'productId',
    [TABLES.payments]: 'orderId',
    [TABLES.orders]: 'orderId',
  };
  for (const [TableName, key] of Object.entries(keys)) {
    try {
      await ddb.send(
        new CreateTableCommand({
          TableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
          KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
        }),
      );
      ctx.log(`created table ${TableName}`);
    } catch (e) {
      if ((e as Error).name !== 'ResourceInUseException') throw e;
    }
    await until(`table ${TableName} ACTIVE`, async () => {
      const d = await ddb.send(new DescribeTableCommand({ TableName }));
      return d.Table?.TableStatus === 'ACTIVE' ? true : undefined;
    });
  }
}

async function deployRoles(ctx: BlueprintContext): Promise<void> {
  const iam = new IAMClient(ctx.clientConfig);
  const a = arns(ctx);
  const policies: Record<string, { service: string; statements: object[] }> = {
    [ROLES.lambda]: {
      service: 'lambda.amazonaws.com',
      statements: [
        {
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
          Resource: Object.values(TABLES).map(a.table),
        },
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: '*',
        },
      ],
    },
    [ROLES.states]: {
      service: 'states.amazonaws.com',
      statements: [
        {
          Effect: 'Allow',
          Action: 'lambda:InvokeFunction',
          Resource: FUNCTIONS.flatMap((f) => [a.fn(f), `${a.fn(f)}:*`]),
        },
        {
          // What Step Functions needs to deliver execution logs (level ALL) to CloudWatch Logs, and X-Ray traces.
          Effect: 'Allow',
          Action: [
            'logs:CreateLogDelivery',
            'logs:GetLogDelivery',
            'logs:UpdateLogDelivery',
            'logs:DeleteLogDelivery',
            'logs:ListLogDeliveries',
            'logs:PutResourcePolicy',
            'logs:DescribeResourcePolicies',
            'logs:DescribeLogGroups',
            'xray:PutTraceSegments',
            'xray:PutTelemetryRecords',
            'xray:GetSamplingRules',
            'xray:GetSamplingTargets',
          ],
          Resource: '*',
        },
      ],
    },
  };
  for (const [RoleName, p] of Object.entries(policies)) {
    try {
      await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trust(p.service) }));
      ctx.log(`created role ${RoleName}`);
    } catch (e) {
      if ((e as Error).name !== 'EntityAlreadyExistsException') throw e;
      await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: trust(p.service) }));
    }
    await iam.send(
      new PutRolePolicyCommand({
        RoleName,
        PolicyName: `${RoleName}-access`,
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: p.statements }),
      }),
    );
  }
}

async function deployFunctions(ctx: BlueprintContext): Promise<void> {
  const lambda = new LambdaClient(ctx.clientConfig);
  const common = readFileSync(ctx.asset('functions/common.js'));
  const Environment = {
    Variables: {
      INVENTORY_TABLE: TABLES.inventory,
      PAYMENTS_TABLE: TABLES.payments,
      ORDERS_TABLE: TABLES.orders,
      PAYMENT_LIMIT: String(PAYMENT_LIMIT),
      SHIP_TO_COUNTRIES: SHIP_TO_COUNTRIES.join(','),
    },
  };
  const Role = arns(ctx).role(ROLES.lambda);
  for (const f of FUNCTIONS) {
    const FunctionName = functionName(f);
    const ZipFile = zipSync({ 'index.js': readFileSync(ctx.asset(`functions/${f}.js`)), 'common.js': common });
    const settled = (field: 'State' | 'LastUpdateStatus', value: string) =>
      until(`${FunctionName} ${field} ${value}`, async () => {
        const c = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName }));
        if (c[field] === 'Failed') throw new Error(`${FunctionName}: ${c.StateReason ?? c.LastUpdateStatusReason}`);
        return c[field] === value ? true : undefined;
      });
    const exists = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName })).then(
      () => true,
      (e: unknown) => (e instanceof FunctionNotFound ? false : Promise.reject(e)),
    );
    if (exists) {
      await lambda.send(new UpdateFunctionCodeCommand({ FunctionName, ZipFile }));
      await settled('LastUpdateStatus', 'Successful');
      await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName, Role, Environment }));
      await settled('LastUpdateStatus', 'Successful');
      continue;
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
              Timeout: 10,
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
}

async function deployStateMachines(ctx: BlueprintContext): Promise<void> {
  const logs = new CloudWatchLogsClient(ctx.clientConfig);
  await ignore(logs.send(new CreateLogGroupCommand({ logGroupName: LOG_GROUP })), ResourceAlreadyExistsException);
  const sfn = new SFNClient(ctx.clientConfig);
  const a = arns(ctx);
  const roleArn = a.role(ROLES.states);
  for (const m of Object.keys(MACHINES) as MachineKey[]) {
    const definition = deployableDefinition(ctx, m);
    // Terraform's logging_configuration and tracing_configuration belong to the Terraform machine.
    const extra =
      m === 'terraform'
        ? {
            loggingConfiguration: {
              level: 'ALL',
              includeExecutionData: true,
              destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: `${a.logGroup()}:*` } }],
            } satisfies LoggingConfiguration,
            tracingConfiguration: { enabled: true },
          }
        : {};
    const stateMachineArn = a.machine(m);
    const exists = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn })).then(
      () => true,
      (e: unknown) => (e instanceof StateMachineDoesNotExist ? false : Promise.reject(e)),
    );
    if (exists) {
      await sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition, roleArn, ...extra }));
    } else {
      await sfn.send(
        new CreateStateMachineCommand({ name: MACHINES[m].name, type: 'STANDARD', definition, roleArn, ...extra }),
      );
      ctx.log(`created state machine ${MACHINES[m].name}`);
    }
  }
  ctx.outputs.stateMachines = Object.fromEntries((Object.keys(MACHINES) as MachineKey[]).map((m) => [m, a.machine(m)]));
}

export async function deploy(ctx: BlueprintContext): Promise<void> {
  await deployTables(ctx);
  await deployRoles(ctx);
  await deployFunctions(ctx);
  await deployStateMachines(ctx);
}
