// Objects: PutObject (conditional writes, checksums, encryption via sse.ts), GetObject/HeadObject (conditions, ranges,
// response overrides, versions), DeleteObject and DeleteObjects (versions and delete markers).
import { StreamBody } from '../../server/stream-body.js';
import type { DeletedObject, ErrorShape } from '../../../generated/s3/types.js';
import type { RequestContext } from '../types.js';
import type { Handlers } from './api.js';
import { newObjectAcl } from './acl-ops.js';
import { checkReadConditions, parseRange } from './conditions.js';
import { S3Errors } from './errors.js';
import { ingest } from './ingest.js';
import type { EventName } from './notifications.js';
import { contentMeta, objectHeaders, parseTaggingHeader } from './object-view.js';
import { metaOf, quoted, type S3Service } from './service.js';
import { applyEncryptionHeaders, encryptionHeaders, protectionFor, unlockKey } from './sse.js';
import type { BucketRow, ObjectMeta, ObjectRow } from './store.js';

export function objectHandlers(
  svc: S3Service,
): Pick<Handlers, 'PutObject' | 'GetObject' | 'HeadObject' | 'DeleteObject' | 'DeleteObjects'> {
  const read = async (
    input: Parameters<Handlers['GetObject']>[0],
    ctx: RequestContext,
    head: boolean,
  ): Promise<Awaited<ReturnType<Handlers['HeadObject']>> & { Body?: Uint8Array }> => {
    const row = svc.object(input.Bucket, input.Key, input.VersionId);
    const m = metaOf(row);
    // SSE-C objects need the customer's key even for HEAD; SSE-KMS data keys are decrypted only to read bytes.
    const key = await unlockKey(
      svc,
      svc.bucket(input.Bucket),
      m,
      { algorithm: input.SSECustomerAlgorithm, key: input.SSECustomerKey, md5: input.SSECustomerKeyMD5 },
      ctx,
      { decryptKms: !head },
    );
    checkReadConditions(input, row);
    const range = parseRange(input.Range, row.size);
    const out = objectHeaders(row, input.ChecksumMode === 'ENABLED' && !range);
    applyEncryptionHeaders(out as Record<string, unknown>, m);
    if (range) {
      out.ContentRange = `bytes ${range.start}-${range.end}/${row.size}`;
      out.ContentLength = range.end - range.start + 1;
    }
    if (input.ResponseContentType) out.ContentType = input.ResponseContentType;
    if (input.ResponseContentDisposition) out.ContentDisposition = input.ResponseContentDisposition;
    if (input.ResponseContentEncoding) out.ContentEncoding = input.ResponseContentEncoding;
    if (input.ResponseContentLanguage) out.ContentLanguage = input.ResponseContentLanguage;
    if (input.ResponseCacheControl) out.CacheControl = input.ResponseCacheControl;
    if (input.ResponseExpires) out.Expires = input.ResponseExpires;
    if (!head) {
      const start = range?.start ?? 0;
      const end = range?.end ?? row.size - 1;
      const sse = m.sse;
      const blob = row.blob;
      out.Body = new StreamBody(end - start + 1, () =>
        svc.blobs.read(blob!, start, end, sse, key),
      ) as unknown as Uint8Array;
    }
    return out;
  };

  return {
    async PutObject(input, ctx) {
      const bucket = svc.bucket(input.Bucket);
      const precheck = () => {
        const current = svc.db.latest(bucket.name, input.Key);
        const live = current && !current.delete_marker ? current : undefined;
        if (input.IfNoneMatch !== undefined) {
          if (input.IfNoneMatch !== '*') throw S3Errors.notImplementedHeader('If-None-Match');
          if (live) throw S3Errors.preconditionFailed('If-None-Match');
        }
        if (input.IfMatch !== undefined) {
          if (!live) throw S3Errors.noSuchKey(input.Key);
          if (input.IfMatch !== quoted(live.etag) && input.IfMatch !== live.etag && input.IfMatch !== '*') {
            throw S3Errors.preconditionFailed('If-Match');
          }
        }
      };
      precheck();
      const acl = newObjectAcl(svc, bucket.name, bucket.account_id, ctx.accountId, input);
      const tags = parseTaggingHeader(input.Tagging);
      const protection = await protectionFor(svc, bucket, input.Key, input, ctx, 'PutObject');
      const { blob, checksums, contentEncoding } = await ingest(svc, input, ctx, protection.key, true);
      const meta: ObjectMeta = {
        ...contentMeta(input),
        checksums: { ...blob.checksums, ...checksums },
        ...protection.meta,
      };
      if (contentEncoding) meta.contentEncoding = contentEncoding;
      if (tags) meta.tags = tags;
      if (blob.sse) meta.sse = blob.sse;
      if (acl) meta.acl = acl;
      let result;
      try {
        // Conditions are checked again against what committed while the body streamed in.
        precheck();
        result = svc.putVersion(
          bucket,
          {
            bucket: bucket.name,
            key: input.Key,
            delete_marker: 0,
            size: blob.size,
            etag: blob.md5,
            last_modified: svc.now(),
            blob: blob.name,
            meta: JSON.stringify(meta),
          },
          (versionId) =>
            notifyCreated(svc, bucket, 'ObjectCreated:Put', input.Key, blob.size, blob.md5, versionId, ctx),
        );
      } catch (e) {
        svc.blobs.remove(blob.name);
        throw e;
      }
      svc.removeBlobs(result.replaced);
      const out: ReturnType<Handlers['PutObject']> & Record<string, unknown> = {
        ETag: quoted(blob.md5),
        ...encryptionHeaders(meta, true),
        ...(result.versionId !== 'null' ? { VersionId: result.versionId } : {}),
      };
      for (const [a, v] of Object.entries(meta.checksums ?? {})) out[`Checksum${a}`] = v;
      if (Object.keys(meta.checksums ?? {}).length > 0) out.ChecksumType = 'FULL_OBJECT';
      return out;
    },

    GetObject: (input, ctx) => read(input, ctx, false),
    HeadObject: (input, ctx) => read(input, ctx, true),

    DeleteObject(input, ctx) {
      const bucket = svc.bucket(input.Bucket);
      return deleteOne(svc, bucket, input.Key, input.VersionId, ctx);
    },

    DeleteObjects(input, ctx) {
      const bucket = svc.bucket(input.Bucket);
      const objects = input.Delete.Objects ?? [];
      if (objects.length === 0 || objects.length > 1000) throw S3Errors.malformedXml();
      const quiet = input.Delete.Quiet === true;
      const Deleted: DeletedObject[] = [];
      const Errors: ErrorShape[] = [];
      for (const o of objects) {
        try {
          const r = deleteOne(svc, bucket, o.Key, o.VersionId, ctx);
          if (quiet) continue;
          Deleted.push({
            Key: o.Key,
            ...(o.VersionId !== undefined ? { VersionId: o.VersionId } : {}),
            ...(r.DeleteMarker ? { DeleteMarker: true } : {}),
            ...(r.DeleteMarker && r.VersionId && o.VersionId === undefined
              ? { DeleteMarkerVersionId: r.VersionId }
              : {}),
          });
        } catch (e) {
          const err = e as { code?: string; message: string };
          Errors.push({
            Key: o.Key,
            Code: err.code ?? 'InternalError',
            Message: err.message,
            ...(o.VersionId ? { VersionId: o.VersionId } : {}),
          });
        }
      }
      return { ...(Deleted.length > 0 ? { Deleted } : {}), ...(Errors.length > 0 ? { Errors } : {}) };
    },
  };
}

/** Deletes a version permanently, or (no version id) deletes the key as the bucket's versioning state says. */
export function deleteOne(
  svc: S3Service,
  bucket: BucketRow,
  key: string,
  versionId: string | undefined,
  ctx: RequestContext | undefined,
): { DeleteMarker?: boolean; VersionId?: string } {
  const removed = (v?: string) =>
    ctx && svc.notifier.schedule(bucket, 'ObjectRemoved:Delete', { key, ...(v ? { versionId: v } : {}) }, ctx);
  if (versionId !== undefined) {
    const row: ObjectRow | undefined = svc.db.version(bucket.name, key, versionId);
    if (!row) {
      if (versionId !== 'null' && !/^[A-Za-z0-9._-]+$/.test(versionId)) {
        throw S3Errors.invalidArgument('Invalid version id specified', 'versionId', versionId);
      }
      return { VersionId: versionId };
    }
    svc.db.tx(() => {
      svc.db.deleteVersion(bucket.name, key, versionId);
      if (row.is_latest) svc.db.promoteNewest(bucket.name, key);
      removed(versionId);
    });
    svc.removeBlobs([row.blob]);
    return { VersionId: versionId, ...(row.delete_marker ? { DeleteMarker: true } : {}) };
  }
  if (!bucket.versioning) {
    const row = svc.db.version(bucket.name, key, 'null');
    if (row) {
      svc.db.tx(() => {
        svc.db.deleteVersion(bucket.name, key, 'null');
        removed();
      });
      svc.removeBlobs([row.blob]);
    }
    return {};
  }
  // Versioned (or suspended): a delete marker becomes the current version.
  const r = svc.putVersion(
    bucket,
    {
      bucket: bucket.name,
      key,
      delete_marker: 1,
      size: 0,
      etag: '',
      last_modified: svc.now(),
      blob: null,
      meta: '{}',
    },
    (v) => ctx && svc.notifier.schedule(bucket, 'ObjectRemoved:DeleteMarkerCreated', { key, versionId: v }, ctx),
  );
  svc.removeBlobs(r.replaced);
  return { DeleteMarker: true, VersionId: r.versionId };
}

/** ObjectCreated:* notifications for a new version (inside its transaction). */
export function notifyCreated(
  svc: S3Service,
  bucket: BucketRow,
  name: EventName,
  key: string,
  size: number,
  etag: string,
  versionId: string,
  ctx: RequestContext,
): void {
  svc.notifier.schedule(bucket, name, { key, size, etag, ...(versionId !== 'null' ? { versionId } : {}) }, ctx);
}
