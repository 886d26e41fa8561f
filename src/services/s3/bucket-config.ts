// Bucket sub-resources kept as documents: tagging, policy (validated, enforced through resourcePolicy),
// public access block, ownership controls, CORS, default encryption, lifecycle and notification configuration.
import { parsePolicy } from '../../iam/policy/index.js';
import type { Handlers } from './api.js';
import { bucketAclAllowsEnforced } from './acl-ops.js';
import { S3Errors } from './errors.js';
import { effectivePublicAccess } from './public-access.js';
import type { S3Service } from './service.js';

type ConfigOps =
  | 'GetBucketTagging'
  | 'PutBucketTagging'
  | 'DeleteBucketTagging'
  | 'GetBucketPolicy'
  | 'PutBucketPolicy'
  | 'DeleteBucketPolicy'
  | 'GetBucketPolicyStatus'
  | 'GetPublicAccessBlock'
  | 'PutPublicAccessBlock'
  | 'DeletePublicAccessBlock'
  | 'GetBucketOwnershipControls'
  | 'PutBucketOwnershipControls'
  | 'DeleteBucketOwnershipControls'
  | 'GetBucketCors'
  | 'PutBucketCors'
  | 'DeleteBucketCors'
  | 'GetBucketEncryption'
  | 'PutBucketEncryption'
  | 'DeleteBucketEncryption'
  | 'GetBucketLifecycleConfiguration'
  | 'PutBucketLifecycleConfiguration'
  | 'DeleteBucketLifecycle'
  | 'GetBucketNotificationConfiguration'
  | 'PutBucketNotificationConfiguration';

/** The 404 each missing sub-resource answers. */
const MISSING: Record<string, [string, string]> = {
  cors: ['NoSuchCORSConfiguration', 'The CORS configuration does not exist'],
  pab: ['NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found'],
  ownership: ['OwnershipControlsNotFoundError', 'The bucket ownership controls were not found'],
  encryption: [
    'ServerSideEncryptionConfigurationNotFoundError',
    'The server side encryption configuration was not found',
  ],
  lifecycle: ['NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist'],
};

export const DEFAULT_ENCRYPTION = {
  Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }],
};

/** A policy statement granting to everyone (`Principal: "*"`) without narrowing conditions is public. */
export function isPublicPolicy(text: string): boolean {
  try {
    const doc = parsePolicy(text, 'resource');
    return doc.statements.some(
      (s) =>
        s.effect === 'Allow' && s.principal?.spec.any === true && !s.principal.negated && s.conditions.length === 0,
    );
  } catch {
    return false;
  }
}

export function bucketConfigHandlers(svc: S3Service): Pick<Handlers, ConfigOps> {
  const get = <T>(bucket: string, kind: string): T | undefined => {
    svc.bucket(bucket);
    const v = svc.db.config(bucket, kind);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  };
  const need = <T>(bucket: string, kind: string): T => {
    const v = get<T>(bucket, kind);
    if (v === undefined) {
      const [code, message] = MISSING[kind]!;
      throw S3Errors.noSuchConfiguration(code, message, bucket);
    }
    return v;
  };
  const put = (bucket: string, kind: string, value: unknown): void => {
    svc.bucket(bucket);
    svc.db.tx(() => svc.db.putConfig(bucket, kind, typeof value === 'string' ? value : JSON.stringify(value)));
  };
  const del = (bucket: string, kind: string): void => {
    svc.bucket(bucket);
    svc.db.tx(() => svc.db.deleteConfig(bucket, kind));
  };
  return {
    GetBucketTagging(input) {
      const tags = get<Array<{ Key: string; Value: string }>>(input.Bucket, 'tagging');
      if (!tags) throw S3Errors.noSuchTagSet(input.Bucket);
      return { TagSet: tags };
    },
    PutBucketTagging(input) {
      const tags = input.Tagging.TagSet ?? [];
      validateTags(tags, 50);
      return put(input.Bucket, 'tagging', tags);
    },
    DeleteBucketTagging: (input) => del(input.Bucket, 'tagging'),

    GetBucketPolicy(input) {
      svc.bucket(input.Bucket);
      const text = svc.db.config(input.Bucket, 'policy');
      if (text === undefined) throw S3Errors.noSuchBucketPolicy(input.Bucket);
      return { Policy: text };
    },
    PutBucketPolicy(input) {
      const text = input.Policy;
      try {
        parsePolicy(text, 'resource', { size: { sizeClass: 'unlimited' } });
      } catch (e) {
        throw S3Errors.malformedPolicy((e as Error).message || 'Policies must be valid JSON');
      }
      if (Buffer.byteLength(text) > 20 * 1024)
        throw S3Errors.malformedPolicy('Policy exceeds the maximum allowed document size.');
      svc.bucket(input.Bucket);
      if (effectivePublicAccess(svc, input.Bucket).BlockPublicPolicy && isPublicPolicy(text))
        throw S3Errors.accessDenied();
      return put(input.Bucket, 'policy', text);
    },
    DeleteBucketPolicy: (input) => del(input.Bucket, 'policy'),
    GetBucketPolicyStatus(input) {
      svc.bucket(input.Bucket);
      const text = svc.db.config(input.Bucket, 'policy');
      if (text === undefined) throw S3Errors.noSuchBucketPolicy(input.Bucket);
      return { PolicyStatus: { IsPublic: isPublicPolicy(text) } };
    },

    GetPublicAccessBlock: (input) => ({ PublicAccessBlockConfiguration: need(input.Bucket, 'pab') }),
    PutPublicAccessBlock: (input) => put(input.Bucket, 'pab', input.PublicAccessBlockConfiguration),
    DeletePublicAccessBlock: (input) => del(input.Bucket, 'pab'),

    GetBucketOwnershipControls: (input) => ({ OwnershipControls: need(input.Bucket, 'ownership') }),
    PutBucketOwnershipControls(input) {
      // Disabling ACLs needs a bucket ACL that grants only the owner (AWS: migrate grants to a policy first).
      const wanted = input.OwnershipControls.Rules?.[0]?.ObjectOwnership;
      svc.bucket(input.Bucket);
      if (wanted === 'BucketOwnerEnforced' && !bucketAclAllowsEnforced(svc, input.Bucket)) {
        throw S3Errors.aclWithObjectOwnership();
      }
      return put(input.Bucket, 'ownership', input.OwnershipControls);
    },
    DeleteBucketOwnershipControls: (input) => del(input.Bucket, 'ownership'),

    GetBucketCors: (input) => ({ CORSRules: need<{ CORSRules: never[] }>(input.Bucket, 'cors').CORSRules }),
    PutBucketCors(input) {
      const rules = input.CORSConfiguration.CORSRules ?? [];
      if (rules.length === 0 || rules.length > 100) throw S3Errors.malformedXml();
      for (const r of rules) {
        for (const m of r.AllowedMethods) {
          if (!['GET', 'PUT', 'POST', 'DELETE', 'HEAD'].includes(m)) {
            throw S3Errors.invalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${m}`);
          }
        }
      }
      return put(input.Bucket, 'cors', { CORSRules: rules });
    },
    DeleteBucketCors: (input) => del(input.Bucket, 'cors'),

    // Every bucket has default encryption (SSE-S3) since January 2023.
    GetBucketEncryption: (input) => ({
      ServerSideEncryptionConfiguration: get(input.Bucket, 'encryption') ?? (DEFAULT_ENCRYPTION as never),
    }),
    PutBucketEncryption: (input) => put(input.Bucket, 'encryption', input.ServerSideEncryptionConfiguration),
    DeleteBucketEncryption: (input) => del(input.Bucket, 'encryption'),

    GetBucketLifecycleConfiguration: (input) => need(input.Bucket, 'lifecycle'),
    PutBucketLifecycleConfiguration(input) {
      const rules = input.LifecycleConfiguration?.Rules ?? [];
      if (rules.length === 0) throw S3Errors.malformedXml();
      for (const r of rules) {
        const d = r.Expiration?.Date;
        if (d && new Date(d).getTime() % 86_400_000 !== 0) {
          throw S3Errors.invalidArgument("'Date' must be at midnight GMT", 'Date', new Date(d).toISOString());
        }
      }
      svc.bucket(input.Bucket);
      svc.db.tx(() => {
        svc.db.putConfig(input.Bucket, 'lifecycle', JSON.stringify({ Rules: rules }));
        svc.lifecycle.arm(input.Bucket);
      });
      return {};
    },
    DeleteBucketLifecycle(input) {
      del(input.Bucket, 'lifecycle');
      svc.lifecycle.disarm(input.Bucket);
    },

    GetBucketNotificationConfiguration: (input) => get(input.Bucket, 'notification') ?? {},
    PutBucketNotificationConfiguration: (input) => put(input.Bucket, 'notification', input.NotificationConfiguration),
  };
}

/** S3 tag rules: unique keys, key 1-128 and value 0-256 characters, at most `max` tags. */
export function validateTags(tags: Array<{ Key: string; Value: string }>, max: number): void {
  if (tags.length > max) throw S3Errors.invalidTag(`Object tags cannot be greater than ${max}`);
  const seen = new Set<string>();
  for (const t of tags) {
    if (seen.has(t.Key)) throw S3Errors.invalidTag('Cannot provide multiple Tags with the same key');
    seen.add(t.Key);
    if (t.Key.length < 1 || t.Key.length > 128) throw S3Errors.invalidTag('The TagKey you have provided is invalid');
    if (t.Value.length > 256) throw S3Errors.invalidTag('The TagValue you have provided is invalid');
  }
}
