// Deploy, part 2: the six service functions (asynchronous retries and failure destination), the custom bus with
// its 7-year archive, and the rules with their targets (retry policy and dead-letter queue on every target).
import { readdirSync, readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import {
  CreateArchiveCommand,
  CreateEventBusCommand,
  PutRuleCommand,
  PutTargetsCommand,
  UpdateArchiveCommand,
  type Target,
} from '@aws-sdk/client-eventbridge';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  GetFunctionConfigurationCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import type { BlueprintContext } from '../../src/blueprints/types.js';
import { arns, errorName, ignoring, poll, sleep, type Clients } from './clients.js';
import {
  ARCHIVE,
  ARCHIVE_PATTERN,
  ARCHIVE_RETENTION_DAYS,
  ASYNC_RETRIES,
  BUS,
  CROSS_ACCOUNT_ROLE,
  RULES,
  SERVICES,
  TABLES,
  TARGET_RETRY_POLICY,
  functionName,
  type Service,
} from './names.js';

/** The function package: the service's handler, the shared helpers and the event schemas. */
function packageOf(ctx: BlueprintContext, s: Service): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const f of [`${s}.js`, 'common.js', 'validate.js']) files[f] = readFileSync(ctx.asset(`functions/${f}`));
  for (const f of readdirSync(ctx.asset('schemas'))) files[`schemas/${f}`] = readFileSync(ctx.asset(`schemas/${f}`));
  return zipSync(files, { mtime: new Date('2024-01-01T00:00:00Z') });
}

function environment(ctx: BlueprintContext): Record<string, string> {
  return {
    EVENT_BUS_NAME: BUS,
    NOTIFICATIONS_TOPIC_ARN: arns(ctx).topic,
    RIDES_TABLE: TABLES.rides.name,
    DRIVERS_TABLE: TABLES.drivers.name,
    PAYMENTS_TABLE: TABLES.payments.name,
    FRAUD_TABLE: TABLES.fraud.name,
    ANALYTICS_TABLE: TABLES.analytics.name,
    IDEMPOTENCY_TABLE: TABLES.idempotency.name,
  };
}

async function settled(c: Clients, name: string): Promise<void> {
  const ok = await poll(async () => {
    const f = await c.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    if (f.State === 'Failed' || f.LastUpdateStatus === 'Failed') throw new Error(`${name}: ${f.StateReason}`);
    return f.State === 'Active' && f.LastUpdateStatus !== 'InProgress' ? true : undefined;
  }, 120_000);
  if (!ok) throw new Error(`function ${name} did not become Active`);
}

async function deployFunction(ctx: BlueprintContext, c: Clients, s: Service): Promise<void> {
  const a = arns(ctx);
  const name = functionName(s);
  const zip = packageOf(ctx, s);
  const config = {
    FunctionName: name,
    Runtime: 'nodejs20.x' as const,
    Handler: `${s}.handler`,
    Role: a.serviceRole(s),
    Timeout: 15,
    MemorySize: 256,
    Environment: { Variables: environment(ctx) },
  };
  // A just-created role can take a few seconds to be assumable by Lambda (IAM is eventually consistent).
  for (let attempt = 0; ; attempt++) {
    try {
      await c.lambda.send(new CreateFunctionCommand({ ...config, Code: { ZipFile: zip } }));
      break;
    } catch (err) {
      if (errorName(err) === 'ResourceConflictException') {
        await settled(c, name);
        await c.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zip }));
        await settled(c, name);
        await c.lambda.send(new UpdateFunctionConfigurationCommand(config));
        break;
      }
      if (errorName(err) !== 'InvalidParameterValueException' || attempt >= 10) throw err;
      await sleep(2000);
    }
  }
  await settled(c, name);
  await c.lambda.send(
    new PutFunctionEventInvokeConfigCommand({
      FunctionName: name,
      MaximumRetryAttempts: ASYNC_RETRIES,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: a.consumerFailures } },
    }),
  );
}

export async function deployFunctions(ctx: BlueprintContext, c: Clients): Promise<void> {
  for (const s of SERVICES) await deployFunction(ctx, c, s);
}

export async function deployBus(ctx: BlueprintContext, c: Clients): Promise<void> {
  const a = arns(ctx);
  await ignoring(['ResourceAlreadyExistsException'], () =>
    c.events.send(new CreateEventBusCommand({ Name: BUS, Description: 'Ride-sharing platform events' })),
  );
  const archive = {
    ArchiveName: ARCHIVE,
    Description: 'Every platform event, kept 7 years for compliance and replay',
    EventPattern: JSON.stringify(ARCHIVE_PATTERN),
    RetentionDays: ARCHIVE_RETENTION_DAYS,
  };
  const created = await ignoring(['ResourceAlreadyExistsException'], () =>
    c.events.send(new CreateArchiveCommand({ ...archive, EventSourceArn: a.bus })),
  );
  if (!created) await c.events.send(new UpdateArchiveCommand(archive));
  ctx.outputs.busArn = a.bus;
  ctx.outputs.archiveArn = a.archive;
}

export async function deployRules(ctx: BlueprintContext, c: Clients): Promise<void> {
  const a = arns(ctx);
  const ruleArns: Record<string, string> = {};
  for (const rule of RULES) {
    const out = await c.events.send(
      new PutRuleCommand({
        Name: rule.name,
        EventBusName: BUS,
        Description: rule.description,
        EventPattern: JSON.stringify(rule.pattern),
        State: 'ENABLED',
      }),
    );
    ruleArns[rule.name] = out.RuleArn!;
    const common = { RetryPolicy: TARGET_RETRY_POLICY, DeadLetterConfig: { Arn: a.eventsDlq } };
    let target: Target;
    if (rule.target === 'analytics-account') {
      target = { Id: 'analytics-account-bus', Arn: a.analyticsBus, RoleArn: a.role(CROSS_ACCOUNT_ROLE), ...common };
    } else {
      const fn = functionName(rule.target);
      // The function's resource policy admits EventBridge for this rule only.
      await ignoring(['ResourceConflictException'], () =>
        c.lambda.send(
          new AddPermissionCommand({
            FunctionName: fn,
            StatementId: rule.name,
            Action: 'lambda:InvokeFunction',
            Principal: 'events.amazonaws.com',
            SourceArn: out.RuleArn,
          }),
        ),
      );
      target = { Id: `${rule.target}-service`, Arn: a.fn(rule.target), ...common };
    }
    const put = await c.events.send(new PutTargetsCommand({ Rule: rule.name, EventBusName: BUS, Targets: [target] }));
    if (put.FailedEntryCount) throw new Error(`PutTargets ${rule.name}: ${JSON.stringify(put.FailedEntries)}`);
  }
  ctx.outputs.ruleArns = ruleArns;
}
