// Multipart checksums (COMPOSITE `<base64>-N` and FULL_OBJECT incl. CRC64NVME) on CompleteMultipartUpload,
// HeadObject with ChecksumMode and GetObjectAttributes; signed aws-chunked trailers (x-amz-trailer-signature).
import { createHash, createHmac } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type ChecksumAlgorithm,
  type ChecksumType,
} from '@aws-sdk/client-s3';
import { Crc64Nvme } from '@aws-sdk/checksums/crc';
import { useAtoll } from '../helpers/atoll.js';
import { s3Client, s3Error, signedS3, signedS3Chunked } from './s3-helpers.js';

const ctx = useAtoll();
const Bucket = 'checksum-bucket';
const MiB = 1024 * 1024;
const part1 = Buffer.alloc(5 * MiB, 'a');
const part2 = Buffer.from('the last part, short');

const b64 = (b: Buffer) => b.toString('base64');
const crc32b = (data: Buffer) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(data) >>> 0);
  return out;
};
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

async function crc64(data: Buffer): Promise<string> {
  const c = new Crc64Nvme();
  c.update(data);
  return b64(Buffer.from(await c.digest()));
}

/** Uploads part1 + part2 with the algorithm and type; answers the Complete output. */
async function multipart(Key: string, algorithm: ChecksumAlgorithm, type?: ChecksumType) {
  const s3 = s3Client(ctx.endpoint);
  const created = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket,
      Key,
      ChecksumAlgorithm: algorithm,
      ...(type ? { ChecksumType: type } : {}),
    }),
  );
  const UploadId = created.UploadId!;
  const parts = [];
  for (const [i, Body] of [part1, part2].entries()) {
    const r = await s3.send(
      new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: i + 1, Body, ChecksumAlgorithm: algorithm }),
    );
    parts.push({ PartNumber: i + 1, ETag: r.ETag!, [`Checksum${algorithm}`]: r[`Checksum${algorithm}`] });
  }
  const done = await s3.send(
    new CompleteMultipartUploadCommand({
      Bucket,
      Key,
      UploadId,
      ...(type === 'FULL_OBJECT' ? { ChecksumType: type } : {}),
      MultipartUpload: { Parts: parts },
    }),
  );
  return { created, done, parts };
}

describe('S3 multipart checksums', () => {
  beforeAll(async () => {
    await s3Client(ctx.endpoint).send(new CreateBucketCommand({ Bucket }));
  });

  it('answers a COMPOSITE CRC32 of the part checksums, on Complete, HEAD and GetObjectAttributes', async () => {
    const { created, done, parts } = await multipart('composite-crc32', 'CRC32');
    expect(created.ChecksumType).toBe('COMPOSITE');
    expect(parts[0]!.ChecksumCRC32).toBe(b64(crc32b(part1)));
    const expected = `${b64(crc32b(Buffer.concat([crc32b(part1), crc32b(part2)])))}-2`;
    expect(done.ChecksumCRC32).toBe(expected);
    expect(done.ChecksumType).toBe('COMPOSITE');
    const s3 = s3Client(ctx.endpoint);
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'composite-crc32', ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumCRC32).toBe(expected);
    expect(head.ChecksumType).toBe('COMPOSITE');
    const attrs = await s3.send(
      new GetObjectAttributesCommand({ Bucket, Key: 'composite-crc32', ObjectAttributes: ['Checksum', 'ObjectParts'] }),
    );
    expect(attrs.Checksum).toMatchObject({ ChecksumCRC32: expected, ChecksumType: 'COMPOSITE' });
    expect(attrs.ObjectParts?.TotalPartsCount).toBe(2);
    expect(attrs.ObjectParts?.Parts).toEqual([
      { PartNumber: 1, Size: part1.length, ChecksumCRC32: b64(crc32b(part1)) },
      { PartNumber: 2, Size: part2.length, ChecksumCRC32: b64(crc32b(part2)) },
    ]);
    const paged = await s3.send(
      new GetObjectAttributesCommand({
        Bucket,
        Key: 'composite-crc32',
        ObjectAttributes: ['ObjectParts'],
        MaxParts: 1,
      }),
    );
    expect(paged.ObjectParts).toMatchObject({ IsTruncated: true, NextPartNumberMarker: '1', MaxParts: 1 });
    expect(paged.ObjectParts?.Parts?.map((p) => p.PartNumber)).toEqual([1]);
  });

  it('answers a COMPOSITE SHA256', async () => {
    const { done } = await multipart('composite-sha256', 'SHA256');
    expect(done.ChecksumSHA256).toBe(`${b64(sha256(Buffer.concat([sha256(part1), sha256(part2)])))}-2`);
    expect(done.ChecksumType).toBe('COMPOSITE');
  });

  it('answers FULL_OBJECT CRC64NVME and CRC32 checksums of the whole object', async () => {
    const whole = Buffer.concat([part1, part2]);
    const nvme = await multipart('full-crc64', 'CRC64NVME');
    expect(nvme.created.ChecksumType).toBe('FULL_OBJECT');
    expect(nvme.done.ChecksumCRC64NVME).toBe(await crc64(whole));
    expect(nvme.done.ChecksumType).toBe('FULL_OBJECT');
    const crc = await multipart('full-crc32', 'CRC32', 'FULL_OBJECT');
    expect(crc.done.ChecksumCRC32).toBe(b64(crc32b(whole)));
    expect(crc.done.ChecksumType).toBe('FULL_OBJECT');
    const s3 = s3Client(ctx.endpoint);
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'full-crc64', ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumCRC64NVME).toBe(await crc64(whole));
    expect(head.ChecksumType).toBe('FULL_OBJECT');
    // A single PUT with CRC64NVME is checked and stored too.
    const put = await s3.send(
      new PutObjectCommand({ Bucket, Key: 'put-crc64', Body: 'hello crc64', ChecksumAlgorithm: 'CRC64NVME' }),
    );
    expect(put.ChecksumCRC64NVME).toBe(await crc64(Buffer.from('hello crc64')));
  });

  it('gives objects uploaded without a checksum a full-object CRC64NVME', async () => {
    const s3 = s3Client(ctx.endpoint);
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'no-algorithm' }));
    const UploadId = created.UploadId!;
    const p1 = await s3.send(
      new UploadPartCommand({ Bucket, Key: 'no-algorithm', UploadId, PartNumber: 1, Body: part1 }),
    );
    const p2 = await s3.send(
      new UploadPartCommand({ Bucket, Key: 'no-algorithm', UploadId, PartNumber: 2, Body: part2 }),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'no-algorithm',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag! },
            { PartNumber: 2, ETag: p2.ETag! },
          ],
        },
      }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'no-algorithm', ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumCRC64NVME).toBe(await crc64(Buffer.concat([part1, part2])));
    expect(head.ChecksumType).toBe('FULL_OBJECT');
    // A PUT without any checksum header (hand-signed; the SDK always sends one).
    const put = await signedS3(ctx.endpoint, { method: 'PUT', path: `/${Bucket}/raw-put`, body: 'raw body' });
    expect(put.status).toBe(200);
    expect(put.headers.get('x-amz-checksum-crc64nvme')).toBe(await crc64(Buffer.from('raw body')));
  });

  it('refuses invalid checksum types and a part checksum that does not match', async () => {
    const s3 = s3Client(ctx.endpoint);
    const sha = await s3Error(
      s3.send(
        new CreateMultipartUploadCommand({
          Bucket,
          Key: 'bad',
          ChecksumAlgorithm: 'SHA256',
          ChecksumType: 'FULL_OBJECT',
        }),
      ),
    );
    expect(sha).toMatchObject({ name: 'InvalidRequest', status: 400 });
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'bad', ChecksumAlgorithm: 'CRC32' }));
    const p = await s3.send(
      new UploadPartCommand({
        Bucket,
        Key: 'bad',
        UploadId: created.UploadId!,
        PartNumber: 1,
        Body: 'only part',
        ChecksumAlgorithm: 'CRC32',
      }),
    );
    const wrong = await s3Error(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key: 'bad',
          UploadId: created.UploadId!,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p.ETag!, ChecksumCRC32: 'AAAAAA==' }] },
        }),
      ),
    );
    expect(wrong).toMatchObject({ name: 'InvalidPart', status: 400 });
    const listed = await s3.send(new ListPartsCommand({ Bucket, Key: 'bad', UploadId: created.UploadId! }));
    expect(listed).toMatchObject({ ChecksumAlgorithm: 'CRC32', ChecksumType: 'COMPOSITE' });
    expect(listed.Parts?.[0]?.ChecksumCRC32).toBe(b64(crc32b(Buffer.from('only part'))));
  });
});

describe('signed aws-chunked trailers', () => {
  it('verifies x-amz-trailer-signature and refuses a tampered trailer', async () => {
    const iam = new IAMClient({
      endpoint: ctx.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    await iam.send(new CreateUserCommand({ UserName: 'trailer-writer' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'trailer-writer',
        PolicyName: 'put',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:GetObject'], Resource: '*' }],
        }),
      }),
    );
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'trailer-writer' }));
    iam.destroy();
    const creds = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
    const data = 'hello trailer';
    const checksum = b64(crc32b(Buffer.from(data)));

    const send = (mode: 'good' | 'tampered-value' | 'bad-signature' | 'no-signature', path: string) => {
      const date = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
      const headers = {
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': String(data.length),
        'x-amz-trailer': 'x-amz-checksum-crc32',
        'x-amz-date': date,
      };
      const body = (seed: string) => {
        const day = date.slice(0, 8);
        const hmac = (k: Buffer | string, d: string) => createHmac('sha256', k).update(d).digest();
        const signingKey = hmac(
          hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, day), 'us-east-1'), 's3'),
          'aws4_request',
        );
        const scope = `${day}/us-east-1/s3/aws4_request`;
        const hex = (s: string) => createHash('sha256').update(s).digest('hex');
        let prev = seed;
        let wire = '';
        for (const c of [data, '']) {
          const sts = `AWS4-HMAC-SHA256-PAYLOAD\n${date}\n${scope}\n${prev}\n${hex('')}\n${hex(c)}`;
          prev = createHmac('sha256', signingKey).update(sts).digest('hex');
          wire += `${c.length.toString(16)};chunk-signature=${prev}\r\n${c}${c ? '\r\n' : ''}`;
        }
        const signedValue = checksum;
        const sentValue = mode === 'tampered-value' ? b64(crc32b(Buffer.from('something else'))) : checksum;
        const sts = `AWS4-HMAC-SHA256-TRAILER\n${date}\n${scope}\n${prev}\n${hex(`x-amz-checksum-crc32:${signedValue}\n`)}`;
        let sig = createHmac('sha256', signingKey).update(sts).digest('hex');
        if (mode === 'bad-signature') sig = sig.replace(/^./, (ch) => (ch === '0' ? '1' : '0'));
        wire += `x-amz-checksum-crc32:${sentValue}\r\n`;
        if (mode !== 'no-signature') wire += `x-amz-trailer-signature:${sig}\r\n`;
        return `${wire}\r\n`;
      };
      return signedS3Chunked(ctx.endpoint, path, headers, creds, body);
    };

    const ok = await send('good', `/${Bucket}/trailer-ok.txt`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-amz-checksum-crc32')).toBe(checksum);
    const got = await s3Client(ctx.endpoint).send(new GetObjectCommand({ Bucket, Key: 'trailer-ok.txt' }));
    expect(await got.Body?.transformToString()).toBe(data);
    for (const mode of ['tampered-value', 'bad-signature', 'no-signature'] as const) {
      const bad = await send(mode, `/${Bucket}/trailer-${mode}.txt`);
      expect(bad.status, mode).toBe(403);
      expect(bad.body, mode).toContain('<Code>SignatureDoesNotMatch</Code>');
      const missing = await signedS3(ctx.endpoint, { method: 'GET', path: `/${Bucket}/trailer-${mode}.txt` });
      expect(missing.status, mode).toBe(404);
    }
  });
});
