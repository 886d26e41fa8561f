// S3 with the AWS CLI v1: `aws s3` (mb, cp with multipart above 8 MB, ls, rm) and `aws s3api` against atoll.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useAtoll } from '../helpers/atoll.js';

const ctx = useAtoll();
const work = mkdtempSync(path.join(os.tmpdir(), 'atoll-s3-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function findAwsCliV1(): string | undefined {
  try {
    const all = execFileSync('which', ['-a', 'aws'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    return all.find((bin) =>
      execFileSync(bin, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).startsWith(
        'aws-cli/1.',
      ),
    );
  } catch {
    return undefined;
  }
}

const env = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? os.homedir(),
  ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_PAGER: '',
  AWS_CONFIG_FILE: path.join(work, 'no-config'),
  AWS_SHARED_CREDENTIALS_FILE: path.join(work, 'no-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
};

const bin = findAwsCliV1();

function aws(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(bin!, [...args, '--endpoint-url', ctx.endpoint], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('AWS CLI v1 with S3', () => {
  it.skipIf(!bin)(
    'makes a bucket, copies up and down (multipart), lists, heads and removes',
    { timeout: 90_000 },
    async () => {
      expect((await aws('s3', 'mb', 's3://cli-bucket')).code).toBe(0);
      const small = path.join(work, 'small.txt');
      writeFileSync(small, 'hello from the cli\n');
      const big = path.join(work, 'big.bin');
      writeFileSync(big, Buffer.alloc(12 * 1024 * 1024, 5));
      expect((await aws('s3', 'cp', small, 's3://cli-bucket/dir/small.txt')).code).toBe(0);
      const up = await aws('s3', 'cp', big, 's3://cli-bucket/dir/big.bin');
      expect(up.code, up.stderr).toBe(0);
      const ls = await aws('s3', 'ls', 's3://cli-bucket/dir/');
      expect(ls.stdout).toContain('small.txt');
      expect(ls.stdout).toMatch(/12582912 big\.bin/);
      const down = path.join(work, 'big.down');
      expect((await aws('s3', 'cp', 's3://cli-bucket/dir/big.bin', down)).code).toBe(0);
      const hash = (p: string) => createHash('md5').update(readFileSync(p)).digest('hex');
      expect(hash(down)).toBe(hash(big));
      const head = await aws('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'dir/big.bin');
      const meta = JSON.parse(head.stdout) as { ContentLength: number; ETag: string };
      expect(meta.ContentLength).toBe(12 * 1024 * 1024);
      expect(meta.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
      const missing = await aws('s3api', 'get-object', '--bucket', 'cli-bucket', '--key', 'nope', path.join(work, 'x'));
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toContain('NoSuchKey');
      // rb --force empties the bucket (ListObjectsV2 + DeleteObjects) and deletes it.
      expect((await aws('s3', 'rb', 's3://cli-bucket', '--force')).code).toBe(0);
    },
  );
});
