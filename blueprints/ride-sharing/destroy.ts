// Removes everything deploy created, in both accounts; every step tolerates "already gone".
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DeleteArchiveCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  RemovePermissionCommand,
  RemoveTargetsCommand,
  type EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { DeleteRoleCommand, DeleteRolePolicyCommand } from '@aws-sdk/client-iam';
import { DeleteFunctionCommand } from '@aws-sdk/client-lambda';
import { DeleteTopicCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { DeleteQueueCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { BlueprintContext } from '../../src/blueprints/types.js';
import { arns, clients, ignoring } from './clients.js';
import { destroySchemaRegistry } from './schema-registry.js';
import {
  ANALYTICS_ACCOUNT,
  ANALYTICS_BUS,
  ANALYTICS_PERMISSION_SID,
  ANALYTICS_QUEUE,
  ANALYTICS_RULE,
  ARCHIVE,
  BUS,
  CROSS_ACCOUNT_ROLE,
  QUEUES,
  RULES,
  SERVICES,
  TABLES,
  functionName,
  roleName,
} from './names.js';

const GONE = [
  'ResourceNotFoundException',
  'NoSuchEntityException',
  'NotFoundException',
  'QueueDoesNotExist',
  'AWS.SimpleQueueService.NonExistentQueue',
];

async function deleteRule(events: EventBridgeClient, bus: string, rule: string, ids: string[]): Promise<void> {
  await ignoring(GONE, () => events.send(new RemoveTargetsCommand({ Rule: rule, EventBusName: bus, Ids: ids })));
  await ignoring(GONE, () => events.send(new DeleteRuleCommand({ Name: rule, EventBusName: bus })));
}

async function deleteQueue(sqs: SQSClient, name: string, owner?: string): Promise<void> {
  const url = await ignoring(GONE, () =>
    sqs.send(new GetQueueUrlCommand({ QueueName: name, ...(owner ? { QueueOwnerAWSAccountId: owner } : {}) })),
  );
  if (url?.QueueUrl) await ignoring(GONE, () => sqs.send(new DeleteQueueCommand({ QueueUrl: url.QueueUrl })));
}

export async function destroy(ctx: BlueprintContext): Promise<void> {
  const c = clients(ctx);
  const a = arns(ctx);
  for (const rule of RULES) {
    const id = rule.target === 'analytics-account' ? 'analytics-account-bus' : `${rule.target}-service`;
    await deleteRule(c.events, BUS, rule.name, [id]);
  }
  await destroySchemaRegistry(ctx);
  await ignoring(GONE, () => c.events.send(new DeleteArchiveCommand({ ArchiveName: ARCHIVE })));
  await ignoring(GONE, () => c.events.send(new DeleteEventBusCommand({ Name: BUS })));
  for (const s of SERVICES) {
    await ignoring(GONE, () => c.lambda.send(new DeleteFunctionCommand({ FunctionName: functionName(s) })));
  }
  for (const name of [...SERVICES.map(roleName), CROSS_ACCOUNT_ROLE]) {
    await ignoring(GONE, () =>
      c.iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'ride-sharing-access' })),
    );
    await ignoring(GONE, () => c.iam.send(new DeleteRoleCommand({ RoleName: name })));
  }
  for (const t of Object.values(TABLES)) {
    await ignoring(GONE, () => c.ddb.send(new DeleteTableCommand({ TableName: t.name })));
  }
  const sub = ctx.outputs.outboxSubscriptionArn;
  if (typeof sub === 'string') {
    await ignoring(GONE, () => c.sns.send(new UnsubscribeCommand({ SubscriptionArn: sub })));
  }
  await ignoring(GONE, () => c.sns.send(new DeleteTopicCommand({ TopicArn: a.topic })));
  for (const q of Object.values(QUEUES)) await deleteQueue(c.sqs, q);
  // The analytics account's side.
  const analytics = c.analytics;
  await deleteRule(analytics.events, ANALYTICS_BUS, ANALYTICS_RULE, ['ingest-queue']);
  await ignoring(GONE, () =>
    analytics.events.send(
      new RemovePermissionCommand({ EventBusName: ANALYTICS_BUS, StatementId: ANALYTICS_PERMISSION_SID }),
    ),
  );
  await ignoring(GONE, () => analytics.events.send(new DeleteEventBusCommand({ Name: ANALYTICS_BUS })));
  await deleteQueue(analytics.sqs, ANALYTICS_QUEUE, ANALYTICS_ACCOUNT);
  for (const k of Object.keys(ctx.outputs)) delete ctx.outputs[k];
}
