// Get/Put/DeleteBucketReplication with S3's validation (versioning on both ends, schema V1 `Prefix` rules vs V2
// `Filter` rules with Priority and DeleteMarkerReplication, RTC with metrics), and which rules a new version
// matches (the replication job itself is in replication.ts).
import { randomBytes } from 'node:crypto';
import type { ReplicationConfiguration, ReplicationRule } from '../../../generated/s3/types.js';
import type { Handlers } from './api.js';
import { S3Errors } from './errors.js';
import type { S3Service } from './service.js';

const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::([^/]+)$/;

/** The destination bucket name in a rule (`arn:aws:s3:::name`). */
export function destinationBucket(rule: ReplicationRule): string {
  return BUCKET_ARN.exec(rule.Destination.Bucket)?.[1] ?? rule.Destination.Bucket;
}

/** V1 rules (a top-level Prefix, no Filter) replicate delete markers; V2 rules only when the rule says so. */
export function replicatesDeleteMarkers(rule: ReplicationRule): boolean {
  if (rule.Filter === undefined) return true;
  return rule.DeleteMarkerReplication?.Status === 'Enabled';
}

function ruleMatches(rule: ReplicationRule, key: string, tags: Record<string, string>): boolean {
  if (rule.Status !== 'Enabled') return false;
  const f = rule.Filter;
  const prefix = f ? (f.Prefix ?? f.And?.Prefix ?? '') : (rule.Prefix ?? '');
  if (!key.startsWith(prefix)) return false;
  const wanted = f?.Tag ? [f.Tag] : (f?.And?.Tags ?? []);
  return wanted.every((t) => tags[t.Key] === t.Value);
}

/** The rule that applies per destination bucket: the highest Priority among the enabled rules that match. */
export function matchingRules(
  config: ReplicationConfiguration,
  key: string,
  tags: Record<string, string>,
): ReplicationRule[] {
  const byDest = new Map<string, ReplicationRule>();
  for (const r of config.Rules) {
    if (!ruleMatches(r, key, tags)) continue;
    const dest = destinationBucket(r);
    const prev = byDest.get(dest);
    if (!prev || (r.Priority ?? 0) > (prev.Priority ?? 0)) byDest.set(dest, r);
  }
  return [...byDest.values()];
}

const invalidArgument = (message: string) => S3Errors.invalidArgument(message);

function validate(svc: S3Service, source: string, config: ReplicationConfiguration): void {
  const rules = config.Rules ?? [];
  if (rules.length === 0 || rules.length > 1000) throw S3Errors.malformedXml();
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(config.Role ?? '')) {
    throw invalidArgument('Invalid ReplicationConfiguration Role ARN');
  }
  const v2 = rules.some((r) => r.Filter !== undefined);
  const ids = new Set<string>();
  const priorities = new Set<number>();
  for (const r of rules) {
    if (v2 && r.Filter === undefined) {
      throw invalidArgument('Rules with and without Filter cannot be mixed in one replication configuration');
    }
    if (r.ID !== undefined) {
      if (r.ID.length > 255) throw invalidArgument('The ID of a rule cannot be longer than 255 characters');
      if (ids.has(r.ID)) throw invalidArgument('Rule Id must be unique');
      ids.add(r.ID);
    }
    if (v2) {
      if (r.Priority === undefined) {
        throw invalidArgument(
          'Priority must be specified for this version of Cross Region Replication configuration schema.',
        );
      }
      if (priorities.has(r.Priority)) throw invalidArgument(`Found two rules with same priority ${r.Priority}`);
      priorities.add(r.Priority);
      if (r.DeleteMarkerReplication === undefined) {
        throw invalidArgument(
          'DeleteMarkerReplication must be specified for this version of Cross Region Replication configuration schema.',
        );
      }
      const f = r.Filter!;
      const tagged = f.Tag !== undefined || (f.And?.Tags ?? []).length > 0;
      if (tagged && r.DeleteMarkerReplication.Status === 'Enabled') {
        throw invalidArgument('Delete marker replication is not supported if any Tag filter is specified.');
      }
      if ([f.Prefix !== undefined, f.Tag !== undefined, f.And !== undefined].filter(Boolean).length > 1) {
        throw S3Errors.malformedXml();
      }
    } else if (r.DeleteMarkerReplication !== undefined || r.Priority !== undefined) {
      throw invalidArgument('Priority and DeleteMarkerReplication require a Filter (the V2 configuration schema).');
    }
    const d = r.Destination;
    if (!BUCKET_ARN.test(d.Bucket)) throw invalidArgument('Invalid bucket ARN');
    const dest = svc.db.bucket(destinationBucket(r));
    if (!dest) throw S3Errors.invalidRequest('Destination bucket must exist.');
    if (dest.name === source)
      throw S3Errors.invalidRequest('Destination bucket cannot be the same as the source bucket.');
    if (dest.versioning !== 'Enabled')
      throw S3Errors.invalidRequest('Destination bucket must have versioning enabled.');
    if (d.AccessControlTranslation && d.Account === undefined) {
      throw invalidArgument('Account is required when AccessControlTranslation is specified');
    }
    const rtc = d.ReplicationTime;
    if (rtc?.Status === 'Enabled') {
      if (rtc.Time.Minutes !== 15) throw invalidArgument('Replication Time Control time must be 15 minutes.');
      if (d.Metrics?.Status !== 'Enabled') {
        throw invalidArgument('Replication Time Control must be used in conjunction with Metrics.');
      }
    }
    if (d.Metrics?.Status === 'Enabled' && rtc?.Status === 'Enabled' && d.Metrics.EventThreshold?.Minutes !== 15) {
      throw invalidArgument('Metrics EventThreshold must be 15 minutes when Replication Time Control is enabled.');
    }
  }
}

export function replicationConfigHandlers(
  svc: S3Service,
): Pick<Handlers, 'GetBucketReplication' | 'PutBucketReplication' | 'DeleteBucketReplication'> {
  return {
    GetBucketReplication(input) {
      svc.bucket(input.Bucket);
      const text = svc.db.config(input.Bucket, 'replication');
      if (text === undefined) {
        throw S3Errors.noSuchConfiguration(
          'ReplicationConfigurationNotFoundError',
          'The replication configuration was not found',
          input.Bucket,
        );
      }
      return { ReplicationConfiguration: JSON.parse(text) as ReplicationConfiguration };
    },
    PutBucketReplication(input) {
      const bucket = svc.bucket(input.Bucket);
      if (bucket.versioning !== 'Enabled') {
        throw S3Errors.invalidRequest(
          "Versioning must be 'Enabled' on the bucket to apply a replication configuration",
        );
      }
      const config = input.ReplicationConfiguration;
      validate(svc, bucket.name, config);
      // Rules without an ID get a generated one, as S3 assigns.
      const stored: ReplicationConfiguration = {
        Role: config.Role,
        Rules: config.Rules.map((r) => ({ ...r, ID: r.ID ?? randomBytes(36).toString('base64').slice(0, 48) })),
      };
      svc.db.tx(() => svc.db.putConfig(bucket.name, 'replication', JSON.stringify(stored)));
    },
    DeleteBucketReplication(input) {
      svc.bucket(input.Bucket);
      svc.db.tx(() => svc.db.deleteConfig(input.Bucket, 'replication'));
    },
  };
}
