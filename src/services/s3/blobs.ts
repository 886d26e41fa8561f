// Object bytes: immutable files under <stateDir>/s3/objects/, named by uuid. A file is written and fsynced
// before the metadata that references it commits, so an acknowledged PUT survives kill -9 and a crash mid-upload
// leaves at most an unreferenced file, collected at the next start. SSE-S3 objects are AES-256-GCM encrypted
// with a key kept per state directory.
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, existsSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough, type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Digests, type ChecksumAlgorithm } from './checksums.js';

export interface WrittenBlob {
  name: string;
  size: number;
  md5: string;
  checksums: Record<string, string>;
  sse?: { algorithm: 'AES256'; iv: string; tag: string };
}

export class BlobStore {
  private readonly dir: string;
  private readonly temporary: boolean;
  private readonly key: Buffer;

  /** `dbPath` is the store's file (':memory:' → a temp dir removed on close). */
  constructor(dbPath: string) {
    this.temporary = dbPath === ':memory:';
    const root = this.temporary ? mkdtempSync(join(tmpdir(), 'atoll-s3-')) : join(dirname(dbPath), 's3');
    this.dir = join(root, 'objects');
    mkdirSync(this.dir, { recursive: true });
    const keyFile = join(root, 'sse-s3.key');
    if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32), { mode: 0o600 });
    this.key = readFileSync(keyFile);
  }

  /**
   * Streams `source` into a new file, computing MD5 and the requested checksums over the plain bytes, and
   * fsyncs it. The caller commits metadata naming the file afterwards (or deletes it on failure).
   */
  async write(source: Readable, algorithms: ChecksumAlgorithm[], encrypt: boolean | Buffer): Promise<WrittenBlob> {
    const name = randomUUID();
    const path = join(this.dir, name);
    const digests = new Digests(algorithms);
    const tap = new Transform({
      transform(chunk: Buffer, _e, cb: TransformCallback) {
        digests.update(chunk);
        cb(null, chunk);
      },
    });
    const iv = randomBytes(12);
    // `true`: SSE-S3 under the state dir's key; a Buffer: an SSE-KMS data key or an SSE-C customer key.
    const cipher = encrypt ? createCipheriv('aes-256-gcm', encrypt === true ? this.key : encrypt, iv) : undefined;
    const fd = openSync(path, 'w');
    try {
      const out = createWriteStream('', { fd, autoClose: false });
      await pipeline(cipher ? [source, tap, cipher, out] : [source, tap, out]);
      fsyncSync(fd);
    } catch (e) {
      closeSync(fd);
      this.remove(name);
      throw e;
    }
    closeSync(fd);
    const { md5, checksums } = digests.finish();
    const blob: WrittenBlob = { name, size: digests.size, md5, checksums };
    if (cipher)
      blob.sse = { algorithm: 'AES256', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
    return blob;
  }

  /** The plain bytes [start, end] (inclusive) of a blob. */
  read(name: string, start: number, end: number, sse?: WrittenBlob['sse'], key?: Buffer): Readable {
    const path = join(this.dir, name);
    if (end < start) return emptyStream();
    if (!sse) return createReadStream(path, { start, end });
    // GCM is not seekable: decrypt from the start and keep the range (the tag is checked at the end).
    const decipher = createDecipheriv('aes-256-gcm', key ?? this.key, Buffer.from(sse.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(sse.tag, 'base64'));
    let offset = 0;
    const slice = new Transform({
      transform(chunk: Buffer, _e, cb: TransformCallback) {
        const from = Math.max(0, start - offset);
        const to = Math.min(chunk.length, end + 1 - offset);
        offset += chunk.length;
        cb(null, to > from ? chunk.subarray(from, to) : undefined);
      },
    });
    const file = createReadStream(path);
    file.on('error', (e) => slice.destroy(e));
    decipher.on('error', (e) => slice.destroy(e));
    return file.pipe(decipher).pipe(slice);
  }

  /** Wraps a secret under the state dir's key (an SSE-C key kept only while its multipart upload is open). */
  seal(secret: Buffer): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(secret), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
  }

  unseal(sealed: string): Buffer {
    const b = Buffer.from(sealed, 'base64');
    const d = createDecipheriv('aes-256-gcm', this.key, b.subarray(0, 12));
    d.setAuthTag(b.subarray(12, 28));
    return Buffer.concat([d.update(b.subarray(28)), d.final()]);
  }

  remove(name: string): void {
    try {
      unlinkSync(join(this.dir, name));
    } catch {
      // already gone
    }
  }

  /** Deletes files no metadata references (written before a crash, or whose delete was cut short). */
  collectOrphans(referenced: Set<string>): number {
    let n = 0;
    for (const f of readdirSync(this.dir)) {
      if (!referenced.has(f)) {
        this.remove(f);
        n++;
      }
    }
    return n;
  }

  close(): void {
    if (this.temporary) rmSync(dirname(this.dir), { recursive: true, force: true });
  }
}

function emptyStream(): Readable {
  const p = new PassThrough();
  p.end();
  return p;
}
