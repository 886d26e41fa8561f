// S3 objects through the official SDK (which sends aws-chunked bodies with CRC32 trailers): put/get/head,
// conditional requests, ranges, listing with delimiters and pagination, versioning, copy, tagging, multipart.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  ListPartsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { useAtoll } from '../helpers/atoll.js';
import { s3Client, s3Error } from './s3-helpers.js';

const ctx = useAtoll();
const Bucket = 'objects-bucket';
const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');

describe('S3 objects', () => {
  beforeAll(async () => {
    await s3Client(ctx.endpoint).send(new CreateBucketCommand({ Bucket }));
  });

  it('puts and gets objects with metadata, checksums and Content-MD5', async () => {
    const s3 = s3Client(ctx.endpoint);
    const put = await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'docs/a.txt',
        Body: 'hello world',
        ContentType: 'text/plain',
        Metadata: { Owner: 'me' },
        ChecksumAlgorithm: 'SHA256',
      }),
    );
    expect(put.ETag).toBe(`"${md5('hello world')}"`);
    expect(put.ChecksumSHA256).toBe(createHash('sha256').update('hello world').digest('base64'));
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'docs/a.txt', ChecksumMode: 'ENABLED' }));
    expect(await got.Body?.transformToString()).toBe('hello world');
    expect(got.ContentType).toBe('text/plain');
    expect(got.Metadata).toEqual({ owner: 'me' });
    expect(got.ContentLength).toBe(11);
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'docs/a.txt' }));
    expect(head.ContentLength).toBe(11);
    expect(head.ETag).toBe(put.ETag);
    const bad = new PutObjectCommand({
      Bucket,
      Key: 'bad',
      Body: 'abc',
      ContentMD5: Buffer.from(md5('xyz'), 'hex').toString('base64'),
    });
    expect(await s3Error(s3.send(bad))).toMatchObject({ name: 'BadDigest', status: 400 });
    expect(await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'nope' })))).toMatchObject({
      name: 'NoSuchKey',
      status: 404,
    });
    expect(await s3Error(s3.send(new HeadObjectCommand({ Bucket, Key: 'nope' })))).toMatchObject({ status: 404 });
    // Keys keep empty segments and trailing slashes.
    await s3.send(new PutObjectCommand({ Bucket, Key: 'dir//x/', Body: 'slashes' }));
    expect(await (await s3.send(new GetObjectCommand({ Bucket, Key: 'dir//x/' }))).Body?.transformToString()).toBe(
      'slashes',
    );
  });

  it('answers conditional requests and ranges', async () => {
    const s3 = s3Client(ctx.endpoint);
    const { ETag } = await s3.send(new PutObjectCommand({ Bucket, Key: 'cond', Body: '0123456789' }));
    expect(
      await s3Error(s3.send(new PutObjectCommand({ Bucket, Key: 'cond', Body: 'x', IfNoneMatch: '*' }))),
    ).toMatchObject({
      name: 'PreconditionFailed',
      status: 412,
    });
    expect(await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'cond', IfNoneMatch: ETag })))).toMatchObject({
      status: 304,
    });
    expect(await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'cond', IfMatch: '"nope"' })))).toMatchObject({
      name: 'PreconditionFailed',
      status: 412,
    });
    // A true If-Match wins over a false If-Unmodified-Since.
    const past = new Date(Date.now() - 86_400_000);
    const ok = await s3.send(new GetObjectCommand({ Bucket, Key: 'cond', IfMatch: ETag, IfUnmodifiedSince: past }));
    expect(ok.$metadata.httpStatusCode).toBe(200);
    // A future If-Modified-Since is ignored.
    const future = await s3.send(
      new GetObjectCommand({ Bucket, Key: 'cond', IfModifiedSince: new Date(Date.now() + 60_000) }),
    );
    expect(future.$metadata.httpStatusCode).toBe(200);
    const range = await s3.send(new GetObjectCommand({ Bucket, Key: 'cond', Range: 'bytes=2-5' }));
    expect(range.$metadata.httpStatusCode).toBe(206);
    expect(range.ContentRange).toBe('bytes 2-5/10');
    expect(await range.Body?.transformToString()).toBe('2345');
    const suffix = await s3.send(new GetObjectCommand({ Bucket, Key: 'cond', Range: 'bytes=-3' }));
    expect(await suffix.Body?.transformToString()).toBe('789');
    expect(await s3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'cond', Range: 'bytes=20-30' })))).toMatchObject({
      name: 'InvalidRange',
      status: 416,
    });
    const over = await s3.send(
      new GetObjectCommand({
        Bucket,
        Key: 'cond',
        ResponseContentType: 'application/json',
        ResponseCacheControl: 'no-cache',
      }),
    );
    expect(over.ContentType).toBe('application/json');
    expect(over.CacheControl).toBe('no-cache');
  });

  it('lists with prefixes, delimiters and pagination (v1 and v2)', async () => {
    const s3 = s3Client(ctx.endpoint);
    const B = 'list-bucket';
    await s3.send(new CreateBucketCommand({ Bucket: B }));
    for (const k of ['a/1', 'a/2', 'b/1', 'c', 'd', 'e f'])
      await s3.send(new PutObjectCommand({ Bucket: B, Key: k, Body: k }));
    const top = await s3.send(new ListObjectsV2Command({ Bucket: B, Delimiter: '/' }));
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/', 'b/']);
    expect(top.Contents?.map((c) => c.Key)).toEqual(['c', 'd', 'e f']);
    expect(top.KeyCount).toBe(5);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: B, MaxKeys: 2, ContinuationToken: token, Delimiter: '/' }),
      );
      expect(page.KeyCount).toBeLessThanOrEqual(2);
      keys.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix!), ...(page.Contents ?? []).map((c) => c.Key!));
      token = page.NextContinuationToken;
      if (token) expect(page.IsTruncated).toBe(true);
    } while (token);
    expect(keys.sort()).toEqual(['a/', 'b/', 'c', 'd', 'e f']);
    const none = await s3.send(new ListObjectsV2Command({ Bucket: B, MaxKeys: 0 }));
    expect(none).toMatchObject({ KeyCount: 0, IsTruncated: false });
    const after = await s3.send(new ListObjectsV2Command({ Bucket: B, StartAfter: 'b/1', Prefix: '' }));
    expect(after.Contents?.map((c) => c.Key)).toEqual(['c', 'd', 'e f']);
    const prefixed = await s3.send(new ListObjectsV2Command({ Bucket: B, Prefix: 'a/', FetchOwner: true }));
    expect(prefixed.Contents?.map((c) => c.Key)).toEqual(['a/1', 'a/2']);
    expect(prefixed.Contents?.[0]?.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    const encoded = await s3.send(new ListObjectsV2Command({ Bucket: B, Prefix: 'e', EncodingType: 'url' }));
    expect(encoded.Contents?.[0]?.Key).toBe('e%20f');
    const v1 = await s3.send(new ListObjectsCommand({ Bucket: B, Delimiter: '/', MaxKeys: 1 }));
    expect(v1.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/']);
    expect(v1.NextMarker).toBe('a/');
    const v1next = await s3.send(new ListObjectsCommand({ Bucket: B, Delimiter: '/', Marker: v1.NextMarker }));
    expect(v1next.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['b/']);
  });

  it('keeps versions and delete markers in a versioned bucket', async () => {
    const s3 = s3Client(ctx.endpoint);
    const B = 'versioned-bucket';
    await s3.send(new CreateBucketCommand({ Bucket: B }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: B, VersioningConfiguration: { Status: 'Enabled' } }));
    const v1 = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'k', Body: 'one' }));
    const v2 = await s3.send(new PutObjectCommand({ Bucket: B, Key: 'k', Body: 'two' }));
    expect(v1.VersionId).toBeTruthy();
    expect(v2.VersionId).not.toBe(v1.VersionId);
    expect(
      await (
        await s3.send(new GetObjectCommand({ Bucket: B, Key: 'k', VersionId: v1.VersionId }))
      ).Body?.transformToString(),
    ).toBe('one');
    const del = await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'k' }));
    expect(del.DeleteMarker).toBe(true);
    expect(await s3Error(s3.send(new GetObjectCommand({ Bucket: B, Key: 'k' })))).toMatchObject({
      name: 'NoSuchKey',
      status: 404,
    });
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: B }));
    expect(versions.Versions?.map((v) => v.VersionId)).toEqual([v2.VersionId, v1.VersionId]);
    expect(versions.DeleteMarkers?.[0]).toMatchObject({ Key: 'k', IsLatest: true, VersionId: del.VersionId });
    // Removing the marker brings the last version back.
    await s3.send(new DeleteObjectCommand({ Bucket: B, Key: 'k', VersionId: del.VersionId }));
    expect(await (await s3.send(new GetObjectCommand({ Bucket: B, Key: 'k' }))).Body?.transformToString()).toBe('two');
  });

  it('copies, tags and deletes in batches', async () => {
    const s3 = s3Client(ctx.endpoint);
    await s3.send(
      new PutObjectCommand({ Bucket, Key: 'src', Body: 'copy me', Metadata: { a: '1' }, Tagging: 'x=1&y=2' }),
    );
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket, Key: 'src' }))).TagSet).toEqual([
      { Key: 'x', Value: '1' },
      { Key: 'y', Value: '2' },
    ]);
    const copy = await s3.send(new CopyObjectCommand({ Bucket, Key: 'dst', CopySource: `${Bucket}/src` }));
    expect(copy.CopyObjectResult?.ETag).toBe(`"${md5('copy me')}"`);
    const dst = await s3.send(new GetObjectCommand({ Bucket, Key: 'dst' }));
    expect(dst.Metadata).toEqual({ a: '1' });
    expect(await dst.Body?.transformToString()).toBe('copy me');
    await s3.send(
      new CopyObjectCommand({
        Bucket,
        Key: 'dst',
        CopySource: `${Bucket}/src`,
        MetadataDirective: 'REPLACE',
        Metadata: { b: '2' },
      }),
    );
    expect((await s3.send(new HeadObjectCommand({ Bucket, Key: 'dst' }))).Metadata).toEqual({ b: '2' });
    expect(
      await s3Error(s3.send(new CopyObjectCommand({ Bucket, Key: 'src', CopySource: `${Bucket}/src` }))),
    ).toMatchObject({
      name: 'InvalidRequest',
      status: 400,
    });
    expect(
      await s3Error(
        s3.send(new CopyObjectCommand({ Bucket, Key: 'dst', CopySource: `${Bucket}/src`, CopySourceIfMatch: '"zzz"' })),
      ),
    ).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    await s3.send(new PutObjectTaggingCommand({ Bucket, Key: 'dst', Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } }));
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket, Key: 'dst' }))).TagSet).toEqual([
      { Key: 'k', Value: 'v' },
    ]);
    const attrs = await s3.send(
      new GetObjectAttributesCommand({ Bucket, Key: 'dst', ObjectAttributes: ['ETag', 'ObjectSize'] }),
    );
    expect(attrs).toMatchObject({ ETag: md5('copy me'), ObjectSize: 7 });
    const res = await s3.send(
      new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'src' }, { Key: 'dst' }] } }),
    );
    expect(res.Deleted?.map((d) => d.Key).sort()).toEqual(['dst', 'src']);
    const quiet = await s3.send(
      new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'src' }], Quiet: true } }),
    );
    expect(quiet.Deleted).toBeUndefined();
  });

  it('runs multipart uploads with AWS part rules', async () => {
    const s3 = s3Client(ctx.endpoint);
    const Key = 'big/multi.bin';
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket, Key, ContentType: 'application/x-test' }),
    );
    const part1 = Buffer.alloc(5 * 1024 * 1024, 1);
    const part2 = Buffer.from('tail');
    const p1 = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: part1 }));
    const p2 = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 2, Body: part2 }));
    expect(p1.ETag).toBe(`"${md5(part1)}"`);
    expect(
      await s3Error(s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 10001, Body: 'x' }))),
    ).toMatchObject({
      name: 'InvalidArgument',
    });
    const parts = await s3.send(new ListPartsCommand({ Bucket, Key, UploadId }));
    expect(parts.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([
      [1, part1.length],
      [2, 4],
    ]);
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket }))).Uploads?.map((u) => u.UploadId)).toContain(
      UploadId,
    );
    const order = {
      Parts: [
        { PartNumber: 2, ETag: p2.ETag },
        { PartNumber: 1, ETag: p1.ETag },
      ],
    };
    expect(
      await s3Error(s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: order }))),
    ).toMatchObject({
      name: 'InvalidPartOrder',
    });
    const wrong = { Parts: [{ PartNumber: 1, ETag: '"00"' }] };
    expect(
      await s3Error(s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: wrong }))),
    ).toMatchObject({
      name: 'InvalidPart',
    });
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key,
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag },
            { PartNumber: 2, ETag: p2.ETag },
          ],
        },
      }),
    );
    const expected = md5(Buffer.concat([Buffer.from(md5(part1), 'hex'), Buffer.from(md5(part2), 'hex')]));
    expect(done.ETag).toBe(`"${expected}-2"`);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key, Range: 'bytes=5242878-5242881' }));
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(Buffer.from([1, 1, 116, 97]));
    expect(got.ContentType).toBe('application/x-test');

    // Too-small parts, part copies and aborts.
    const small = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'small' }));
    const s1 = await s3.send(
      new UploadPartCommand({ Bucket, Key: 'small', UploadId: small.UploadId, PartNumber: 1, Body: 'a' }),
    );
    const s2 = await s3.send(
      new UploadPartCopyCommand({
        Bucket,
        Key: 'small',
        UploadId: small.UploadId,
        PartNumber: 2,
        CopySource: `${Bucket}/${Key}`,
        CopySourceRange: 'bytes=0-9',
      }),
    );
    expect(s2.CopyPartResult?.ETag).toBe(`"${md5(Buffer.alloc(10, 1))}"`);
    const tooSmall = {
      Parts: [
        { PartNumber: 1, ETag: s1.ETag },
        { PartNumber: 2, ETag: s2.CopyPartResult?.ETag },
      ],
    };
    expect(
      await s3Error(
        s3.send(
          new CompleteMultipartUploadCommand({
            Bucket,
            Key: 'small',
            UploadId: small.UploadId,
            MultipartUpload: tooSmall,
          }),
        ),
      ),
    ).toMatchObject({ name: 'EntityTooSmall', status: 400 });
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: 'small', UploadId: small.UploadId }));
    expect(
      await s3Error(s3.send(new ListPartsCommand({ Bucket, Key: 'small', UploadId: small.UploadId }))),
    ).toMatchObject({
      name: 'NoSuchUpload',
      status: 404,
    });
  });
});
