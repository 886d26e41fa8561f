// Reads an upload's body (in memory or spooled to disk by the HTTP front), decodes aws-chunked, writes the
// object file, and checks Content-MD5 and the flexible checksums (headers or trailers) before anything commits.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { RequestContext } from '../types.js';
import type { WrittenBlob } from './blobs.js';
import { signingKey } from '../../auth/canonical.js';
import { AwsChunkedDecoder, type ChunkSigner } from './chunked.js';
import { algorithmOfHeader, CHECKSUM_ALGORITHMS, type ChecksumAlgorithm } from './checksums.js';
import { S3Errors } from './errors.js';
import type { S3Service } from './service.js';

export interface UploadInput {
  Body?: Uint8Array | undefined;
  ContentEncoding?: string | undefined;
  ContentMD5?: string | undefined;
  ChecksumAlgorithm?: string | undefined;
  ChecksumCRC32?: string | undefined;
  ChecksumCRC32C?: string | undefined;
  ChecksumSHA1?: string | undefined;
  ChecksumSHA256?: string | undefined;
  ChecksumCRC64NVME?: string | undefined;
}

export interface Ingested {
  blob: WrittenBlob;
  /** Content-Encoding to store: the request's, without `aws-chunked`. */
  contentEncoding?: string;
  /** Checksums the client sent (and that matched), by algorithm. */
  checksums: Record<string, string>;
}

export async function ingest(
  svc: S3Service,
  input: UploadInput,
  ctx: RequestContext,
  encrypt: boolean | Buffer,
  /** PutObject: without a checksum from the client, S3 stores a full-object CRC64NVME of its own. */
  defaultChecksum = false,
): Promise<Ingested> {
  const encodings = (input.ContentEncoding ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const chunked = encodings.includes('aws-chunked');
  const rest = encodings.filter((e) => e !== 'aws-chunked');
  if (input.ContentMD5 !== undefined && Buffer.from(input.ContentMD5, 'base64').length !== 16) {
    throw S3Errors.invalidDigest();
  }
  const wanted = new Set<ChecksumAlgorithm>();
  const requested = input.ChecksumAlgorithm?.toUpperCase();
  if (requested && (CHECKSUM_ALGORITHMS as readonly string[]).includes(requested))
    wanted.add(requested as ChecksumAlgorithm);
  for (const a of CHECKSUM_ALGORITHMS) if (input[`Checksum${a}`] !== undefined) wanted.add(a);
  // A checksum announced as a trailer (x-amz-trailer) is computed too, so the trailer's value is checked.
  const trailer = ctx.headers?.['x-amz-trailer'];
  for (const name of String(Array.isArray(trailer) ? trailer.join(',') : (trailer ?? '')).split(',')) {
    const a = algorithmOfHeader(name.trim());
    if (a) wanted.add(a);
  }

  const raw = ctx.bodyFile
    ? createReadStream(ctx.bodyFile.path)
    : Readable.from([Buffer.from(input.Body ?? new Uint8Array())]);
  const decoder = chunked ? new AwsChunkedDecoder(chunkSigner(svc, ctx)) : undefined;
  if (decoder) raw.on('error', (e: Error) => decoder.destroy(e));
  if (defaultChecksum && wanted.size === 0) wanted.add('CRC64NVME');
  const blob = await svc.blobs.write(decoder ? raw.pipe(decoder) : raw, [...wanted], encrypt);
  try {
    if (input.ContentMD5 !== undefined && Buffer.from(input.ContentMD5, 'base64').toString('hex') !== blob.md5) {
      throw S3Errors.badDigest();
    }
    const sent: Record<string, string> = {};
    for (const a of CHECKSUM_ALGORITHMS) {
      const v = input[`Checksum${a}`] ?? decoder?.trailers[`x-amz-checksum-${a.toLowerCase()}`];
      if (v === undefined) continue;
      if (blob.checksums[a] === undefined) continue;
      if (v !== blob.checksums[a]) throw S3Errors.checksumMismatch(a);
      sent[a] = v;
    }
    return { blob, checksums: sent, ...(rest.length > 0 ? { contentEncoding: rest.join(', ') } : {}) };
  } catch (e) {
    svc.blobs.remove(blob.name);
    throw e;
  }
}

/** Signed aws-chunked bodies from a key atoll knows are verified chunk by chunk; others are only decoded. */
function chunkSigner(svc: S3Service, ctx: RequestContext): ChunkSigner | undefined {
  const h = (n: string) => {
    const v = ctx.headers?.[n];
    return Array.isArray(v) ? v[0] : v;
  };
  const mode = h('x-amz-content-sha256') ?? '';
  if (!mode.startsWith('STREAMING-AWS4-HMAC-SHA256-PAYLOAD')) return undefined;
  const m = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request.*Signature=([0-9a-f]{64})/.exec(
    h('authorization') ?? '',
  );
  const longDate = h('x-amz-date');
  if (!m || !longDate) return undefined;
  const known = svc.core.credentials.secretFor(m[1]!);
  if (!known) return undefined;
  return {
    key: signingKey(known.secretAccessKey, m[2]!, m[3]!, m[4]!),
    longDate,
    scope: `${m[2]}/${m[3]}/${m[4]}/aws4_request`,
    seed: m[5]!,
    trailer: mode === 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  };
}
