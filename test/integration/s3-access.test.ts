// S3 addressing and access: S3's error envelope, virtual-hosted requests (signed and anonymous), bucket
// policies across accounts, public access block, presigned URLs and their expiry.
import { beforeAll, describe, expect, it } from 'vitest';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeletePublicAccessBlockCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { useAtoll } from '../helpers/atoll.js';
import { presignGet, rawRequest, s3Client, s3Error, signChunks, signedS3, signedS3Chunked } from './s3-helpers.js';

const ctx = useAtoll();
const Bucket = 'access-bucket';
const port = () => new URL(ctx.endpoint).port;
const policy = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe('S3 access and addressing', () => {
  beforeAll(async () => {
    const s3 = s3Client(ctx.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'doc.txt', Body: 'secret', ContentType: 'text/plain' }));
  });

  it('answers errors in S3 shape with request id headers', async () => {
    const res = await signedS3(ctx.endpoint, { method: 'GET', path: '/no-such-bucket-x/key' });
    expect(res.status).toBe(404);
    expect(res.body).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchBucket<\/Code><Message>The specified bucket does not exist<\/Message><BucketName>no-such-bucket-x<\/BucketName><RequestId>[^<]+<\/RequestId><HostId>[^<]+<\/HostId><\/Error>$/,
    );
    expect(res.headers.get('x-amz-request-id')).toBeTruthy();
    expect(res.headers.get('x-amz-id-2')).toBeTruthy();
    const key = await signedS3(ctx.endpoint, { method: 'GET', path: `/${Bucket}/missing` });
    expect(key.status).toBe(404);
    expect(key.body).toContain(
      '<Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>missing</Key>',
    );
    // GetBucketLocation answers a single element (empty for us-east-1).
    const loc = await signedS3(ctx.endpoint, { method: 'GET', path: `/${Bucket}`, query: { location: '' } });
    expect(loc.body).toMatch(
      /<LocationConstraint xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/"><\/LocationConstraint>$/,
    );
    const head = await signedS3(ctx.endpoint, { method: 'HEAD', path: `/${Bucket}/missing` });
    expect(head.status).toBe(404);
    expect(head.body).toBe('');
  });

  it('serves virtual-hosted requests: SDK, Host header variants, root listing', async () => {
    const vh = s3Client(ctx.endpoint, { virtualHosted: true });
    await vh.send(new PutObjectCommand({ Bucket, Key: 'vh/one.txt', Body: 'via host' }));
    expect(await (await vh.send(new GetObjectCommand({ Bucket, Key: 'vh/one.txt' }))).Body?.transformToString()).toBe(
      'via host',
    );
    const listed = await vh.send(new ListObjectsV2Command({ Bucket, Prefix: 'vh/' }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual(['vh/one.txt']);
    for (const host of [`${Bucket}.localhost:${port()}`, `${Bucket}.s3.localhost:${port()}`]) {
      const res = await signedS3(`http://${host}`, { method: 'GET', path: '/doc.txt' });
      expect(res.status).toBe(200);
      expect(res.body).toBe('secret');
    }
  });

  it('denies another account until the bucket policy grants it', async () => {
    const other = s3Client(ctx.endpoint, { accessKeyId: '111122223333' });
    expect(await s3Error(other.send(new GetObjectCommand({ Bucket, Key: 'doc.txt' })))).toMatchObject({
      name: 'AccessDenied',
      status: 403,
    });
    const owner = s3Client(ctx.endpoint);
    await owner.send(
      new PutBucketPolicyCommand({
        Bucket,
        Policy: policy([
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111122223333:root' },
            Action: 's3:GetObject',
            Resource: `arn:aws:s3:::${Bucket}/*`,
          },
        ]),
      }),
    );
    expect(await (await other.send(new GetObjectCommand({ Bucket, Key: 'doc.txt' }))).Body?.transformToString()).toBe(
      'secret',
    );
    expect(await s3Error(other.send(new PutObjectCommand({ Bucket, Key: 'x', Body: 'no' })))).toMatchObject({
      name: 'AccessDenied',
      status: 403,
    });
    expect(await s3Error(other.send(new ListObjectsV2Command({ Bucket })))).toMatchObject({ name: 'AccessDenied' });
  });

  it('lets anonymous readers in only through a public policy, unless public access is blocked', async () => {
    const B = 'public-bucket';
    const owner = s3Client(ctx.endpoint);
    await owner.send(new CreateBucketCommand({ Bucket: B }));
    // New buckets block public access; a public website bucket lifts it first.
    await owner.send(new DeletePublicAccessBlockCommand({ Bucket: B }));
    await owner.send(new PutObjectCommand({ Bucket: B, Key: 'page.html', Body: '<p>hi</p>' }));
    const anon = () => rawRequest(port(), 'GET', '/page.html', { host: `${B}.localhost:${port()}` });
    const missing = await rawRequest(port(), 'GET', '/x', { host: `no-such-bucket-anon.localhost:${port()}` });
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('<Code>NoSuchBucket</Code>');
    const denied = await anon();
    expect(denied.status).toBe(403);
    expect(denied.body).toContain('<Code>AccessDenied</Code>');
    await owner.send(
      new PutBucketPolicyCommand({
        Bucket: B,
        Policy: policy([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${B}/*` }]),
      }),
    );
    const allowed = await anon();
    expect(allowed.status).toBe(200);
    expect(allowed.body).toBe('<p>hi</p>');
    await owner.send(
      new PutPublicAccessBlockCommand({ Bucket: B, PublicAccessBlockConfiguration: { RestrictPublicBuckets: true } }),
    );
    expect((await anon()).status).toBe(403);
  });

  it('answers CORS preflight requests from the bucket rules', async () => {
    const B = 'cors-bucket';
    const owner = s3Client(ctx.endpoint);
    await owner.send(new CreateBucketCommand({ Bucket: B }));
    const preflight = (origin: string, method: string, headers = '') =>
      rawRequest(port(), 'OPTIONS', `/${B}/file.txt`, {
        host: `127.0.0.1:${port()}`,
        origin,
        'access-control-request-method': method,
        ...(headers ? { 'access-control-request-headers': headers } : {}),
      });
    const off = await preflight('https://app.example.com', 'GET');
    expect(off.status).toBe(403);
    expect(off.body).toContain(
      '<Code>AccessForbidden</Code><Message>CORSResponse: CORS is not enabled for this bucket.</Message>',
    );
    await owner.send(
      new PutBucketCorsCommand({
        Bucket: B,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: ['https://*.example.com'],
              AllowedMethods: ['GET', 'PUT'],
              AllowedHeaders: ['content-type', 'x-amz-*'],
              ExposeHeaders: ['ETag'],
              MaxAgeSeconds: 600,
            },
          ],
        },
      }),
    );
    const ok = await preflight('https://app.example.com', 'PUT', 'content-type, x-amz-meta-a');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(ok.headers.get('access-control-allow-methods')).toBe('GET, PUT');
    expect(ok.headers.get('access-control-allow-headers')).toBe('content-type, x-amz-meta-a');
    expect(ok.headers.get('access-control-max-age')).toBe('600');
    expect(ok.headers.get('access-control-expose-headers')).toBe('ETag');
    expect((await preflight('https://evil.test', 'GET')).status).toBe(403);
    expect((await preflight('https://app.example.com', 'DELETE')).status).toBe(403);
    expect((await preflight('https://app.example.com', 'GET', 'authorization')).status).toBe(403);
  });

  it('honours presigned URLs and refuses expired ones', async () => {
    const iam = new IAMClient({
      endpoint: ctx.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    await iam.send(new CreateUserCommand({ UserName: 's3-reader' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 's3-reader',
        PolicyName: 'read',
        PolicyDocument: policy([{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: '*' }]),
      }),
    );
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 's3-reader' }));
    const creds = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
    const url = await presignGet(ctx.endpoint, `/${Bucket}/doc.txt`, creds, 60);
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('secret');
    const stale = await presignGet(ctx.endpoint, `/${Bucket}/doc.txt`, creds, 1, new Date(Date.now() - 10_000));
    const expired = await fetch(stale);
    expect(expired.status).toBe(403);
    const text = await expired.text();
    expect(text).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>');
    const forged = await fetch(url.replace(/X-Amz-Signature=[0-9a-f]+/, `X-Amz-Signature=${'0'.repeat(64)}`));
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    // A signed aws-chunked upload: every chunk signature is checked against the seed for a known key.
    const chunked = async (tamper: boolean) => {
      const date = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
      const headers = {
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': '11',
        'x-amz-date': date,
      };
      const body = (seed: string) =>
        signChunks(['hello ', tamper ? 'WORLD' : 'world'], seed, creds.secretAccessKey, date, tamper);
      return signedS3Chunked(ctx.endpoint, `/${Bucket}/chunked.txt`, headers, creds, body);
    };
    expect((await chunked(false)).status).toBe(200);
    expect((await signedS3(ctx.endpoint, { method: 'GET', path: `/${Bucket}/chunked.txt` })).body).toBe('hello world');
    const bad = await chunked(true);
    expect(bad.status).toBe(403);
    expect(bad.body).toContain('<Code>SignatureDoesNotMatch</Code>');
    iam.destroy();
  });
});
