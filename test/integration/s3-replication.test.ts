// S3 replication: live replication of new versions, tags and delete markers to
// buckets in the same region, another region and another account (granted by the destination's bucket policy),
// replication status on source and replica, failures, and Replication Time Control threshold events
// (ATOLL_S3_REPLICATION_TIME_SCALE=0 makes every RTC replication late).
process.env.ATOLL_S3_REPLICATION_TIME_SCALE = '0';
import { beforeAll, describe, expect, it } from 'vitest';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CopyObjectCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetBucketReplicationCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketReplicationCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { useAtoll } from '../helpers/atoll.js';
import { s3Client, s3Error } from './s3-helpers.js';
import { ACCOUNT, OTHER, ROLE, rule, statusOf, until, versioned } from './s3-replication-helpers.js';

const ctx = useAtoll();
const WEAK_ROLE = `arn:aws:iam::${ACCOUNT}:role/replication-weak`;

describe('S3 replication', () => {
  const s3 = () => s3Client(ctx.endpoint);

  beforeAll(async () => {
    const iam = new IAMClient({
      endpoint: ctx.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    for (const name of ['replication', 'replication-weak']) {
      await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
    }
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'replication',
        PolicyName: 'replicate',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionTagging'],
              Resource: 'arn:aws:s3:::*/*',
            },
            {
              Effect: 'Allow',
              Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
              Resource: 'arn:aws:s3:::*/*',
            },
          ],
        }),
      }),
    );
    // The weak role may read sources but not write replicas.
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'replication-weak',
        PolicyName: 'read',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:GetObjectVersionForReplication', Resource: '*' }],
        }),
      }),
    );
    iam.destroy();
  });

  it('replicates new versions, tags and delete markers within a region', async () => {
    const c = s3();
    await versioned(c, 'repl-src');
    await versioned(c, 'repl-dst');
    await c.send(
      new PutBucketReplicationCommand({
        Bucket: 'repl-src',
        ReplicationConfiguration: {
          Role: ROLE,
          Rules: [
            rule('repl-dst', {
              Filter: { Prefix: 'docs/' },
              Destination: { Bucket: 'arn:aws:s3:::repl-dst', StorageClass: 'STANDARD_IA' },
            }),
          ],
        },
      }),
    );
    const put = await c.send(
      new PutObjectCommand({
        Bucket: 'repl-src',
        Key: 'docs/a.txt',
        Body: 'hello replica',
        ContentType: 'text/plain',
        Metadata: { origin: 'east' },
        Tagging: 'team=blue',
      }),
    );
    const versionId = put.VersionId!;
    const done = await until(
      () => statusOf(c, 'repl-src', 'docs/a.txt'),
      (h) => h.ReplicationStatus !== 'PENDING',
      'source COMPLETED',
    );
    expect(done.ReplicationStatus).toBe('COMPLETED');
    const replica = await c.send(new GetObjectCommand({ Bucket: 'repl-dst', Key: 'docs/a.txt' }));
    expect(replica.VersionId).toBe(versionId);
    expect(replica.ReplicationStatus).toBe('REPLICA');
    expect(replica.ContentType).toBe('text/plain');
    expect(replica.Metadata).toEqual({ origin: 'east' });
    expect(replica.StorageClass).toBe('STANDARD_IA');
    expect(replica.ETag).toBe(put.ETag);
    expect(await replica.Body?.transformToString()).toBe('hello replica');
    expect((await c.send(new GetObjectTaggingCommand({ Bucket: 'repl-dst', Key: 'docs/a.txt' }))).TagSet).toEqual([
      { Key: 'team', Value: 'blue' },
    ]);

    // A copy is a new version of its own: replicated, its status not inherited from the source object.
    const copy = await c.send(
      new CopyObjectCommand({ Bucket: 'repl-src', Key: 'docs/b.txt', CopySource: 'repl-src/docs/a.txt' }),
    );
    await until(
      () => statusOf(c, 'repl-src', 'docs/b.txt'),
      (h) => h.ReplicationStatus === 'COMPLETED',
      'copy',
    );
    const copied = await c.send(new HeadObjectCommand({ Bucket: 'repl-dst', Key: 'docs/b.txt' }));
    expect(copied.VersionId).toBe(copy.VersionId);
    expect(copied.ReplicationStatus).toBe('REPLICA');

    // Keys outside the rule's prefix are not replicated and carry no status.
    await c.send(new PutObjectCommand({ Bucket: 'repl-src', Key: 'other.txt', Body: 'x' }));
    expect((await statusOf(c, 'repl-src', 'other.txt')).ReplicationStatus).toBeUndefined();

    // Tag changes follow.
    await c.send(
      new PutObjectTaggingCommand({
        Bucket: 'repl-src',
        Key: 'docs/a.txt',
        Tagging: { TagSet: [{ Key: 'team', Value: 'red' }] },
      }),
    );
    await until(
      () => c.send(new GetObjectTaggingCommand({ Bucket: 'repl-dst', Key: 'docs/a.txt' })),
      (t) => t.TagSet?.[0]?.Value === 'red',
      'replicated tags',
    );

    // A delete marker is replicated with its version id.
    const del = await c.send(new DeleteObjectCommand({ Bucket: 'repl-src', Key: 'docs/a.txt' }));
    expect(del.DeleteMarker).toBe(true);
    const versions = await until(
      () => c.send(new ListObjectVersionsCommand({ Bucket: 'repl-dst', Prefix: 'docs/' })),
      (v) => (v.DeleteMarkers ?? []).length === 1,
      'replicated delete marker',
    );
    expect(versions.DeleteMarkers?.[0]).toMatchObject({ Key: 'docs/a.txt', VersionId: del.VersionId, IsLatest: true });
    expect((await s3Error(c.send(new GetObjectCommand({ Bucket: 'repl-dst', Key: 'docs/a.txt' })))).status).toBe(404);
    // The replica's earlier version is still there.
    const old = await c.send(new HeadObjectCommand({ Bucket: 'repl-dst', Key: 'docs/a.txt', VersionId: versionId }));
    expect(old.ReplicationStatus).toBe('REPLICA');
  });

  it('replicates to another region and marks FAILED when the role may not write', async () => {
    const c = s3();
    const west = s3Client(ctx.endpoint, { region: 'us-west-2' });
    await versioned(c, 'repl-east');
    await versioned(west, 'repl-west', 'us-west-2');
    await versioned(c, 'repl-weak-src');
    await c.send(
      new PutBucketReplicationCommand({
        Bucket: 'repl-east',
        ReplicationConfiguration: { Role: ROLE, Rules: [rule('repl-west')] },
      }),
    );
    const put = await c.send(new PutObjectCommand({ Bucket: 'repl-east', Key: 'k', Body: 'crr' }));
    await until(
      () => statusOf(c, 'repl-east', 'k'),
      (h) => h.ReplicationStatus === 'COMPLETED',
      'CRR completed',
    );
    const replica = await west.send(new GetObjectCommand({ Bucket: 'repl-west', Key: 'k' }));
    expect(replica.VersionId).toBe(put.VersionId);
    expect(replica.ReplicationStatus).toBe('REPLICA');
    expect(await replica.Body?.transformToString()).toBe('crr');

    await c.send(
      new PutBucketReplicationCommand({
        Bucket: 'repl-weak-src',
        ReplicationConfiguration: { Role: WEAK_ROLE, Rules: [rule('repl-west')] },
      }),
    );
    await c.send(new PutObjectCommand({ Bucket: 'repl-weak-src', Key: 'denied', Body: 'no' }));
    const failed = await until(
      () => statusOf(c, 'repl-weak-src', 'denied'),
      (h) => h.ReplicationStatus !== 'PENDING',
      'FAILED',
    );
    expect(failed.ReplicationStatus).toBe('FAILED');
    expect((await s3Error(west.send(new HeadObjectCommand({ Bucket: 'repl-west', Key: 'denied' })))).status).toBe(404);
  });

  it('replicates to another account once its bucket policy allows the role', async () => {
    const c = s3();
    const other = s3Client(ctx.endpoint, { accessKeyId: OTHER });
    await versioned(c, 'repl-xa-src');
    await versioned(other, 'repl-xa-dst');
    await c.send(
      new PutBucketReplicationCommand({
        Bucket: 'repl-xa-src',
        ReplicationConfiguration: {
          Role: ROLE,
          Rules: [
            rule('repl-xa-dst', {
              Destination: {
                Bucket: 'arn:aws:s3:::repl-xa-dst',
                Account: OTHER,
                AccessControlTranslation: { Owner: 'Destination' },
              },
            }),
          ],
        },
      }),
    );
    await c.send(new PutObjectCommand({ Bucket: 'repl-xa-src', Key: 'first', Body: '1' }));
    const denied = await until(
      () => statusOf(c, 'repl-xa-src', 'first'),
      (h) => h.ReplicationStatus !== 'PENDING',
      'cross-account FAILED',
    );
    expect(denied.ReplicationStatus).toBe('FAILED');

    await other.send(
      new PutBucketPolicyCommand({
        Bucket: 'repl-xa-dst',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: ROLE },
              Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
              Resource: 'arn:aws:s3:::repl-xa-dst/*',
            },
          ],
        }),
      }),
    );
    const put = await c.send(new PutObjectCommand({ Bucket: 'repl-xa-src', Key: 'second', Body: '2' }));
    await until(
      () => statusOf(c, 'repl-xa-src', 'second'),
      (h) => h.ReplicationStatus === 'COMPLETED',
      'completed',
    );
    const replica = await other.send(new GetObjectCommand({ Bucket: 'repl-xa-dst', Key: 'second' }));
    expect(replica.VersionId).toBe(put.VersionId);
    expect(replica.ReplicationStatus).toBe('REPLICA');
    const del = await c.send(new DeleteObjectCommand({ Bucket: 'repl-xa-src', Key: 'second' }));
    await until(
      () => other.send(new ListObjectVersionsCommand({ Bucket: 'repl-xa-dst', Prefix: 'second' })),
      (v) => v.DeleteMarkers?.[0]?.VersionId === del.VersionId,
      'cross-account delete marker',
    );
  });

  it('marks FAILED when the destination bucket is gone, with a failure event when metrics are on', async () => {
    const c = s3();
    await versioned(c, 'repl-gone-src');
    await versioned(c, 'repl-gone-dst');
    const { QueueUrl } = await ctx.sqs.send(new CreateQueueCommand({ QueueName: 'repl-failed-events' }));
    const attrs = await ctx.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await c.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'repl-gone-src',
        NotificationConfiguration: {
          QueueConfigurations: [
            { QueueArn: attrs.Attributes!.QueueArn!, Events: ['s3:Replication:OperationFailedReplication'] },
          ],
        },
      }),
    );
    await c.send(
      new PutBucketReplicationCommand({
        Bucket: 'repl-gone-src',
        ReplicationConfiguration: {
          Role: ROLE,
          Rules: [
            rule('repl-gone-dst', {
              Destination: { Bucket: 'arn:aws:s3:::repl-gone-dst', Metrics: { Status: 'Enabled' } },
            }),
          ],
        },
      }),
    );
    await c.send(new DeleteBucketCommand({ Bucket: 'repl-gone-dst' }));
    await c.send(new PutObjectCommand({ Bucket: 'repl-gone-src', Key: 'k', Body: 'v' }));
    const h = await until(
      () => statusOf(c, 'repl-gone-src', 'k'),
      (x) => x.ReplicationStatus !== 'PENDING',
      'FAILED',
    );
    expect(h.ReplicationStatus).toBe('FAILED');
    const msg = await until(
      () => ctx.sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 })),
      (r) => (r.Messages ?? []).length > 0,
      'failure event',
    );
    const rec = (JSON.parse(msg.Messages![0]!.Body!) as { Records: Array<Record<string, unknown>> }).Records[0]!;
    expect(rec.eventName).toBe('Replication:OperationFailedReplication');
    expect(rec.replicationEventData).toMatchObject({
      destinationBucket: 'arn:aws:s3:::repl-gone-dst',
      failureReason: 'DstBucketNotFound',
      s3Operation: 'OBJECT_PUT',
    });
  });

  it('acts as the source account when the role does not exist', async () => {
    const c = s3();
    await versioned(c, 'repl-norole-src');
    await versioned(c, 'repl-norole-dst');
    await c.send(
      new PutBucketReplicationCommand({
        Bucket: 'repl-norole-src',
        ReplicationConfiguration: {
          Role: `arn:aws:iam::${ACCOUNT}:role/not-created`,
          Rules: [rule('repl-norole-dst')],
        },
      }),
    );
    const put = await c.send(new PutObjectCommand({ Bucket: 'repl-norole-src', Key: 'k', Body: 'v' }));
    await until(
      () => statusOf(c, 'repl-norole-src', 'k'),
      (x) => x.ReplicationStatus === 'COMPLETED',
      'COMPLETED',
    );
    expect((await statusOf(c, 'repl-norole-dst', 'k')).VersionId).toBe(put.VersionId);
  });

  it('reports Replication Time Control threshold misses as S3 events', async () => {
    const c = s3();
    await versioned(c, 'repl-rtc-src');
    await versioned(c, 'repl-rtc-dst');
    const { QueueUrl } = await ctx.sqs.send(new CreateQueueCommand({ QueueName: 'repl-rtc-events' }));
    const attrs = await ctx.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await c.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'repl-rtc-src',
        NotificationConfiguration: {
          QueueConfigurations: [{ QueueArn: attrs.Attributes!.QueueArn!, Events: ['s3:Replication:*'] }],
        },
      }),
    );
    await c.send(
      new PutBucketReplicationCommand({
        Bucket: 'repl-rtc-src',
        ReplicationConfiguration: {
          Role: ROLE,
          Rules: [
            rule('repl-rtc-dst', {
              ID: 'rtc',
              Destination: {
                Bucket: 'arn:aws:s3:::repl-rtc-dst',
                ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
                Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
              },
            }),
          ],
        },
      }),
    );
    const got = await c.send(new GetBucketReplicationCommand({ Bucket: 'repl-rtc-src' }));
    expect(got.ReplicationConfiguration?.Rules?.[0]?.Destination?.ReplicationTime).toEqual({
      Status: 'Enabled',
      Time: { Minutes: 15 },
    });
    // The destination's own notifications see the replica as a new object.
    const dstQueue = await ctx.sqs.send(new CreateQueueCommand({ QueueName: 'repl-rtc-dst-events' }));
    const dstArn = await ctx.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: dstQueue.QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    await c.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'repl-rtc-dst',
        NotificationConfiguration: {
          QueueConfigurations: [{ QueueArn: dstArn.Attributes!.QueueArn!, Events: ['s3:ObjectCreated:*'] }],
        },
      }),
    );
    const put = await c.send(new PutObjectCommand({ Bucket: 'repl-rtc-src', Key: 'late', Body: 'slow' }));
    const names = new Set<string>();
    const deadline = Date.now() + 45_000;
    while (names.size < 2 && Date.now() < deadline) {
      const r = await ctx.sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      for (const m of r.Messages ?? []) {
        const rec = (JSON.parse(m.Body!) as { Records: Array<Record<string, unknown>> }).Records[0]!;
        names.add(rec.eventName as string);
        expect(rec.replicationEventData).toMatchObject({
          replicationRuleId: 'rtc',
          destinationBucket: 'arn:aws:s3:::repl-rtc-dst',
          threshold: '15',
        });
        expect((rec.s3 as { object: { versionId: string } }).object.versionId).toBe(put.VersionId);
      }
    }
    expect([...names].sort()).toEqual([
      'Replication:OperationMissedThreshold',
      'Replication:OperationReplicatedAfterThreshold',
    ]);
    expect((await statusOf(c, 'repl-rtc-src', 'late')).ReplicationStatus).toBe('COMPLETED');
    const created = await until(
      () => ctx.sqs.send(new ReceiveMessageCommand({ QueueUrl: dstQueue.QueueUrl, WaitTimeSeconds: 1 })),
      (r) => (r.Messages ?? []).length > 0,
      'destination ObjectCreated event',
    );
    const rec = (JSON.parse(created.Messages![0]!.Body!) as { Records: Array<Record<string, unknown>> }).Records[0]!;
    expect(rec.eventName).toBe('ObjectCreated:Put');
    expect(rec.s3).toMatchObject({
      bucket: { name: 'repl-rtc-dst' },
      object: { key: 'late', versionId: put.VersionId },
    });
  });
});
