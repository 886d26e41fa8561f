// Amazon S3: buckets (global names), objects as fsynced files with metadata in SQLite, versioning, multipart
// uploads, bucket policies enforced by the authorizer, path-style and virtual-hosted addressing (router).
import { model } from '../../../generated/s3/model.js';
import { AwsError } from '../../protocol/errors.js';
import { serializeRestXmlError } from '../../protocol/rest-xml.js';
import type { ServiceDefinition, ServiceInstance } from '../types.js';
import { keyFromPath, virtualHostBucket } from './addressing.js';
import type { Handlers } from './api.js';
import { aclHandlers, aclStatements } from './acl-ops.js';
import { s3Authorization, setAuthzService } from './authz.js';
import { bucketConfigHandlers, isPublicPolicy } from './bucket-config.js';
import { bucketHandlers } from './buckets.js';
import { bucketSettingHandlers } from './bucket-settings.js';
import { copyHandlers } from './copy.js';
import { corsPreflight } from './cors.js';
import { listingHandlers } from './listing.js';
import { multipartHandlers } from './multipart.js';
import { objectTagHandlers } from './object-tags.js';
import { objectHandlers } from './objects.js';
import { effectivePublicAccess } from './public-access.js';
import { replicationConfigHandlers } from './replication-config.js';
import { migrations } from './schema.js';
import { S3Errors } from './errors.js';
import { S3Service } from './service.js';
import { notImplementedTable } from '../not-implemented.js';

/** Operations atoll answers with NotImplemented (see docs/coverage/s3.md). */
const NOT_IMPLEMENTED = [
  'CreateBucketMetadataTableConfiguration',
  'CreateSession',
  'DeleteBucketAnalyticsConfiguration',
  'DeleteBucketIntelligentTieringConfiguration',
  'DeleteBucketInventoryConfiguration',
  'DeleteBucketMetadataTableConfiguration',
  'DeleteBucketMetricsConfiguration',
  'GetBucketAnalyticsConfiguration',
  'GetBucketIntelligentTieringConfiguration',
  'GetBucketInventoryConfiguration',
  'GetBucketMetadataTableConfiguration',
  'GetBucketMetricsConfiguration',
  'GetObjectLegalHold',
  'GetObjectLockConfiguration',
  'GetObjectRetention',
  'GetObjectTorrent',
  'ListBucketAnalyticsConfigurations',
  'ListBucketIntelligentTieringConfigurations',
  'ListBucketInventoryConfigurations',
  'ListBucketMetricsConfigurations',
  'ListDirectoryBuckets',
  'PutBucketAnalyticsConfiguration',
  'PutBucketIntelligentTieringConfiguration',
  'PutBucketInventoryConfiguration',
  'PutBucketMetricsConfiguration',
  'PutObjectLegalHold',
  'PutObjectLockConfiguration',
  'PutObjectRetention',
  'RestoreObject',
  'SelectObjectContent',
  'WriteGetObjectResponse',
] as const;

function notImplemented(): Pick<Handlers, (typeof NOT_IMPLEMENTED)[number]> {
  return notImplementedTable(NOT_IMPLEMENTED);
}

const XML_DOCUMENT_OPS = new Set([
  'PutBucketReplication',
  'PutBucketLogging',
  'PutBucketWebsite',
  'PutBucketRequestPayment',
  'PutBucketAccelerateConfiguration',
]);

function safeSegment(rawPath: string): string {
  const first = rawPath.split('/')[1] ?? '';
  try {
    return decodeURIComponent(first);
  } catch {
    return first;
  }
}

function withStatements(policy: string | undefined, extra: object[]): string | undefined {
  if (extra.length === 0) return policy;
  const doc = policy ? (JSON.parse(policy) as { Version?: string; Statement?: unknown }) : {};
  const own = doc.Statement === undefined ? [] : Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return JSON.stringify({ ...doc, Version: doc.Version ?? '2012-10-17', Statement: [...own, ...extra] });
}

export const s3: ServiceDefinition = {
  name: 's3',
  model,
  migrations,
  authorization: s3Authorization,
  // S3 answers a configuration document that breaks its schema with MalformedXML.
  // An AccessControlPolicy body that breaks the schema (grantee without xsi:type, unknown Permission) is
  // MalformedACLError.
  formatValidation: (violations, op) =>
    XML_DOCUMENT_OPS.has(op)
      ? S3Errors.malformedXml()
      : violations.some((v) => v.path.startsWith('AccessControlPolicy'))
        ? S3Errors.malformedAcl()
        : undefined,
  // The route table drops empty path segments; keys like `a//b` or `dir/` are taken from the raw path.
  inferInput(_op, input, ctx) {
    if (typeof input.Key !== 'string' || typeof input.Bucket !== 'string') return;
    const host = ctx.endpoint.replace(/^https?:\/\//, '');
    const key = keyFromPath(ctx.path, input.Bucket, virtualHostBucket(host));
    if (key !== undefined) input.Key = key;
  },
  create(core): ServiceInstance {
    const svc = new S3Service(core);
    setAuthzService(svc);
    const handlers: Handlers = {
      ...bucketHandlers(svc),
      ...bucketConfigHandlers(svc),
      ...bucketSettingHandlers(svc),
      ...replicationConfigHandlers(svc),
      ...objectHandlers(svc),
      ...copyHandlers(svc),
      ...listingHandlers(svc),
      ...multipartHandlers(svc),
      ...objectTagHandlers(svc),
      ...aclHandlers(svc),
      ...notImplemented(),
    };
    const bucketOf = (arn: string) => /^arn:aws:s3:::([^/]+)/.exec(arn)?.[1];
    const instance = {
      handlers: handlers as unknown as ServiceInstance['handlers'],
      close: () => {
        setAuthzService(undefined);
        svc.close();
      },
      resourcePolicy(arn: string) {
        const bucket = bucketOf(arn);
        if (!bucket) return undefined;
        let policy = svc.db.config(bucket, 'policy');
        // RestrictPublicBuckets: a public policy grants nothing outside the owner's account.
        if (policy && effectivePublicAccess(svc, bucket).RestrictPublicBuckets && isPublicPolicy(policy)) {
          policy = undefined;
        }
        // Public-read ACLs (ACLs enabled, IgnorePublicAcls off) grant through the same path as the policy.
        return withStatements(policy, aclStatements(svc, arn));
      },
      // Called by the pipeline for OPTIONS requests (no model operation).
      corsPreflight(
        host: string,
        rawPath: string,
        headers: Record<string, string | string[] | undefined>,
        requestId: string,
      ) {
        const bucket = virtualHostBucket(host) ?? safeSegment(rawPath);
        const answer = corsPreflight(svc, bucket, headers);
        if (!answer.error) return { status: answer.status, headers: answer.headers, body: '' };
        const err = new AwsError(answer.error.code, answer.error.message, { status: answer.error.status });
        return serializeRestXmlError(err, requestId);
      },
      resourceTags(arn: string) {
        const bucket = bucketOf(arn);
        const tags = bucket ? svc.db.config(bucket, 'tagging') : undefined;
        if (!tags) return undefined;
        return Object.fromEntries(
          (JSON.parse(tags) as Array<{ Key: string; Value: string }>).map((t) => [t.Key, t.Value]),
        );
      },
    };
    return instance;
  },
};
