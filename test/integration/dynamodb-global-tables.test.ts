// Global tables (version 2019.11.21) through UpdateTable ReplicaUpdates, with SDK clients in two regions.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { useAtoll } from '../helpers/atoll.js';
import { expectAwsError, uniqueName, waitFor } from '../helpers/util.js';

const ctx = useAtoll();
const clients = new Map<string, DynamoDBClient>();
const ddb = (region = 'us-east-1') => {
  let c = clients.get(region);
  if (!c) {
    c = new DynamoDBClient({
      endpoint: ctx.endpoint,
      region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    clients.set(region, c);
  }
  return c;
};
const T = uniqueName('gt');
const EU = 'eu-west-1';

async function get(region: string, pk: string) {
  const r = await ddb(region).send(new GetItemCommand({ TableName: T, Key: { pk: { S: pk } }, ConsistentRead: true }));
  return r.Item;
}

beforeAll(async () => {
  await ddb().send(
    new CreateTableCommand({
      TableName: T,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await ddb().send(new PutItemCommand({ TableName: T, Item: { pk: { S: 'seed' }, v: { N: '1' } } }));
});

describe('global tables 2019.11.21', () => {
  it('creates a replica in another region, seeded with the items, and describes it', async () => {
    const r = await ddb().send(
      new UpdateTableCommand({ TableName: T, ReplicaUpdates: [{ Create: { RegionName: EU } }] }),
    );
    expect(r.TableDescription?.GlobalTableVersion).toBe('2019.11.21');
    expect(r.TableDescription?.Replicas).toEqual([{ RegionName: EU, ReplicaStatus: 'CREATING' }]);
    expect(r.TableDescription?.StreamSpecification).toEqual({
      StreamEnabled: true,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
    const eu = await waitFor(async () => {
      const t = await ddb(EU).send(new DescribeTableCommand({ TableName: T }));
      return t.Table?.TableStatus === 'ACTIVE' ? t.Table : undefined;
    }, 30_000);
    expect(eu.TableArn).toBe(`arn:aws:dynamodb:${EU}:000000000000:table/${T}`);
    expect(eu.Replicas).toEqual([{ RegionName: 'us-east-1', ReplicaStatus: 'ACTIVE' }]);
    const us = await ddb().send(new DescribeTableCommand({ TableName: T }));
    expect(us.Table?.Replicas).toEqual([{ RegionName: EU, ReplicaStatus: 'ACTIVE' }]);
    expect(await get(EU, 'seed')).toEqual({ pk: { S: 'seed' }, v: { N: '1' } });
  });

  it('replicates writes in both directions without exposing aws:rep attributes', async () => {
    await ddb().send(new PutItemCommand({ TableName: T, Item: { pk: { S: 'from-us' }, v: { N: '1' } } }));
    await ddb(EU).send(new PutItemCommand({ TableName: T, Item: { pk: { S: 'from-eu' }, v: { N: '2' } } }));
    const inEu = await waitFor(() => get(EU, 'from-us'), 30_000, 50);
    expect(inEu).toEqual({ pk: { S: 'from-us' }, v: { N: '1' } });
    const inUs = await waitFor(() => get('us-east-1', 'from-eu'), 30_000, 50);
    expect(inUs).toEqual({ pk: { S: 'from-eu' }, v: { N: '2' } });
    await ddb(EU).send(
      new UpdateItemCommand({
        TableName: T,
        Key: { pk: { S: 'from-us' } },
        UpdateExpression: 'SET v = v + :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
      }),
    );
    await waitFor(async () => (await get('us-east-1', 'from-us'))?.v?.N === '2', 30_000, 50);
    await ddb().send(new DeleteItemCommand({ TableName: T, Key: { pk: { S: 'from-eu' } } }));
    await waitFor(async () => (await get(EU, 'from-eu')) === undefined, 30_000, 50);
  });

  it('settles concurrent writes to one item on the last writer in every region', async () => {
    for (let i = 0; i < 5; i++) {
      await ddb(i % 2 ? EU : 'us-east-1').send(
        new PutItemCommand({ TableName: T, Item: { pk: { S: 'race' }, v: { N: String(i) } } }),
      );
    }
    await waitFor(
      async () => {
        const [a, b] = [await get('us-east-1', 'race'), await get(EU, 'race')];
        return a?.v?.N === '4' && b?.v?.N === '4';
      },
      30_000,
      50,
    );
  });

  it('writes stream records of replicated changes in the replica region', async () => {
    await ddb().send(new PutItemCommand({ TableName: T, Item: { pk: { S: 'streamed' } } }));
    await waitFor(() => get(EU, 'streamed'), 30_000, 50);
    const eu = await ddb(EU).send(new DescribeTableCommand({ TableName: T }));
    const streams = new DynamoDBStreamsClient({
      endpoint: ctx.endpoint,
      region: EU,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const s = await streams.send(new DescribeStreamCommand({ StreamArn: eu.Table!.LatestStreamArn! }));
    const it0 = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: eu.Table!.LatestStreamArn!,
        ShardId: s.StreamDescription!.Shards![0]!.ShardId!,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    const recs = await streams.send(new GetRecordsCommand({ ShardIterator: it0.ShardIterator! }));
    const keys = (recs.Records ?? []).map((r) => r.dynamodb?.Keys?.pk?.S);
    expect(keys).toContain('streamed');
    expect(keys).toContain('from-eu');
    streams.destroy();
  });

  it('refuses bad replica updates and disabling the stream', async () => {
    await expectAwsError(
      ddb().send(new UpdateTableCommand({ TableName: T, ReplicaUpdates: [{ Create: { RegionName: EU } }] })),
      {
        name: 'ValidationException',
      },
    );
    await expectAwsError(
      ddb().send(new UpdateTableCommand({ TableName: T, ReplicaUpdates: [{ Delete: { RegionName: 'ap-south-1' } }] })),
      { name: 'ValidationException' },
    );
    await expectAwsError(
      ddb().send(new UpdateTableCommand({ TableName: T, StreamSpecification: { StreamEnabled: false } })),
      {
        name: 'ValidationException',
        message:
          'One or more parameter values were invalid: Disabling Stream is not allowed for a Global Table replica.',
      },
    );
    const other = uniqueName('keys');
    await ddb().send(
      new CreateTableCommand({
        TableName: other,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
      }),
    );
    await expectAwsError(
      ddb().send(new UpdateTableCommand({ TableName: other, ReplicaUpdates: [{ Create: { RegionName: EU } }] })),
      { name: 'ValidationException', message: /NEW_AND_OLD_IMAGES/ },
    );
  });

  it('deletes a replica and stops replicating to it', async () => {
    await ddb().send(new UpdateTableCommand({ TableName: T, ReplicaUpdates: [{ Delete: { RegionName: EU } }] }));
    await expectAwsError(ddb(EU).send(new DescribeTableCommand({ TableName: T })), {
      name: 'ResourceNotFoundException',
    });
    const us = await ddb().send(new DescribeTableCommand({ TableName: T }));
    expect(us.Table?.Replicas).toBeUndefined();
    expect(us.Table?.GlobalTableVersion).toBeUndefined();
    await ddb().send(new PutItemCommand({ TableName: T, Item: { pk: { S: 'after' } } }));
    expect(await get('us-east-1', 'after')).toEqual({ pk: { S: 'after' } });
    // Deleting one member with DeleteTable also leaves the group.
    await ddb().send(
      new UpdateTableCommand({ TableName: T, ReplicaUpdates: [{ Create: { RegionName: 'us-west-2' } }] }),
    );
    await ddb('us-west-2').send(new DeleteTableCommand({ TableName: T }));
    const again = await ddb().send(new DescribeTableCommand({ TableName: T }));
    expect(again.Table?.Replicas).toBeUndefined();
  });
});
