// S3's shared state: the metadata store, the blob files, and the helpers every handler group uses.
import { createHash, randomBytes } from 'node:crypto';
import type { CoreServices, RequestContext } from '../types.js';
import { BlobStore } from './blobs.js';
import { Lifecycle } from './lifecycle.js';
import { Notifier } from './notifications.js';
import { Replicator } from './replication.js';
import { S3Errors } from './errors.js';
import { type BucketRow, type ObjectMeta, type ObjectRow, S3Store } from './store.js';

export class S3Service {
  readonly db: S3Store;
  readonly blobs: BlobStore;
  readonly notifier: Notifier;
  readonly lifecycle: Lifecycle;
  readonly replicator: Replicator;

  constructor(readonly core: CoreServices) {
    this.db = new S3Store(core.store);
    this.blobs = new BlobStore(core.store.path);
    // Files written before a crash whose metadata never committed.
    this.blobs.collectOrphans(this.db.referencedBlobs());
    this.notifier = new Notifier(this);
    this.lifecycle = new Lifecycle(this);
    this.replicator = new Replicator(this);
  }

  now(): number {
    return this.core.now();
  }

  bucket(name: string): BucketRow {
    const b = this.db.bucket(name);
    if (!b) throw S3Errors.noSuchBucket(name);
    return b;
  }

  /** The object version a read addresses: the latest, or a given version id; delete markers answer 404/405. */
  object(bucket: string, key: string, versionId?: string): ObjectRow {
    this.bucket(bucket);
    if (versionId !== undefined) {
      const row = this.db.version(bucket, key, versionId);
      if (!row) {
        if (!/^[A-Za-z0-9._-]+$/.test(versionId) && versionId !== 'null') {
          throw S3Errors.invalidArgument('Invalid version id specified', 'versionId', versionId);
        }
        throw S3Errors.noSuchVersion(key, versionId);
      }
      if (row.delete_marker) {
        const err = S3Errors.methodNotAllowed('GET', 'DeleteMarker');
        throw withHeaders(err, { 'x-amz-delete-marker': 'true', 'x-amz-version-id': row.version_id });
      }
      return row;
    }
    const row = this.db.latest(bucket, key);
    if (!row) throw S3Errors.noSuchKey(key);
    if (row.delete_marker) {
      throw withHeaders(S3Errors.noSuchKey(key), {
        'x-amz-delete-marker': 'true',
        ...(row.version_id !== 'null' ? { 'x-amz-version-id': row.version_id } : {}),
      });
    }
    return row;
  }

  /** A new version id when versioning is Enabled, else S3's `null` version. */
  newVersionId(bucket: BucketRow): string {
    if (bucket.versioning !== 'Enabled') return 'null';
    // Version ids sort by creation in S3; a time prefix keeps that.
    return `${Date.now().toString(36).padStart(9, '0')}${randomBytes(16).toString('base64url')}`.slice(0, 32);
  }

  /**
   * Records a new current version of a key (object or delete marker) in one transaction. Without versioning
   * (or Suspended) the `null` version is replaced; its blob is returned for deletion after the commit.
   */
  putVersion(
    bucket: BucketRow,
    row: Omit<ObjectRow, 'seq' | 'is_latest' | 'version_id'>,
    /** Runs inside the transaction (schedules event notifications with the change). */
    inTx?: (versionId: string) => void,
  ): {
    versionId: string;
    replaced: string[];
  } {
    const versionId = this.newVersionId(bucket);
    const replaced: string[] = [];
    this.db.tx(() => {
      const old = this.db.version(bucket.name, row.key, versionId);
      if (old) {
        if (old.blob) replaced.push(old.blob);
        this.db.deleteVersion(bucket.name, row.key, versionId);
      }
      this.db.unsetLatest(bucket.name, row.key);
      this.db.insertObject({
        ...row,
        meta: this.replicator.onNewVersion(bucket, row, versionId),
        version_id: versionId,
      });
      inTx?.(versionId);
    });
    return { versionId, replaced };
  }

  removeBlobs(names: Array<string | null>): void {
    for (const n of names) if (n) this.blobs.remove(n);
  }

  /** S3's canonical user id for an account (64 hex digits). */
  canonicalId(accountId: string): string {
    return createHash('sha256').update(`atoll-s3-owner:${accountId}`).digest('hex');
  }

  owner(accountId: string): { ID: string; DisplayName: string } {
    return { ID: this.canonicalId(accountId), DisplayName: accountId };
  }

  close(): void {
    this.blobs.close();
  }
}

export function metaOf(row: ObjectRow): ObjectMeta {
  return JSON.parse(row.meta) as ObjectMeta;
}

export function quoted(etag: string): string {
  return `"${etag}"`;
}

export function withHeaders<E extends Error & { headers: Record<string, string> | undefined }>(
  err: E,
  headers: Record<string, string>,
): E {
  Object.assign(err, { headers: { ...err.headers, ...headers } });
  return err;
}

/** Whether the request's principal is in the bucket owner's account (for owner-only answers). */
export function sameAccount(bucket: BucketRow, ctx: RequestContext): boolean {
  return bucket.account_id === ctx.accountId;
}
