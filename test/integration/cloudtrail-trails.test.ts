// CloudTrail trail management end to end with @aws-sdk/client-cloudtrail: create/update/delete, describe and
// list (shadow trails of multi-Region trails), logging status, event and Insights selectors, tags, and the
// errors AWS answers.
import {
  AddTagsCommand,
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  ListTrailsCommand,
  PutEventSelectorsCommand,
  PutInsightSelectorsCommand,
  RemoveTagsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
  CreateEventDataStoreCommand,
} from '@aws-sdk/client-cloudtrail';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, TEST_CREDENTIALS, useAtoll } from '../helpers/atoll.js';
import { expectAwsError } from '../helpers/util.js';
import { createTrailBucket } from './cloudtrail-helpers.js';

const ctx = useAtoll();
// CreateTrail checks its bucket and the bucket policy (cloudtrail-s3.test.ts tests the refusals).
beforeAll(() => createTrailBucket(ctx.endpoint, TEST_CREDENTIALS, 'audit-bucket'));
const clients = new Map<string, CloudTrailClient>();
const ct = (region = 'us-east-1'): CloudTrailClient => {
  let c = clients.get(region);
  if (!c) {
    c = new CloudTrailClient({ endpoint: ctx.endpoint, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    clients.set(region, c);
  }
  return c;
};
let n = 0;
const trailName = () => `trail-${process.pid}-${++n}`;
const arnOf = (name: string, region = 'us-east-1') => `arn:aws:cloudtrail:${region}:${DEFAULT_ACCOUNT}:trail/${name}`;

describe('trails', () => {
  it('creates a trail with AWS defaults, not logging until StartLogging', async () => {
    const name = trailName();
    const out = await ct().send(new CreateTrailCommand({ Name: name, S3BucketName: 'audit-bucket' }));
    expect(out).toMatchObject({
      Name: name,
      S3BucketName: 'audit-bucket',
      IncludeGlobalServiceEvents: true,
      IsMultiRegionTrail: false,
      TrailARN: arnOf(name),
      LogFileValidationEnabled: false,
      IsOrganizationTrail: false,
    });
    const { Trail } = await ct().send(new GetTrailCommand({ Name: name }));
    expect(Trail).toMatchObject({
      Name: name,
      HomeRegion: 'us-east-1',
      HasCustomEventSelectors: false,
      HasInsightSelectors: false,
    });
    let status = await ct().send(new GetTrailStatusCommand({ Name: name }));
    expect(status.IsLogging).toBe(false);
    await ct().send(new StartLoggingCommand({ Name: arnOf(name) }));
    status = await ct().send(new GetTrailStatusCommand({ Name: name }));
    expect(status.IsLogging).toBe(true);
    expect(status.StartLoggingTime).toBeInstanceOf(Date);
    await ct().send(new StopLoggingCommand({ Name: name }));
    status = await ct().send(new GetTrailStatusCommand({ Name: name }));
    expect(status.IsLogging).toBe(false);
    expect(status.StopLoggingTime).toBeInstanceOf(Date);
    await ct().send(new DeleteTrailCommand({ Name: name }));
    await expectAwsError(ct().send(new GetTrailCommand({ Name: name })), {
      name: 'TrailNotFoundException',
      status: 404,
      message: `Unknown trail: ${arnOf(name)} for the user: ${DEFAULT_ACCOUNT}`,
    });
  });

  it('refuses duplicate and invalid names', async () => {
    const name = trailName();
    await ct().send(new CreateTrailCommand({ Name: name, S3BucketName: 'audit-bucket' }));
    await expectAwsError(ct().send(new CreateTrailCommand({ Name: name, S3BucketName: 'audit-bucket' })), {
      name: 'TrailAlreadyExistsException',
      status: 400,
      message: `Trail ${name} already exists for customer: ${DEFAULT_ACCOUNT}`,
    });
    for (const bad of ['ab', '-abc', 'abc-', 'a--b', 'has space', '192.168.5.4']) {
      await expectAwsError(ct().send(new CreateTrailCommand({ Name: bad, S3BucketName: 'audit-bucket' })), {
        name: 'InvalidTrailNameException',
        status: 400,
      });
    }
    await ct().send(new DeleteTrailCommand({ Name: name }));
  });

  it('multi-Region trails appear as shadow trails in other regions; writes need the home region', async () => {
    const name = trailName();
    await ct().send(new CreateTrailCommand({ Name: name, S3BucketName: 'audit-bucket', IsMultiRegionTrail: true }));
    const west = ct('us-west-2');
    const all = await west.send(new DescribeTrailsCommand({}));
    expect(all.trailList?.find((t) => t.Name === name)).toMatchObject({
      HomeRegion: 'us-east-1',
      TrailARN: arnOf(name),
    });
    const own = await west.send(new DescribeTrailsCommand({ includeShadowTrails: false }));
    expect(own.trailList?.some((t) => t.Name === name)).toBe(false);
    await expectAwsError(west.send(new DeleteTrailCommand({ Name: arnOf(name) })), {
      name: 'InvalidHomeRegionException',
      status: 400,
    });
    const listed = await west.send(new ListTrailsCommand({}));
    expect(listed.Trails).toContainEqual({ TrailARN: arnOf(name), Name: name, HomeRegion: 'us-east-1' });
    await expectAwsError(
      ct().send(new UpdateTrailCommand({ Name: name, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: false })),
      { name: 'InvalidParameterCombinationException', status: 400 },
    );
    const updated = await ct().send(
      new UpdateTrailCommand({ Name: name, S3KeyPrefix: 'logs', EnableLogFileValidation: true }),
    );
    expect(updated).toMatchObject({ S3KeyPrefix: 'logs', LogFileValidationEnabled: true, IsMultiRegionTrail: true });
    await ct().send(new DeleteTrailCommand({ Name: name }));
  });

  it('validates the CloudWatch Logs destination', async () => {
    const name = trailName();
    await expectAwsError(
      ct().send(
        new CreateTrailCommand({
          Name: name,
          S3BucketName: 'audit-bucket',
          CloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:000000000000:log-group:ct:*',
        }),
      ),
      { name: 'InvalidCloudWatchLogsRoleArnException', status: 400 },
    );
    await expectAwsError(
      ct().send(
        new CreateTrailCommand({
          Name: name,
          S3BucketName: 'audit-bucket',
          CloudWatchLogsLogGroupArn: 'not-an-arn',
          CloudWatchLogsRoleArn: 'arn:aws:iam::000000000000:role/ct',
        }),
      ),
      { name: 'InvalidCloudWatchLogsLogGroupArnException', status: 400 },
    );
  });

  it('stores event selectors and Insights selectors', async () => {
    const name = trailName();
    await ct().send(new CreateTrailCommand({ Name: name, S3BucketName: 'audit-bucket' }));
    const defaults = await ct().send(new GetEventSelectorsCommand({ TrailName: name }));
    expect(defaults.EventSelectors).toEqual([
      { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] },
    ]);
    await ct().send(
      new PutEventSelectorsCommand({ TrailName: name, EventSelectors: [{ ReadWriteType: 'WriteOnly' }] }),
    );
    const got = await ct().send(new GetEventSelectorsCommand({ TrailName: name }));
    expect(got.EventSelectors?.[0]).toMatchObject({ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true });
    expect((await ct().send(new GetTrailCommand({ Name: name }))).Trail?.HasCustomEventSelectors).toBe(true);
    await ct().send(
      new PutEventSelectorsCommand({
        TrailName: name,
        AdvancedEventSelectors: [
          { Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        ],
      }),
    );
    const adv = await ct().send(new GetEventSelectorsCommand({ TrailName: name }));
    expect(adv.AdvancedEventSelectors?.[0]?.Name).toBe('mgmt');
    expect(adv.EventSelectors).toBeUndefined();
    await expectAwsError(
      ct().send(
        new PutEventSelectorsCommand({
          TrailName: name,
          EventSelectors: [{ DataResources: [{ Type: 'AWS::Nope::Thing', Values: ['x'] }] }],
        }),
      ),
      { name: 'InvalidEventSelectorsException', status: 400 },
    );
    await expectAwsError(ct().send(new GetInsightSelectorsCommand({ TrailName: name })), {
      name: 'InsightNotEnabledException',
      status: 400,
    });
    await ct().send(
      new PutInsightSelectorsCommand({ TrailName: name, InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }] }),
    );
    const ins = await ct().send(new GetInsightSelectorsCommand({ TrailName: name }));
    expect(ins).toMatchObject({ TrailARN: arnOf(name), InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }] });
    await ct().send(new DeleteTrailCommand({ Name: name }));
  });

  it('tags trails by ARN', async () => {
    const name = trailName();
    await ct().send(
      new CreateTrailCommand({ Name: name, S3BucketName: 'audit-bucket', TagsList: [{ Key: 'team', Value: 'a' }] }),
    );
    await ct().send(new AddTagsCommand({ ResourceId: arnOf(name), TagsList: [{ Key: 'env', Value: 'dev' }] }));
    await ct().send(new RemoveTagsCommand({ ResourceId: arnOf(name), TagsList: [{ Key: 'team' }] }));
    const out = await ct().send(new ListTagsCommand({ ResourceIdList: [arnOf(name)] }));
    expect(out.ResourceTagList).toEqual([{ ResourceId: arnOf(name), TagsList: [{ Key: 'env', Value: 'dev' }] }]);
    await expectAwsError(ct().send(new ListTagsCommand({ ResourceIdList: [arnOf('missing-trail')] })), {
      name: 'ResourceNotFoundException',
      status: 400,
    });
    await expectAwsError(ct().send(new AddTagsCommand({ ResourceId: name, TagsList: [{ Key: 'k', Value: 'v' }] })), {
      name: 'CloudTrailARNInvalidException',
      status: 400,
    });
    await ct().send(new DeleteTrailCommand({ Name: name }));
  });

  it('limits an account to 5 trails per region', async () => {
    const names = Array.from({ length: 5 }, trailName);
    const region = 'eu-west-1';
    for (const name of names)
      await ct(region).send(new CreateTrailCommand({ Name: name, S3BucketName: 'audit-bucket' }));
    await expectAwsError(ct(region).send(new CreateTrailCommand({ Name: trailName(), S3BucketName: 'audit-bucket' })), {
      name: 'MaximumNumberOfTrailsExceededException',
      status: 403,
    });
    for (const name of names) await ct(region).send(new DeleteTrailCommand({ Name: name }));
  });

  it('answers NotImplemented for event data stores', async () => {
    await expectAwsError(ct().send(new CreateEventDataStoreCommand({ Name: 'eds' })), {
      name: 'NotImplemented',
      status: 501,
    });
  });
});
