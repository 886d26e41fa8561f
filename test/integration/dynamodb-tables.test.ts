// Table lifecycle and items against a real atoll with the official SDK.
import { describe, expect, it } from 'vitest';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  DeleteItemCommand,
  UpdateTableCommand,
  TagResourceCommand,
  ListTagsOfResourceCommand,
  UntagResourceCommand,
  UpdateTimeToLiveCommand,
  DescribeTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { useAtoll } from '../helpers/atoll.js';
import { expectAwsError, uniqueName } from '../helpers/util.js';

const ctx = useAtoll();
let client: DynamoDBClient | undefined;
const ddb = () =>
  (client ??= new DynamoDBClient({
    endpoint: ctx.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  }));

async function table(extra: Partial<ConstructorParameters<typeof CreateTableCommand>[0]> = {}): Promise<string> {
  const name = uniqueName('t');
  await ddb().send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      ...extra,
    }),
  );
  return name;
}

describe('tables', () => {
  it('creates a table CREATING, then ACTIVE', async () => {
    const name = uniqueName('t');
    const res = await ddb().send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      }),
    );
    expect(res.TableDescription?.TableStatus).toBe('CREATING');
    expect(res.TableDescription?.TableArn).toBe(`arn:aws:dynamodb:us-east-1:000000000000:table/${name}`);
    const d = await ddb().send(new DescribeTableCommand({ TableName: name }));
    expect(d.Table?.TableStatus).toBe('ACTIVE');
    expect(d.Table?.ItemCount).toBe(0);
    expect(d.Table?.ProvisionedThroughput?.ReadCapacityUnits).toBe(5);
    const list = await ddb().send(new ListTablesCommand({}));
    expect(list.TableNames).toContain(name);
    await expectAwsError(
      ddb().send(
        new CreateTableCommand({
          TableName: name,
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      ),
      { name: 'ResourceInUseException', status: 400, message: `Table already exists: ${name}` },
    );
    const del = await ddb().send(new DeleteTableCommand({ TableName: name }));
    expect(del.TableDescription?.TableStatus).toBe('DELETING');
    await expectAwsError(ddb().send(new DescribeTableCommand({ TableName: name })), {
      name: 'ResourceNotFoundException',
      message: `Requested resource not found: Table: ${name} not found`,
    });
  });

  it('validates key schema against attribute definitions', async () => {
    await expectAwsError(
      ddb().send(
        new CreateTableCommand({
          TableName: uniqueName('t'),
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [
            { AttributeName: 'id', AttributeType: 'S' },
            { AttributeName: 'x', AttributeType: 'S' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      ),
      {
        name: 'ValidationException',
        message:
          'One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions',
      },
    );
  });

  it('tags and TTL settings', async () => {
    const name = await table();
    const arn = (await ddb().send(new DescribeTableCommand({ TableName: name }))).Table!.TableArn!;
    await ddb().send(
      new TagResourceCommand({
        ResourceArn: arn,
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
        ],
      }),
    );
    await ddb().send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['a'] }));
    expect((await ddb().send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).Tags).toEqual([
      { Key: 'b', Value: '2' },
    ]);
    await ddb().send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { Enabled: true, AttributeName: 'exp' },
      }),
    );
    const ttl = await ddb().send(new DescribeTimeToLiveCommand({ TableName: name }));
    expect(ttl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'exp' });
  });
});

describe('items', () => {
  it('put, get, update, delete with conditions and return values', async () => {
    const name = await table();
    await ddb().send(
      new PutItemCommand({
        TableName: name,
        Item: { pk: { S: 'a' }, sk: { N: '1' }, v: { S: 'x' }, b: { B: new Uint8Array([1, 2, 3]) } },
      }),
    );
    const got = await ddb().send(new GetItemCommand({ TableName: name, Key: { pk: { S: 'a' }, sk: { N: '1.0' } } }));
    expect(got.Item).toEqual({ pk: { S: 'a' }, sk: { N: '1' }, v: { S: 'x' }, b: { B: new Uint8Array([1, 2, 3]) } });
    const upd = await ddb().send(
      new UpdateItemCommand({
        TableName: name,
        Key: { pk: { S: 'a' }, sk: { N: '1' } },
        UpdateExpression: 'SET n = if_not_exists(n, :z) + :one',
        ExpressionAttributeValues: { ':z': { N: '0' }, ':one': { N: '1' } },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    expect(upd.Attributes).toEqual({ n: { N: '1' } });
    const err = await expectAwsError(
      ddb().send(
        new PutItemCommand({
          TableName: name,
          Item: { pk: { S: 'a' }, sk: { N: '1' } },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
      { name: 'ConditionalCheckFailedException', status: 400, message: 'The conditional request failed' },
    );
    expect((err as unknown as { Item: unknown }).Item).toMatchObject({ n: { N: '1' } });
    await expectAwsError(ddb().send(new GetItemCommand({ TableName: name, Key: { pk: { S: 'a' } } })), {
      name: 'ValidationException',
      message: 'The provided key element does not match the schema',
    });
    const del = await ddb().send(
      new DeleteItemCommand({ TableName: name, Key: { pk: { S: 'a' }, sk: { N: '1' } }, ReturnValues: 'ALL_OLD' }),
    );
    expect(del.Attributes?.v).toEqual({ S: 'x' });
    expect(
      (await ddb().send(new GetItemCommand({ TableName: name, Key: { pk: { S: 'a' }, sk: { N: '1' } } }))).Item,
    ).toBeUndefined();
  });

  it('queries in numeric sort order with paging, and scans', async () => {
    const name = await table();
    const nums = ['-10', '-1.5', '-1', '0', '0.5', '1', '2', '10', '100', '1e3'];
    for (const n of nums)
      await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'p' }, sk: { N: n } } }));
    await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'q' }, sk: { N: '1' } } }));
    const all = await ddb().send(
      new QueryCommand({
        TableName: name,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'p' } },
      }),
    );
    expect(all.Items?.map((i) => i.sk!.N)).toEqual(['-10', '-1.5', '-1', '0', '0.5', '1', '2', '10', '100', '1000']);
    const range = await ddb().send(
      new QueryCommand({
        TableName: name,
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':a': { N: '-1' }, ':b': { N: '2' } },
        ScanIndexForward: false,
        Limit: 3,
      }),
    );
    expect(range.Items?.map((i) => i.sk!.N)).toEqual(['2', '1', '0.5']);
    expect(range.LastEvaluatedKey).toEqual({ pk: { S: 'p' }, sk: { N: '0.5' } });
    const next = await ddb().send(
      new QueryCommand({
        TableName: name,
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':p': { S: 'p' }, ':a': { N: '-1' }, ':b': { N: '2' } },
        ScanIndexForward: false,
        ExclusiveStartKey: range.LastEvaluatedKey,
      }),
    );
    expect(next.Items?.map((i) => i.sk!.N)).toEqual(['0', '-1']);
    const scan = await ddb().send(new ScanCommand({ TableName: name, Select: 'COUNT' }));
    expect(scan.Count).toBe(11);
    let seen = 0;
    for (let s = 0; s < 4; s++)
      seen += (await ddb().send(new ScanCommand({ TableName: name, Segment: s, TotalSegments: 4 }))).Count!;
    expect(seen).toBe(11);
  });

  it('maintains a GSI created later, with backfill', async () => {
    const name = await table();
    await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'a' }, sk: { N: '1' }, g: { S: 'G' } } }));
    await ddb().send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'g', AttributeType: 'S' }],
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: 'byG',
              KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
              Projection: { ProjectionType: 'KEYS_ONLY' },
            },
          },
        ],
      }),
    );
    await ddb().send(
      new PutItemCommand({
        TableName: name,
        Item: { pk: { S: 'b' }, sk: { N: '2' }, g: { S: 'G' }, x: { S: 'hidden' } },
      }),
    );
    const q = await ddb().send(
      new QueryCommand({
        TableName: name,
        IndexName: 'byG',
        KeyConditionExpression: 'g = :g',
        ExpressionAttributeValues: { ':g': { S: 'G' } },
      }),
    );
    expect(q.Items).toHaveLength(2);
    expect(q.Items?.every((i) => i.x === undefined)).toBe(true);
  });
});
