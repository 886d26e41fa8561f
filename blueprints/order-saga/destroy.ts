// Removes everything deploy created, in dependency order; "not found" is ignored so destroy can be re-run.
import {
  DeleteTableCommand,
  DynamoDBClient,
  ResourceNotFoundException as TableNotFound,
} from '@aws-sdk/client-dynamodb';
import { DeleteRoleCommand, DeleteRolePolicyCommand, IAMClient, NoSuchEntityException } from '@aws-sdk/client-iam';
import {
  DeleteFunctionCommand,
  LambdaClient,
  ResourceNotFoundException as FunctionNotFound,
} from '@aws-sdk/client-lambda';
import {
  CloudWatchLogsClient,
  DeleteLogGroupCommand,
  ResourceNotFoundException as LogGroupNotFound,
} from '@aws-sdk/client-cloudwatch-logs';
import { DeleteStateMachineCommand, SFNClient, StateMachineDoesNotExist } from '@aws-sdk/client-sfn';
import type { BlueprintContext } from '../../src/blueprints/types.js';
import {
  arns,
  FUNCTIONS,
  functionName,
  ignore,
  LOG_GROUP,
  MACHINES,
  type MachineKey,
  ROLES,
  TABLES,
} from './resources.js';

export async function destroy(ctx: BlueprintContext): Promise<void> {
  const sfn = new SFNClient(ctx.clientConfig);
  const a = arns(ctx);
  for (const m of Object.keys(MACHINES) as MachineKey[]) {
    await ignore(sfn.send(new DeleteStateMachineCommand({ stateMachineArn: a.machine(m) })), StateMachineDoesNotExist);
  }
  const logs = new CloudWatchLogsClient(ctx.clientConfig);
  await ignore(logs.send(new DeleteLogGroupCommand({ logGroupName: LOG_GROUP })), LogGroupNotFound);
  const lambda = new LambdaClient(ctx.clientConfig);
  for (const f of FUNCTIONS) {
    await ignore(lambda.send(new DeleteFunctionCommand({ FunctionName: functionName(f) })), FunctionNotFound);
  }
  const iam = new IAMClient(ctx.clientConfig);
  for (const RoleName of Object.values(ROLES)) {
    await ignore(
      iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName: `${RoleName}-access` })),
      NoSuchEntityException,
    );
    await ignore(iam.send(new DeleteRoleCommand({ RoleName })), NoSuchEntityException);
  }
  const ddb = new DynamoDBClient(ctx.clientConfig);
  for (const TableName of Object.values(TABLES)) {
    await ignore(ddb.send(new DeleteTableCommand({ TableName })), TableNotFound);
  }
  delete ctx.outputs.stateMachines;
  ctx.log('order-saga destroyed');
}
