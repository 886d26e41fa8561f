// Large S3 uploads are spooled to a temp file instead of memory, so a 1 GB PUT keeps memory flat. The handler
// reads the file (RequestContext.bodyFile); the front deletes it before the answer is sent.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Bodies up to this size stay in memory even for S3. */
const SPOOL_FROM = 1024 * 1024;
/** AWS's limit for a single PUT. */
export const MAX_SPOOLED_BYTES = 5 * 1024 * 1024 * 1024;

export interface SpooledBody {
  path: string;
  size: number;
  /** SHA-256 hex of the bytes, when the request declared one to check against. */
  sha256?: string;
}

function first(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

/** An S3 object upload (PUT signed for s3, presigned for s3, or carrying S3's payload header) that may be large. */
export function shouldSpool(method: string | undefined, headers: http.IncomingHttpHeaders, rawQuery: string): boolean {
  if (method !== 'PUT') return false;
  const len = headers['content-length'];
  if (len !== undefined && Number(len) <= SPOOL_FROM) return false;
  if (headers['x-amz-content-sha256'] !== undefined) return true;
  const auth = first(headers.authorization) ?? '';
  return /\/s3\/aws4_request/.test(auth) || /%2Fs3%2Faws4_request/i.test(rawQuery);
}

/** Writes the request body to a temp file; rejects (and removes the file) on a client error or over the limit. */
export function spoolBody(req: http.IncomingMessage, limit: number): Promise<SpooledBody> {
  const path = join(tmpdir(), `atoll-upload-${randomUUID()}`);
  const declared = first(req.headers['x-amz-content-sha256']) ?? '';
  const hash = /^[0-9a-f]{64}$/i.test(declared) ? createHash('sha256') : undefined;
  return new Promise((resolve, reject) => {
    const out = createWriteStream(path);
    let size = 0;
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      req.unpipe(out);
      out.destroy();
      void unlink(path).catch(() => undefined);
      reject(err);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      hash?.update(chunk);
      if (size > limit) fail(new Error('too large'));
    });
    req.on('error', fail);
    req.on('aborted', () => fail(new Error('aborted')));
    out.on('error', fail);
    out.on('finish', () => {
      if (failed) return;
      resolve({ path, size, ...(hash ? { sha256: hash.digest('hex') } : {}) });
    });
    req.pipe(out);
  });
}

export function removeSpool(path: string): Promise<void> {
  return unlink(path).catch(() => undefined);
}
