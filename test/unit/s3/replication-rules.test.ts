// Which replication rules a new version matches: prefix and tag filters, V1 and V2 schemas, disabled rules,
// the highest Priority per destination bucket, and delete-marker replication per schema.
import { describe, expect, it } from 'vitest';
import type { ReplicationConfiguration, ReplicationRule } from '../../../generated/s3/types.js';
import { matchingRules, replicatesDeleteMarkers } from '../../../src/services/s3/replication-config.js';

const dest = (b: string) => ({ Bucket: `arn:aws:s3:::${b}` });
const v2 = (id: string, priority: number, bucket: string, filter: ReplicationRule['Filter']): ReplicationRule => ({
  ID: id,
  Priority: priority,
  Status: 'Enabled',
  Filter: filter,
  DeleteMarkerReplication: { Status: 'Disabled' },
  Destination: dest(bucket),
});
const config = (rules: ReplicationRule[]): ReplicationConfiguration => ({
  Role: 'arn:aws:iam::000000000000:role/r',
  Rules: rules,
});

describe('replication rule matching', () => {
  it('filters by prefix, tag and And, and skips disabled rules', () => {
    const c = config([
      v2('logs', 1, 'a', { Prefix: 'logs/' }),
      v2('tagged', 2, 'b', { Tag: { Key: 'env', Value: 'prod' } }),
      v2('both', 3, 'c', { And: { Prefix: 'img/', Tags: [{ Key: 'k', Value: 'v' }] } }),
      { ...v2('off', 4, 'd', { Prefix: '' }), Status: 'Disabled' },
    ]);
    expect(matchingRules(c, 'logs/x', {}).map((r) => r.ID)).toEqual(['logs']);
    expect(matchingRules(c, 'other', { env: 'prod' }).map((r) => r.ID)).toEqual(['tagged']);
    expect(matchingRules(c, 'img/1', { k: 'v' }).map((r) => r.ID)).toEqual(['both']);
    expect(matchingRules(c, 'img/1', { k: 'w' })).toEqual([]);
    expect(matchingRules(c, 'nothing', {})).toEqual([]);
  });

  it('keeps the highest priority rule per destination, one per destination bucket', () => {
    const c = config([
      v2('low', 1, 'same', { Prefix: '' }),
      v2('high', 5, 'same', { Prefix: 'a' }),
      v2('elsewhere', 2, 'other', { Prefix: '' }),
    ]);
    expect(
      matchingRules(c, 'abc', {})
        .map((r) => r.ID)
        .sort(),
    ).toEqual(['elsewhere', 'high']);
    expect(
      matchingRules(c, 'xyz', {})
        .map((r) => r.ID)
        .sort(),
    ).toEqual(['elsewhere', 'low']);
  });

  it('replicates delete markers for V1 rules and for V2 rules that enable it', () => {
    const v1: ReplicationRule = { ID: 'v1', Status: 'Enabled', Prefix: 'p/', Destination: dest('a') };
    expect(matchingRules(config([v1]), 'p/k', {}).map((r) => r.ID)).toEqual(['v1']);
    expect(replicatesDeleteMarkers(v1)).toBe(true);
    const off = v2('off', 1, 'a', { Prefix: '' });
    expect(replicatesDeleteMarkers(off)).toBe(false);
    expect(replicatesDeleteMarkers({ ...off, DeleteMarkerReplication: { Status: 'Enabled' } })).toBe(true);
  });
});
