// S3 replication configuration: Get/Put/DeleteBucketReplication validated as S3 does, and malformed bodies.
import { describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  DeleteBucketReplicationCommand,
  GetBucketReplicationCommand,
  PutBucketReplicationCommand,
  PutBucketVersioningCommand,
  type ReplicationRule,
} from '@aws-sdk/client-s3';
import { useAtoll } from '../helpers/atoll.js';
import { s3Client, s3Error, signedS3 } from './s3-helpers.js';
import { ROLE, rule, versioned } from './s3-replication-helpers.js';

const ctx = useAtoll();

describe('S3 replication configuration', () => {
  const s3 = () => s3Client(ctx.endpoint);

  it('validates the configuration as S3 does', async () => {
    const c = s3();
    await c.send(new CreateBucketCommand({ Bucket: 'repl-plain' }));
    await versioned(c, 'repl-cfg-src');
    await versioned(c, 'repl-cfg-dst');
    await c.send(new CreateBucketCommand({ Bucket: 'repl-cfg-unversioned' }));
    const config = (rules: ReplicationRule[]) => ({ Role: ROLE, Rules: rules });
    const put = (Bucket: string, rules: ReplicationRule[]) =>
      s3Error(c.send(new PutBucketReplicationCommand({ Bucket, ReplicationConfiguration: config(rules) })));

    const none = await s3Error(c.send(new GetBucketReplicationCommand({ Bucket: 'repl-cfg-src' })));
    expect(none).toMatchObject({ name: 'ReplicationConfigurationNotFoundError', status: 404 });
    expect(none.message).toBe('The replication configuration was not found');

    const plain = await put('repl-plain', [rule('repl-cfg-dst')]);
    expect(plain).toMatchObject({ name: 'InvalidRequest', status: 400 });
    expect(plain.message).toBe("Versioning must be 'Enabled' on the bucket to apply a replication configuration");
    const unversioned = await put('repl-cfg-src', [rule('repl-cfg-unversioned')]);
    expect(unversioned).toMatchObject({ name: 'InvalidRequest', status: 400 });
    expect(unversioned.message).toBe('Destination bucket must have versioning enabled.');
    const missing = await put('repl-cfg-src', [rule('repl-cfg-nowhere')]);
    expect(missing.message).toBe('Destination bucket must exist.');
    const noDeleteMarker = await put('repl-cfg-src', [{ ...rule('repl-cfg-dst'), DeleteMarkerReplication: undefined }]);
    expect(noDeleteMarker).toMatchObject({ name: 'InvalidArgument', status: 400 });
    const samePriority = await put('repl-cfg-src', [rule('repl-cfg-dst'), { ...rule('repl-cfg-dst'), ID: 'b' }]);
    expect(samePriority.message).toBe('Found two rules with same priority 1');
    const taggedDeletes = await put('repl-cfg-src', [
      rule('repl-cfg-dst', { Filter: { Tag: { Key: 'k', Value: 'v' } } }),
    ]);
    expect(taggedDeletes.name).toBe('InvalidArgument');
    const rtcWithoutMetrics = await put('repl-cfg-src', [
      rule('repl-cfg-dst', {
        Destination: {
          Bucket: 'arn:aws:s3:::repl-cfg-dst',
          ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15 } },
        },
      }),
    ]);
    expect(rtcWithoutMetrics.name).toBe('InvalidArgument');

    await c.send(
      new PutBucketReplicationCommand({
        Bucket: 'repl-cfg-src',
        ReplicationConfiguration: {
          Role: ROLE,
          Rules: [{ Status: 'Enabled', Prefix: 'logs/', Destination: { Bucket: 'arn:aws:s3:::repl-cfg-dst' } }],
        },
      }),
    );
    const got = await c.send(new GetBucketReplicationCommand({ Bucket: 'repl-cfg-src' }));
    expect(got.ReplicationConfiguration?.Role).toBe(ROLE);
    expect(got.ReplicationConfiguration?.Rules?.[0]).toMatchObject({
      Status: 'Enabled',
      Prefix: 'logs/',
      Destination: { Bucket: 'arn:aws:s3:::repl-cfg-dst' },
    });
    // S3 assigns an ID to a rule that has none.
    expect(got.ReplicationConfiguration?.Rules?.[0]?.ID).toMatch(/.+/);
    // With a replication configuration, versioning cannot be suspended.
    const suspend = await s3Error(
      c.send(
        new PutBucketVersioningCommand({ Bucket: 'repl-cfg-src', VersioningConfiguration: { Status: 'Suspended' } }),
      ),
    );
    expect(suspend).toMatchObject({ name: 'InvalidBucketState', status: 409 });
    await c.send(new DeleteBucketReplicationCommand({ Bucket: 'repl-cfg-src' }));
    expect((await s3Error(c.send(new GetBucketReplicationCommand({ Bucket: 'repl-cfg-src' })))).name).toBe(
      'ReplicationConfigurationNotFoundError',
    );
  });

  it('answers MalformedXML for a broken configuration body', async () => {
    const res = await signedS3(ctx.endpoint, {
      method: 'PUT',
      path: '/repl-cfg-src',
      query: { replication: '' },
      body: '<ReplicationConfiguration><Role>',
    });
    expect(res.status).toBe(400);
    expect(res.body).toContain('<Code>MalformedXML</Code>');
    const empty = await signedS3(ctx.endpoint, {
      method: 'PUT',
      path: '/repl-cfg-src',
      query: { replication: '' },
      body: `<ReplicationConfiguration><Role>${ROLE}</Role></ReplicationConfiguration>`,
    });
    expect(empty.status).toBe(400);
    expect(empty.body).toContain('<Code>MalformedXML</Code>');
  });
});
