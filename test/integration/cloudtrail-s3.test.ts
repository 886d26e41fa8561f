// CloudTrail log files in S3: the bucket policy CloudTrail needs (checked by CreateTrail/UpdateTrail), gzipped
// `{"Records":[...]}` files under AWS's key layout (organization trails under the organization id), trail status,
// and S3 data events when a trail selects them.
import {
  CloudTrailClient,
  CreateTrailCommand,
  GetTrailStatusCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  EnableAWSServiceAccessCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateTopicCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { useAtoll } from '../helpers/atoll.js';
import { datePath, trailPolicy, waitForRecord } from './cloudtrail-helpers.js';

// Short delivery interval for tests (AWS: about every 5 minutes). Read when records are queued.
process.env.ATOLL_CLOUDTRAIL_DELIVERY_MS = '300';

const ctx = useAtoll();
const cfg = (account: string) => ({
  endpoint: ctx.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: account, secretAccessKey: 'x' },
  maxAttempts: 1,
});
const s3 = (account: string) => new S3Client({ ...cfg(account), forcePathStyle: true });
const ct = (account: string) => new CloudTrailClient(cfg(account));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let seq = 0;
const unique = (p: string) => `${p}-${process.pid}-${++seq}-${Date.now().toString(36)}`;
const trailArn = (account: string, name: string) => `arn:aws:cloudtrail:us-east-1:${account}:trail/${name}`;

async function bucketWithPolicy(account: string, bucket: string, policy?: string): Promise<void> {
  await s3(account).send(new CreateBucketCommand({ Bucket: bucket }));
  if (policy) await s3(account).send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));
}

describe('CloudTrail delivery to S3', () => {
  it('delivers gzipped log files under the trail prefix with AWS key layout and record format', async () => {
    const account = '410000000001';
    const bucket = unique('ct-logs');
    const name = unique('trail');
    const arn = trailArn(account, name);
    await bucketWithPolicy(account, bucket, trailPolicy(bucket, arn, `audit/AWSLogs/${account}`));
    const created = await ct(account).send(
      new CreateTrailCommand({ Name: name, S3BucketName: bucket, S3KeyPrefix: 'audit' }),
    );
    expect(created).toMatchObject({ S3BucketName: bucket, S3KeyPrefix: 'audit', TrailARN: arn });
    await ct(account).send(new StartLoggingCommand({ Name: name }));
    // An object write is a data event: trails with the default selectors do not log it.
    await s3(account).send(new PutObjectCommand({ Bucket: bucket, Key: 'notes.txt', Body: 'x' }));
    const queue = unique('q');
    await new SQSClient(cfg(account)).send(new CreateQueueCommand({ QueueName: queue }));

    const prefix = `audit/AWSLogs/${account}/CloudTrail/us-east-1/`;
    const { key, records, all } = await waitForRecord(
      s3(account),
      bucket,
      prefix,
      (r) => r.eventName === 'CreateQueue' && r.requestParameters?.queueName === queue,
    );
    expect(all.some((r) => r.eventName === 'PutObject')).toBe(false);
    const stamp = String.raw`\d{8}T\d{4}Z`;
    expect(key).toMatch(
      new RegExp(`^${prefix}${datePath()}/${account}_CloudTrail_us-east-1_${stamp}_[A-Za-z0-9]{16}\\.json\\.gz$`),
    );
    const rec = records.find((r) => r.eventName === 'CreateQueue')!;
    expect(rec).toMatchObject({
      eventVersion: '1.11',
      eventSource: 'sqs.amazonaws.com',
      awsRegion: 'us-east-1',
      recipientAccountId: account,
      eventCategory: 'Management',
      managementEvent: true,
      readOnly: false,
      userIdentity: { type: 'Root', accountId: account },
    });
    expect(rec.eventID).toMatch(/^[0-9a-f-]{36}$/);
    // One file holds one account and region.
    expect(new Set(records.map((r) => `${r.recipientAccountId}/${r.awsRegion}`))).toEqual(
      new Set([`${account}/us-east-1`]),
    );

    const status = await ct(account).send(new GetTrailStatusCommand({ Name: name }));
    expect(status.IsLogging).toBe(true);
    expect(status.LatestDeliveryTime).toBeInstanceOf(Date);
    expect(status.LatestDeliveryAttemptTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(status.LatestDeliveryError).toBeUndefined();

    // Without the bucket policy, the next delivery is refused and reported; the records wait for a later try.
    await s3(account).send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    await new SQSClient(cfg(account)).send(new CreateQueueCommand({ QueueName: unique('q') }));
    const deadline = Date.now() + 60_000;
    let failed = await ct(account).send(new GetTrailStatusCommand({ Name: name }));
    while (failed.LatestDeliveryError === undefined && Date.now() < deadline) {
      await sleep(250);
      failed = await ct(account).send(new GetTrailStatusCommand({ Name: name }));
    }
    expect(failed.LatestDeliveryError).toBe('AccessDenied');
    // The last successful delivery stays reported.
    expect(failed.LatestDeliveryTime).toBeInstanceOf(Date);
  }, 90_000);

  it('refuses a missing bucket and a bucket policy that does not admit the trail', async () => {
    const account = '410000000002';
    const name = unique('trail');
    const arn = trailArn(account, name);
    await expect(
      ct(account).send(new CreateTrailCommand({ Name: name, S3BucketName: unique('no-such-bucket') })),
    ).rejects.toMatchObject({ name: 'S3BucketDoesNotExistException', $metadata: { httpStatusCode: 404 } });

    const bare = unique('bare');
    await bucketWithPolicy(account, bare);
    const refused = ct(account).send(new CreateTrailCommand({ Name: name, S3BucketName: bare }));
    await expect(refused).rejects.toMatchObject({
      name: 'InsufficientS3BucketPolicyException',
      message: `Incorrect S3 bucket policy is detected for bucket: ${bare}`,
      $metadata: { httpStatusCode: 403 },
    });

    // A policy for another trail (aws:SourceArn), or for another folder, is not enough.
    const other = unique('other');
    await bucketWithPolicy(account, other, trailPolicy(other, trailArn(account, 'someone-else'), `AWSLogs/${account}`));
    await expect(ct(account).send(new CreateTrailCommand({ Name: name, S3BucketName: other }))).rejects.toMatchObject({
      name: 'InsufficientS3BucketPolicyException',
    });
    const folder = unique('folder');
    await bucketWithPolicy(account, folder, trailPolicy(folder, arn, `AWSLogs/${account}`));
    await expect(
      ct(account).send(new CreateTrailCommand({ Name: name, S3BucketName: folder, S3KeyPrefix: 'elsewhere' })),
    ).rejects.toMatchObject({ name: 'InsufficientS3BucketPolicyException' });

    // The right policy: created; moving it to a bucket without one is refused, and the trail keeps its bucket.
    await ct(account).send(new CreateTrailCommand({ Name: name, S3BucketName: folder }));
    await expect(ct(account).send(new UpdateTrailCommand({ Name: name, S3BucketName: bare }))).rejects.toMatchObject({
      name: 'InsufficientS3BucketPolicyException',
    });
    const same = await ct(account).send(new UpdateTrailCommand({ Name: name, IncludeGlobalServiceEvents: true }));
    expect(same.S3BucketName).toBe(folder);

    // A bucket in another account needs the same policy there.
    const owner = '410000000003';
    const foreign = unique('foreign');
    await bucketWithPolicy(owner, foreign);
    await expect(
      ct(account).send(new CreateTrailCommand({ Name: unique('x'), S3BucketName: foreign })),
    ).rejects.toMatchObject({ name: 'InsufficientS3BucketPolicyException' });
  });

  it('writes S3 data events only for trails that select AWS::S3::Object', async () => {
    const account = '410000000004';
    const logs = unique('ct-logs');
    const data = unique('ct-data');
    const selective = unique('data-trail');
    await bucketWithPolicy(account, logs, trailPolicy(logs, trailArn(account, selective), `AWSLogs/${account}`));
    await s3(account).send(new CreateBucketCommand({ Bucket: data }));
    await ct(account).send(new CreateTrailCommand({ Name: selective, S3BucketName: logs }));
    await ct(account).send(
      new PutEventSelectorsCommand({
        TrailName: selective,
        AdvancedEventSelectors: [
          {
            Name: 'S3 objects',
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Data'] },
              { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
              { Field: 'resources.ARN', StartsWith: [`arn:aws:s3:::${data}/`] },
            ],
          },
        ],
      }),
    );
    // Logging starts after the selectors are set: every record the trail writes is then a data event.
    await ct(account).send(new StartLoggingCommand({ Name: selective }));
    await s3(account).send(new PutObjectCommand({ Bucket: data, Key: 'reports/q1.csv', Body: 'a,b\n' }));
    const marker = unique('q');
    await new SQSClient(cfg(account)).send(new CreateQueueCommand({ QueueName: marker }));

    const prefix = `AWSLogs/${account}/CloudTrail/us-east-1/`;
    const found = await waitForRecord(s3(account), logs, prefix, (r) => r.eventName === 'PutObject');
    const put = found.records.find((r) => r.eventName === 'PutObject')!;
    expect(put).toMatchObject({
      eventSource: 's3.amazonaws.com',
      eventCategory: 'Data',
      managementEvent: false,
      readOnly: false,
      requestParameters: { bucketName: data, key: 'reports/q1.csv' },
    });
    expect(put.resources).toContainEqual(
      expect.objectContaining({ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${data}/reports/q1.csv` }),
    );
    expect(put.resources).toContainEqual({ accountId: account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${data}` });
    // Its selectors name data events only: no management events, and no objects of other buckets.
    expect(found.all.some((r) => r.eventName === 'CreateQueue')).toBe(false);
    expect(found.all.every((r) => r.eventCategory === 'Data')).toBe(true);
  }, 90_000);

  it('basic event selectors: S3 object writes under a bucket prefix, no reads, no management events', async () => {
    const account = '410000000006';
    const logs = unique('ct-logs');
    const data = unique('ct-data');
    const name = unique('basic-trail');
    await bucketWithPolicy(account, logs, trailPolicy(logs, trailArn(account, name), `AWSLogs/${account}`));
    await s3(account).send(new CreateBucketCommand({ Bucket: data }));
    await ct(account).send(new CreateTrailCommand({ Name: name, S3BucketName: logs }));
    await ct(account).send(
      new PutEventSelectorsCommand({
        TrailName: name,
        EventSelectors: [
          {
            ReadWriteType: 'WriteOnly',
            IncludeManagementEvents: false,
            DataResources: [{ Type: 'AWS::S3::Object', Values: [`arn:aws:s3:::${data}/`] }],
          },
        ],
      }),
    );
    await ct(account).send(new StartLoggingCommand({ Name: name }));
    await s3(account).send(new PutObjectCommand({ Bucket: data, Key: 'a.txt', Body: 'a' }));
    await s3(account).send(new GetObjectCommand({ Bucket: data, Key: 'a.txt' }));
    await s3(account).send(new PutObjectCommand({ Bucket: data, Key: 'b.txt', Body: 'b' }));
    const found = await waitForRecord(
      s3(account),
      logs,
      `AWSLogs/${account}/CloudTrail/us-east-1/`,
      (r) => r.eventName === 'PutObject' && r.requestParameters?.key === 'b.txt',
    );
    expect(found.all.map((r) => `${r.eventName} ${String(r.requestParameters?.key)}`).sort()).toEqual([
      'PutObject a.txt',
      'PutObject b.txt',
    ]);
  }, 90_000);

  it('notifies the trail topic of each delivered file; a topic policy without CloudTrail is refused', async () => {
    const account = '410000000005';
    const bucket = unique('ct-logs');
    const name = unique('trail');
    const arn = trailArn(account, name);
    await bucketWithPolicy(account, bucket, trailPolicy(bucket, arn, `AWSLogs/${account}`));
    const sns = new SNSClient(cfg(account));
    const sqs = new SQSClient(cfg(account));
    const topicName = unique('ct-topic');
    const topic = (await sns.send(new CreateTopicCommand({ Name: topicName }))).TopicArn!;
    // The default topic policy admits only the account: CreateTrail refuses it.
    await expect(
      ct(account).send(new CreateTrailCommand({ Name: name, S3BucketName: bucket, SnsTopicName: topicName })),
    ).rejects.toMatchObject({ name: 'InsufficientSnsTopicPolicyException', $metadata: { httpStatusCode: 403 } });
    const topicPolicy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'SNS:Publish',
          Resource: topic,
          Condition: { StringEquals: { 'aws:SourceArn': arn } },
        },
      ],
    };
    await sns.send(
      new SetTopicAttributesCommand({
        TopicArn: topic,
        AttributeName: 'Policy',
        AttributeValue: JSON.stringify(topicPolicy),
      }),
    );
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: unique('notes') }))).QueueUrl!;
    const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] })))
      .Attributes!.QueueArn!;
    await sns.send(
      new SubscribeCommand({
        TopicArn: topic,
        Protocol: 'sqs',
        Endpoint: queueArn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    const made = await ct(account).send(
      new CreateTrailCommand({ Name: name, S3BucketName: bucket, SnsTopicName: topicName }),
    );
    expect(made).toMatchObject({ SnsTopicName: topicName, SnsTopicARN: topic });
    await ct(account).send(new StartLoggingCommand({ Name: name }));

    const deadline = Date.now() + 60_000;
    let note: { s3Bucket?: string; s3ObjectKey?: string[] } | undefined;
    while (!note && Date.now() < deadline) {
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }));
      const body = got.Messages?.[0]?.Body;
      if (body) note = JSON.parse(body) as typeof note;
    }
    expect(note?.s3Bucket).toBe(bucket);
    expect(note?.s3ObjectKey?.[0]).toMatch(new RegExp(`^AWSLogs/${account}/CloudTrail/us-east-1/.+\\.json\\.gz$`));
    const listed = await s3(account).send(new ListObjectsV2Command({ Bucket: bucket, Prefix: note!.s3ObjectKey![0] }));
    expect(listed.KeyCount).toBe(1);
    const status = await ct(account).send(new GetTrailStatusCommand({ Name: name }));
    expect(status.LatestNotificationTime).toBeInstanceOf(Date);
    expect(status.LatestNotificationError).toBeUndefined();
  }, 90_000);

  it('organization trails write member accounts under AWSLogs/<org id>/<account>/', async () => {
    const mgmt = '410000000010';
    const org = new OrganizationsClient(cfg(mgmt));
    const orgId = (await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!.Id!;
    const started = await org.send(new CreateAccountCommand({ AccountName: 'log-archive', Email: 'la@example.com' }));
    let member = '';
    const deadline = Date.now() + 30_000;
    while (!member && Date.now() < deadline) {
      const s = await org.send(
        new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: started.CreateAccountStatus!.Id! }),
      );
      member = s.CreateAccountStatus?.State === 'SUCCEEDED' ? s.CreateAccountStatus.AccountId! : '';
      if (!member) await sleep(100);
    }
    expect(member).toMatch(/^\d{12}$/);
    await org.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'cloudtrail.amazonaws.com' }));

    // The bucket lives in the member (Log Archive) account; its policy admits the management account's org trail.
    const bucket = unique('org-logs');
    const name = unique('org-trail');
    const arn = trailArn(mgmt, name);
    await bucketWithPolicy(member, bucket, trailPolicy(bucket, arn, `AWSLogs/${orgId}`));
    await ct(mgmt).send(
      new CreateTrailCommand({ Name: name, S3BucketName: bucket, IsOrganizationTrail: true, IsMultiRegionTrail: true }),
    );
    await ct(mgmt).send(new StartLoggingCommand({ Name: name }));
    const queue = unique('member-q');
    await new SQSClient(cfg(member)).send(new CreateQueueCommand({ QueueName: queue }));

    const prefix = `AWSLogs/${orgId}/${member}/CloudTrail/us-east-1/`;
    const { key, records } = await waitForRecord(
      s3(member),
      bucket,
      prefix,
      (r) => r.eventName === 'CreateQueue' && r.requestParameters?.queueName === queue,
    );
    expect(key).toMatch(
      new RegExp(`^${prefix}${datePath()}/${member}_CloudTrail_us-east-1_\\d{8}T\\d{4}Z_\\w{16}\\.json\\.gz$`),
    );
    expect(records.every((r) => r.recipientAccountId === member)).toBe(true);
  }, 90_000);
});
