// S3 server-side encryption: SSE-KMS through the KMS service (AWS managed aws/s3 key, customer keys, bucket
// defaults, key policies deciding kms:Decrypt on GET), SSE-C (customer keys, wrong and missing keys, copies,
// multipart), and the bytes at rest not being plaintext.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, DescribeKeyCommand, DisableKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { useAtoll } from '../helpers/atoll.js';
import { s3Client, s3Error } from './s3-helpers.js';

const stateDir = mkdtempSync(join(tmpdir(), 'atoll-sse-test-'));
const ctx = useAtoll({ stateDir, inMemory: false });
const Bucket = 'sse-bucket';
const ACCOUNT = '000000000000';
const creds = { accessKeyId: 'test', secretAccessKey: 'test' };
const policy = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

function kmsClient(c = creds): KMSClient {
  return new KMSClient({ endpoint: ctx.endpoint, region: 'us-east-1', credentials: c, maxAttempts: 1 });
}

/** Every object file at rest, read whole. */
function filesAtRest(): Buffer[] {
  const dir = join(stateDir, 's3', 'objects');
  return readdirSync(dir).map((f) => readFileSync(join(dir, f)));
}

const customerKeyA = 'k'.repeat(32);
const customerKeyB = 'z'.repeat(32);
const ssec = (key: string) => ({ SSECustomerAlgorithm: 'AES256', SSECustomerKey: key });

describe('S3 SSE-KMS', () => {
  beforeAll(async () => {
    await s3Client(ctx.endpoint).send(new CreateBucketCommand({ Bucket }));
  });

  it('encrypts under the AWS managed aws/s3 key, created on first use', async () => {
    const s3 = s3Client(ctx.endpoint);
    const put = await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'kms/default.txt',
        Body: 'kms-default-plaintext',
        ServerSideEncryption: 'aws:kms',
      }),
    );
    expect(put.ServerSideEncryption).toBe('aws:kms');
    expect(put.SSEKMSKeyId).toMatch(/^arn:aws:kms:us-east-1:000000000000:key\/[0-9a-f-]{36}$/);
    const described = await kmsClient().send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }));
    expect(described.KeyMetadata?.Arn).toBe(put.SSEKMSKeyId);
    expect(described.KeyMetadata?.KeyManager).toBe('AWS');
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'kms/default.txt' }));
    expect(await got.Body?.transformToString()).toBe('kms-default-plaintext');
    expect(got.ServerSideEncryption).toBe('aws:kms');
    expect(got.SSEKMSKeyId).toBe(put.SSEKMSKeyId);
    // A second object reuses the same managed key.
    const again = await s3.send(
      new PutObjectCommand({ Bucket, Key: 'kms/default2.txt', Body: 'x', ServerSideEncryption: 'aws:kms' }),
    );
    expect(again.SSEKMSKeyId).toBe(put.SSEKMSKeyId);
    expect(filesAtRest().some((b) => b.includes('kms-default-plaintext'))).toBe(false);
  });

  it('uses a customer key with bucket key and encryption context, and answers them on HEAD', async () => {
    const s3 = s3Client(ctx.endpoint);
    const key = await kmsClient().send(new CreateKeyCommand({ Description: 's3 objects' }));
    const arn = key.KeyMetadata!.Arn!;
    const context = Buffer.from(JSON.stringify({ team: 'blue' })).toString('base64');
    const put = await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'kms/custom.txt',
        Body: 'customer-key-plaintext',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: key.KeyMetadata!.KeyId!,
        SSEKMSEncryptionContext: context,
        BucketKeyEnabled: true,
      }),
    );
    expect(put).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: arn, BucketKeyEnabled: true });
    const echoed = JSON.parse(Buffer.from(put.SSEKMSEncryptionContext!, 'base64').toString()) as Record<string, string>;
    expect(echoed).toEqual({ team: 'blue', 'aws:s3:arn': `arn:aws:s3:::${Bucket}` });
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'kms/custom.txt' }));
    expect(head).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: arn, BucketKeyEnabled: true });
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'kms/custom.txt' }));
    expect(await got.Body?.transformToString()).toBe('customer-key-plaintext');
    expect(filesAtRest().some((b) => b.includes('customer-key-plaintext'))).toBe(false);
    // Copies decrypt the source through KMS and encrypt as the copy request says (here SSE-S3).
    const copy = await s3.send(
      new CopyObjectCommand({ Bucket, Key: 'kms/copied.txt', CopySource: `${Bucket}/kms/custom.txt` }),
    );
    expect(copy.ServerSideEncryption).toBe('AES256');
    const copied = await s3.send(new GetObjectCommand({ Bucket, Key: 'kms/copied.txt' }));
    expect(await copied.Body?.transformToString()).toBe('customer-key-plaintext');
    expect(copied.SSEKMSKeyId).toBeUndefined();
  });

  it('applies an aws:kms bucket default encryption to plain PUTs', async () => {
    const s3 = s3Client(ctx.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: 'sse-default-kms' }));
    const key = await kmsClient().send(new CreateKeyCommand({}));
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'sse-default-kms',
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key.KeyMetadata!.Arn! },
              BucketKeyEnabled: true,
            },
          ],
        },
      }),
    );
    const put = await s3.send(new PutObjectCommand({ Bucket: 'sse-default-kms', Key: 'a', Body: 'bucket-default' }));
    expect(put).toMatchObject({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: key.KeyMetadata!.Arn,
      BucketKeyEnabled: true,
    });
    const got = await s3.send(new GetObjectCommand({ Bucket: 'sse-default-kms', Key: 'a' }));
    expect(await got.Body?.transformToString()).toBe('bucket-default');
    // A request's own SSE-S3 header overrides the default.
    const s3put = await s3.send(
      new PutObjectCommand({ Bucket: 'sse-default-kms', Key: 'b', Body: 'x', ServerSideEncryption: 'AES256' }),
    );
    expect(s3put.ServerSideEncryption).toBe('AES256');
    expect(s3put.SSEKMSKeyId).toBeUndefined();
  });

  it('answers KMS errors for missing and disabled keys, and a key id without aws:kms', async () => {
    const s3 = s3Client(ctx.endpoint);
    const missing = await s3Error(
      s3.send(
        new PutObjectCommand({
          Bucket,
          Key: 'kms/missing',
          Body: 'x',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: 'arn:aws:kms:us-east-1:000000000000:key/11111111-2222-3333-4444-555555555555',
        }),
      ),
    );
    expect(missing).toMatchObject({ name: 'KMS.NotFoundException', status: 400 });
    const key = await kmsClient().send(new CreateKeyCommand({}));
    await kmsClient().send(new DisableKeyCommand({ KeyId: key.KeyMetadata!.KeyId! }));
    const disabled = await s3Error(
      s3.send(
        new PutObjectCommand({
          Bucket,
          Key: 'kms/disabled',
          Body: 'x',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: key.KeyMetadata!.KeyId!,
        }),
      ),
    );
    expect(disabled).toMatchObject({ name: 'KMS.DisabledException', status: 400 });
    expect(disabled.message).toContain('is disabled');
    const noAlgorithm = await s3Error(
      s3.send(new PutObjectCommand({ Bucket, Key: 'kms/x', Body: 'x', SSEKMSKeyId: key.KeyMetadata!.KeyId! })),
    );
    expect(noAlgorithm).toMatchObject({ name: 'InvalidArgument', status: 400 });
  });

  it('denies GET to a user the key policy does not allow kms:Decrypt', async () => {
    const iam = new IAMClient({ endpoint: ctx.endpoint, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'writer' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'writer',
        PolicyName: 'all',
        PolicyDocument: policy([{ Effect: 'Allow', Action: ['s3:*', 'kms:*'], Resource: '*' }]),
      }),
    );
    const ak = await iam.send(new CreateAccessKeyCommand({ UserName: 'writer' }));
    const userCreds = { accessKeyId: ak.AccessKey!.AccessKeyId!, secretAccessKey: ak.AccessKey!.SecretAccessKey! };
    // The key policy lets the writer generate data keys but not decrypt them (and delegates nothing to IAM).
    const key = await kmsClient().send(
      new CreateKeyCommand({
        BypassPolicyLockoutSafetyCheck: true,
        Policy: policy([
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/writer` },
            Action: ['kms:GenerateDataKey', 'kms:DescribeKey'],
            Resource: '*',
          },
        ]),
      }),
    );
    const s3 = s3Client(ctx.endpoint, userCreds);
    const put = await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'kms/locked.txt',
        Body: 'locked',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: key.KeyMetadata!.Arn!,
      }),
    );
    expect(put.SSEKMSKeyId).toBe(key.KeyMetadata!.Arn);
    // HEAD needs no decryption; GET does.
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'kms/locked.txt' }));
    expect(head.ServerSideEncryption).toBe('aws:kms');
    const denied = await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'kms/locked.txt' })));
    expect(denied).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(denied.message).toContain('kms:Decrypt');
    iam.destroy();
  });

  it('encrypts multipart uploads with one data key', async () => {
    const s3 = s3Client(ctx.endpoint);
    const key = await kmsClient().send(new CreateKeyCommand({}));
    const created = await s3.send(
      new CreateMultipartUploadCommand({
        Bucket,
        Key: 'kms/big',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: key.KeyMetadata!.KeyId!,
      }),
    );
    expect(created).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key.KeyMetadata!.Arn });
    const part1 = Buffer.alloc(5 * 1024 * 1024, 'm');
    const up = (PartNumber: number, Body: Buffer) =>
      s3.send(new UploadPartCommand({ Bucket, Key: 'kms/big', UploadId: created.UploadId!, PartNumber, Body }));
    const p1 = await up(1, part1);
    expect(p1.ServerSideEncryption).toBe('aws:kms');
    const p2 = await up(2, Buffer.from('multipart-kms-tail'));
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'kms/big',
        UploadId: created.UploadId!,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag! },
            { PartNumber: 2, ETag: p2.ETag! },
          ],
        },
      }),
    );
    expect(done).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key.KeyMetadata!.Arn });
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'kms/big', Range: 'bytes=5242880-' }));
    expect(await got.Body?.transformToString()).toBe('multipart-kms-tail');
    expect(filesAtRest().some((b) => b.includes('multipart-kms-tail'))).toBe(false);
  });
});

describe('S3 SSE-C', () => {
  it('round-trips with the customer key and keeps only ciphertext at rest', async () => {
    const s3 = s3Client(ctx.endpoint);
    const put = await s3.send(
      new PutObjectCommand({ Bucket, Key: 'c/one.txt', Body: 'ssec-plaintext-marker', ...ssec(customerKeyA) }),
    );
    expect(put.SSECustomerAlgorithm).toBe('AES256');
    expect(put.SSECustomerKeyMD5).toBeTruthy();
    expect(put.ServerSideEncryption).toBeUndefined();
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'c/one.txt', ...ssec(customerKeyA) }));
    expect(await got.Body?.transformToString()).toBe('ssec-plaintext-marker');
    expect(got.SSECustomerKeyMD5).toBe(put.SSECustomerKeyMD5);
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'c/one.txt', ...ssec(customerKeyA) }));
    expect(head.ContentLength).toBe(21);
    const attrs = s3.send(
      new GetObjectAttributesCommand({ Bucket, Key: 'c/one.txt', ObjectAttributes: ['ObjectSize'] }),
    );
    expect(await s3Error(attrs)).toMatchObject({ name: 'InvalidRequest', status: 400 });
    const withKey = await s3.send(
      new GetObjectAttributesCommand({
        Bucket,
        Key: 'c/one.txt',
        ObjectAttributes: ['ObjectSize'],
        ...ssec(customerKeyA),
      }),
    );
    expect(withKey.ObjectSize).toBe(21);
    // Control: an object of a bucket without default encryption is stored as is, so the scan sees the files.
    await s3.send(new PutObjectCommand({ Bucket, Key: 'c/control.txt', Body: 'plaintext-control-marker' }));
    const files = filesAtRest();
    expect(files.some((b) => b.includes('plaintext-control-marker'))).toBe(true);
    expect(files.some((b) => b.includes('ssec-plaintext-marker'))).toBe(false);
    expect(files.some((b) => b.includes(customerKeyA))).toBe(false);
  });

  it('refuses a missing, wrong or malformed key, and keys on objects without SSE-C', async () => {
    const s3 = s3Client(ctx.endpoint);
    await s3.send(new PutObjectCommand({ Bucket, Key: 'c/two.txt', Body: 'two', ...ssec(customerKeyA) }));
    const missing = await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'c/two.txt' })));
    expect(missing).toMatchObject({ name: 'InvalidRequest', status: 400 });
    expect(missing.message).toContain('The correct parameters must be provided to retrieve the object');
    const wrong = await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'c/two.txt', ...ssec(customerKeyB) })));
    expect(wrong).toMatchObject({ name: 'AccessDenied', status: 403 });
    const headWrong = await s3Error(
      s3.send(new HeadObjectCommand({ Bucket, Key: 'c/two.txt', ...ssec(customerKeyB) })),
    );
    expect(headWrong.status).toBe(403);
    await s3.send(new PutObjectCommand({ Bucket, Key: 'c/plain.txt', Body: 'plain' }));
    const notApplicable = await s3Error(
      s3.send(new GetObjectCommand({ Bucket, Key: 'c/plain.txt', ...ssec(customerKeyA) })),
    );
    expect(notApplicable).toMatchObject({ name: 'InvalidRequest', status: 400 });
    expect(notApplicable.message).toBe('The encryption parameters are not applicable to this object.');
    const shortKey = await s3Error(
      s3.send(new PutObjectCommand({ Bucket, Key: 'c/short', Body: 'x', ...ssec('too-short') })),
    );
    expect(shortKey).toMatchObject({ name: 'InvalidArgument', status: 400 });
    const both = await s3Error(
      s3.send(
        new PutObjectCommand({
          Bucket,
          Key: 'c/both',
          Body: 'x',
          ServerSideEncryption: 'AES256',
          ...ssec(customerKeyA),
        }),
      ),
    );
    expect(both).toMatchObject({ name: 'InvalidArgument', status: 400 });
  });

  it('copies with copy-source keys and re-encrypts under a new key', async () => {
    const s3 = s3Client(ctx.endpoint);
    await s3.send(new PutObjectCommand({ Bucket, Key: 'c/src.txt', Body: 'copy-me', ...ssec(customerKeyA) }));
    const noSourceKey = await s3Error(
      s3.send(new CopyObjectCommand({ Bucket, Key: 'c/dst.txt', CopySource: `${Bucket}/c/src.txt` })),
    );
    expect(noSourceKey).toMatchObject({ name: 'InvalidRequest', status: 400 });
    const copy = await s3.send(
      new CopyObjectCommand({
        Bucket,
        Key: 'c/dst.txt',
        CopySource: `${Bucket}/c/src.txt`,
        CopySourceSSECustomerAlgorithm: 'AES256',
        CopySourceSSECustomerKey: customerKeyA,
        ...ssec(customerKeyB),
      }),
    );
    expect(copy.SSECustomerAlgorithm).toBe('AES256');
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'c/dst.txt', ...ssec(customerKeyB) }));
    expect(await got.Body?.transformToString()).toBe('copy-me');
    expect(
      await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'c/dst.txt', ...ssec(customerKeyA) }))),
    ).toMatchObject({ status: 403 });
  });

  it('copies an SSE-C part into an SSE-KMS multipart upload with UploadPartCopy', async () => {
    const s3 = s3Client(ctx.endpoint);
    await s3.send(new PutObjectCommand({ Bucket, Key: 'c/part-src', Body: 'part-copy-source', ...ssec(customerKeyA) }));
    const created = await s3.send(
      new CreateMultipartUploadCommand({ Bucket, Key: 'c/part-dst', ServerSideEncryption: 'aws:kms' }),
    );
    const UploadId = created.UploadId!;
    const refused = await s3Error(
      s3.send(
        new UploadPartCopyCommand({
          Bucket,
          Key: 'c/part-dst',
          UploadId,
          PartNumber: 1,
          CopySource: `${Bucket}/c/part-src`,
        }),
      ),
    );
    expect(refused).toMatchObject({ name: 'InvalidRequest', status: 400 });
    const copied = await s3.send(
      new UploadPartCopyCommand({
        Bucket,
        Key: 'c/part-dst',
        UploadId,
        PartNumber: 1,
        CopySource: `${Bucket}/c/part-src`,
        CopySourceRange: 'bytes=5-8',
        CopySourceSSECustomerAlgorithm: 'AES256',
        CopySourceSSECustomerKey: customerKeyA,
      }),
    );
    expect(copied.ServerSideEncryption).toBe('aws:kms');
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'c/part-dst',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: copied.CopyPartResult!.ETag! }] },
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'c/part-dst' }));
    expect(await got.Body?.transformToString()).toBe('copy');
    expect(got.ServerSideEncryption).toBe('aws:kms');
  });

  it('requires the upload key on every part of an SSE-C multipart upload', async () => {
    const s3 = s3Client(ctx.endpoint);
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'c/mpu', ...ssec(customerKeyA) }));
    expect(created.SSECustomerAlgorithm).toBe('AES256');
    const UploadId = created.UploadId!;
    const noKey = await s3Error(
      s3.send(new UploadPartCommand({ Bucket, Key: 'c/mpu', UploadId, PartNumber: 1, Body: 'x' })),
    );
    expect(noKey).toMatchObject({ name: 'InvalidRequest', status: 400 });
    const otherKey = await s3Error(
      s3.send(
        new UploadPartCommand({ Bucket, Key: 'c/mpu', UploadId, PartNumber: 1, Body: 'x', ...ssec(customerKeyB) }),
      ),
    );
    expect(otherKey).toMatchObject({ name: 'InvalidRequest', status: 400 });
    const body = Buffer.concat([Buffer.alloc(5 * 1024 * 1024, 'q'), randomBytes(10)]);
    const p1 = await s3.send(
      new UploadPartCommand({
        Bucket,
        Key: 'c/mpu',
        UploadId,
        PartNumber: 1,
        Body: body.subarray(0, 5 * 1024 * 1024),
        ...ssec(customerKeyA),
      }),
    );
    const p2 = await s3.send(
      new UploadPartCommand({
        Bucket,
        Key: 'c/mpu',
        UploadId,
        PartNumber: 2,
        Body: Buffer.from('ssec-mpu-tail-marker'),
        ...ssec(customerKeyA),
      }),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'c/mpu',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag! },
            { PartNumber: 2, ETag: p2.ETag! },
          ],
        },
      }),
    );
    const got = await s3.send(
      new GetObjectCommand({ Bucket, Key: 'c/mpu', Range: 'bytes=5242880-', ...ssec(customerKeyA) }),
    );
    expect(await got.Body?.transformToString()).toBe('ssec-mpu-tail-marker');
    expect(await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'c/mpu' })))).toMatchObject({ status: 400 });
    expect(filesAtRest().some((b) => b.includes('ssec-mpu-tail-marker'))).toBe(false);
  });
});
