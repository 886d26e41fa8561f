// Deploy, part 1: IAM roles, DynamoDB tables (with the seeded drivers), SQS queues, the notifications topic and the
// analytics account's side (its bus, the bus policy admitting the platform account, its rule and queue).
import {
  CreateTableCommand,
  DescribeTableCommand,
  PutItemCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import {
  CreateEventBusCommand,
  PutPermissionCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateRoleCommand, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { BlueprintContext } from '../../src/blueprints/types.js';
import { arns, ignoring, poll, type Clients } from './clients.js';
import {
  ANALYTICS_BUS,
  ANALYTICS_PERMISSION_SID,
  ANALYTICS_QUEUE,
  ANALYTICS_RULE,
  CROSS_ACCOUNT_ROLE,
  DRIVERS,
  QUEUES,
  SERVICES,
  TABLES,
  TOPIC,
  roleName,
  type TableSpec,
} from './names.js';

const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const trust = (service: string) =>
  doc([{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }]);

async function role(c: Clients, name: string, service: string, policy: string): Promise<void> {
  const created = await ignoring(['EntityAlreadyExistsException'], () =>
    c.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust(service) })),
  );
  if (!created) {
    await c.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: trust(service) }));
  }
  await c.iam.send(
    new PutRolePolicyCommand({ RoleName: name, PolicyName: 'ride-sharing-access', PolicyDocument: policy }),
  );
}

/** One execution role per service (least privilege would split further; the services share the same stores). */
export async function deployRoles(ctx: BlueprintContext, c: Clients): Promise<void> {
  const a = arns(ctx);
  const tables = Object.values(TABLES).map((t) => a.table(t.name));
  const servicePolicy = doc([
    {
      Effect: 'Allow',
      Action: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:Scan',
        'dynamodb:Query',
        'dynamodb:ConditionCheckItem',
      ],
      Resource: tables,
    },
    { Effect: 'Allow', Action: 'events:PutEvents', Resource: a.bus },
    { Effect: 'Allow', Action: 'sns:Publish', Resource: a.topic },
    { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: a.consumerFailures },
    {
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:/aws/lambda/ride-sharing-*`,
    },
  ]);
  for (const s of SERVICES) await role(c, roleName(s), 'lambda.amazonaws.com', servicePolicy);
  // EventBridge assumes this role to put events on the analytics account's bus (AWS recommends a role for
  // event bus targets in another account).
  const crossAccount = doc([{ Effect: 'Allow', Action: 'events:PutEvents', Resource: a.analyticsBus }]);
  await role(c, CROSS_ACCOUNT_ROLE, 'events.amazonaws.com', crossAccount);
}

async function table(c: Clients, spec: TableSpec): Promise<void> {
  const keys: KeySchemaElement[] = [{ AttributeName: spec.hash, KeyType: 'HASH' }];
  const defs: AttributeDefinition[] = [{ AttributeName: spec.hash, AttributeType: 'S' }];
  if (spec.range) {
    keys.push({ AttributeName: spec.range, KeyType: 'RANGE' });
    defs.push({ AttributeName: spec.range, AttributeType: 'S' });
  }
  await ignoring(['ResourceInUseException'], () =>
    c.ddb.send(
      new CreateTableCommand({
        TableName: spec.name,
        KeySchema: keys,
        AttributeDefinitions: defs,
        BillingMode: 'PAY_PER_REQUEST',
        Tags: [{ Key: 'blueprint', Value: 'ride-sharing' }],
      }),
    ),
  );
  const active = await poll(async () => {
    const t = await c.ddb.send(new DescribeTableCommand({ TableName: spec.name }));
    return t.Table?.TableStatus === 'ACTIVE' ? true : undefined;
  }, 120_000);
  if (!active) throw new Error(`table ${spec.name} did not become ACTIVE`);
  if (spec.ttl) {
    // Re-enabling an enabled TTL is a ValidationException: nothing to change.
    await ignoring(['ValidationException'], () =>
      c.ddb.send(
        new UpdateTimeToLiveCommand({
          TableName: spec.name,
          TimeToLiveSpecification: { AttributeName: spec.ttl!, Enabled: true },
        }),
      ),
    );
  }
}

export async function deployTables(c: Clients): Promise<void> {
  for (const spec of Object.values(TABLES)) await table(c, spec);
  for (const d of DRIVERS) {
    // Seeded once: a re-deploy leaves drivers that are on a trip alone.
    await ignoring(['ConditionalCheckFailedException'], () =>
      c.ddb.send(
        new PutItemCommand({
          TableName: TABLES.drivers.name,
          Item: {
            driverId: { S: d.driverId },
            status: { S: 'AVAILABLE' },
            lat: { N: String(d.lat) },
            lng: { N: String(d.lng) },
          },
          ConditionExpression: 'attribute_not_exists(driverId)',
        }),
      ),
    );
  }
}

async function queue(sqs: SQSClient, name: string, policy?: string): Promise<string> {
  const attributes: Record<string, string> = { MessageRetentionPeriod: '1209600' };
  if (policy) attributes.Policy = policy;
  const out = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  return out.QueueUrl!;
}

/** SQS queues and the notifications topic of the platform account. */
export async function deployMessaging(ctx: BlueprintContext, c: Clients): Promise<void> {
  const a = arns(ctx);
  // EventBridge (on behalf of any rule of the platform bus) may dead-letter events here.
  const dlqPolicy = doc([
    {
      Sid: 'events-dead-letters',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: a.eventsDlq,
      Condition: { ArnLike: { 'aws:SourceArn': a.rulesOfBus } },
    },
  ]);
  ctx.outputs.eventsDlqUrl = await queue(c.sqs, QUEUES.eventsDlq, dlqPolicy);
  ctx.outputs.consumerFailuresUrl = await queue(c.sqs, QUEUES.consumerFailures);
  const outboxArn = a.queue(QUEUES.outbox);
  const outboxPolicy = doc([
    {
      Sid: 'notifications-topic',
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: outboxArn,
      Condition: { ArnEquals: { 'aws:SourceArn': a.topic } },
    },
  ]);
  ctx.outputs.outboxUrl = await queue(c.sqs, QUEUES.outbox, outboxPolicy);
  const topic = await c.sns.send(new CreateTopicCommand({ Name: TOPIC }));
  ctx.outputs.topicArn = topic.TopicArn;
  const sub = await c.sns.send(
    new SubscribeCommand({
      TopicArn: topic.TopicArn,
      Protocol: 'sqs',
      Endpoint: outboxArn,
      Attributes: { RawMessageDelivery: 'true' },
      ReturnSubscriptionArn: true,
    }),
  );
  ctx.outputs.outboxSubscriptionArn = sub.SubscriptionArn;
}

/** The analytics account: its bus admits the platform account's events, and a rule lands them in a queue. */
export async function deployAnalyticsAccount(ctx: BlueprintContext, c: Clients): Promise<void> {
  const a = arns(ctx);
  const { events, sqs } = c.analytics;
  await ignoring(['ResourceAlreadyExistsException'], () =>
    events.send(new CreateEventBusCommand({ Name: ANALYTICS_BUS })),
  );
  // The statement is kept on a re-deploy (its id already exists).
  await ignoring(['ResourceAlreadyExistsException'], () =>
    events.send(
      new PutPermissionCommand({
        EventBusName: ANALYTICS_BUS,
        Action: 'events:PutEvents',
        Principal: ctx.accountId,
        StatementId: ANALYTICS_PERMISSION_SID,
      }),
    ),
  );
  const queuePolicy = doc([
    {
      Sid: 'analytics-ingest-rule',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: a.analyticsQueue,
      Condition: { ArnEquals: { 'aws:SourceArn': a.analyticsRule } },
    },
  ]);
  ctx.outputs.analyticsQueueUrl = await queue(sqs, ANALYTICS_QUEUE, queuePolicy);
  await events.send(
    new PutRuleCommand({
      Name: ANALYTICS_RULE,
      EventBusName: ANALYTICS_BUS,
      Description: 'Ride-sharing platform events into the analytics ingest queue',
      EventPattern: JSON.stringify({ account: [ctx.accountId], source: [{ prefix: 'ride-sharing.' }] }),
    }),
  );
  await events.send(
    new PutTargetsCommand({
      Rule: ANALYTICS_RULE,
      EventBusName: ANALYTICS_BUS,
      Targets: [{ Id: 'ingest-queue', Arn: a.analyticsQueue }],
    }),
  );
}
