// On-demand backups and point-in-time recovery with the official SDK.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CreateBackupCommand,
  CreateTableCommand,
  DeleteBackupCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeBackupCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListBackupsCommand,
  PutItemCommand,
  QueryCommand,
  RestoreTableFromBackupCommand,
  RestoreTableToPointInTimeCommand,
  ScanCommand,
  UpdateContinuousBackupsCommand,
} from '@aws-sdk/client-dynamodb';
import { useAtoll } from '../helpers/atoll.js';
import { rawRequest } from '../helpers/raw.js';
import { expectAwsError, sleep, uniqueName, waitFor } from '../helpers/util.js';

const ctx = useAtoll();
let client: DynamoDBClient | undefined;
const ddb = () =>
  (client ??= new DynamoDBClient({
    endpoint: ctx.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  }));
const T = uniqueName('bk');

async function put(table: string, pk: string, v: string) {
  await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, g: { S: 'all' }, v: { S: v } } }));
}
async function active(name: string) {
  return waitFor(
    async () => {
      const t = await ddb().send(new DescribeTableCommand({ TableName: name }));
      return t.Table?.TableStatus === 'ACTIVE' ? t.Table : undefined;
    },
    30_000,
    50,
  );
}
const values = async (table: string) =>
  ((await ddb().send(new ScanCommand({ TableName: table }))).Items ?? []).map((i) => `${i.pk?.S}=${i.v?.S}`).sort();

beforeAll(async () => {
  await ddb().send(
    new CreateTableCommand({
      TableName: T,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'g', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byG',
          KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'ALL' },
          ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
        },
      ],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 6 },
    }),
  );
  await active(T);
  await put(T, 'a', '1');
  await put(T, 'b', '1');
});

describe('on-demand backups', () => {
  it('creates, describes, lists, restores and deletes a backup', async () => {
    const created = await ddb().send(new CreateBackupCommand({ TableName: T, BackupName: 'first' }));
    const arn = created.BackupDetails!.BackupArn;
    expect(arn).toMatch(new RegExp(`^arn:aws:dynamodb:us-east-1:000000000000:table/${T}/backup/\\d{14}-[0-9a-f]{8}$`));
    expect(created.BackupDetails).toMatchObject({ BackupName: 'first', BackupStatus: 'CREATING', BackupType: 'USER' });
    await put(T, 'c', 'after-backup');

    const desc = await ddb().send(new DescribeBackupCommand({ BackupArn: arn }));
    expect(desc.BackupDescription?.BackupDetails?.BackupStatus).toBe('AVAILABLE');
    expect(desc.BackupDescription?.SourceTableDetails).toMatchObject({
      TableName: T,
      ItemCount: 2,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 6 },
      BillingMode: 'PROVISIONED',
    });
    expect(desc.BackupDescription?.SourceTableFeatureDetails?.GlobalSecondaryIndexes?.[0]?.IndexName).toBe('byG');

    const list = await ddb().send(new ListBackupsCommand({ TableName: T }));
    expect(list.BackupSummaries?.map((b) => b.BackupArn)).toEqual([arn]);
    expect((await ddb().send(new ListBackupsCommand({ BackupType: 'SYSTEM' }))).BackupSummaries).toEqual([]);

    const target = uniqueName('restored');
    const r = await ddb().send(new RestoreTableFromBackupCommand({ BackupArn: arn, TargetTableName: target }));
    expect(r.TableDescription?.TableStatus).toBe('CREATING');
    expect(r.TableDescription?.RestoreSummary).toMatchObject({ SourceBackupArn: arn, RestoreInProgress: true });
    const t = await active(target);
    expect(t.RestoreSummary?.RestoreInProgress).toBe(false);
    expect(t.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 5, WriteCapacityUnits: 6 });
    expect(await values(target)).toEqual(['a=1', 'b=1']);
    const q = await ddb().send(
      new QueryCommand({
        TableName: target,
        IndexName: 'byG',
        KeyConditionExpression: 'g = :g',
        ExpressionAttributeValues: { ':g': { S: 'all' } },
      }),
    );
    expect(q.Count).toBe(2);

    await expectAwsError(ddb().send(new RestoreTableFromBackupCommand({ BackupArn: arn, TargetTableName: target })), {
      name: 'TableAlreadyExistsException',
      message: `Table already exists: ${target}`,
    });
    const overridden = uniqueName('ovr');
    const o = await ddb().send(
      new RestoreTableFromBackupCommand({
        BackupArn: arn,
        TargetTableName: overridden,
        BillingModeOverride: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexOverride: [],
      }),
    );
    expect(o.TableDescription?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(o.TableDescription?.GlobalSecondaryIndexes).toBeUndefined();

    const del = await ddb().send(new DeleteBackupCommand({ BackupArn: arn }));
    expect(del.BackupDescription?.BackupDetails?.BackupStatus).toBe('DELETED');
    await expectAwsError(ddb().send(new DescribeBackupCommand({ BackupArn: arn })), {
      name: 'BackupNotFoundException',
      message: `Backup not found: ${arn}`,
    });
    await expectAwsError(ddb().send(new DeleteBackupCommand({ BackupArn: arn })), { name: 'BackupNotFoundException' });
  });

  it('pages ListBackups and keeps backups after the table is deleted', async () => {
    const name = uniqueName('gone');
    await ddb().send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await active(name);
    await ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'x' } } }));
    const arns: string[] = [];
    for (const n of ['one', 'two', 'three']) {
      arns.push(
        (await ddb().send(new CreateBackupCommand({ TableName: name, BackupName: n }))).BackupDetails!.BackupArn,
      );
    }
    const p1 = await ddb().send(new ListBackupsCommand({ TableName: name, Limit: 2 }));
    expect(p1.BackupSummaries?.map((b) => b.BackupName)).toEqual(['one', 'two']);
    expect(p1.LastEvaluatedBackupArn).toBe(arns[1]);
    const p2 = await ddb().send(
      new ListBackupsCommand({ TableName: name, Limit: 2, ExclusiveStartBackupArn: p1.LastEvaluatedBackupArn }),
    );
    expect(p2.BackupSummaries?.map((b) => b.BackupName)).toEqual(['three']);
    expect(p2.LastEvaluatedBackupArn).toBeUndefined();
    await ddb().send(new DeleteTableCommand({ TableName: name }));
    const target = uniqueName('back');
    await ddb().send(new RestoreTableFromBackupCommand({ BackupArn: arns[0], TargetTableName: target }));
    await active(target);
    const got = await ddb().send(new GetItemCommand({ TableName: target, Key: { pk: { S: 'x' } } }));
    expect(got.Item).toEqual({ pk: { S: 'x' } });
  });

  it('answers AWS errors for missing tables and backups', async () => {
    await expectAwsError(ddb().send(new CreateBackupCommand({ TableName: 'no-such-table', BackupName: 'bkp' })), {
      name: 'TableNotFoundException',
      message: 'Table not found: no-such-table',
    });
    const bogus = `arn:aws:dynamodb:us-east-1:000000000000:table/${T}/backup/01700000000000-deadbeef`;
    await expectAwsError(
      ddb().send(new RestoreTableFromBackupCommand({ BackupArn: bogus, TargetTableName: uniqueName('x') })),
      { name: 'BackupNotFoundException', message: `Backup not found: ${bogus}` },
    );
    const res = await rawRequest(ctx.endpoint, {
      method: 'POST',
      path: '/',
      service: 'dynamodb',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.CreateBackup' },
      body: JSON.stringify({ TableName: T }),
    });
    expect(res.status).toBe(400);
    expect((JSON.parse(res.body) as { __type: string }).__type).toMatch(/ValidationException$/);
  });
});

describe('point-in-time recovery', () => {
  it('enables PITR, reports the window and restores the table as it was', async () => {
    const before = await ddb().send(new DescribeContinuousBackupsCommand({ TableName: T }));
    expect(before.ContinuousBackupsDescription).toEqual({
      ContinuousBackupsStatus: 'ENABLED',
      PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' },
    });
    await expectAwsError(
      ddb().send(new RestoreTableToPointInTimeCommand({ SourceTableName: T, TargetTableName: uniqueName('p') })),
      {
        name: 'PointInTimeRecoveryUnavailableException',
        message: `Point in time recovery is not enabled for table '${T}'`,
      },
    );
    const on = await ddb().send(
      new UpdateContinuousBackupsCommand({
        TableName: T,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 },
      }),
    );
    const pd = on.ContinuousBackupsDescription?.PointInTimeRecoveryDescription;
    expect(pd?.PointInTimeRecoveryStatus).toBe('ENABLED');
    expect(pd?.RecoveryPeriodInDays).toBe(7);
    expect(pd?.EarliestRestorableDateTime).toBeInstanceOf(Date);

    await put(T, 'a', '2');
    await sleep(30);
    const mark = new Date();
    await sleep(30);
    await put(T, 'b', '2');
    await put(T, 'new', '1');
    await ddb().send(new DeleteItemCommand({ TableName: T, Key: { pk: { S: 'a' } } }));
    const now = await values(T);
    expect(now).toEqual(['b=2', 'c=after-backup', 'new=1']);

    const target = uniqueName('pitr');
    const r = await ddb().send(
      new RestoreTableToPointInTimeCommand({ SourceTableName: T, TargetTableName: target, RestoreDateTime: mark }),
    );
    expect(r.TableDescription?.RestoreSummary?.SourceTableArn).toMatch(new RegExp(`table/${T}$`));
    await active(target);
    expect(await values(target)).toEqual(['a=2', 'b=1', 'c=after-backup']);

    const latest = uniqueName('latest');
    await ddb().send(
      new RestoreTableToPointInTimeCommand({
        SourceTableName: T,
        TargetTableName: latest,
        UseLatestRestorableTime: true,
      }),
    );
    await active(latest);
    expect(await values(latest)).toEqual(now);

    await expectAwsError(
      ddb().send(
        new RestoreTableToPointInTimeCommand({
          SourceTableName: T,
          TargetTableName: uniqueName('old'),
          RestoreDateTime: new Date(Date.now() - 30 * 86_400_000),
        }),
      ),
      { name: 'InvalidRestoreTimeException' },
    );
    const off = await ddb().send(
      new UpdateContinuousBackupsCommand({
        TableName: T,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
      }),
    );
    expect(off.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus).toBe(
      'DISABLED',
    );
    await expectAwsError(ddb().send(new DescribeContinuousBackupsCommand({ TableName: 'no-such-table' })), {
      name: 'TableNotFoundException',
      message: 'Table not found: no-such-table',
    });
  });
});
