// AWS CLI v1 against IAM and STS (query protocol): create-user and get-caller-identity.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useAtoll } from '../helpers/atoll.js';
import { uniqueName } from '../helpers/util.js';

const ctx = useAtoll();
const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv): string | undefined {
  try {
    return execFileSync(cmd, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
      env,
    }).trim();
  } catch {
    return undefined;
  }
}

const cli = (run('which', ['-a', 'aws']) ?? '')
  .split('\n')
  .filter(Boolean)
  .find((c) => (run(c, ['--version']) ?? '').startsWith('aws-cli/1.'));

const env: NodeJS.ProcessEnv = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? os.homedir(),
  LANG: 'C.UTF-8',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_CONFIG_FILE: path.join(os.tmpdir(), 'atoll-no-aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: path.join(os.tmpdir(), 'atoll-no-aws-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
};
if (process.env.PYENV_ROOT) env.PYENV_ROOT = process.env.PYENV_ROOT;

describe('AWS CLI v1', () => {
  it.skipIf(!cli && !IN_CI)('creates a user and reads the caller identity', async () => {
    expect(cli).toBeDefined();
    // Asynchronous: atoll runs in this process and must keep serving while the CLI waits.
    const aws = async (...args: string[]) => {
      const out = await promisify(execFile)(cli!, [...args, '--endpoint-url', ctx.endpoint, '--output', 'json'], {
        env,
        timeout: 60_000,
      });
      return JSON.parse(out.stdout) as Record<string, Record<string, string>>;
    };
    const name = uniqueName('cli');
    const created = await aws('iam', 'create-user', '--user-name', name);
    expect(created.User?.Arn).toBe(`arn:aws:iam::000000000000:user/${name}`);
    const me = (await aws('sts', 'get-caller-identity')) as unknown as Record<string, string>;
    expect(me).toEqual({ UserId: '000000000000', Account: '000000000000', Arn: 'arn:aws:iam::000000000000:root' });
  });
});
