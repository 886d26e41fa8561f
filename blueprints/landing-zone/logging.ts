// Centralised logging and the workload S3 baseline: the Log Archive account's log bucket with the bucket policy
// CloudTrail requires, the Log Archive trail, the organization trail from the management account (trusted
// access for CloudTrail enabled) writing to that bucket, and a workload bucket in Dev whose Block Public Access
// is set before the guardrails are attached (DenyPublicS3 then forbids changing it).
import {
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { DescribeOrganizationCommand, EnableAWSServiceAccessCommand } from '@aws-sdk/client-organizations';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetPublicAccessBlockCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { BlueprintContext, ClientConfig } from '../../src/blueprints/types.js';
import { adminSession, securityAdminSession } from './access.js';
import { orgClient, PREFIX, type OrgOutputs } from './org.js';
import { errorName, sleep } from './session.js';

export const TRAIL = `${PREFIX}-trail`;
export const ORG_TRAIL = `${PREFIX}-org-trail`;
export const CLOUDTRAIL = 'cloudtrail.amazonaws.com';

export const logBucket = (out: OrgOutputs) => `${PREFIX}-logs-${out.accounts.logArchive}`;
export const workloadBucket = (out: OrgOutputs) => `${PREFIX}-workload-${out.accounts.dev}`;
export const trailArn = (region: string, account: string, name: string) =>
  `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;

/** S3 through path-style addressing (atoll's endpoint has no bucket subdomains). */
export const s3Client = (config: ClientConfig) => new S3Client({ ...config, forcePathStyle: true });

export async function organizationId(ctx: BlueprintContext): Promise<string> {
  const id = (await orgClient(ctx).send(new DescribeOrganizationCommand({}))).Organization?.Id;
  if (!id) throw new Error('no organization');
  return id;
}

/**
 * AWS's documented CloudTrail bucket policy: the ACL check and the writes, each bound to the trail by
 * aws:SourceArn; the Log Archive trail writes under AWSLogs/<Log Archive>/, the organization trail under
 * AWSLogs/<organization id>/.
 */
export function logBucketPolicy(ctx: BlueprintContext, out: OrgOutputs, orgId: string): string {
  const bucket = `arn:aws:s3:::${logBucket(out)}`;
  const local = trailArn(ctx.region, out.accounts.logArchive, TRAIL);
  const org = trailArn(ctx.region, ctx.accountId, ORG_TRAIL);
  const write = (sid: string, folder: string, source: string) => ({
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: CLOUDTRAIL },
    Action: 's3:PutObject',
    Resource: `${bucket}/AWSLogs/${folder}/*`,
    Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': source } },
  });
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailAclCheck',
        Effect: 'Allow',
        Principal: { Service: CLOUDTRAIL },
        Action: 's3:GetBucketAcl',
        Resource: bucket,
        Condition: { StringEquals: { 'aws:SourceArn': [local, org] } },
      },
      write('AWSCloudTrailWriteLogArchive', out.accounts.logArchive, local),
      write('AWSCloudTrailWriteOrganization', orgId, org),
    ],
  });
}

async function ensureBucket(s3: S3Client, bucket: string, region: string): Promise<boolean> {
  try {
    const config = region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region } };
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ...(config as object) }));
    return true;
  } catch (err) {
    if (errorName(err) !== 'BucketAlreadyOwnedByYou') throw err;
    return false;
  }
}

/** Before the guardrails: the workload bucket in Dev with Block Public Access on (the SCP then locks it). */
export async function deployWorkloadBaseline(ctx: BlueprintContext, out: OrgOutputs): Promise<void> {
  const s3 = s3Client(await adminSession(ctx, out.accounts.dev));
  const bucket = workloadBucket(out);
  await ensureBucket(s3, bucket, ctx.region);
  const pab = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket })).catch((err: unknown) => {
    if (errorName(err) !== 'NoSuchPublicAccessBlockConfiguration') throw err;
    return undefined;
  });
  if (!pab) {
    const all = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: all }));
  }
  ctx.log(`workload bucket ${bucket} (Block Public Access on)`);
}

/** The log bucket and both trails (the Log Archive trail, and the organization trail of the management account). */
export async function deployLogging(ctx: BlueprintContext, out: OrgOutputs): Promise<void> {
  const orgId = await organizationId(ctx);
  const admin = await adminSession(ctx, out.accounts.logArchive);
  const s3 = s3Client(admin);
  const bucket = logBucket(out);
  await ensureBucket(s3, bucket, ctx.region);
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: logBucketPolicy(ctx, out, orgId) }));
  await ensureTrail(new CloudTrailClient(admin), { Name: TRAIL, S3BucketName: bucket, IsMultiRegionTrail: true });
  // Organization trails need trusted access for CloudTrail in Organizations.
  await orgClient(ctx).send(new EnableAWSServiceAccessCommand({ ServicePrincipal: CLOUDTRAIL }));
  await ensureTrail(new CloudTrailClient(ctx.clientConfig), {
    Name: ORG_TRAIL,
    S3BucketName: bucket,
    IsMultiRegionTrail: true,
    IsOrganizationTrail: true,
  });
  ctx.log(`trails ${TRAIL} and ${ORG_TRAIL} log to s3://${bucket}`);
}

async function ensureTrail(ct: CloudTrailClient, input: ConstructorParameters<typeof CreateTrailCommand>[0]) {
  try {
    await ct.send(new CreateTrailCommand(input));
  } catch (err) {
    if (errorName(err) !== 'TrailAlreadyExistsException') throw err;
  }
  await ct.send(new StartLoggingCommand({ Name: input.Name }));
}

async function emptyAndDelete(s3: S3Client, bucket: string): Promise<void> {
  // A delivery already under way may land one more file: try a few times.
  for (let attempt = 0; ; attempt++) {
    try {
      for (;;) {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
        const keys = (page.Contents ?? []).map((o) => o.Key!);
        if (keys.length === 0) break;
        for (const Key of keys) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
      }
      await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
      return;
    } catch (err) {
      const name = errorName(err);
      if (name === 'NoSuchBucket') return;
      if (name !== 'BucketNotEmpty' || attempt >= 5) throw err;
      await sleep(500);
    }
  }
}

const ignoreMissingTrail = (err: unknown) => {
  if (errorName(err) !== 'TrailNotFoundException') throw err;
};

export async function destroyLogging(ctx: BlueprintContext, out: OrgOutputs): Promise<void> {
  await new CloudTrailClient(ctx.clientConfig)
    .send(new DeleteTrailCommand({ Name: ORG_TRAIL }))
    .catch(ignoreMissingTrail);
  if (out.accounts.logArchive) {
    // Only SecurityAdmin may delete the Log Archive trail (PreventSecurityChanges SCP).
    const sec = await securityAdminSession(ctx, out, 'logArchive');
    await new CloudTrailClient(sec).send(new DeleteTrailCommand({ Name: TRAIL })).catch(ignoreMissingTrail);
    await emptyAndDelete(s3Client(await adminSession(ctx, out.accounts.logArchive)), logBucket(out));
  }
  if (out.accounts.dev) await emptyAndDelete(s3Client(await adminSession(ctx, out.accounts.dev)), workloadBucket(out));
}
