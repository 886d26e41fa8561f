// S3's pure pieces: aws-chunked decoding, checksums, addressing, ranges and bucket names.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { hmacHex, signingKey } from '../../../src/auth/canonical.js';
import { describe, expect, it } from 'vitest';
import { keyFromPath, toPathStyle, virtualHostBucket } from '../../../src/services/s3/addressing.js';
import { validBucketName } from '../../../src/services/s3/buckets.js';
import { Digests } from '../../../src/services/s3/checksums.js';
import { AwsChunkedDecoder, type ChunkSigner } from '../../../src/services/s3/chunked.js';
import { parseRange } from '../../../src/services/s3/conditions.js';

async function decode(
  parts: string[],
  signer?: ChunkSigner,
): Promise<{ body: string; trailers: Record<string, string> }> {
  const d = new AwsChunkedDecoder(signer);
  const chunks: Buffer[] = [];
  for await (const c of Readable.from(parts.map((p) => Buffer.from(p, 'latin1'))).pipe(d)) chunks.push(c as Buffer);
  return { body: Buffer.concat(chunks).toString('latin1'), trailers: d.trailers };
}

describe('aws-chunked', () => {
  it('decodes unsigned chunks with trailers, split anywhere', async () => {
    const wire = '5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n';
    for (let cut = 1; cut < wire.length; cut += 7) {
      const out = await decode([wire.slice(0, cut), wire.slice(cut)]);
      expect(out.body).toBe('hello world');
      expect(out.trailers['x-amz-checksum-crc32']).toBe('DUoRhQ==');
    }
  });

  it('decodes signed chunks and rejects a truncated body', async () => {
    const sig = 'a'.repeat(64);
    const out = await decode([`3;chunk-signature=${sig}\r\nabc\r\n0;chunk-signature=${sig}\r\n\r\n`]);
    expect(out.body).toBe('abc');
    await expect(decode(['5\r\nhel'])).rejects.toMatchObject({ code: 'IncompleteBody' });
  });
});

describe('signed aws-chunked', () => {
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  const signer: ChunkSigner = {
    key: signingKey('secret', '20260101', 'us-east-1', 's3'),
    longDate: '20260101T000000Z',
    scope: '20260101/us-east-1/s3/aws4_request',
    seed: 'f'.repeat(64),
  };
  function sign(chunks: string[]): string {
    let prev = signer.seed;
    let wire = '';
    for (const c of [...chunks, '']) {
      const sts = `AWS4-HMAC-SHA256-PAYLOAD\n${signer.longDate}\n${signer.scope}\n${prev}\n${sha('')}\n${sha(c)}`;
      prev = hmacHex(signer.key, sts);
      wire += `${c.length.toString(16)};chunk-signature=${prev}\r\n${c}\r\n`;
    }
    return wire;
  }

  it('verifies every chunk signature from the seed', async () => {
    expect((await decode([sign(['hello ', 'world'])], signer)).body).toBe('hello world');
    const tampered = sign(['hello ', 'world']).replace('world', 'WORLD');
    await expect(decode([tampered], signer)).rejects.toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
  });
});

describe('checksums', () => {
  it('computes MD5, CRC32, CRC32C, SHA1 and SHA256 in one pass', () => {
    const d = new Digests(['CRC32', 'CRC32C', 'SHA1', 'SHA256']);
    d.update(Buffer.from('hello '));
    d.update(Buffer.from('world'));
    const { md5, checksums } = d.finish();
    expect(md5).toBe('5eb63bbbe01eeed093cb22bb8f5acdc3');
    expect(checksums.CRC32).toBe('DUoRhQ==');
    expect(checksums.CRC32C).toBe('yZRlqg==');
    expect(checksums.SHA1).toBe('Kq5sNclPz7QV2+lfQIuc6R7oRu0=');
    expect(checksums.SHA256).toBe('uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=');
  });
});

describe('addressing', () => {
  it('finds the bucket of virtual-hosted requests only', () => {
    expect(virtualHostBucket('photos.localhost:4566')).toBe('photos');
    expect(virtualHostBucket('photos.s3.localhost')).toBe('photos');
    expect(virtualHostBucket('my.dotted.bucket.s3.us-west-2.amazonaws.com')).toBe('my.dotted.bucket');
    expect(virtualHostBucket('photos.s3.amazonaws.com')).toBe('photos');
    expect(virtualHostBucket('localhost:4566')).toBeUndefined();
    expect(virtualHostBucket('s3.localhost:4566')).toBeUndefined();
    expect(virtualHostBucket('127.0.0.1:4566')).toBeUndefined();
    expect(virtualHostBucket('photos.atoll.test', 'atoll.test')).toBe('photos');
    expect(toPathStyle('/', 'b')).toBe('/b');
    expect(toPathStyle('/k/x', 'b')).toBe('/b/k/x');
  });

  it('keeps keys exactly as sent', () => {
    expect(keyFromPath('/b/dir//x/', 'b', undefined)).toBe('dir//x/');
    expect(keyFromPath('/dir/', 'b', 'b')).toBe('dir/');
    expect(keyFromPath('/b', 'b', undefined)).toBeUndefined();
  });
});

describe('ranges and names', () => {
  it('parses single byte ranges as S3 does', () => {
    expect(parseRange('bytes=0-4', 10)).toEqual({ start: 0, end: 4 });
    expect(parseRange('bytes=5-', 10)).toEqual({ start: 5, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=8-100', 10)).toEqual({ start: 8, end: 9 });
    expect(parseRange('bytes=0-1,4-5', 10)).toBeUndefined();
    expect(() => parseRange('bytes=10-', 10)).toThrow(expect.objectContaining({ code: 'InvalidRange', status: 416 }));
  });

  it('applies the general purpose bucket naming rules', () => {
    for (const ok of ['abc', 'my-bucket.logs', 'a'.repeat(63)]) expect(validBucketName(ok)).toBe(true);
    for (const bad of [
      'ab',
      'a'.repeat(64),
      'Upper',
      'a..b',
      '-ab',
      'ab-',
      '192.168.5.4',
      'xn--abc',
      'x-s3alias',
      'a_b',
    ]) {
      expect(validBucketName(bad), bad).toBe(false);
    }
  });
});
