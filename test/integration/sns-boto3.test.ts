// boto3 against atoll's SNS: publish to SQS with attributes, raw and enveloped, batches and errors.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useAtoll } from '../helpers/atoll.js';
import { REPO_ROOT } from '../helpers/process.js';

const ctx = useAtoll();
const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
const SCRIPT = path.join(REPO_ROOT, 'test', 'clients', 'sns_boto3_scenario.py');

function boto3Python(): string | undefined {
  return ['python3', '/usr/bin/python3'].find((py) => {
    try {
      execFileSync(py, ['-c', 'import boto3'], { stdio: 'ignore', timeout: 30_000 });
      return true;
    } catch {
      return false;
    }
  });
}

function run(py: string, endpoint: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(py, [SCRIPT, endpoint, `sns-boto3-${Date.now()}`], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LANG: 'C.UTF-8',
        LC_ALL: 'C.UTF-8',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: '/nonexistent',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('boto3 SNS scenario', () => {
  const py = boto3Python();
  if (!py && !IN_CI) {
    it.skip('skipped: no python3 with boto3', () => undefined);
    return;
  }
  it('publishes to SQS with attributes (raw and enveloped)', { timeout: 90_000 }, async () => {
    if (!py) throw new Error('boto3 is required in CI');
    const { code, out } = await run(py, ctx.endpoint);
    for (const step of ['TOPIC', 'SUBSCRIBED', 'PUBLISHED', 'RAW_OK', 'ENVELOPE_OK', 'BATCH_OK', 'ERROR_OK']) {
      expect(out).toContain(step);
    }
    expect(out).toContain('SCENARIO OK');
    expect(code).toBe(0);
  });
});
