// S3 buckets through the official SDK: naming, regions, global names across accounts, listing, versioning and
// the configuration sub-resources.
import { describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketPolicyCommand,
  DeletePublicAccessBlockCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetBucketCorsCommand,
  PutBucketCorsCommand,
  PutBucketLifecycleConfigurationCommand,
  ListObjectsV2Command,
  HeadBucketCommand,
  ListBucketsCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { useAtoll } from '../helpers/atoll.js';
import { s3Client, s3Error } from './s3-helpers.js';

const ctx = useAtoll();

describe('S3 buckets', () => {
  it('creates, heads, lists and deletes buckets with AWS errors', async () => {
    const s3 = s3Client(ctx.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: 'alpha-bucket' }));
    // us-east-1 keeps the legacy answer for re-creating your own bucket.
    await s3.send(new CreateBucketCommand({ Bucket: 'alpha-bucket' }));
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'alpha-bucket' }));
    expect(head.BucketRegion).toBe('us-east-1');
    expect(await s3Error(s3.send(new HeadBucketCommand({ Bucket: 'missing-bucket' })))).toMatchObject({ status: 404 });
    expect(await s3Error(s3.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })))).toMatchObject({
      name: 'InvalidBucketName',
      status: 400,
    });
    await s3.send(new PutObjectCommand({ Bucket: 'alpha-bucket', Key: 'k', Body: 'x' }));
    expect(await s3Error(s3.send(new DeleteBucketCommand({ Bucket: 'alpha-bucket' })))).toMatchObject({
      name: 'BucketNotEmpty',
      status: 409,
    });
    expect(await s3Error(s3.send(new DeleteBucketCommand({ Bucket: 'missing-bucket' })))).toMatchObject({
      name: 'NoSuchBucket',
      status: 404,
    });
  });

  it('keeps bucket names global across accounts and checks location constraints', async () => {
    const s3 = s3Client(ctx.endpoint);
    const other = s3Client(ctx.endpoint, { accessKeyId: '111122223333' });
    await s3.send(new CreateBucketCommand({ Bucket: 'global-name' }));
    expect(await s3Error(other.send(new CreateBucketCommand({ Bucket: 'global-name' })))).toMatchObject({
      name: 'BucketAlreadyExists',
      status: 409,
    });
    const eu = s3Client(ctx.endpoint, { region: 'eu-west-1' });
    // (the SDK fills LocationConstraint from its region; a different one is refused)
    const mismatch = { Bucket: 'eu-bucket', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' as const } };
    expect(await s3Error(eu.send(new CreateBucketCommand(mismatch)))).toMatchObject({
      name: 'IllegalLocationConstraintException',
      status: 400,
    });
    await eu.send(
      new CreateBucketCommand({ Bucket: 'eu-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
    );
    expect(
      await s3Error(
        eu.send(
          new CreateBucketCommand({
            Bucket: 'eu-bucket',
            CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
          }),
        ),
      ),
    ).toMatchObject({
      name: 'BucketAlreadyOwnedByYou',
      status: 409,
    });
    const loc = await eu.send(new GetBucketLocationCommand({ Bucket: 'eu-bucket' }));
    expect(loc.LocationConstraint).toBe('eu-west-1');
    expect((await s3.send(new GetBucketLocationCommand({ Bucket: 'global-name' }))).LocationConstraint).toBeUndefined();
    // The other account sees none of these buckets.
    expect((await other.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
  });

  it('paginates ListBuckets with MaxBuckets and ContinuationToken', async () => {
    const s3 = s3Client(ctx.endpoint, { accessKeyId: '444455556666' });
    for (const n of ['page-a', 'page-b', 'page-c']) await s3.send(new CreateBucketCommand({ Bucket: n }));
    const first = await s3.send(new ListBucketsCommand({ MaxBuckets: 2 }));
    expect(first.Buckets?.map((b) => b.Name)).toEqual(['page-a', 'page-b']);
    expect(first.Buckets?.[0]?.BucketRegion).toBe('us-east-1');
    expect(first.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    const second = await s3.send(new ListBucketsCommand({ MaxBuckets: 2, ContinuationToken: first.ContinuationToken }));
    expect(second.Buckets?.map((b) => b.Name)).toEqual(['page-c']);
    expect(second.ContinuationToken).toBeUndefined();
  });

  it('stores versioning, tagging, policy, CORS and encryption configuration', async () => {
    const s3 = s3Client(ctx.endpoint);
    const Bucket = 'config-bucket';
    await s3.send(new CreateBucketCommand({ Bucket }));
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBeUndefined();
    await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe('Enabled');

    expect(await s3Error(s3.send(new GetBucketTaggingCommand({ Bucket })))).toMatchObject({
      name: 'NoSuchTagSet',
      status: 404,
    });
    await s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: [{ Key: 'team', Value: 'a' }] } }));
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket }))).TagSet).toEqual([{ Key: 'team', Value: 'a' }]);

    expect(await s3Error(s3.send(new GetBucketPolicyCommand({ Bucket })))).toMatchObject({
      name: 'NoSuchBucketPolicy',
      status: 404,
    });
    expect(await s3Error(s3.send(new PutBucketPolicyCommand({ Bucket, Policy: '{"nope"' })))).toMatchObject({
      name: 'MalformedPolicy',
      status: 400,
    });
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${Bucket}/*` }],
    });
    // New buckets block public policies (April 2023 defaults): lift Block Public Access first, as AWS users do.
    expect(await s3Error(s3.send(new PutBucketPolicyCommand({ Bucket, Policy: policy })))).toMatchObject({
      name: 'AccessDenied',
      status: 403,
    });
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket }));
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: policy }));
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy).toBe(policy);
    expect((await s3.send(new GetBucketPolicyStatusCommand({ Bucket }))).PolicyStatus?.IsPublic).toBe(true);
    await s3.send(new DeleteBucketPolicyCommand({ Bucket }));
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket,
        PublicAccessBlockConfiguration: { BlockPublicPolicy: true, RestrictPublicBuckets: true },
      }),
    );
    expect(await s3Error(s3.send(new PutBucketPolicyCommand({ Bucket, Policy: policy })))).toMatchObject({
      name: 'AccessDenied',
      status: 403,
    });

    expect(await s3Error(s3.send(new GetBucketCorsCommand({ Bucket })))).toMatchObject({
      name: 'NoSuchCORSConfiguration',
      status: 404,
    });
    await s3.send(
      new PutBucketCorsCommand({
        Bucket,
        CORSConfiguration: { CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['https://example.com'] }] },
      }),
    );
    expect((await s3.send(new GetBucketCorsCommand({ Bucket }))).CORSRules?.[0]?.AllowedOrigins).toEqual([
      'https://example.com',
    ]);
    const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket }));
    expect(enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe(
      'AES256',
    );
  });

  it('executes lifecycle expiration with a durable job', async () => {
    const s3 = s3Client(ctx.endpoint);
    const Bucket = 'lifecycle-bucket';
    await s3.send(new CreateBucketCommand({ Bucket }));
    for (const Key of ['logs/a', 'logs/b', 'keep/c']) await s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
    const rule = (date: Date) => ({
      Bucket,
      LifecycleConfiguration: {
        Rules: [
          { ID: 'old-logs', Status: 'Enabled' as const, Filter: { Prefix: 'logs/' }, Expiration: { Date: date } },
        ],
      },
    });
    expect(
      await s3Error(s3.send(new PutBucketLifecycleConfigurationCommand(rule(new Date('2020-01-01T12:00:00Z'))))),
    ).toMatchObject({
      name: 'InvalidArgument',
    });
    await s3.send(new PutBucketLifecycleConfigurationCommand(rule(new Date('2020-01-01T00:00:00Z'))));
    let keys: string[] = [];
    for (let i = 0; i < 40; i++) {
      keys = ((await s3.send(new ListObjectsV2Command({ Bucket }))).Contents ?? []).map((c) => c.Key!);
      if (keys.length === 1) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(keys).toEqual(['keep/c']);
  });
});
