import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBlueprint } from '../../src/blueprints/runner.js';
import { startAtoll } from '../../src/index.js';

// The organization trail's log files must reach the Log Archive bucket within the test (AWS: about 5 minutes).
process.env.ATOLL_CLOUDTRAIL_DELIVERY_MS = '500';

describe('blueprint landing-zone', () => {
  let endpoint = '';
  let stop: () => Promise<void>;
  const outputsDir = mkdtempSync(join(tmpdir(), 'atoll-lz-'));
  const opts = () => ({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    outputsDir,
    log: () => {},
  });

  beforeAll(async () => {
    const a = await startAtoll({ port: 0 });
    endpoint = a.endpoint;
    stop = () => a.stop();
  });
  afterAll(async () => {
    await stop?.();
    rmSync(outputsDir, { recursive: true, force: true });
  });

  it('deploys, verifies every check, redeploys idempotently and destroys', async () => {
    await runBlueprint('landing-zone', 'deploy', opts());
    const { checks = [] } = await runBlueprint('landing-zone', 'verify', opts());
    const failed = checks.filter((c) => !c.ok);
    expect(failed.map((c) => `${c.name}: ${c.detail}`)).toEqual([]);
    expect(checks.length).toBeGreaterThanOrEqual(18);
    // The S3 guardrails and the organization trail are proven with real S3 calls.
    const names = checks.map((c) => c.name).join('\n');
    expect(names).toMatch(/organization trail: .*Log Archive bucket/);
    expect(names).toMatch(/DenyPublicS3 \(real S3 calls\)/);
    expect(names).toMatch(/RequireEncryption \(real S3 calls\)/);
    // Deploy again: finds everything and changes nothing that verify depends on.
    await runBlueprint('landing-zone', 'deploy', opts());
    const again = await runBlueprint('landing-zone', 'verify', opts());
    expect((again.checks ?? []).filter((c) => !c.ok)).toEqual([]);
    await runBlueprint('landing-zone', 'destroy', opts());
    // Deploy created the organization, so destroy removed it (after the accounts, OUs and SCPs).
    const org = new OrganizationsClient({ ...opts(), maxAttempts: 1 });
    await expect(org.send(new DescribeOrganizationCommand({}))).rejects.toMatchObject({
      name: 'AWSOrganizationsNotInUseException',
    });
  }, 180_000);
});
