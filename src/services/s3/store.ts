// All of S3's SQL, behind prepared statements built once.
import type { Store } from '../../store/store.js';
import type { StoredAcl } from './acl.js';
import type { CustomerKeyRecord, KmsEnvelope } from './sse.js';

export interface BucketRow {
  name: string;
  account_id: string;
  region: string;
  created_at: number;
  versioning: string | null;
}

/** What an object version carries besides its bytes (JSON in `meta`). */
export interface ObjectMeta {
  contentType?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  expires?: string;
  metadata?: Record<string, string>;
  checksums?: Record<string, string>;
  checksumType?: 'FULL_OBJECT' | 'COMPOSITE';
  tags?: Record<string, string>;
  /** The version's ACL when it differs from the bucket owner's private ACL (acl.ts). */
  acl?: StoredAcl;
  sse?: { algorithm: 'AES256'; iv: string; tag: string };
  /** SSE-KMS data key / SSE-C key record (sse.ts); neither means SSE-S3. */
  kms?: KmsEnvelope;
  ssec?: CustomerKeyRecord;
  partsCount?: number;
  /** Multipart objects uploaded with a checksum: [part number, size, part checksum] (GetObjectAttributes). */
  parts?: Array<[number, number, string | undefined]>;
  storageClass?: string;
  websiteRedirect?: string;
  /** PENDING/COMPLETED/FAILED on a replicated source version, REPLICA on a replica (replication.ts). */
  replicationStatus?: ReplicationStatus;
  /** Per destination bucket outcome of a source version's replication, and when it was written and completed. */
  replication?: { dests: Record<string, ReplicationStatus>; created: number; completed?: number };
}

export type ReplicationStatus = 'PENDING' | 'COMPLETED' | 'FAILED' | 'REPLICA';

export interface ObjectRow {
  seq: number;
  bucket: string;
  key: string;
  version_id: string;
  is_latest: number;
  delete_marker: number;
  size: number;
  etag: string;
  last_modified: number;
  blob: string | null;
  meta: string;
}

export interface UploadRow {
  upload_id: string;
  bucket: string;
  key: string;
  initiated: number;
  meta: string;
}

export interface PartRow {
  upload_id: string;
  part_number: number;
  size: number;
  etag: string;
  last_modified: number;
  blob: string;
  meta: string;
}

export class S3Store {
  private readonly s;

  constructor(readonly store: Store) {
    const db = store.db;
    this.s = {
      bucket: db.prepare('SELECT * FROM s3_buckets WHERE name = ?'),
      insertBucket: db.prepare(
        'INSERT INTO s3_buckets (name, account_id, region, created_at, versioning) VALUES (?, ?, ?, ?, NULL)',
      ),
      deleteBucket: db.prepare('DELETE FROM s3_buckets WHERE name = ?'),
      bucketsOf: db.prepare('SELECT * FROM s3_buckets WHERE account_id = ? AND name > ? ORDER BY name LIMIT ?'),
      setVersioning: db.prepare('UPDATE s3_buckets SET versioning = ? WHERE name = ?'),
      config: db.prepare('SELECT value FROM s3_bucket_configs WHERE bucket = ? AND kind = ?'),
      putConfig: db.prepare(
        'INSERT INTO s3_bucket_configs (bucket, kind, value) VALUES (?, ?, ?) ON CONFLICT (bucket, kind) DO UPDATE SET value = excluded.value',
      ),
      deleteConfig: db.prepare('DELETE FROM s3_bucket_configs WHERE bucket = ? AND kind = ?'),
      anyObject: db.prepare('SELECT 1 FROM s3_objects WHERE bucket = ? LIMIT 1'),
      anyUpload: db.prepare('SELECT 1 FROM s3_uploads WHERE bucket = ? LIMIT 1'),
      latest: db.prepare('SELECT * FROM s3_objects WHERE bucket = ? AND key = ? AND is_latest = 1'),
      version: db.prepare('SELECT * FROM s3_objects WHERE bucket = ? AND key = ? AND version_id = ?'),
      unsetLatest: db.prepare('UPDATE s3_objects SET is_latest = 0 WHERE bucket = ? AND key = ? AND is_latest = 1'),
      deleteVersion: db.prepare('DELETE FROM s3_objects WHERE bucket = ? AND key = ? AND version_id = ?'),
      promoteNewest: db.prepare(
        'UPDATE s3_objects SET is_latest = 1 WHERE seq = (SELECT MAX(seq) FROM s3_objects WHERE bucket = ? AND key = ?)',
      ),
      insertObject: db.prepare(
        `INSERT INTO s3_objects (bucket, key, version_id, is_latest, delete_marker, size, etag, last_modified, blob, meta)
         VALUES (@bucket, @key, @version_id, 1, @delete_marker, @size, @etag, @last_modified, @blob, @meta)`,
      ),
      updateMeta: db.prepare('UPDATE s3_objects SET meta = ? WHERE seq = ?'),
      listLatest: db.prepare(
        `SELECT * FROM s3_objects WHERE bucket = ? AND is_latest = 1 AND delete_marker = 0 AND key > ? AND key >= ?
         ORDER BY key LIMIT ?`,
      ),
      listVersions: db.prepare(
        `SELECT * FROM s3_objects WHERE bucket = ? AND key >= ? AND (key > ? OR (key = ? AND seq < ?))
         ORDER BY key, seq DESC LIMIT ?`,
      ),
      upload: db.prepare('SELECT * FROM s3_uploads WHERE upload_id = ?'),
      insertUpload: db.prepare(
        'INSERT INTO s3_uploads (upload_id, bucket, key, initiated, meta) VALUES (?, ?, ?, ?, ?)',
      ),
      deleteUpload: db.prepare('DELETE FROM s3_uploads WHERE upload_id = ?'),
      uploads: db.prepare(
        `SELECT * FROM s3_uploads WHERE bucket = ? AND key >= ? AND (key > ? OR (key = ? AND upload_id > ?))
         ORDER BY key, upload_id LIMIT ?`,
      ),
      part: db.prepare('SELECT * FROM s3_parts WHERE upload_id = ? AND part_number = ?'),
      parts: db.prepare('SELECT * FROM s3_parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?'),
      putPart: db.prepare(
        `INSERT INTO s3_parts (upload_id, part_number, size, etag, last_modified, blob, meta)
         VALUES (@upload_id, @part_number, @size, @etag, @last_modified, @blob, @meta)
         ON CONFLICT (upload_id, part_number) DO UPDATE SET size = excluded.size, etag = excluded.etag,
           last_modified = excluded.last_modified, blob = excluded.blob, meta = excluded.meta`,
      ),
      blobs: db.prepare('SELECT blob FROM s3_objects WHERE blob IS NOT NULL UNION ALL SELECT blob FROM s3_parts'),
    };
  }

  tx<T>(fn: () => T): T {
    return this.store.tx(fn);
  }

  bucket(name: string): BucketRow | undefined {
    return this.s.bucket.get(name) as BucketRow | undefined;
  }
  insertBucket(name: string, account: string, region: string, now: number): void {
    this.s.insertBucket.run(name, account, region, now);
  }
  deleteBucket(name: string): void {
    this.s.deleteBucket.run(name);
  }
  bucketsOf(account: string, after: string, limit: number): BucketRow[] {
    return this.s.bucketsOf.all(account, after, limit) as BucketRow[];
  }
  setVersioning(name: string, status: string): void {
    this.s.setVersioning.run(status, name);
  }
  config(bucket: string, kind: string): string | undefined {
    return (this.s.config.get(bucket, kind) as { value: string } | undefined)?.value;
  }
  putConfig(bucket: string, kind: string, value: string): void {
    this.s.putConfig.run(bucket, kind, value);
  }
  deleteConfig(bucket: string, kind: string): void {
    this.s.deleteConfig.run(bucket, kind);
  }
  isEmpty(bucket: string): boolean {
    return !this.s.anyObject.get(bucket) && !this.s.anyUpload.get(bucket);
  }
  latest(bucket: string, key: string): ObjectRow | undefined {
    return this.s.latest.get(bucket, key) as ObjectRow | undefined;
  }
  version(bucket: string, key: string, versionId: string): ObjectRow | undefined {
    return this.s.version.get(bucket, key, versionId) as ObjectRow | undefined;
  }
  unsetLatest(bucket: string, key: string): void {
    this.s.unsetLatest.run(bucket, key);
  }
  deleteVersion(bucket: string, key: string, versionId: string): void {
    this.s.deleteVersion.run(bucket, key, versionId);
  }
  promoteNewest(bucket: string, key: string): void {
    this.s.promoteNewest.run(bucket, key);
  }
  insertObject(row: Omit<ObjectRow, 'seq' | 'is_latest'>): void {
    this.s.insertObject.run(row);
  }
  updateMeta(seq: number, meta: ObjectMeta): void {
    this.s.updateMeta.run(JSON.stringify(meta), seq);
  }
  /** Latest, non-deleted versions with key > after and key >= from, in key order. */
  listLatest(bucket: string, after: string, from: string, limit: number): ObjectRow[] {
    return this.s.listLatest.all(bucket, after, from, limit) as ObjectRow[];
  }
  /** All versions after (key, seq) in (key asc, newest first) order. */
  listVersions(bucket: string, from: string, afterKey: string, beforeSeq: number, limit: number): ObjectRow[] {
    return this.s.listVersions.all(bucket, from, afterKey, afterKey, beforeSeq, limit) as ObjectRow[];
  }
  upload(id: string): UploadRow | undefined {
    return this.s.upload.get(id) as UploadRow | undefined;
  }
  insertUpload(id: string, bucket: string, key: string, now: number, meta: string): void {
    this.s.insertUpload.run(id, bucket, key, now, meta);
  }
  deleteUpload(id: string): void {
    this.s.deleteUpload.run(id);
  }
  uploads(bucket: string, from: string, afterKey: string, afterId: string, limit: number): UploadRow[] {
    return this.s.uploads.all(bucket, from, afterKey, afterKey, afterId, limit) as UploadRow[];
  }
  part(id: string, n: number): PartRow | undefined {
    return this.s.part.get(id, n) as PartRow | undefined;
  }
  parts(id: string, after: number, limit: number): PartRow[] {
    return this.s.parts.all(id, after, limit) as PartRow[];
  }
  putPart(row: PartRow): void {
    this.s.putPart.run(row);
  }
  /** Every blob file the metadata references (orphan collection). */
  referencedBlobs(): Set<string> {
    return new Set((this.s.blobs.all() as Array<{ blob: string }>).map((r) => r.blob));
  }
}
