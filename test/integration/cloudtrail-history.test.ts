// CloudTrail event history end to end: calls made with the SDKs show up in LookupEvents (caller account and
// region, global services in us-east-1) with AWS's record layout, and a logging trail delivers them to
// CloudWatch Logs. Needs the pipeline to hand requests to the CloudTrail recorder: until atoll wires it, these
// tests skip themselves.
import {
  CloudTrailClient,
  CreateTrailCommand,
  LookupEventsCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, CreateLogGroupCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateQueueCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, TEST_CREDENTIALS, useAtoll } from '../helpers/atoll.js';
import { rawRequest } from '../helpers/raw.js';
import { expectAwsError, waitFor } from '../helpers/util.js';
import { createTrailBucket } from './cloudtrail-helpers.js';

const ctx = useAtoll();
const opts = () => ({ endpoint: ctx.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
const ct = (region = 'us-east-1') => new CloudTrailClient({ ...opts(), region });
let wired = false;

beforeAll(async () => {
  await ctx.sqs.send(new CreateQueueCommand({ QueueName: 'ct-probe' }));
  const out = await ct().send(
    new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateQueue' }] }),
  );
  wired = (out.Events ?? []).length > 0;
});

describe('event history', () => {
  it('records a management call with AWS record fields', async ({ skip }) => {
    if (!wired) skip();
    await ctx.sqs.send(new CreateQueueCommand({ QueueName: 'ct-orders', tags: { team: 'a' } }));
    await ctx.sqs.send(new GetQueueUrlCommand({ QueueName: 'ct-orders' }));
    const out = await ct().send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'ct-orders' }] }),
    );
    const names = out.Events?.map((e) => e.EventName);
    expect(names?.slice(0, 2)).toEqual(['GetQueueUrl', 'CreateQueue']);
    const create = out.Events!.find((e) => e.EventName === 'CreateQueue')!;
    expect(create).toMatchObject({
      ReadOnly: 'false',
      EventSource: 'sqs.amazonaws.com',
      Username: 'root',
      AccessKeyId: 'test',
      Resources: [{ ResourceType: 'AWS::SQS::Queue', ResourceName: 'ct-orders' }],
    });
    const record = JSON.parse(create.CloudTrailEvent!) as Record<string, unknown>;
    expect(record).toMatchObject({
      eventVersion: '1.11',
      userIdentity: { type: 'Root', accountId: DEFAULT_ACCOUNT, accessKeyId: 'test' },
      eventSource: 'sqs.amazonaws.com',
      eventName: 'CreateQueue',
      awsRegion: 'us-east-1',
      requestParameters: { queueName: 'ct-orders', tags: { team: 'a' } },
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: DEFAULT_ACCOUNT,
      eventCategory: 'Management',
      readOnly: false,
    });
    expect(record.sourceIPAddress).toMatch(/^(127\.0\.0\.1|::1)$/);
    expect(String(record.userAgent)).toMatch(/aws-sdk-js/);
    expect((record.responseElements as { queueUrl?: string }).queueUrl).toContain('ct-orders');
  });

  it('records failures with their error code, and global services in us-east-1', async ({ skip }) => {
    if (!wired) skip();
    await expectAwsError(ctx.sqs.send(new GetQueueUrlCommand({ QueueName: 'ct-missing' })), {
      name: 'QueueDoesNotExist',
    });
    const iam = new IAMClient({ ...opts(), region: 'us-east-1' });
    await iam.send(new CreateUserCommand({ UserName: 'ct-user' }));
    const west = await ct('eu-west-1').send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateUser' }] }),
    );
    expect(west.Events).toEqual([]);
    const east = await ct().send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateUser' }] }),
    );
    expect(JSON.parse(east.Events![0]!.CloudTrailEvent!)).toMatchObject({
      eventSource: 'iam.amazonaws.com',
      awsRegion: 'us-east-1',
      requestParameters: { userName: 'ct-user' },
    });
    const failed = await ct().send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'ct-missing' }] }),
    );
    expect(JSON.parse(failed.Events![0]!.CloudTrailEvent!)).toMatchObject({
      errorCode: 'QueueDoesNotExist',
      responseElements: null,
    });
  });

  it('delivers to CloudWatch Logs from a logging trail', async ({ skip }) => {
    if (!wired) skip();
    const logs = new CloudWatchLogsClient({ ...opts(), region: 'us-east-1' });
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'ct-trail' }));
    await createTrailBucket(ctx.endpoint, TEST_CREDENTIALS, 'audit-bucket');
    await ct().send(
      new CreateTrailCommand({
        Name: 'ct-cwl',
        S3BucketName: 'audit-bucket',
        CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${DEFAULT_ACCOUNT}:log-group:ct-trail:*`,
        CloudWatchLogsRoleArn: `arn:aws:iam::${DEFAULT_ACCOUNT}:role/ct`,
      }),
    );
    await ct().send(new StartLoggingCommand({ Name: 'ct-cwl' }));
    await ctx.sqs.send(new CreateQueueCommand({ QueueName: 'ct-delivered' }));
    const stream = `${DEFAULT_ACCOUNT}_CloudTrail_us-east-1`;
    const events = await waitFor(async () => {
      const out = await logs
        .send(new GetLogEventsCommand({ logGroupName: 'ct-trail', logStreamName: stream, startFromHead: true }))
        .catch(() => undefined);
      const found = out?.events?.filter((e) => e.message?.includes('ct-delivered'));
      return found && found.length > 0 ? found : undefined;
    });
    expect(JSON.parse(events[0]!.message!)).toMatchObject({
      eventName: 'CreateQueue',
      eventSource: 'sqs.amazonaws.com',
    });
  });
});

describe('LookupEvents input errors (raw JSON)', () => {
  const lookup = (body: unknown) =>
    rawRequest(ctx.endpoint, {
      service: 'cloudtrail',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'CloudTrail_20131101.LookupEvents',
      },
      body: JSON.stringify(body),
    });

  it('refuses two lookup attributes and inverted time ranges', async () => {
    const two = await lookup({
      LookupAttributes: [
        { AttributeKey: 'EventName', AttributeValue: 'a' },
        { AttributeKey: 'Username', AttributeValue: 'b' },
      ],
    });
    expect(two.status).toBe(400);
    expect(JSON.parse(two.body).__type).toMatch(/InvalidLookupAttributesException$/);
    const range = await lookup({ StartTime: 1_700_000_100, EndTime: 1_700_000_000 });
    expect(range.status).toBe(400);
    expect(JSON.parse(range.body).__type).toMatch(/InvalidTimeRangeException$/);
    const token = await lookup({ NextToken: 'not-a-token' });
    expect(JSON.parse(token.body).__type).toMatch(/InvalidNextTokenException$/);
  });
});
