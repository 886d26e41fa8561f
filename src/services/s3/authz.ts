// IAM actions, resources and condition keys per S3 operation, as the Service Authorization Reference names them
// (ListObjects needs s3:ListBucket, ListBuckets s3:ListAllMyBuckets, a versioned read s3:GetObjectVersion...).
import type { AuthzTarget, RequestContext } from '../types.js';
import { parseCopySource } from './copy.js';
import { metaOf, type S3Service } from './service.js';

/** The running instance, for the bucket owner (buckets are global, their ARNs carry no account). */
let current: S3Service | undefined;
export function setAuthzService(svc: S3Service | undefined): void {
  current = svc;
}

const BUCKET_ACTIONS: Record<string, string> = {
  CreateBucket: 'CreateBucket',
  DeleteBucket: 'DeleteBucket',
  HeadBucket: 'ListBucket',
  ListObjects: 'ListBucket',
  ListObjectsV2: 'ListBucket',
  ListObjectVersions: 'ListBucketVersions',
  ListMultipartUploads: 'ListBucketMultipartUploads',
  GetBucketLocation: 'GetBucketLocation',
  GetBucketVersioning: 'GetBucketVersioning',
  PutBucketVersioning: 'PutBucketVersioning',
  GetBucketTagging: 'GetBucketTagging',
  PutBucketTagging: 'PutBucketTagging',
  DeleteBucketTagging: 'PutBucketTagging',
  GetBucketPolicy: 'GetBucketPolicy',
  PutBucketPolicy: 'PutBucketPolicy',
  DeleteBucketPolicy: 'DeleteBucketPolicy',
  GetBucketPolicyStatus: 'GetBucketPolicyStatus',
  GetPublicAccessBlock: 'GetBucketPublicAccessBlock',
  PutPublicAccessBlock: 'PutBucketPublicAccessBlock',
  DeletePublicAccessBlock: 'PutBucketPublicAccessBlock',
  GetBucketOwnershipControls: 'GetBucketOwnershipControls',
  PutBucketOwnershipControls: 'PutBucketOwnershipControls',
  DeleteBucketOwnershipControls: 'PutBucketOwnershipControls',
  GetBucketCors: 'GetBucketCORS',
  PutBucketCors: 'PutBucketCORS',
  DeleteBucketCors: 'PutBucketCORS',
  GetBucketEncryption: 'GetEncryptionConfiguration',
  PutBucketEncryption: 'PutEncryptionConfiguration',
  DeleteBucketEncryption: 'PutEncryptionConfiguration',
  GetBucketLifecycleConfiguration: 'GetLifecycleConfiguration',
  PutBucketLifecycleConfiguration: 'PutLifecycleConfiguration',
  DeleteBucketLifecycle: 'PutLifecycleConfiguration',
  GetBucketNotificationConfiguration: 'GetBucketNotification',
  PutBucketNotificationConfiguration: 'PutBucketNotification',
  GetBucketAcl: 'GetBucketAcl',
  PutBucketAcl: 'PutBucketAcl',
  GetBucketReplication: 'GetReplicationConfiguration',
  PutBucketReplication: 'PutReplicationConfiguration',
  DeleteBucketReplication: 'PutReplicationConfiguration',
  GetBucketLogging: 'GetBucketLogging',
  PutBucketLogging: 'PutBucketLogging',
  GetBucketWebsite: 'GetBucketWebsite',
  PutBucketWebsite: 'PutBucketWebsite',
  DeleteBucketWebsite: 'DeleteBucketWebsite',
  GetBucketRequestPayment: 'GetBucketRequestPayment',
  PutBucketRequestPayment: 'PutBucketRequestPayment',
  GetBucketAccelerateConfiguration: 'GetAccelerateConfiguration',
  PutBucketAccelerateConfiguration: 'PutAccelerateConfiguration',
};

/** Object operations: [action, action when a VersionId is given]. */
const OBJECT_ACTIONS: Record<string, [string, string]> = {
  GetObject: ['GetObject', 'GetObjectVersion'],
  HeadObject: ['GetObject', 'GetObjectVersion'],
  PutObject: ['PutObject', 'PutObject'],
  DeleteObject: ['DeleteObject', 'DeleteObjectVersion'],
  GetObjectTagging: ['GetObjectTagging', 'GetObjectVersionTagging'],
  PutObjectTagging: ['PutObjectTagging', 'PutObjectVersionTagging'],
  DeleteObjectTagging: ['DeleteObjectTagging', 'DeleteObjectVersionTagging'],
  GetObjectAttributes: ['GetObjectAttributes', 'GetObjectVersionAttributes'],
  CreateMultipartUpload: ['PutObject', 'PutObject'],
  UploadPart: ['PutObject', 'PutObject'],
  UploadPartCopy: ['PutObject', 'PutObject'],
  CompleteMultipartUpload: ['PutObject', 'PutObject'],
  CopyObject: ['PutObject', 'PutObject'],
  AbortMultipartUpload: ['AbortMultipartUpload', 'AbortMultipartUpload'],
  ListParts: ['ListMultipartUploadParts', 'ListMultipartUploadParts'],
  GetObjectAcl: ['GetObjectAcl', 'GetObjectVersionAcl'],
  PutObjectAcl: ['PutObjectAcl', 'PutObjectVersionAcl'],
};

function owner(bucket: string, ctx: RequestContext): string {
  return current?.db.bucket(bucket)?.account_id ?? ctx.accountId;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** s3:ExistingObjectTag/<key> for the object version a request addresses. */
function existingTags(bucket: string, key: string, versionId: string | undefined): Record<string, string> {
  const row = versionId ? current?.db.version(bucket, key, versionId) : current?.db.latest(bucket, key);
  const out: Record<string, string> = {};
  if (!row || row.delete_marker) return out;
  for (const [k, v] of Object.entries(metaOf(row).tags ?? {})) out[`s3:ExistingObjectTag/${k}`] = v;
  return out;
}

export function s3Authorization(op: string, input: Record<string, unknown>, ctx: RequestContext): AuthzTarget[] {
  const bucket = str(input.Bucket);
  if (op === 'ListBuckets') return [{ action: 's3:ListAllMyBuckets', resource: '*' }];
  if (!bucket) return [{ action: `s3:${op}`, resource: '*' }];
  // A bucket that does not exist has no owner and no policy: anonymous callers learn NoSuchBucket from the handler.
  if (ctx.principal.anonymous && op !== 'CreateBucket' && current && !current.db.bucket(bucket)) return [];
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const resourceAccountId = op === 'CreateBucket' ? ctx.accountId : owner(bucket, ctx);
  const bucketAction = BUCKET_ACTIONS[op];
  if (bucketAction) {
    const context: Record<string, string | number> = {};
    if (bucketAction === 'ListBucket' && op !== 'HeadBucket') {
      context['s3:prefix'] = str(input.Prefix) ?? '';
      if (str(input.Delimiter) !== undefined) context['s3:delimiter'] = str(input.Delimiter)!;
      if (typeof input.MaxKeys === 'number') context['s3:max-keys'] = input.MaxKeys;
    }
    // Canned ACL header (s3:x-amz-acl): DenyPublicS3-style SCPs and CloudTrail's bucket policy test it.
    if (str(input.ACL)) context['s3:x-amz-acl'] = str(input.ACL)!;
    return [{ action: `s3:${bucketAction}`, resource: bucketArn, resourceAccountId, context }];
  }
  if (op === 'DeleteObjects') {
    const objects =
      (input.Delete as { Objects?: Array<{ Key: string; VersionId?: string }> } | undefined)?.Objects ?? [];
    return objects.map((o) => ({
      action: o.VersionId ? 's3:DeleteObjectVersion' : 's3:DeleteObject',
      resource: `${bucketArn}/${o.Key}`,
      resourceAccountId,
    }));
  }
  const key = str(input.Key);
  const actions = OBJECT_ACTIONS[op];
  if (!actions || key === undefined) return [{ action: `s3:${op}`, resource: bucketArn, resourceAccountId }];
  const versionId = str(input.VersionId);
  const context: Record<string, string> = existingTags(bucket, key, versionId);
  if (versionId) context['s3:VersionId'] = versionId;
  const sse = str(input.ServerSideEncryption);
  if (sse) context['s3:x-amz-server-side-encryption'] = sse;
  const kmsKey = str(input.SSEKMSKeyId);
  if (kmsKey) context['s3:x-amz-server-side-encryption-aws-kms-key-id'] = kmsKey;
  const customerAlgorithm = str(input.SSECustomerAlgorithm);
  if (customerAlgorithm) context['s3:x-amz-server-side-encryption-customer-algorithm'] = customerAlgorithm;
  if (str(input.ACL)) context['s3:x-amz-acl'] = str(input.ACL)!;
  const targets: AuthzTarget[] = [
    {
      action: `s3:${versionId ? actions[1] : actions[0]}`,
      resource: `${bucketArn}/${key}`,
      resourceAccountId,
      context,
    },
  ];
  if (op === 'PutObject' && str(input.Tagging)) {
    targets.push({ action: 's3:PutObjectTagging', resource: `${bucketArn}/${key}`, resourceAccountId });
  }
  const copySource = str(input.CopySource);
  if (copySource && (op === 'CopyObject' || op === 'UploadPartCopy')) {
    try {
      const src = parseCopySource(copySource);
      targets.push({
        action: src.versionId ? 's3:GetObjectVersion' : 's3:GetObject',
        resource: `arn:aws:s3:::${src.bucket}/${src.key}`,
        resourceAccountId: owner(src.bucket, ctx),
        context: existingTags(src.bucket, src.key, src.versionId),
      });
    } catch {
      // an invalid copy source is answered by the handler
    }
  }
  return targets;
}
