// S3 Control: account-level Block Public Access through @aws-sdk/client-s3-control (host `<account>.localhost`)
// and raw signed requests on the plain host, its effect on S3 bucket policies together with bucket-level
// settings, and NotImplemented for the operations atoll does not serve.
import http from 'node:http';
import type { LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  GetObjectCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  DeletePublicAccessBlockCommand as DeleteBucketPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import {
  DeletePublicAccessBlockCommand,
  GetPublicAccessBlockCommand,
  ListAccessPointsCommand,
  PutPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { useAtoll } from '../helpers/atoll.js';
import { s3Client, s3Error, signedS3 } from './s3-helpers.js';

const ctx = useAtoll();
const ACCOUNT = '000000000000';
const OTHER = '111122223333';

// The SDK puts the account id in front of the endpoint's host; every `*.localhost` resolves to 127.0.0.1 here.
const lookup: LookupFunction = (_host, options, cb) => {
  if ((options as { all?: boolean }).all) {
    (cb as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [
      { address: '127.0.0.1', family: 4 },
    ]);
  } else cb(null, '127.0.0.1', 4);
};

function control(accessKeyId = 'test'): S3ControlClient {
  return new S3ControlClient({
    endpoint: ctx.endpoint.replace('127.0.0.1', 'localhost'),
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'test' },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new http.Agent({ lookup } as http.AgentOptions) }),
  });
}

const publicPolicy = (bucket: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
  });

describe('S3 Control account-level public access block', () => {
  it('gets, puts and deletes the account setting through the SDK', async () => {
    const c = control();
    const missing = await s3Error(c.send(new GetPublicAccessBlockCommand({ AccountId: ACCOUNT })));
    expect(missing).toMatchObject({ name: 'NoSuchPublicAccessBlockConfiguration', status: 404 });
    expect(missing.message).toBe('The public access block configuration was not found');
    await c.send(
      new PutPublicAccessBlockCommand({
        AccountId: ACCOUNT,
        PublicAccessBlockConfiguration: { BlockPublicPolicy: true, BlockPublicAcls: true },
      }),
    );
    const got = await c.send(new GetPublicAccessBlockCommand({ AccountId: ACCOUNT }));
    expect(got.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: false,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: false,
    });
    await c.send(new DeletePublicAccessBlockCommand({ AccountId: ACCOUNT }));
    const gone = await s3Error(c.send(new GetPublicAccessBlockCommand({ AccountId: ACCOUNT })));
    expect(gone.name).toBe('NoSuchPublicAccessBlockConfiguration');
  });

  it('answers on the plain host with x-amz-account-id, errors wrapped in ErrorResponse', async () => {
    const path = '/v20180820/configuration/publicAccessBlock';
    const headers = { 'x-amz-account-id': OTHER };
    const creds = { accessKeyId: OTHER, secretAccessKey: 'test' };
    const none = await signedS3(ctx.endpoint, { method: 'GET', path, headers }, creds);
    expect(none.status).toBe(404);
    expect(none.body).toMatch(
      /<ErrorResponse><Error><Code>NoSuchPublicAccessBlockConfiguration<\/Code><Message>The public access block configuration was not found<\/Message>.*<\/Error><RequestId>[^<]+<\/RequestId><HostId>[^<]+<\/HostId><\/ErrorResponse>$/,
    );
    expect(none.headers.get('x-amz-request-id')).toBeTruthy();
    const body =
      '<PublicAccessBlockConfiguration xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">' +
      '<RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>';
    const put = await signedS3(ctx.endpoint, { method: 'PUT', path, headers, body }, creds);
    expect(put.status).toBe(200);
    const got = await signedS3(ctx.endpoint, { method: 'GET', path, headers }, creds);
    expect(got.status).toBe(200);
    expect(got.body).toContain('<RestrictPublicBuckets>true</RestrictPublicBuckets>');
    expect(got.body).toContain('<BlockPublicPolicy>false</BlockPublicPolicy>');
    // Another account's setting is not the caller's to read.
    const foreign = await signedS3(
      ctx.endpoint,
      { method: 'GET', path, headers: { 'x-amz-account-id': ACCOUNT } },
      creds,
    );
    expect(foreign.status).toBe(403);
    expect(foreign.body).toContain('<Code>AccessDenied</Code>');
    // A PUT without its configuration document is MalformedXML; nothing changes.
    const bad = await signedS3(ctx.endpoint, { method: 'PUT', path, headers, body: '' }, creds);
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('<Code>MalformedXML</Code>');
    const kept = await signedS3(ctx.endpoint, { method: 'GET', path, headers }, creds);
    expect(kept.body).toContain('<RestrictPublicBuckets>true</RestrictPublicBuckets>');
    const del = await signedS3(ctx.endpoint, { method: 'DELETE', path, headers }, creds);
    expect(del.status).toBe(200);
  });

  it('makes S3 refuse public bucket policies (BlockPublicPolicy) and ignore them (RestrictPublicBuckets)', async () => {
    const c = control();
    const s3 = s3Client(ctx.endpoint);
    const Bucket = 'ctl-pab-bucket';
    await s3.send(new CreateBucketCommand({ Bucket }));
    // Only the account-level setting is under test: remove the bucket's own (on by default since April 2023).
    await s3.send(new DeleteBucketPublicAccessBlockCommand({ Bucket }));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'doc.txt', Body: 'public?' }));
    await c.send(
      new PutPublicAccessBlockCommand({
        AccountId: ACCOUNT,
        PublicAccessBlockConfiguration: { BlockPublicPolicy: true },
      }),
    );
    const refused = await s3Error(s3.send(new PutBucketPolicyCommand({ Bucket, Policy: publicPolicy(Bucket) })));
    expect(refused).toMatchObject({ name: 'AccessDenied', status: 403 });
    // Lifted: the policy is accepted and grants anonymous reads.
    await c.send(new DeletePublicAccessBlockCommand({ AccountId: ACCOUNT }));
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: publicPolicy(Bucket) }));
    const anon = await fetch(`${ctx.endpoint}/${Bucket}/doc.txt`);
    expect(anon.status).toBe(200);
    expect(await anon.text()).toBe('public?');
    // RestrictPublicBuckets at the account level: the public policy no longer grants anyone outside the account.
    await c.send(
      new PutPublicAccessBlockCommand({
        AccountId: ACCOUNT,
        PublicAccessBlockConfiguration: { RestrictPublicBuckets: true },
      }),
    );
    expect((await fetch(`${ctx.endpoint}/${Bucket}/doc.txt`)).status).toBe(403);
    const other = s3Client(ctx.endpoint, { accessKeyId: OTHER });
    expect((await s3Error(other.send(new GetObjectCommand({ Bucket, Key: 'doc.txt' })))).status).toBe(403);
    await c.send(new DeletePublicAccessBlockCommand({ AccountId: ACCOUNT }));
    expect((await fetch(`${ctx.endpoint}/${Bucket}/doc.txt`)).status).toBe(200);
    await s3.send(new DeleteBucketPolicyCommand({ Bucket }));
  });

  it('answers NotImplemented for operations atoll does not serve', async () => {
    const err = await s3Error(control().send(new ListAccessPointsCommand({ AccountId: ACCOUNT })));
    expect(err).toMatchObject({ name: 'NotImplemented', status: 501 });
    expect(err.message).toContain('ListAccessPoints');
  });
});
