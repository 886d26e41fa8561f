// Decodes `Content-Encoding: aws-chunked` bodies (what current SDKs send for PutObject/UploadPart):
// `<hex-size>[;chunk-signature=<sig>]\r\n<data>\r\n` ... `0[;chunk-signature=..]\r\n[<trailer>: <value>\r\n]*\r\n`.
// With a signer (STREAMING-AWS4-HMAC-SHA256-PAYLOAD from a key atoll knows), each chunk signature is checked
// against the previous one, starting from the seed signature; trailers are collected, and with
// STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER their x-amz-trailer-signature is checked too.
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { hmacHex } from '../../auth/canonical.js';
import { AwsError } from '../../protocol/errors.js';
import { S3Errors } from './errors.js';

export interface ChunkSigner {
  key: Buffer;
  longDate: string;
  scope: string;
  seed: string;
  /** STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER: the trailer chunk carries x-amz-trailer-signature. */
  trailer?: boolean;
}

const EMPTY_SHA256 = createHash('sha256').digest('hex');

export class AwsChunkedDecoder extends Transform {
  readonly trailers: Record<string, string> = {};
  private buf: Buffer = Buffer.alloc(0);
  /** Bytes of data left in the current chunk (+2 for its CRLF), or -1 while reading a header line. */
  private remaining = -1;
  private done = false;
  private prev: string | undefined;
  private chunkSignature: string | undefined;
  private hash: Hash | undefined;

  constructor(private readonly signer?: ChunkSigner) {
    super();
    this.prev = signer?.seed;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    if (this.done) return cb();
    try {
      this.drain();
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  override _flush(cb: TransformCallback): void {
    try {
      if (this.done) this.readTrailers();
    } catch (e) {
      return cb(e as Error);
    }
    cb(this.done ? null : S3Errors.incompleteBody());
  }

  private drain(): void {
    while (this.buf.length > 0 && !this.done) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, this.buf.length);
        // The final two bytes of each chunk are its CRLF, not data.
        const dataLeft = Math.max(0, this.remaining - 2);
        const data = this.buf.subarray(0, Math.min(take, dataLeft));
        if (data.length > 0) {
          this.hash?.update(data);
          this.push(data);
        }
        this.remaining -= take;
        this.buf = this.buf.subarray(take);
        if (this.remaining === 0) {
          this.remaining = -1;
          this.verify();
        }
        continue;
      }
      const eol = this.buf.indexOf('\r\n');
      if (eol === -1) {
        if (this.buf.length > 4096) throw S3Errors.invalidRequest('Invalid chunk encoding');
        return;
      }
      const line = this.buf.subarray(0, eol).toString('latin1');
      this.buf = this.buf.subarray(eol + 2);
      const size = parseInt(line.split(';', 1)[0]!, 16);
      if (!Number.isFinite(size) || size < 0) throw S3Errors.invalidRequest('Invalid chunk encoding');
      if (this.signer) {
        this.chunkSignature = /chunk-signature=([0-9a-f]{64})/.exec(line)?.[1];
        this.hash = createHash('sha256');
      }
      if (size === 0) {
        this.verify();
        // Trailers follow; they are read once the whole body has arrived.
        this.done = true;
        return;
      }
      this.remaining = size + 2;
    }
  }

  private verify(): void {
    if (!this.signer || !this.hash) return;
    const { key, longDate, scope } = this.signer;
    const sts = `AWS4-HMAC-SHA256-PAYLOAD\n${longDate}\n${scope}\n${this.prev}\n${EMPTY_SHA256}\n${this.hash.digest('hex')}`;
    this.hash = undefined;
    if (this.chunkSignature === undefined || hmacHex(key, sts) !== this.chunkSignature) throw signatureMismatch();
    this.prev = this.chunkSignature;
  }

  /** The trailer chunk's signature chains from the final chunk's over the canonical trailer lines. */
  private verifyTrailer(lines: Array<[string, string]>, signature: string | undefined): void {
    if (!this.signer?.trailer) return;
    const { key, longDate, scope } = this.signer;
    const canonical = lines.map(([k, v]) => `${k}:${v}\n`).join('');
    const digest = createHash('sha256').update(canonical).digest('hex');
    const sts = `AWS4-HMAC-SHA256-TRAILER\n${longDate}\n${scope}\n${this.prev}\n${digest}`;
    if (signature === undefined || hmacHex(key, sts) !== signature) throw signatureMismatch();
  }

  /** After the last chunk: trailer lines until an empty line. */
  private readTrailers(): void {
    const lines: Array<[string, string]> = [];
    let signature: string | undefined;
    for (const line of this.buf.toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'x-amz-trailer-signature') signature = value;
      else {
        lines.push([name, value]);
        this.trailers[name] = value;
      }
    }
    this.buf = Buffer.alloc(0);
    this.verifyTrailer(lines, signature);
  }
}

function signatureMismatch(): AwsError {
  return new AwsError(
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    { status: 403 },
  );
}
