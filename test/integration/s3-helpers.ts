// S3 test clients: path-style by default; virtual-hosted clients resolve `<bucket>.localhost` to 127.0.0.1
// themselves (Node's resolver does not).
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import http from 'node:http';
import type { LookupFunction } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';

export interface S3ClientOptions {
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  virtualHosted?: boolean;
}

const localhostLookup: LookupFunction = (_host, options, cb) => {
  if ((options as { all?: boolean }).all) {
    (cb as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [
      { address: '127.0.0.1', family: 4 },
    ]);
  } else cb(null, '127.0.0.1', 4);
};

export function s3Client(endpoint: string, opts: S3ClientOptions = {}): S3Client {
  const virtual = opts.virtualHosted === true;
  return new S3Client({
    endpoint: virtual ? endpoint.replace('127.0.0.1', 'localhost') : endpoint,
    region: opts.region ?? 'us-east-1',
    forcePathStyle: !virtual,
    credentials: { accessKeyId: opts.accessKeyId ?? 'test', secretAccessKey: opts.secretAccessKey ?? 'test' },
    maxAttempts: 1,
    ...(virtual
      ? {
          requestHandler: new NodeHttpHandler({
            httpAgent: new http.Agent({ lookup: localhostLookup } as http.AgentOptions),
          }),
        }
      : {}),
  });
}

/** The error an SDK call throws, with its code and HTTP status. */
export async function s3Error(p: Promise<unknown>): Promise<{ name: string; status: number; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode ?? 0, message: err.message };
  }
  throw new Error('expected the call to fail');
}

class Sha256 {
  private h: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.h = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret ? createHmac('sha256', Buffer.from(this.secret as Uint8Array)) : createHash('sha256');
  }
  update(data: SourceData): void {
    this.h.update(typeof data === 'string' ? data : Buffer.from(data as Uint8Array));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.h.digest());
  }
  reset(): void {
    this.h = this.fresh();
  }
}

export interface RawCreds {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A SigV4 request to atoll's S3 (path or host chosen by the caller); answers status, headers and body text. */
export async function signedS3(
  endpoint: string,
  req: {
    method: string;
    path: string;
    query?: Record<string, string>;
    headers?: Record<string, string>;
    body?: string;
  },
  creds: RawCreds = { accessKeyId: 'test', secretAccessKey: 'test' },
): Promise<{ status: number; headers: Headers; body: string }> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({
    credentials: creds,
    region: 'us-east-1',
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });
  const headers = { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...req.headers };
  const signed = await signer.sign({
    method: req.method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: req.path,
    query: req.query ?? {},
    headers,
    ...(req.body !== undefined ? { body: req.body } : {}),
  });
  return rawRequest(url.port, req.method, req.path + queryString(req.query), signed.headers, req.body);
}

/** A presigned URL for a GET, built with @smithy/signature-v4's presign. */
export async function presignGet(
  endpoint: string,
  path: string,
  creds: RawCreds,
  expiresIn: number,
  signingDate = new Date(),
): Promise<string> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({
    credentials: creds,
    region: 'us-east-1',
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });
  const presigned = await signer.presign(
    {
      method: 'GET',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path,
      query: {},
      headers: { host: url.host },
    },
    { expiresIn, signingDate },
  );
  return `${endpoint}${path}${queryString(presigned.query as Record<string, string>)}`;
}

function queryString(q: Record<string, string> | undefined): string {
  if (!q || Object.keys(q).length === 0) return '';
  return `?${Object.entries(q)
    .map(([k, v]) => (v === '' ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`))
    .join('&')}`;
}

/** A plain HTTP request to 127.0.0.1:<port> with any Host header (virtual-hosted addressing without DNS). */
export function rawRequest(
  port: string | number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: Headers; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: Number(port), method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
        resolve({ status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** aws-chunked body signed from `seed` (STREAMING-AWS4-HMAC-SHA256-PAYLOAD); `corrupt` signs 'world' but sends the given text. */
export function signChunks(chunks: string[], seed: string, secret: string, longDate: string, corrupt = false): string {
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  const hmac = (k: Buffer | string, d: string) => createHmac('sha256', k).update(d).digest();
  const day = longDate.slice(0, 8);
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), 'us-east-1'), 's3'), 'aws4_request');
  const scope = `${day}/us-east-1/s3/aws4_request`;
  let prev = seed;
  let wire = '';
  for (const c of [...chunks, '']) {
    const signedText = corrupt && c === 'WORLD' ? 'world' : c;
    const sts = `AWS4-HMAC-SHA256-PAYLOAD\n${longDate}\n${scope}\n${prev}\n${sha('')}\n${sha(signedText)}`;
    prev = createHmac('sha256', key).update(sts).digest('hex');
    wire += `${c.length.toString(16)};chunk-signature=${prev}\r\n${c}\r\n`;
  }
  return wire;
}

/** A PUT whose headers are SigV4-signed with a declared streaming payload; the body is built from the seed signature. */
export async function signedS3Chunked(
  endpoint: string,
  path: string,
  headers: Record<string, string>,
  creds: RawCreds,
  body: (seed: string) => string,
): Promise<{ status: number; headers: Headers; body: string }> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({
    credentials: creds,
    region: 'us-east-1',
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });
  const date = headers['x-amz-date']!;
  const signingDate = new Date(
    `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`,
  );
  const signed = await signer.sign(
    {
      method: 'PUT',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path,
      query: {},
      headers: { host: url.host, ...headers },
    },
    { signingDate },
  );
  const seed = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))![1]!;
  const text = body(seed);
  return rawRequest(
    url.port,
    'PUT',
    path,
    { ...signed.headers, 'content-length': String(Buffer.byteLength(text)) },
    text,
  );
}
