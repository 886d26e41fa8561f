// Multipart uploads: parts are files of their own; completing concatenates the listed parts into one object
// file (fsynced) and commits it in one transaction with the upload's removal.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Handlers } from './api.js';
import { newObjectAcl } from './acl-ops.js';
import { S3Errors } from './errors.js';
import { ingest } from './ingest.js';
import { contentMeta, parseTaggingHeader } from './object-view.js';
import { notifyCreated } from './objects.js';
import { quoted, type S3Service } from './service.js';
import type { ObjectMeta, PartRow, UploadRow } from './store.js';
import { copySourceRange, resolveCopySource } from './copy.js';
import { checkCompleteChecksum, compositeChecksum, partChecksums, prefixed, uploadChecksum } from './mpu-checksums.js';
import type { ChecksumAlgorithm } from './checksums.js';
import type { RequestContext } from '../types.js';
import {
  customerKey,
  decryptDataKey,
  encryptionHeaders,
  matchesCustomerKey,
  protectionFor,
  SseErrors,
  unlockCopySource,
  type CustomerKeyInput,
} from './sse.js';

const MIN_PART = 5 * 1024 * 1024;

interface UploadMeta extends ObjectMeta {
  encrypt: boolean;
  checksumAlgorithm?: string;
  initiator: string;
  /** An SSE-C key sealed under the state dir key while the upload is open (Complete carries no key). */
  sealedKey?: string;
}

interface PartMeta {
  checksums?: Record<string, string>;
  sse?: ObjectMeta['sse'];
}

function partNumber(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 10000) {
    throw S3Errors.invalidArgument(
      'Part number must be an integer between 1 and 10000, inclusive',
      'partNumber',
      String(n),
    );
  }
}

export function multipartHandlers(
  svc: S3Service,
): Pick<
  Handlers,
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'UploadPartCopy'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'ListMultipartUploads'
  | 'ListParts'
> {
  const upload = (bucket: string, key: string, id: string): UploadRow => {
    svc.bucket(bucket);
    const u = svc.db.upload(id);
    if (!u || u.bucket !== bucket || u.key !== key) throw S3Errors.noSuchUpload(id);
    return u;
  };
  const storePart = (u: UploadRow, n: number, row: Omit<PartRow, 'upload_id' | 'part_number' | 'last_modified'>) => {
    const old = svc.db.part(u.upload_id, n);
    svc.db.tx(() => {
      if (!svc.db.upload(u.upload_id)) throw S3Errors.noSuchUpload(u.upload_id);
      svc.db.putPart({ ...row, upload_id: u.upload_id, part_number: n, last_modified: svc.now() });
    });
    if (old) svc.blobs.remove(old.blob);
  };
  /**
   * The key parts and the object are encrypted with: SSE-C parts must carry the upload's customer key; SSE-KMS
   * decrypts the upload's data key through KMS as the requester (S3 needs kms:Decrypt for multipart uploads).
   */
  const uploadKey = async (
    u: UploadRow,
    meta: UploadMeta,
    given: CustomerKeyInput | undefined,
    ctx: RequestContext,
  ): Promise<boolean | Buffer> => {
    const key = given && customerKey(given);
    if (meta.ssec) {
      if (!given) return svc.blobs.unseal(meta.sealedKey!);
      if (!key) throw SseErrors.partKeyMissing();
      if (!matchesCustomerKey(meta.ssec, key)) throw SseErrors.partKeyMismatch();
      return key;
    }
    if (key) throw SseErrors.partKeyMismatch();
    if (meta.kms) return decryptDataKey(svc, svc.bucket(u.bucket), meta.kms, ctx);
    return meta.encrypt;
  };
  const sseOf = (input: {
    SSECustomerAlgorithm?: string | undefined;
    SSECustomerKey?: string | undefined;
    SSECustomerKeyMD5?: string | undefined;
  }): CustomerKeyInput => ({
    algorithm: input.SSECustomerAlgorithm,
    key: input.SSECustomerKey,
    md5: input.SSECustomerKeyMD5,
  });
  return {
    async CreateMultipartUpload(input, ctx) {
      const bucket = svc.bucket(input.Bucket);
      const checksum = uploadChecksum(input.ChecksumAlgorithm, input.ChecksumType);
      const acl = newObjectAcl(svc, bucket.name, bucket.account_id, ctx.accountId, input);
      const protection = await protectionFor(svc, bucket, input.Key, input, ctx, 'CreateMultipartUpload');
      const id = randomBytes(48).toString('base64url');
      const meta: UploadMeta = {
        ...contentMeta(input),
        ...protection.meta,
        encrypt: protection.key !== false,
        initiator: ctx.principal.arn,
      };
      if (Buffer.isBuffer(protection.key) && protection.meta.ssec) meta.sealedKey = svc.blobs.seal(protection.key);
      const tags = parseTaggingHeader(input.Tagging);
      if (tags) meta.tags = tags;
      if (acl) meta.acl = acl;
      if (checksum) {
        meta.checksumAlgorithm = checksum.algorithm;
        meta.checksumType = checksum.type;
      }
      svc.db.tx(() => svc.db.insertUpload(id, bucket.name, input.Key, svc.now(), JSON.stringify(meta)));
      return {
        Bucket: input.Bucket,
        Key: input.Key,
        UploadId: id,
        ...encryptionHeaders(meta, true),
        ...(checksum ? { ChecksumAlgorithm: checksum.algorithm, ChecksumType: checksum.type } : {}),
      };
    },

    async UploadPart(input, ctx) {
      partNumber(input.PartNumber);
      const u = upload(input.Bucket, input.Key, input.UploadId);
      const meta = JSON.parse(u.meta) as UploadMeta;
      const key = await uploadKey(u, meta, sseOf(input), ctx);
      // The upload's checksum algorithm is computed for every part, whatever the part request names.
      const body = { ...input, ChecksumAlgorithm: input.ChecksumAlgorithm ?? meta.checksumAlgorithm };
      const { blob, checksums } = await ingest(svc, body, ctx, key);
      const partMeta: PartMeta = { checksums: { ...blob.checksums, ...checksums } };
      if (blob.sse) partMeta.sse = blob.sse;
      try {
        storePart(u, input.PartNumber, {
          size: blob.size,
          etag: blob.md5,
          blob: blob.name,
          meta: JSON.stringify(partMeta),
        });
      } catch (e) {
        svc.blobs.remove(blob.name);
        throw e;
      }
      const out: Record<string, string | boolean> = { ETag: quoted(blob.md5), ...encryptionHeaders(meta) };
      for (const [a, v] of Object.entries({ ...blob.checksums, ...checksums })) out[`Checksum${a}`] = v;
      return out;
    },

    async UploadPartCopy(input, ctx) {
      partNumber(input.PartNumber);
      const u = upload(input.Bucket, input.Key, input.UploadId);
      const meta = JSON.parse(u.meta) as UploadMeta;
      const src = resolveCopySource(svc, input);
      const range = copySourceRange(input.CopySourceRange, src.row.size);
      const srcMeta = JSON.parse(src.row.meta) as ObjectMeta;
      const srcKey = await unlockCopySource(svc, svc.bucket(src.bucket), srcMeta, input, ctx);
      const key = await uploadKey(u, meta, sseOf(input), ctx);
      const algorithms = meta.checksumAlgorithm ? [meta.checksumAlgorithm as ChecksumAlgorithm] : [];
      const blob = await svc.blobs.write(
        svc.blobs.read(src.row.blob!, range.start, range.end, srcMeta.sse, srcKey),
        algorithms,
        key,
      );
      const partMeta: PartMeta = { checksums: blob.checksums, ...(blob.sse ? { sse: blob.sse } : {}) };
      try {
        storePart(u, input.PartNumber, {
          size: blob.size,
          etag: blob.md5,
          blob: blob.name,
          meta: JSON.stringify(partMeta),
        });
      } catch (e) {
        svc.blobs.remove(blob.name);
        throw e;
      }
      return {
        CopyPartResult: { ETag: quoted(blob.md5), LastModified: new Date(svc.now()), ...prefixed(blob.checksums) },
        ...(src.row.version_id !== 'null' ? { CopySourceVersionId: src.row.version_id } : {}),
        ...encryptionHeaders(meta),
      };
    },

    async CompleteMultipartUpload(input, ctx) {
      const bucket = svc.bucket(input.Bucket);
      const u = upload(input.Bucket, input.Key, input.UploadId);
      const listed = input.MultipartUpload?.Parts ?? [];
      if (listed.length === 0) throw S3Errors.malformedXml();
      const parts: PartRow[] = [];
      let prev = 0;
      for (const p of listed) {
        const n = p.PartNumber ?? 0;
        if (n <= prev) throw S3Errors.invalidPartOrder();
        prev = n;
        const row = svc.db.part(u.upload_id, n);
        const etag = (p.ETag ?? '').replace(/^"|"$/g, '');
        if (!row || row.etag !== etag) throw S3Errors.invalidPart();
        parts.push(row);
      }
      for (let i = 0; i < parts.length - 1; i++) if (parts[i]!.size < MIN_PART) throw S3Errors.entityTooSmall();
      const meta = JSON.parse(u.meta) as UploadMeta;
      const partMetas = parts.map((p) => JSON.parse(p.meta) as PartMeta);
      // Without a checksum algorithm, S3 gives the object a full-object CRC64NVME of its own.
      const algorithm = (meta.checksumAlgorithm ?? 'CRC64NVME') as ChecksumAlgorithm;
      const composite =
        meta.checksumAlgorithm && meta.checksumType !== 'FULL_OBJECT'
          ? compositeChecksum(
              algorithm,
              partChecksums(
                algorithm,
                listed as Array<Record<string, unknown>>,
                partMetas.map((m) => m.checksums),
              ),
            )
          : undefined;
      const key = await uploadKey(u, meta, undefined, ctx);
      const readKey = Buffer.isBuffer(key) ? key : undefined;
      const blobs = svc.blobs;
      const source = Readable.from(
        (async function* () {
          for (const [i, p] of parts.entries()) yield* blobs.read(p.blob, 0, p.size - 1, partMetas[i]!.sse, readKey);
        })(),
      );
      const full = composite ? [] : [algorithm];
      const blob = await blobs.write(source, full, key);
      const etag = `${createHash('md5')
        .update(Buffer.concat(parts.map((p) => Buffer.from(p.etag, 'hex'))))
        .digest('hex')}-${parts.length}`;
      const { encrypt, checksumAlgorithm, initiator, sealedKey, ...objectMeta } = meta;
      void [encrypt, checksumAlgorithm, initiator, sealedKey];
      const stored: ObjectMeta = { ...objectMeta, partsCount: parts.length, ...(blob.sse ? { sse: blob.sse } : {}) };
      const checksum = composite ?? blob.checksums[algorithm]!;
      try {
        checkCompleteChecksum(input as unknown as Record<string, unknown>, algorithm, checksum);
      } catch (e) {
        blobs.remove(blob.name);
        throw e;
      }
      stored.checksums = { [algorithm]: checksum };
      if (meta.checksumAlgorithm)
        stored.parts = parts.map((p, i) => [p.part_number, p.size, partMetas[i]!.checksums?.[algorithm]]);
      stored.checksumType = composite ? 'COMPOSITE' : 'FULL_OBJECT';
      const all = svc.db.parts(u.upload_id, 0, 10001);
      let result;
      try {
        result = svc.db.tx(() => {
          if (!svc.db.upload(u.upload_id)) throw S3Errors.noSuchUpload(u.upload_id);
          svc.db.deleteUpload(u.upload_id);
          return svc.putVersion(
            bucket,
            {
              bucket: bucket.name,
              key: input.Key,
              delete_marker: 0,
              size: blob.size,
              etag,
              last_modified: svc.now(),
              blob: blob.name,
              meta: JSON.stringify(stored),
            },
            (v) =>
              notifyCreated(svc, bucket, 'ObjectCreated:CompleteMultipartUpload', input.Key, blob.size, etag, v, ctx),
          );
        });
      } catch (e) {
        blobs.remove(blob.name);
        throw e;
      }
      svc.removeBlobs([...result.replaced, ...all.map((p) => p.blob)]);
      return {
        Location: `/${input.Bucket}/${input.Key}`,
        Bucket: input.Bucket,
        Key: input.Key,
        ETag: quoted(etag),
        ...encryptionHeaders(stored),
        ...(stored.checksums ? { ...prefixed(stored.checksums), ChecksumType: stored.checksumType } : {}),
        ...(result.versionId !== 'null' ? { VersionId: result.versionId } : {}),
      };
    },

    AbortMultipartUpload(input) {
      const u = upload(input.Bucket, input.Key, input.UploadId);
      const parts = svc.db.parts(u.upload_id, 0, 10001);
      svc.db.tx(() => svc.db.deleteUpload(u.upload_id));
      svc.removeBlobs(parts.map((p) => p.blob));
      return {};
    },

    ListMultipartUploads(input) {
      const bucket = svc.bucket(input.Bucket);
      const max = Math.min(input.MaxUploads ?? 1000, 1000);
      const prefix = input.Prefix ?? '';
      const rows = svc.db.uploads(
        input.Bucket,
        prefix,
        input.KeyMarker ?? '',
        input.UploadIdMarker ?? '\uffff',
        max + 1,
      );
      const page = rows.filter((r) => r.key.startsWith(prefix)).slice(0, max + 1);
      const truncated = page.length > max;
      const shown = page.slice(0, max);
      const owner = svc.owner(bucket.account_id);
      const last = shown[shown.length - 1];
      return {
        Bucket: input.Bucket,
        KeyMarker: input.KeyMarker ?? '',
        UploadIdMarker: input.UploadIdMarker ?? '',
        Prefix: prefix,
        MaxUploads: max,
        IsTruncated: truncated,
        ...(truncated && last ? { NextKeyMarker: last.key, NextUploadIdMarker: last.upload_id } : {}),
        ...(shown.length > 0
          ? {
              Uploads: shown.map((r) => {
                const m = JSON.parse(r.meta) as UploadMeta;
                return {
                  UploadId: r.upload_id,
                  Key: r.key,
                  Initiated: new Date(r.initiated),
                  StorageClass: 'STANDARD' as const,
                  Owner: owner,
                  Initiator: { ID: m.initiator, DisplayName: m.initiator },
                };
              }),
            }
          : {}),
      };
    },

    ListParts(input) {
      const bucket = svc.bucket(input.Bucket);
      const u = upload(input.Bucket, input.Key, input.UploadId);
      const max = Math.min(input.MaxParts ?? 1000, 1000);
      const after = Number(input.PartNumberMarker ?? '0') || 0;
      const rows = svc.db.parts(u.upload_id, after, max + 1);
      const shown = rows.slice(0, max);
      const m = JSON.parse(u.meta) as UploadMeta;
      const truncated = rows.length > max;
      return {
        Bucket: input.Bucket,
        Key: input.Key,
        UploadId: input.UploadId,
        PartNumberMarker: String(after),
        MaxParts: max,
        IsTruncated: truncated,
        ...(truncated ? { NextPartNumberMarker: String(shown[shown.length - 1]!.part_number) } : {}),
        StorageClass: 'STANDARD',
        ...(m.checksumAlgorithm
          ? { ChecksumAlgorithm: m.checksumAlgorithm as ChecksumAlgorithm, ChecksumType: m.checksumType ?? 'COMPOSITE' }
          : {}),
        Owner: svc.owner(bucket.account_id),
        Initiator: { ID: m.initiator, DisplayName: m.initiator },
        ...(shown.length > 0
          ? {
              Parts: shown.map((p) => ({
                PartNumber: p.part_number,
                LastModified: new Date(p.last_modified),
                ETag: quoted(p.etag),
                Size: p.size,
                ...prefixed(partChecksum(p, m.checksumAlgorithm)),
              })),
            }
          : {}),
      };
    },
  };
}

/** A part's checksum of the upload's algorithm, as `{ CRC32: v }` (empty without one). */
function partChecksum(p: PartRow, algorithm: string | undefined): Record<string, string> {
  const v = algorithm ? (JSON.parse(p.meta) as PartMeta).checksums?.[algorithm] : undefined;
  return algorithm && v ? { [algorithm]: v } : {};
}
