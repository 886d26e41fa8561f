// Buckets CloudTrail accepts as trail destinations: CreateTrail checks that the bucket exists and that its policy
// lets cloudtrail.amazonaws.com read the bucket ACL and write log files, as AWS does. Log files are read back
// from S3 and gunzipped.
import { gunzipSync } from 'node:zlib';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { expect } from 'vitest';

/** A policy admitting every trail (no aws:SourceArn condition) to the whole bucket. */
export function openTrailPolicy(bucket: string): string {
  const principal = { Service: 'cloudtrail.amazonaws.com' };
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: principal, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${bucket}` },
      {
        Effect: 'Allow',
        Principal: principal,
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucket}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
      },
    ],
  });
}

/** Creates `bucket` in the account of `credentials` with the open CloudTrail policy. */
export async function createTrailBucket(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  bucket: string,
): Promise<void> {
  const s3 = new S3Client({ endpoint, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: openTrailPolicy(bucket) }));
  s3.destroy();
}

/** AWS's documented bucket policy for a trail: ACL check on the bucket, writes under its AWSLogs folder. */
export function trailPolicy(bucket: string, arn: string, folder: string): string {
  const principal = { Service: 'cloudtrail.amazonaws.com' };
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailAclCheck20150319',
        Effect: 'Allow',
        Principal: principal,
        Action: 's3:GetBucketAcl',
        Resource: `arn:aws:s3:::${bucket}`,
        Condition: { StringEquals: { 'aws:SourceArn': arn } },
      },
      {
        Sid: 'AWSCloudTrailWrite20150319',
        Effect: 'Allow',
        Principal: principal,
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucket}/${folder}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': arn } },
      },
    ],
  });
}

export interface LogRecord {
  eventVersion: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  recipientAccountId: string;
  eventCategory: string;
  managementEvent: boolean;
  readOnly: boolean;
  eventID: string;
  userIdentity: { type: string; accountId?: string };
  requestParameters: Record<string, unknown> | null;
  resources?: Array<{ type: string; ARN: string }>;
}

export async function readLog(s3: S3Client, bucket: string, key: string): Promise<LogRecord[]> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const bytes = await out.Body!.transformToByteArray();
  expect(out.ContentType).toBe('application/json');
  return (JSON.parse(gunzipSync(bytes).toString('utf8')) as { Records: LogRecord[] }).Records;
}

/** Polls the bucket until files under `prefix` hold a record matching `want` (deadline 60 s). */
export async function waitForRecord(
  s3: S3Client,
  bucket: string,
  prefix: string,
  want: (r: LogRecord) => boolean,
): Promise<{ key: string; records: LogRecord[]; all: LogRecord[] }> {
  const deadline = Date.now() + 60_000;
  const read = new Map<string, LogRecord[]>();
  while (Date.now() < deadline) {
    const list = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    for (const o of list.Contents ?? []) {
      if (!read.has(o.Key!)) read.set(o.Key!, await readLog(s3, bucket, o.Key!));
    }
    for (const [key, records] of read) {
      if (records.some(want)) return { key, records, all: [...read.values()].flat() };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no log file under s3://${bucket}/${prefix} with the expected record`);
}

/** Today's YYYY/MM/DD folder (UTC). */
export const datePath = () => {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}`;
};
