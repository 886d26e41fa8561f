// Local and global secondary indexes, capacity reporting, ListTables paging and stream re-enablement.
import { describe, expect, it } from 'vitest';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import { useAtoll } from '../helpers/atoll.js';
import { expectAwsError, uniqueName } from '../helpers/util.js';

const ctx = useAtoll();
const cfg = () => ({
  endpoint: ctx.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
});
let c1: DynamoDBClient | undefined;
const ddb = () => (c1 ??= new DynamoDBClient(cfg()));

async function lsiTable(): Promise<string> {
  const name = uniqueName('i');
  await ddb().send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'score', AttributeType: 'N' },
        { AttributeName: 'cat', AttributeType: 'S' },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: 'byScore',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'score', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byCat',
          KeySchema: [
            { AttributeName: 'cat', KeyType: 'HASH' },
            { AttributeName: 'score', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['label'] },
        },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return name;
}

describe('secondary indexes', () => {
  it('queries an LSI in score order and a GSI with its projection', async () => {
    const name = await lsiTable();
    const rows = [
      ['a', '30', 'x'],
      ['b', '10', 'y'],
      ['c', '20', 'x'],
    ] as const;
    for (const [sk, score, cat] of rows) {
      await ddb().send(
        new PutItemCommand({
          TableName: name,
          Item: {
            pk: { S: 'p' },
            sk: { S: sk },
            score: { N: score },
            cat: { S: cat },
            label: { S: sk.toUpperCase() },
            other: { S: '-' },
          },
        }),
      );
    }
    await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'p' }, sk: { S: 'sparse' } } }));
    const lsi = await ddb().send(
      new QueryCommand({
        TableName: name,
        IndexName: 'byScore',
        KeyConditionExpression: 'pk = :p AND score > :min',
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':min': { N: '5' } },
        ReturnConsumedCapacity: 'INDEXES',
      }),
    );
    expect(lsi.Items?.map((i) => i.sk!.S)).toEqual(['b', 'c', 'a']);
    expect(Object.keys(lsi.Items![0]!).sort()).toEqual(['pk', 'score', 'sk']);
    expect(lsi.ConsumedCapacity?.LocalSecondaryIndexes?.byScore?.CapacityUnits).toBe(0.5);
    const gsi = await ddb().send(
      new QueryCommand({
        TableName: name,
        IndexName: 'byCat',
        KeyConditionExpression: 'cat = :c',
        ExpressionAttributeValues: { ':c': { S: 'x' } },
        ScanIndexForward: false,
      }),
    );
    expect(gsi.Items).toEqual([
      { pk: { S: 'p' }, sk: { S: 'a' }, score: { N: '30' }, cat: { S: 'x' }, label: { S: 'A' } },
      { pk: { S: 'p' }, sk: { S: 'c' }, score: { N: '20' }, cat: { S: 'x' }, label: { S: 'C' } },
    ]);
    await ddb().send(
      new UpdateItemCommand({
        TableName: name,
        Key: { pk: { S: 'p' }, sk: { S: 'c' } },
        UpdateExpression: 'SET cat = :y',
        ExpressionAttributeValues: { ':y': { S: 'y' } },
      }),
    );
    const moved = await ddb().send(
      new QueryCommand({
        TableName: name,
        IndexName: 'byCat',
        KeyConditionExpression: 'cat = :c',
        ExpressionAttributeValues: { ':c': { S: 'x' } },
      }),
    );
    expect(moved.Count).toBe(1);
    await expectAwsError(
      ddb().send(
        new QueryCommand({
          TableName: name,
          IndexName: 'byCat',
          ConsistentRead: true,
          KeyConditionExpression: 'cat = :c',
          ExpressionAttributeValues: { ':c': { S: 'x' } },
        }),
      ),
      { name: 'ValidationException', message: 'Consistent reads are not supported on global secondary indexes' },
    );
    await expectAwsError(
      ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'p' }, sk: { S: 'z' }, cat: { N: '1' } } })),
      {
        name: 'ValidationException',
        message:
          'One or more parameter values were invalid: Type mismatch for Index Key cat Expected: S Actual: N IndexName: byCat',
      },
    );
  });

  it('refuses key updates and unused expression names', async () => {
    const name = await lsiTable();
    await expectAwsError(
      ddb().send(
        new UpdateItemCommand({
          TableName: name,
          Key: { pk: { S: 'p' }, sk: { S: 'a' } },
          UpdateExpression: 'SET sk = :v',
          ExpressionAttributeValues: { ':v': { S: 'b' } },
        }),
      ),
      {
        name: 'ValidationException',
        message:
          'One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key',
      },
    );
    await expectAwsError(
      ddb().send(
        new UpdateItemCommand({
          TableName: name,
          Key: { pk: { S: 'p' }, sk: { S: 'a' } },
          UpdateExpression: 'SET v = :v',
          ExpressionAttributeNames: { '#x': 'x' },
          ExpressionAttributeValues: { ':v': { S: 'b' } },
        }),
      ),
      {
        name: 'ValidationException',
        message: 'Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}',
      },
    );
  });
});

describe('tables', () => {
  it('pages ListTables', async () => {
    const names: string[] = [];
    for (let i = 0; i < 3; i++) names.push(await lsiTable());
    const first = await ddb().send(new ListTablesCommand({ Limit: 1 }));
    expect(first.TableNames).toHaveLength(1);
    expect(first.LastEvaluatedTableName).toBe(first.TableNames![0]);
    const rest = await ddb().send(new ListTablesCommand({ ExclusiveStartTableName: first.LastEvaluatedTableName }));
    expect(rest.TableNames).not.toContain(first.TableNames![0]);
  });

  it('gives each stream enablement a new stream', async () => {
    const name = await lsiTable();
    await ddb().send(
      new UpdateTableCommand({
        TableName: name,
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
      }),
    );
    const first = (await ddb().send(new DescribeTableCommand({ TableName: name }))).Table!;
    expect(first.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'KEYS_ONLY' });
    await ddb().send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }));
    await new Promise((r) => setTimeout(r, 5));
    await ddb().send(
      new UpdateTableCommand({
        TableName: name,
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );
    const second = (await ddb().send(new DescribeTableCommand({ TableName: name }))).Table!;
    expect(second.LatestStreamArn).not.toBe(first.LatestStreamArn);
    const streams = new DynamoDBStreamsClient(cfg());
    const listed = await streams.send(new ListStreamsCommand({ TableName: name }));
    streams.destroy();
    expect(listed.Streams?.map((s) => s.StreamArn)).toEqual([first.LatestStreamArn, second.LatestStreamArn]);
  });
});
