// The order-saga blueprint (seed 004, section 6.4) end to end against an in-memory atoll: deploy, verify (every
// check must pass), destroy. Step Functions timers run 10x faster so the Retry backoff (2 s, then 4 s) stays short.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBlueprint } from '../../src/blueprints/runner.js';
import { REPO_ROOT } from '../helpers/process.js';

process.env.ATOLL_SFN_TIME_SCALE = '0.1';
const { startAtoll } = await import('../../src/index.js');

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
  outputsDir = mkdtempSync(path.join(tmpdir(), 'order-saga-'));
  atoll = await startAtoll({ port: 0 });
});
afterAll(async () => {
  await atoll?.stop();
  rmSync(outputsDir, { recursive: true, force: true });
});

/** The first JSON object after "# Step Functions State Machine (ASL)" in seed 004. */
function seedAsl(): unknown {
  const seeds = path.join(REPO_ROOT, '..', 'shared', 'seeds');
  const file = readdirSync(seeds).find((f) => f.startsWith('004_')) ?? '';
  const text = readFileSync(path.join(seeds, file), 'utf8');
  const start = text.indexOf('{', text.indexOf('# Step Functions State Machine (ASL)'));
  let depth = 0;
  let end = start;
  for (; end < text.length; end++) {
    if (text[end] === '{') depth++;
    if (text[end] === '}' && --depth === 0) break;
  }
  return JSON.parse(text.slice(start, end + 1));
}

describe('order-saga blueprint', () => {
  it("ships the seed's ASL unchanged", () => {
    const asset = readFileSync(path.join(REPO_ROOT, 'blueprints', 'order-saga', 'asl', 'order-saga.asl.json'), 'utf8');
    expect(JSON.parse(asset)).toEqual(seedAsl());
  });

  it('deploys, passes every check, redeploys idempotently and destroys', async () => {
    await runBlueprint('order-saga', 'deploy', opts());
    const { checks = [] } = await runBlueprint('order-saga', 'verify', opts());
    const failing = checks.filter((c) => !c.ok);
    if (failing.length) console.error(failing);
    expect(failing).toEqual([]);
    expect(checks.length).toBeGreaterThanOrEqual(8);
    await runBlueprint('order-saga', 'deploy', opts());
    await runBlueprint('order-saga', 'destroy', opts());
  }, 90_000);
});
