// The ride-sharing blueprint end to end against an in-memory atoll: deploy, verify (every check must pass),
// deploy again (idempotent), destroy.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

// Lambda's asynchronous retries wait 1 minute on AWS; 100 ms here so the poisoned event exhausts them quickly.
process.env.ATOLL_LAMBDA_ASYNC_RETRY_BASE_MS = '100';

const { startAtoll } = await import('../../src/index.js');
const { runBlueprint } = await import('../../src/blueprints/runner.js');

let atoll: Awaited<ReturnType<typeof startAtoll>>;
let outputsDir: string;
const lines: string[] = [];

beforeAll(async () => {
  atoll = await startAtoll({ port: 0 });
  outputsDir = mkdtempSync(join(tmpdir(), 'atoll-ride-sharing-'));
});

afterAll(async () => {
  await atoll?.stop();
  rmSync(outputsDir, { recursive: true, force: true });
});

const options = () => ({
  endpoint: atoll.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  outputsDir,
  log: (m: string) => {
    lines.push(m);
    if (process.env.BLUEPRINT_DEBUG) process.stderr.write(`${m}\n`);
  },
});

it('deploys, passes every check, re-deploys and destroys', async () => {
  await runBlueprint('ride-sharing', 'deploy', options());
  const { checks = [] } = await runBlueprint('ride-sharing', 'verify', options());
  const failed = checks.filter((c) => !c.ok);
  if (failed.length > 0) console.error(lines.join('\n'));
  expect(failed).toEqual([]);
  expect(checks.length).toBeGreaterThanOrEqual(12);
  await runBlueprint('ride-sharing', 'deploy', options());
  await runBlueprint('ride-sharing', 'destroy', options());
}, 120_000);
