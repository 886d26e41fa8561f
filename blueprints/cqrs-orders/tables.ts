// Creating, emptying-by-deletion and reading whole DynamoDB tables (deploy's tables and verify's replay tables).
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ignoring, type TableSpec, until } from './resources.js';

/** Creates the table unless it exists (then leaves it as is) and waits until it is ACTIVE. */
export async function ensureTable(ddb: DynamoDBClient, spec: TableSpec, log: (m: string) => void): Promise<void> {
  const TableName = spec.name;
  try {
    await ddb.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: spec.hash, AttributeType: 'S' },
          ...(spec.range ? [{ AttributeName: spec.range.name, AttributeType: spec.range.type }] : []),
        ],
        KeySchema: [
          { AttributeName: spec.hash, KeyType: 'HASH' },
          ...(spec.range ? [{ AttributeName: spec.range.name, KeyType: 'RANGE' as const }] : []),
        ],
        ...(spec.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } } : {}),
      }),
    );
    log(`created table ${TableName}`);
  } catch (e) {
    if ((e as Error).name !== 'ResourceInUseException') throw e;
  }
  await until(`table ${TableName} ACTIVE`, async () => {
    const d = await ddb.send(new DescribeTableCommand({ TableName }));
    return d.Table?.TableStatus === 'ACTIVE' ? true : undefined;
  });
}

export async function dropTable(ddb: DynamoDBClient, TableName: string): Promise<void> {
  await ignoring(ddb.send(new DeleteTableCommand({ TableName })), 'ResourceNotFoundException');
}

/** Every item of a table (consistent scan), as plain objects. */
export async function scanAll(ddb: DynamoDBClient, TableName: string): Promise<Record<string, unknown>[]> {
  const doc = DynamoDBDocumentClient.from(ddb);
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName, ConsistentRead: true, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
