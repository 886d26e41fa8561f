// Checksums of multipart uploads. COMPOSITE (CRC32, CRC32C, SHA1, SHA256): the algorithm over the concatenated
// binary part checksums, answered as `<base64>-<part count>`. FULL_OBJECT (CRC64NVME, CRC32, CRC32C): the algorithm
// over the whole object, as a single PUT would have it. The type is chosen at CreateMultipartUpload
// (x-amz-checksum-type; CRC64NVME is always FULL_OBJECT, the others default to COMPOSITE).
import { S3Errors } from './errors.js';
import { CHECKSUM_ALGORITHMS, Digests, type ChecksumAlgorithm } from './checksums.js';
import type { GetObjectAttributesParts } from '../../../generated/s3/types.js';
import type { ObjectMeta } from './store.js';

export type MpuChecksumType = 'COMPOSITE' | 'FULL_OBJECT';

/** Validates CreateMultipartUpload's algorithm and type; undefined when the upload has no checksum. */
export function uploadChecksum(
  algorithm: string | undefined,
  type: string | undefined,
): { algorithm: ChecksumAlgorithm; type: MpuChecksumType } | undefined {
  if (algorithm === undefined) {
    if (type !== undefined)
      throw S3Errors.invalidRequest(
        'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.',
      );
    return undefined;
  }
  const a = algorithm.toUpperCase() as ChecksumAlgorithm;
  if (!(CHECKSUM_ALGORITHMS as readonly string[]).includes(a))
    throw S3Errors.invalidRequest('Checksum algorithm provided is unsupported.');
  const t = (type ?? (a === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE')) as MpuChecksumType;
  if (t === 'FULL_OBJECT' && (a === 'SHA1' || a === 'SHA256'))
    throw S3Errors.invalidRequest(
      `The FULL_OBJECT checksum type cannot be used with the ${a.toLowerCase()} checksum algorithm.`,
    );
  if (t === 'COMPOSITE' && a === 'CRC64NVME')
    throw S3Errors.invalidRequest('The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.');
  return { algorithm: a, type: t };
}

/** The checksum of checksums: `<base64>-N` over the parts' binary checksums in part order. */
export function compositeChecksum(algorithm: ChecksumAlgorithm, partChecksums: string[]): string {
  const d = new Digests([algorithm]);
  d.update(Buffer.concat(partChecksums.map((c) => Buffer.from(c, 'base64'))));
  return `${d.finish().checksums[algorithm]}-${partChecksums.length}`;
}

/**
 * Checks the part checksums CompleteMultipartUpload lists against those stored with the parts (InvalidPart when
 * one differs) and answers the stored ones in order; a part without its checksum cannot complete a checksummed
 * upload.
 */
export function partChecksums(
  algorithm: ChecksumAlgorithm,
  listed: Array<Record<string, unknown>>,
  stored: Array<Record<string, string> | undefined>,
): string[] {
  return listed.map((p, i) => {
    const have = stored[i]?.[algorithm];
    const given = p[`Checksum${algorithm}`];
    if (have === undefined) throw S3Errors.invalidPart();
    if (typeof given === 'string' && given !== have) throw S3Errors.invalidPart();
    return have;
  });
}

/** A full-object checksum the Complete request carries (x-amz-checksum-*) must match the computed one. */
export function checkCompleteChecksum(input: Record<string, unknown>, algorithm: ChecksumAlgorithm, value: string) {
  const given = input[`Checksum${algorithm}`];
  if (typeof given !== 'string') return;
  if (given.replace(/-\d+$/, '') !== value.replace(/-\d+$/, '')) throw S3Errors.checksumMismatch(algorithm);
}

/** GetObjectAttributes' ObjectParts: the part count, and (checksummed uploads) the parts page by page. */
export function objectParts(
  m: ObjectMeta,
  input: { MaxParts?: number | undefined; PartNumberMarker?: string | undefined },
): GetObjectAttributesParts {
  const out: GetObjectAttributesParts = { TotalPartsCount: m.partsCount! };
  if (!m.parts) return out;
  const algorithm = Object.keys(m.checksums ?? {})[0];
  const max = Math.min(input.MaxParts ?? 1000, 1000);
  const after = Number(input.PartNumberMarker ?? '0') || 0;
  const rest = m.parts.filter(([n]) => n > after);
  const page = rest.slice(0, max);
  out.PartNumberMarker = String(after);
  out.MaxParts = max;
  out.IsTruncated = rest.length > max;
  if (out.IsTruncated) out.NextPartNumberMarker = String(page[page.length - 1]![0]);
  out.Parts = page.map(([n, size, checksum]) => ({
    PartNumber: n,
    Size: size,
    ...(algorithm && checksum ? { [`Checksum${algorithm}`]: checksum } : {}),
  }));
  return out;
}

/** `{ CRC32: v }` as the answer's `{ ChecksumCRC32: v }` members. */
export function prefixed(checksums: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(checksums).map(([a, v]) => [`Checksum${a}`, v]));
}
