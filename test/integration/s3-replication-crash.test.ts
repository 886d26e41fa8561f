// Replication is durable: versions acknowledged just before kill -9 still reach their replicas after the restart
// (the replication job commits with the version; no status stays PENDING).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { GetObjectCommand, PutBucketReplicationCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type AtollProcess, cliBuilt, freePort, killCli, startCli } from '../helpers/process.js';
import { s3Client } from './s3-helpers.js';
import { ROLE, rule, statusOf, until, versioned } from './s3-replication-helpers.js';

const dirs: string[] = [];
const running: AtollProcess[] = [];
const clients: S3Client[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const p of running.splice(0)) await killCli(p);
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function start(port: number, dir: string): Promise<S3Client> {
  const proc = await startCli(['--port', String(port), '--host', '127.0.0.1', '--state-dir', dir]);
  running.push(proc);
  const s3 = s3Client(proc.endpoint);
  clients.push(s3);
  return s3;
}

describe('S3 replication durability', () => {
  it.skipIf(!cliBuilt())(
    'completes replications pending at kill -9 after the restart',
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'atoll-s3-repl-crash-'));
      dirs.push(dir);
      const port = await freePort();
      let s3 = await start(port, dir);
      await versioned(s3, 'crash-src');
      await versioned(s3, 'crash-dst');
      await s3.send(
        new PutBucketReplicationCommand({
          Bucket: 'crash-src',
          ReplicationConfiguration: { Role: ROLE, Rules: [rule('crash-dst')] },
        }),
      );
      const versions = new Map<string, string>();
      for (let i = 0; i < 25; i++) {
        const put = await s3.send(new PutObjectCommand({ Bucket: 'crash-src', Key: `k${i}`, Body: `body ${i}` }));
        versions.set(`k${i}`, put.VersionId!);
      }
      await killCli(running.pop()!, 'SIGKILL');
      s3 = await start(port, dir);
      for (const [Key, versionId] of versions) {
        await until(
          () => statusOf(s3, 'crash-src', Key),
          (h) => h.ReplicationStatus === 'COMPLETED',
          Key,
        );
        const replica = await s3.send(new GetObjectCommand({ Bucket: 'crash-dst', Key }));
        expect(replica.VersionId).toBe(versionId);
        expect(replica.ReplicationStatus).toBe('REPLICA');
        expect(await replica.Body?.transformToString()).toBe(`body ${Key.slice(1)}`);
      }
    },
    120_000,
  );
});
