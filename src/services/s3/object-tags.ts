// Object tagging and GetObjectAttributes.
import type { Handlers } from './api.js';
import { validateTags } from './bucket-config.js';
import { objectParts } from './mpu-checksums.js';
import { unlockKey } from './sse.js';
import { metaOf, type S3Service } from './service.js';

export function objectTagHandlers(
  svc: S3Service,
): Pick<Handlers, 'GetObjectTagging' | 'PutObjectTagging' | 'DeleteObjectTagging' | 'GetObjectAttributes'> {
  const version = (r: { version_id: string }) => (r.version_id !== 'null' ? { VersionId: r.version_id } : {});
  return {
    GetObjectTagging(input) {
      const row = svc.object(input.Bucket, input.Key, input.VersionId);
      const tags = metaOf(row).tags ?? {};
      return { ...version(row), TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
    },
    PutObjectTagging(input) {
      const row = svc.object(input.Bucket, input.Key, input.VersionId);
      const set = input.Tagging.TagSet ?? [];
      validateTags(set, 10);
      const meta = metaOf(row);
      meta.tags = Object.fromEntries(set.map((t) => [t.Key, t.Value]));
      svc.db.tx(() => {
        svc.db.updateMeta(row.seq, meta);
        svc.replicator.onTagsChanged(svc.bucket(input.Bucket), row);
      });
      return version(row);
    },
    DeleteObjectTagging(input) {
      const row = svc.object(input.Bucket, input.Key, input.VersionId);
      const meta = metaOf(row);
      delete meta.tags;
      svc.db.tx(() => {
        svc.db.updateMeta(row.seq, meta);
        svc.replicator.onTagsChanged(svc.bucket(input.Bucket), row);
      });
      return version(row);
    },
    async GetObjectAttributes(input, ctx) {
      const row = svc.object(input.Bucket, input.Key, input.VersionId);
      const m = metaOf(row);
      const sseC = { algorithm: input.SSECustomerAlgorithm, key: input.SSECustomerKey, md5: input.SSECustomerKeyMD5 };
      await unlockKey(svc, svc.bucket(input.Bucket), m, sseC, ctx, { decryptKms: false });
      const want = new Set(input.ObjectAttributes);
      const checksum: Record<string, string> = {};
      for (const [a, v] of Object.entries(m.checksums ?? {})) checksum[`Checksum${a}`] = v;
      return {
        ...version(row),
        LastModified: new Date(row.last_modified),
        ...(want.has('ETag') ? { ETag: row.etag } : {}),
        ...(want.has('ObjectSize') ? { ObjectSize: row.size } : {}),
        ...(want.has('StorageClass') ? { StorageClass: (m.storageClass ?? 'STANDARD') as never } : {}),
        ...(want.has('Checksum') && Object.keys(checksum).length > 0
          ? { Checksum: { ...checksum, ChecksumType: m.checksumType ?? 'FULL_OBJECT' } }
          : {}),
        ...(want.has('ObjectParts') && m.partsCount ? { ObjectParts: objectParts(m, input) } : {}),
      };
    },
  };
}
