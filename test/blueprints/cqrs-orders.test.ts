// The cqrs-orders blueprint (seed 003, part 02) end to end against an in-memory atoll: deploy, verify (every check
// must pass), redeploy (idempotent), destroy.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBlueprint } from '../../src/blueprints/runner.js';
import { startAtoll } from '../../src/index.js';

let atoll: Awaited<ReturnType<typeof startAtoll>>;
let outputsDir: string;
const opts = () => ({
  endpoint: atoll.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  outputsDir,
  log: () => {},
});

beforeAll(async () => {
  outputsDir = mkdtempSync(path.join(tmpdir(), 'cqrs-orders-'));
  atoll = await startAtoll({ port: 0 });
});
afterAll(async () => {
  await atoll?.stop();
  rmSync(outputsDir, { recursive: true, force: true });
});

describe('cqrs-orders blueprint', () => {
  it('deploys, passes every check, redeploys idempotently and destroys', async () => {
    await runBlueprint('cqrs-orders', 'deploy', opts());
    const { checks = [] } = await runBlueprint('cqrs-orders', 'verify', opts());
    const failing = checks.filter((c) => !c.ok);
    if (failing.length) console.error(failing);
    expect(failing).toEqual([]);
    expect(checks.length).toBeGreaterThanOrEqual(10);
    await runBlueprint('cqrs-orders', 'deploy', opts());
    await runBlueprint('cqrs-orders', 'destroy', opts());
  }, 90_000);
});
