import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBlueprint } from '../../src/blueprints/runner.js';
import { startAtoll } from '../../src/index.js';

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
    expect(checks.length).toBeGreaterThanOrEqual(15);
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
  }, 120_000);
});
