// verify, part 3: centralised logging (the organization trail's log files in the Log Archive bucket) and the S3
// guardrails DenyPublicS3 and RequireEncryption proven with real S3 calls in a workload account.
import { gunzipSync } from 'node:zlib';
import { CloudTrailClient, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeletePublicAccessBlockCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { BlueprintContext, CheckResult } from '../../src/blueprints/types.js';
import { adminSession, DEVELOPER_ROLE } from './access.js';
import { check, SCP_DENY, type Expect } from './expect.js';
import { logBucket, ORG_TRAIL, organizationId, s3Client, workloadBucket } from './logging.js';
import type { OrgOutputs } from './org.js';
import { assume, roleArn, sleep } from './session.js';

/**
 * How long to wait for a log file: AWS delivers about every 5 minutes; atoll's interval is
 * ATOLL_CLOUDTRAIL_DELIVERY_MS (read here too when the blueprint runs in atoll's process, as in its test).
 */
function deliveryDeadline(): number {
  const interval = Number(process.env.ATOLL_CLOUDTRAIL_DELIVERY_MS) || 300_000;
  return Date.now() + interval + 60_000;
}

export async function s3Checks(ctx: BlueprintContext, out: OrgOutputs): Promise<CheckResult[]> {
  return [
    await check(
      'organization trail: Dev activity reaches the Log Archive bucket as gzipped CloudTrail log files',
      (e) => checkOrgTrail(e, ctx, out),
    ),
    await check('SCP DenyPublicS3 (real S3 calls): no public ACL, Block Public Access locked, no public policy', (e) =>
      checkPublic(e, ctx, out),
    ),
    await check('SCP RequireEncryption (real S3 calls): PutObject needs x-amz-server-side-encryption', (e) =>
      checkEncryption(e, ctx, out),
    ),
  ];
}

async function newestUnder(s3: S3Client, bucket: string, prefix: string): Promise<string | undefined> {
  let token: string | undefined;
  let newest: { key: string; at: number } | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      const at = o.LastModified?.getTime() ?? 0;
      if (!newest || at >= newest.at) newest = { key: o.Key!, at };
    }
    token = page.NextContinuationToken;
  } while (token);
  return newest?.key;
}

async function checkOrgTrail(e: Expect, ctx: BlueprintContext, out: OrgOutputs) {
  const orgId = await organizationId(ctx);
  const dev = out.accounts.dev;
  const status = await new CloudTrailClient(ctx.clientConfig).send(new GetTrailStatusCommand({ Name: ORG_TRAIL }));
  e.ok(status.IsLogging === true, `${ORG_TRAIL} is logging`);
  // API activity in a member account; the organization trail of the management account records it.
  await new SQSClient(await adminSession(ctx, dev)).send(new ListQueuesCommand({}));
  const archive = s3Client(await adminSession(ctx, out.accounts.logArchive));
  const bucket = logBucket(out);
  const prefix = `AWSLogs/${orgId}/${dev}/CloudTrail/${ctx.region}/`;
  let key: string | undefined;
  const deadline = deliveryDeadline();
  while (!key && Date.now() < deadline) {
    key = await newestUnder(archive, bucket, prefix);
    if (!key) await sleep(500);
  }
  e.ok(key !== undefined, `a log file under s3://${bucket}/${prefix}`);
  if (!key) return;
  const name = new RegExp(
    `/\\d{4}/\\d\\d/\\d\\d/${dev}_CloudTrail_${ctx.region}_\\d{8}T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz$`,
  );
  e.ok(name.test(key), `AWS's key layout: ${key}`);
  const obj = await archive.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const records = (
    JSON.parse(gunzipSync(await obj.Body!.transformToByteArray()).toString('utf8')) as {
      Records: Array<{ recipientAccountId?: string; eventVersion?: string; eventSource?: string }>;
    }
  ).Records;
  e.ok(records.length > 0, 'the log file holds records');
  e.ok(
    records.every((r) => r.recipientAccountId === dev && r.eventVersion !== undefined),
    'every record is a CloudTrail record of the Dev account',
  );
  const after = await new CloudTrailClient(ctx.clientConfig).send(new GetTrailStatusCommand({ Name: ORG_TRAIL }));
  e.ok(after.LatestDeliveryTime instanceof Date, 'GetTrailStatus reports LatestDeliveryTime');
  e.ok(after.LatestDeliveryError === undefined, `no delivery error (${after.LatestDeliveryError})`);
}

async function developerS3(ctx: BlueprintContext, out: OrgOutputs): Promise<S3Client> {
  const session = await assume(ctx.clientConfig, roleArn(out.accounts.dev, DEVELOPER_ROLE), 's3-guardrails');
  return s3Client(session);
}

async function checkPublic(e: Expect, ctx: BlueprintContext, out: OrgOutputs) {
  const s3 = await developerS3(ctx, out);
  const bucket = workloadBucket(out);
  const fresh = `${bucket}-acl-${Date.now().toString(36)}`;
  const where = ctx.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: ctx.region } };
  await e.denied(
    'CreateBucket with ACL public-read',
    () => s3.send(new CreateBucketCommand({ Bucket: fresh, ACL: 'public-read', ...(where as object) })),
    SCP_DENY,
  );
  const made = await e.allowed('CreateBucket with ACL private', () =>
    s3.send(new CreateBucketCommand({ Bucket: fresh, ACL: 'private', ...(where as object) })),
  );
  if (made) await s3.send(new DeleteBucketCommand({ Bucket: fresh }));
  await e.denied(
    'DeletePublicAccessBlock on the workload bucket',
    () => s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket })),
    SCP_DENY,
  );
  const off = {
    BlockPublicAcls: false,
    IgnorePublicAcls: false,
    BlockPublicPolicy: false,
    RestrictPublicBuckets: false,
  };
  await e.denied(
    'PutPublicAccessBlock turning it off',
    () => s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: off })),
    SCP_DENY,
  );
  // With Block Public Access locked on, S3 itself refuses a policy that makes the bucket public.
  const publicPolicy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
  });
  await e.denied('public bucket policy', () =>
    s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: publicPolicy })),
  );
}

async function checkEncryption(e: Expect, ctx: BlueprintContext, out: OrgOutputs) {
  const s3 = await developerS3(ctx, out);
  const Bucket = workloadBucket(out);
  const Key = `reports/${Date.now().toString(36)}.csv`;
  await e.denied(
    'PutObject without server-side encryption',
    () => s3.send(new PutObjectCommand({ Bucket, Key, Body: 'q,revenue\n1,100\n' })),
    SCP_DENY,
  );
  const put = await e.allowed('PutObject with SSE-S3 (AES256)', () =>
    s3.send(new PutObjectCommand({ Bucket, Key, Body: 'q,revenue\n1,100\n', ServerSideEncryption: 'AES256' })),
  );
  if (put) {
    const got = await e.allowed('GetObject of the encrypted object', () =>
      s3.send(new GetObjectCommand({ Bucket, Key })),
    );
    e.ok((await got?.Body?.transformToString()) === 'q,revenue\n1,100\n', 'the object reads back');
    await s3.send(new DeleteObjectCommand({ Bucket, Key }));
  }
}
