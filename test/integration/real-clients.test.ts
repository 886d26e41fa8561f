// Real AWS clients against atoll: AWS CLI v1 (JSON protocol), Debian's AWS CLI v2 (query protocol), boto3.
// A client that is not installed is skipped locally, but fails the run in CI (CI=true).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useAtoll } from '../helpers/atoll.js';
import { REPO_ROOT } from '../helpers/process.js';
import { uniqueName } from '../helpers/util.js';

const ctx = useAtoll();
const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
const CLIENTS = path.join(REPO_ROOT, 'test', 'clients');

function run(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 }).trim();
  } catch {
    return undefined;
  }
}

/** Every `aws` on PATH whose --version starts with aws-cli/1. */
function findAwsCliV1(): string | undefined {
  const candidates = (run('which', ['-a', 'aws']) ?? '').split('\n').filter(Boolean);
  return candidates.find((c) => (run(c, ['--version']) ?? '').startsWith('aws-cli/1.'));
}

/** The `aws` binary of Debian's awscli package (v2). */
function findDebianAwsCli(): string | undefined {
  const files = (run('dpkg', ['-L', 'awscli']) ?? '').split('\n');
  const bin = files.find((f) => /\/bin\/aws$/.test(f));
  if (!bin || !existsSync(bin)) return undefined;
  return (run(bin, ['--version']) ?? '').startsWith('aws-cli/2.') ? bin : undefined;
}

/** A python with boto3 importable. */
function findBoto3Python(): string | undefined {
  return ['python3', '/usr/bin/python3'].find((py) => run(py, ['-c', 'import boto3']) !== undefined);
}

const clientEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME ?? os.homedir(),
  PYENV_ROOT: process.env.PYENV_ROOT,
  PYENV_VERSION: process.env.PYENV_VERSION,
  LANG: 'C.UTF-8',
  LC_ALL: 'C.UTF-8',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_PAGER: '',
  AWS_CONFIG_FILE: path.join(os.tmpdir(), 'atoll-no-aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: path.join(os.tmpdir(), 'atoll-no-aws-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
};
for (const [k, v] of Object.entries(clientEnv)) if (v === undefined) delete clientEnv[k];

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runScenario(cmd: string, args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: clientEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function expectScenario(res: Result, steps: string[]): void {
  const detail = `exit ${res.code}\n--- stdout\n${res.stdout}\n--- stderr\n${res.stderr}`;
  expect(res.code, detail).toBe(0);
  for (const step of steps) expect(res.stdout, detail).toContain(step);
  expect(res.stdout.trimEnd().endsWith('SCENARIO OK'), detail).toBe(true);
}

interface ClientCase {
  name: string;
  find: () => string | undefined;
  missing: string;
  args: (bin: string, endpoint: string) => [string, string[]];
  steps: string[];
}

const CASES: ClientCase[] = [
  {
    name: 'AWS CLI v1 (JSON protocol)',
    find: findAwsCliV1,
    missing: 'no `aws` v1 on PATH',
    args: (bin, endpoint) => ['bash', [path.join(CLIENTS, 'cli-scenario.sh'), bin, endpoint, uniqueName('cliv1')]],
    steps: ['QUEUE_URL', 'GET_QUEUE_URL', 'SENT', 'RECEIVED', 'DELETED', 'ATTRIBUTES', 'ERROR_OK'],
  },
  {
    name: "AWS CLI v2 from Debian's awscli (query protocol)",
    find: findDebianAwsCli,
    missing: "Debian's awscli package is not installed (apt-get install awscli; .ci/run does)",
    args: (bin, endpoint) => ['bash', [path.join(CLIENTS, 'cli-scenario.sh'), bin, endpoint, uniqueName('cliv2')]],
    steps: ['QUEUE_URL', 'GET_QUEUE_URL', 'SENT', 'RECEIVED', 'DELETED', 'ATTRIBUTES', 'ERROR_OK'],
  },
  {
    name: 'boto3',
    find: findBoto3Python,
    missing: 'no python3 with boto3',
    args: (py, endpoint) => [py, [path.join(CLIENTS, 'boto3_scenario.py'), endpoint, uniqueName('boto3')]],
    steps: ['QUEUE_URL', 'SENT', 'RECEIVED', 'DELETED', 'BATCH_OK', 'ATTRIBUTES', 'ERROR_OK'],
  },
];

describe('real clients', () => {
  for (const c of CASES) {
    const bin = c.find();
    if (!bin && !IN_CI) {
      it.skip(`${c.name} — skipped: ${c.missing}`, () => undefined);
      continue;
    }
    it(`${c.name}: create, send, receive, delete, attributes`, { timeout: 90_000 }, async () => {
      if (!bin) throw new Error(`${c.name} is required in CI: ${c.missing}`);
      const [cmd, args] = c.args(bin, ctx.endpoint);
      expectScenario(await runScenario(cmd, args), c.steps);
    });
  }
});
