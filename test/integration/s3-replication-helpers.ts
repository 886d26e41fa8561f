// Shared by the S3 replication tests: versioned buckets, a V2 rule, status polling with generous deadlines.
import {
  CreateBucketCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  type ReplicationRule,
  type S3Client,
} from '@aws-sdk/client-s3';

export const ACCOUNT = '000000000000';
export const OTHER = '111122223333';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/replication`;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `fn` answers a value `ok` accepts (generous deadline: the machine is shared). */
export async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    try {
      const v = await fn();
      if (ok(v)) return v;
    } catch {
      // not there yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export async function versioned(s3: S3Client, Bucket: string, region?: string): Promise<void> {
  await s3.send(
    new CreateBucketCommand({
      Bucket,
      ...(region ? { CreateBucketConfiguration: { LocationConstraint: region as never } } : {}),
    }),
  );
  await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
}

export const rule = (dest: string, extra: Partial<ReplicationRule> = {}): ReplicationRule => ({
  ID: `to-${dest}`,
  Priority: 1,
  Status: 'Enabled',
  Filter: { Prefix: '' },
  DeleteMarkerReplication: { Status: 'Enabled' },
  Destination: { Bucket: `arn:aws:s3:::${dest}` },
  ...extra,
});

export const statusOf = (s3: S3Client, Bucket: string, Key: string, VersionId?: string) =>
  s3.send(new HeadObjectCommand({ Bucket, Key, ...(VersionId ? { VersionId } : {}) }));
