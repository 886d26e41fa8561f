// Get/PutBucketAcl and Get/PutObjectAcl, and the statements stored ACLs grant to everyone for the authorizer.
import type { Handlers } from './api.js';
import {
  admitAcl,
  grantsAllUsers,
  objectOwnership,
  ownerOnly,
  privateAcl,
  requestedAcl,
  type StoredAcl,
  visibleAcl,
} from './acl.js';
import { effectivePublicAccess } from './public-access.js';
import { metaOf, type S3Service } from './service.js';
import type { ObjectMeta, ObjectRow } from './store.js';

type AclOps = 'GetBucketAcl' | 'PutBucketAcl' | 'GetObjectAcl' | 'PutObjectAcl';

export function aclHandlers(svc: S3Service): Pick<Handlers, AclOps> {
  const bucketOwner = (bucket: string) => svc.owner(svc.bucket(bucket).account_id);
  /** The object version an ACL call addresses (delete markers answer as GetObject does). */
  const version = (bucket: string, key: string, versionId?: string): ObjectRow => svc.object(bucket, key, versionId);
  const objectOwner = (bucket: string, row: ObjectRow) => metaOf(row).acl?.Owner ?? bucketOwner(bucket);

  return {
    GetBucketAcl(input) {
      const owner = bucketOwner(input.Bucket);
      return visibleAcl(svc, input.Bucket, svc.db.config(input.Bucket, 'acl'), owner);
    },
    PutBucketAcl(input) {
      const owner = bucketOwner(input.Bucket);
      const acl = admitAcl(svc, input.Bucket, requestedAcl(input, owner, owner), owner);
      if (acl) svc.db.tx(() => svc.db.putConfig(input.Bucket, 'acl', JSON.stringify(acl)));
    },
    GetObjectAcl(input) {
      const row = version(input.Bucket, input.Key, input.VersionId);
      const owner = objectOwner(input.Bucket, row);
      return visibleAcl(svc, input.Bucket, metaOf(row).acl, owner);
    },
    PutObjectAcl(input) {
      const row = version(input.Bucket, input.Key, input.VersionId);
      const owner = objectOwner(input.Bucket, row);
      const acl = admitAcl(
        svc,
        input.Bucket,
        requestedAcl(input, owner, bucketOwner(input.Bucket)),
        bucketOwner(input.Bucket),
      );
      if (!acl) return {};
      const meta: ObjectMeta = { ...metaOf(row), acl };
      svc.db.tx(() => svc.db.updateMeta(row.seq, meta));
      return {};
    },
  };
}

/**
 * The ACL of a new object version written by `writerAccount` (PutObject, CopyObject, CreateMultipartUpload): the
 * requested one, checked against ownership and Block Public Access, or the writer's private ACL when the writer does
 * not own the bucket and ACLs are enabled. Undefined means the bucket owner's private ACL.
 */
export function newObjectAcl(
  svc: S3Service,
  bucket: string,
  bucketAccount: string,
  writerAccount: string,
  input: Parameters<typeof requestedAcl>[0],
): StoredAcl | undefined {
  const bucketOwner = svc.owner(bucketAccount);
  const ownership = objectOwnership(svc, bucket);
  const owned =
    ownership === 'BucketOwnerEnforced' ||
    (ownership === 'BucketOwnerPreferred' && input.ACL === 'bucket-owner-full-control');
  const owner = owned ? bucketOwner : svc.owner(writerAccount);
  const given =
    input.ACL !== undefined || input.AccessControlPolicy !== undefined || hasGrantHeader(input)
      ? requestedAcl(input, owner, bucketOwner)
      : undefined;
  if (given) return admitAcl(svc, bucket, given, bucketOwner);
  return owner.ID === bucketOwner.ID ? undefined : privateAcl(owner);
}

function hasGrantHeader(input: Parameters<typeof requestedAcl>[0]): boolean {
  return Boolean(
    input.GrantFullControl || input.GrantRead || input.GrantReadACP || input.GrantWrite || input.GrantWriteACP,
  );
}

/** Whether a bucket ACL lets Object Ownership become BucketOwnerEnforced (only the owner's full control). */
export function bucketAclAllowsEnforced(svc: S3Service, bucket: string): boolean {
  const raw = svc.db.config(bucket, 'acl');
  if (!raw) return true;
  return ownerOnly(JSON.parse(raw) as StoredAcl, svc.owner(svc.bucket(bucket).account_id));
}

/**
 * Policy statements equivalent to what stored ACLs grant AllUsers on `arn` (object READ → GetObject, bucket READ →
 * ListBucket, bucket WRITE → PutObject/DeleteObject), so the authorizer honours public-read ACLs through its
 * resource-policy path. Nothing with ACLs disabled or IgnorePublicAcls on.
 */
export function aclStatements(svc: S3Service, arn: string): object[] {
  const m = /^arn:aws:s3:::([^/]+)(?:\/(.*))?$/s.exec(arn);
  if (!m) return [];
  const [, bucket, key] = m as unknown as [string, string, string | undefined];
  if (!svc.db.bucket(bucket) || objectOwnership(svc, bucket) === 'BucketOwnerEnforced') return [];
  if (effectivePublicAccess(svc, bucket).IgnorePublicAcls) return [];
  const raw = svc.db.config(bucket, 'acl');
  const bucketAcl = raw ? (JSON.parse(raw) as StoredAcl) : undefined;
  const actions: string[] = [];
  if (key === undefined) {
    if (bucketAcl && grantsAllUsers(bucketAcl, 'READ')) actions.push('s3:ListBucket', 's3:ListBucketVersions');
  } else {
    if (bucketAcl && grantsAllUsers(bucketAcl, 'WRITE')) actions.push('s3:PutObject', 's3:DeleteObject');
    const row = svc.db.latest(bucket, key);
    const acl = row && !row.delete_marker ? metaOf(row).acl : undefined;
    if (acl && grantsAllUsers(acl, 'READ')) actions.push('s3:GetObject', 's3:GetObjectVersion');
  }
  if (actions.length === 0) return [];
  return [{ Effect: 'Allow', Principal: '*', Action: actions, Resource: arn }];
}
