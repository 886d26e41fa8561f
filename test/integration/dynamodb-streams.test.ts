// Batches, transactions, streams and TTL against a real atoll with the official SDK clients.
import { describe, expect, it } from 'vitest';
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  DeleteItemCommand,
  UpdateTimeToLiveCommand,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { useAtoll } from '../helpers/atoll.js';
import { expectAwsError, sleep, uniqueName } from '../helpers/util.js';

const ctx = useAtoll();
const cfg = () => ({
  endpoint: ctx.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
});
let c1: DynamoDBClient | undefined;
let c2: DynamoDBStreamsClient | undefined;
const ddb = () => (c1 ??= new DynamoDBClient(cfg()));
const streams = () => (c2 ??= new DynamoDBStreamsClient(cfg()));

async function table(stream?: 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY'): Promise<string> {
  const name = uniqueName('s');
  await ddb().send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: stream } } : {}),
    }),
  );
  return name;
}

describe('batches', () => {
  it('writes and reads in batches, rejecting duplicate keys', async () => {
    const name = await table();
    await ddb().send(
      new BatchWriteItemCommand({
        RequestItems: {
          [name]: ['a', 'b', 'c'].map((id) => ({ PutRequest: { Item: { id: { S: id }, v: { N: '1' } } } })),
        },
      }),
    );
    const got = await ddb().send(
      new BatchGetItemCommand({
        RequestItems: { [name]: { Keys: [{ id: { S: 'a' } }, { id: { S: 'c' } }, { id: { S: 'z' } }] } },
      }),
    );
    expect(got.Responses?.[name]?.map((i) => i.id!.S).sort()).toEqual(['a', 'c']);
    expect(got.UnprocessedKeys).toEqual({});
    await expectAwsError(
      ddb().send(
        new BatchGetItemCommand({ RequestItems: { [name]: { Keys: [{ id: { S: 'a' } }, { id: { S: 'a' } }] } } }),
      ),
      { name: 'ValidationException', message: 'Provided list of item keys contains duplicates' },
    );
  });
});

describe('transactions', () => {
  it('cancels all actions when one condition fails, with reasons in order', async () => {
    const name = await table();
    await ddb().send(new PutItemCommand({ TableName: name, Item: { id: { S: 'x' }, n: { N: '5' } } }));
    let caught: unknown;
    try {
      await ddb().send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: name, Item: { id: { S: 'new' } } } },
            {
              ConditionCheck: {
                TableName: name,
                Key: { id: { S: 'x' } },
                ConditionExpression: 'n > :v',
                ExpressionAttributeValues: { ':v': { N: '10' } },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ],
        }),
      );
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TransactionCanceledException);
    const e = caught as TransactionCanceledException;
    expect(e.message).toBe(
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]',
    );
    expect(e.CancellationReasons?.[0]?.Code).toBe('None');
    expect(e.CancellationReasons?.[1]?.Item).toEqual({ id: { S: 'x' }, n: { N: '5' } });
    expect((await ddb().send(new GetItemCommand({ TableName: name, Key: { id: { S: 'new' } } }))).Item).toBeUndefined();
  });

  it('commits together and is idempotent with a client token', async () => {
    const name = await table();
    const req = {
      ClientRequestToken: uniqueName('tok'),
      TransactItems: [
        { Put: { TableName: name, Item: { id: { S: 'a' } } } },
        {
          Update: {
            TableName: name,
            Key: { id: { S: 'c' } },
            UpdateExpression: 'ADD n :one',
            ExpressionAttributeValues: { ':one': { N: '1' } },
          },
        },
      ],
    };
    await ddb().send(new TransactWriteItemsCommand(req));
    await ddb().send(new TransactWriteItemsCommand(req));
    const got = await ddb().send(
      new TransactGetItemsCommand({
        TransactItems: [
          { Get: { TableName: name, Key: { id: { S: 'c' } } } },
          { Get: { TableName: name, Key: { id: { S: 'a' } } } },
        ],
      }),
    );
    expect(got.Responses?.[0]?.Item).toEqual({ id: { S: 'c' }, n: { N: '1' } });
    await expectAwsError(
      ddb().send(new TransactWriteItemsCommand({ ...req, TransactItems: req.TransactItems.slice(0, 1) })),
      { name: 'IdempotentParameterMismatchException' },
    );
  });
});

describe('streams', () => {
  it('records INSERT, MODIFY and REMOVE with images, in order', async () => {
    const name = await table('NEW_AND_OLD_IMAGES');
    const arn = (await ddb().send(new DescribeTableCommand({ TableName: name }))).Table!.LatestStreamArn!;
    expect(arn).toMatch(new RegExp(`^arn:aws:dynamodb:us-east-1:000000000000:table/${name}/stream/`));
    await ddb().send(new PutItemCommand({ TableName: name, Item: { id: { S: 'a' }, v: { N: '1' } } }));
    await ddb().send(new PutItemCommand({ TableName: name, Item: { id: { S: 'a' }, v: { N: '1' } } })); // no change: no record
    await ddb().send(
      new UpdateItemCommand({
        TableName: name,
        Key: { id: { S: 'a' } },
        UpdateExpression: 'SET v = :v',
        ExpressionAttributeValues: { ':v': { N: '2' } },
      }),
    );
    await ddb().send(new DeleteItemCommand({ TableName: name, Key: { id: { S: 'a' } } }));
    const listed = await streams().send(new ListStreamsCommand({ TableName: name }));
    expect(listed.Streams?.map((s) => s.StreamArn)).toEqual([arn]);
    const desc = await streams().send(new DescribeStreamCommand({ StreamArn: arn }));
    expect(desc.StreamDescription?.StreamStatus).toBe('ENABLED');
    const shard = desc.StreamDescription!.Shards![0]!;
    expect(shard.ShardId).toMatch(/^shardId-\d{20}-[0-9a-f]{8}$/);
    const it0 = await streams().send(
      new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    const page = await streams().send(new GetRecordsCommand({ ShardIterator: it0.ShardIterator! }));
    expect(page.Records?.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    const [ins, mod, rem] = page.Records!;
    expect(ins!.dynamodb?.NewImage).toEqual({ id: { S: 'a' }, v: { N: '1' } });
    expect(mod!.dynamodb?.OldImage).toEqual({ id: { S: 'a' }, v: { N: '1' } });
    expect(rem!.dynamodb?.Keys).toEqual({ id: { S: 'a' } });
    expect(ins!.eventVersion).toBe('1.1');
    expect(ins!.eventSource).toBe('aws:dynamodb');
    expect(BigInt(mod!.dynamodb!.SequenceNumber!)).toBeGreaterThan(BigInt(ins!.dynamodb!.SequenceNumber!));
    const after = await streams().send(
      new GetShardIteratorCommand({
        StreamArn: arn,
        ShardId: shard.ShardId!,
        ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
        SequenceNumber: mod!.dynamodb!.SequenceNumber!,
      }),
    );
    const rest = await streams().send(new GetRecordsCommand({ ShardIterator: after.ShardIterator!, Limit: 5 }));
    expect(rest.Records?.map((r) => r.eventName)).toEqual(['REMOVE']);
    expect(rest.NextShardIterator).toBeDefined();
  });

  it('expires items by TTL, as the service, into the stream', async () => {
    const name = await table('KEYS_ONLY');
    await ddb().send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { Enabled: true, AttributeName: 'exp' },
      }),
    );
    const past = Math.floor(Date.now() / 1000) - 10;
    await ddb().send(new PutItemCommand({ TableName: name, Item: { id: { S: 'old' }, exp: { N: String(past) } } }));
    await ddb().send(
      new PutItemCommand({ TableName: name, Item: { id: { S: 'keep' }, exp: { N: String(past + 3600) } } }),
    );
    let item: unknown = {};
    for (let i = 0; i < 50 && item; i++) {
      await sleep(50);
      item = (await ddb().send(new GetItemCommand({ TableName: name, Key: { id: { S: 'old' } } }))).Item;
    }
    expect(item).toBeUndefined();
    expect((await ddb().send(new GetItemCommand({ TableName: name, Key: { id: { S: 'keep' } } }))).Item).toBeDefined();
    const arn = (await ddb().send(new DescribeTableCommand({ TableName: name }))).Table!.LatestStreamArn!;
    const shard = (await streams().send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription!.Shards![0]!;
    const it0 = await streams().send(
      new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    const recs = (await streams().send(new GetRecordsCommand({ ShardIterator: it0.ShardIterator! }))).Records!;
    const removal = recs.find((r) => r.eventName === 'REMOVE');
    expect(removal?.userIdentity).toEqual({ Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' });
  });
});
