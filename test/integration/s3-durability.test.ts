// S3 durability and streaming: acknowledged PUTs survive kill -9 (objects are fsynced files committed before
// the answer), stray files from a crash are collected at start, and a 200 MB PUT/GET streams with flat memory.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { useAtoll } from '../helpers/atoll.js';
import { type AtollProcess, cliBuilt, freePort, killCli, startCli } from '../helpers/process.js';
import { s3Client } from './s3-helpers.js';

const ctx = useAtoll();
const dirs: string[] = [];
const running: AtollProcess[] = [];
const clients: S3Client[] = [];
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

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

/** Deterministic pseudo-random bytes, generated chunk by chunk (never held whole). */
function stream(total: number, seed: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const n = Math.min(1024 * 1024, total - sent);
      const chunk = Buffer.alloc(n, (seed + sent / (1024 * 1024)) % 251);
      sent += n;
      this.push(chunk);
    },
  });
}

describe('S3 durability', () => {
  it.skipIf(!cliBuilt())(
    'keeps acknowledged PUTs across kill -9 and collects orphan files',
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'atoll-s3-crash-'));
      dirs.push(dir);
      const port = await freePort();
      let s3 = await start(port, dir);
      await s3.send(new CreateBucketCommand({ Bucket: 'durable' }));
      const bodies = new Map<string, Buffer>();
      for (let i = 0; i < 20; i++) {
        const body = Buffer.from(`object ${i} `.repeat(i * 100 + 1));
        bodies.set(`k${i}`, body);
        await s3.send(
          new PutObjectCommand({
            Bucket: 'durable',
            Key: `k${i}`,
            Body: body,
            ServerSideEncryption: i % 2 ? 'AES256' : undefined,
          }),
        );
      }
      // A large body goes through the spool file.
      const big = Buffer.alloc(3 * 1024 * 1024, 7);
      bodies.set('big', big);
      await s3.send(new PutObjectCommand({ Bucket: 'durable', Key: 'big', Body: big }));
      await killCli(running.pop()!, 'SIGKILL');
      // A file left by an upload cut short (no metadata) must not survive the next start.
      writeFileSync(path.join(dir, 's3', 'objects', 'orphan-from-crash'), 'partial');
      s3 = await start(port, dir);
      for (const [Key, body] of bodies) {
        const got = await s3.send(new GetObjectCommand({ Bucket: 'durable', Key }));
        expect(md5(Buffer.from(await got.Body!.transformToByteArray()))).toBe(md5(body));
      }
      expect(readdirSync(path.join(dir, 's3', 'objects'))).not.toContain('orphan-from-crash');
    },
    60_000,
  );

  it('streams a 200 MB PUT and GET with flat memory', async () => {
    const s3 = s3Client(ctx.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: 'streaming' }));
    const size = 200 * 1024 * 1024;
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const t0 = Date.now();
    const put = await s3.send(
      new PutObjectCommand({ Bucket: 'streaming', Key: 'big', Body: stream(size, 3), ContentLength: size }),
    );
    const putMs = Date.now() - t0;
    const got = await s3.send(new GetObjectCommand({ Bucket: 'streaming', Key: 'big' }));
    const hash = createHash('md5');
    let n = 0;
    for await (const chunk of got.Body as Readable) {
      hash.update(chunk as Buffer);
      n += (chunk as Buffer).length;
    }
    clearInterval(timer);
    const growth = (peak - before) / (1024 * 1024);
    console.log(`200 MB: PUT ${putMs} ms, PUT+GET ${Date.now() - t0} ms, RSS growth ${growth.toFixed(0)} MB`);
    expect(n).toBe(size);
    expect(put.ETag).toBe(`"${hash.digest('hex')}"`);
    // Client and server share this process; neither may hold the object in memory.
    expect(growth).toBeLessThan(120);
  }, 120_000);
});
