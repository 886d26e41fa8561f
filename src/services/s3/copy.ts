// CopyObject and the copy-source plumbing UploadPartCopy shares: `x-amz-copy-source` (bucket/key, URL-encoded,
// optional ?versionId=), its conditional headers, and the metadata and tagging directives.
import type { Handlers } from './api.js';
import { newObjectAcl } from './acl-ops.js';
import { checkCopyConditions, type Conditions } from './conditions.js';
import { S3Errors } from './errors.js';
import { contentMeta, parseTaggingHeader } from './object-view.js';
import { notifyCreated } from './objects.js';
import { metaOf, quoted, type S3Service } from './service.js';
import { encryptionHeaders, protectionFor, unlockCopySource } from './sse.js';
import type { ObjectMeta, ObjectRow } from './store.js';

export interface CopySourceInput {
  CopySource: string;
  CopySourceIfMatch?: string | undefined;
  CopySourceIfNoneMatch?: string | undefined;
  CopySourceIfModifiedSince?: Date | undefined;
  CopySourceIfUnmodifiedSince?: Date | undefined;
}

export function parseCopySource(raw: string): { bucket: string; key: string; versionId?: string } {
  const q = raw.indexOf('?');
  const path = q === -1 ? raw : raw.slice(0, q);
  const versionId = q === -1 ? undefined : (new URLSearchParams(raw.slice(q + 1)).get('versionId') ?? undefined);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path).replace(/^\//, '');
  } catch {
    throw S3Errors.invalidArgument('Invalid copy source encoding', 'x-amz-copy-source', raw);
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) {
    throw S3Errors.invalidArgument('Invalid copy source object key', 'x-amz-copy-source', raw);
  }
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1), ...(versionId ? { versionId } : {}) };
}

export function resolveCopySource(svc: S3Service, input: CopySourceInput): { row: ObjectRow; bucket: string } {
  const src = parseCopySource(input.CopySource);
  const row = svc.object(src.bucket, src.key, src.versionId);
  const c: Conditions = {
    IfMatch: input.CopySourceIfMatch,
    IfNoneMatch: input.CopySourceIfNoneMatch,
    IfModifiedSince: input.CopySourceIfModifiedSince,
    IfUnmodifiedSince: input.CopySourceIfUnmodifiedSince,
  };
  checkCopyConditions(c, row);
  return { row, bucket: src.bucket };
}

/** `bytes=first-last` (both required, within the object) for UploadPartCopy; the whole object if absent. */
export function copySourceRange(header: string | undefined, size: number): { start: number; end: number } {
  if (header === undefined) return { start: 0, end: size - 1 };
  const m = /^bytes=(\d+)-(\d+)$/.exec(header.trim());
  if (!m) {
    throw S3Errors.invalidArgument(
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      'x-amz-copy-source-range',
      header,
    );
  }
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (end < start || end >= size) {
    throw S3Errors.invalidRequest(`The specified copy range is invalid for the source object size: ${size}`);
  }
  return { start, end };
}

export function copyHandlers(svc: S3Service): Pick<Handlers, 'CopyObject'> {
  return {
    async CopyObject(input, ctx) {
      const bucket = svc.bucket(input.Bucket);
      const src = resolveCopySource(svc, input);
      const srcMeta = metaOf(src.row);
      const replace = input.MetadataDirective === 'REPLACE';
      const sameObject = src.bucket === input.Bucket && src.row.key === input.Key;
      if (
        sameObject &&
        !replace &&
        input.StorageClass === undefined &&
        input.ServerSideEncryption === undefined &&
        input.SSECustomerAlgorithm === undefined &&
        input.WebsiteRedirectLocation === undefined
      ) {
        throw S3Errors.invalidRequest(
          "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
        );
      }
      const srcKey = await unlockCopySource(svc, svc.bucket(src.bucket), srcMeta, input, ctx);
      const protection = await protectionFor(svc, bucket, input.Key, input, ctx, 'CopyObject');
      // The copy is encrypted as this request (or the bucket default) says, never as the source was.
      // ACLs are not copied: the copy gets the requested ACL or the default one.
      const {
        sse: _sse,
        partsCount: _n,
        parts: _parts,
        tags: srcTags,
        kms: _kms,
        ssec: _ssec,
        acl: _acl,
        ...kept
      } = srcMeta;
      void [_sse, _n, _parts, _kms, _ssec, _acl];
      const meta: ObjectMeta = replace ? contentMeta(input) : { ...kept };
      if (!replace && input.StorageClass) meta.storageClass = input.StorageClass;
      const tags = input.TaggingDirective === 'REPLACE' ? parseTaggingHeader(input.Tagging) : srcTags;
      if (tags) meta.tags = tags;
      const acl = newObjectAcl(svc, bucket.name, bucket.account_id, ctx.accountId, input);
      if (acl) meta.acl = acl;
      // A copy is one part: its checksums are full-object ones (CRC64NVME when the source had none).
      const sourceAlgorithms = Object.keys(srcMeta.checksums ?? {}) as never[];
      const algorithms = sourceAlgorithms.length > 0 ? sourceAlgorithms : ['CRC64NVME' as never];
      const blob = await svc.blobs.write(
        svc.blobs.read(src.row.blob!, 0, src.row.size - 1, srcMeta.sse, srcKey),
        input.ChecksumAlgorithm ? [input.ChecksumAlgorithm as never] : algorithms,
        protection.key,
      );
      meta.checksums = blob.checksums;
      delete meta.checksumType;
      Object.assign(meta, protection.meta);
      if (blob.sse) meta.sse = blob.sse;
      // A copy is a single-part object: its ETag is the MD5 of the bytes, even from a multipart source.
      const etag = blob.md5;
      let result;
      try {
        result = svc.putVersion(
          bucket,
          {
            bucket: bucket.name,
            key: input.Key,
            delete_marker: 0,
            size: blob.size,
            etag,
            last_modified: svc.now(),
            blob: blob.name,
            meta: JSON.stringify(meta),
          },
          (v) => notifyCreated(svc, bucket, 'ObjectCreated:Copy', input.Key, blob.size, etag, v, ctx),
        );
      } catch (e) {
        svc.blobs.remove(blob.name);
        throw e;
      }
      svc.removeBlobs(result.replaced);
      const checksums: Record<string, string> = {};
      for (const [a, v] of Object.entries(blob.checksums)) checksums[`Checksum${a}`] = v;
      return {
        CopyObjectResult: { ETag: quoted(etag), LastModified: new Date(svc.now()), ...checksums },
        ...(src.row.version_id !== 'null' ? { CopySourceVersionId: src.row.version_id } : {}),
        ...(result.versionId !== 'null' ? { VersionId: result.versionId } : {}),
        ...encryptionHeaders(meta, true),
      };
    },
  };
}
