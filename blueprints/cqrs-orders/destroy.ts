// Removes everything deploy (and verify's replay runs) created; "not found" is ignored so destroy can be re-run.
import { DynamoDBClient, paginateListTables } from '@aws-sdk/client-dynamodb';
import { DeleteRoleCommand, DeleteRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  DeleteEventSourceMappingCommand,
  DeleteFunctionCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
} from '@aws-sdk/client-lambda';
import type { BlueprintContext } from '../../src/blueprints/types.js';
import { FUNCTIONS, functionName, ignoring, REPLAY_PREFIX, roleName, TABLES } from './resources.js';
import { dropTable } from './tables.js';

export async function destroy(ctx: BlueprintContext): Promise<void> {
  const lambda = new LambdaClient(ctx.clientConfig);
  const mappings = await lambda
    .send(new ListEventSourceMappingsCommand({ FunctionName: functionName('projector') }))
    .catch((e: Error) => (e.name === 'ResourceNotFoundException' ? {} : Promise.reject(e)));
  for (const m of ('EventSourceMappings' in mappings ? mappings.EventSourceMappings : undefined) ?? []) {
    await ignoring(lambda.send(new DeleteEventSourceMappingCommand({ UUID: m.UUID })), 'ResourceNotFoundException');
  }
  for (const f of FUNCTIONS) {
    await ignoring(
      lambda.send(new DeleteFunctionCommand({ FunctionName: functionName(f) })),
      'ResourceNotFoundException',
    );
  }
  const iam = new IAMClient(ctx.clientConfig);
  for (const f of FUNCTIONS) {
    const RoleName = roleName(f);
    await ignoring(
      iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName: `${RoleName}-access` })),
      'NoSuchEntityException',
    );
    await ignoring(iam.send(new DeleteRoleCommand({ RoleName })), 'NoSuchEntityException');
  }
  const ddb = new DynamoDBClient(ctx.clientConfig);
  const leftovers: string[] = [];
  for await (const page of paginateListTables({ client: ddb }, {})) {
    leftovers.push(...(page.TableNames ?? []).filter((n) => n.startsWith(REPLAY_PREFIX)));
  }
  for (const TableName of [...Object.values(TABLES).map((t) => t.name), ...leftovers]) await dropTable(ddb, TableName);
  delete ctx.outputs.mappingUuid;
  delete ctx.outputs.streamArn;
  delete ctx.outputs.functions;
  ctx.log('cqrs-orders destroyed');
}
