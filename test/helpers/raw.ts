// Hand-built, hand-signed HTTP requests, so tests can send what no SDK would: malformed bodies, unknown
// operations, wrong signatures, skewed clocks.
import http from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';

export interface RawRequest {
  method?: string;
  /** Path plus optional query string, e.g. `/` or `/000000000000/q?Action=ListQueues`. */
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sign with SigV4 (default true). */
  sign?: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  service?: string;
  /** Pretend the request was signed at this time (clock-skew tests). */
  signingDate?: Date;
  timeoutMs?: number;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export async function signRequest(endpoint: string, req: RawRequest): Promise<Record<string, string>> {
  const url = new URL(req.path ?? '/', endpoint);
  const query: Record<string, string> = {};
  url.searchParams.forEach((v, k) => {
    query[k] = v;
  });
  const headers: Record<string, string> = { host: url.host, ...(req.headers ?? {}) };
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: req.accessKeyId ?? 'test',
      secretAccessKey: req.secretAccessKey ?? 'test',
    },
    region: req.region ?? 'us-east-1',
    service: req.service ?? 'sqs',
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: req.method ?? 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query,
      headers,
      body: req.body ?? '',
    },
    req.signingDate ? { signingDate: req.signingDate } : {},
  );
  return signed.headers;
}

/** Sends one request with node:http (no client-side retries, no header rewriting) and reads the whole answer. */
export async function rawRequest(endpoint: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(req.path ?? '/', endpoint);
  const body = req.body ?? '';
  const headers = req.sign === false ? { host: url.host, ...(req.headers ?? {}) } : await signRequest(endpoint, req);
  headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise<RawResponse>((resolve, reject) => {
    const r = http.request(
      {
        method: req.method ?? 'POST',
        hostname: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    r.setTimeout(req.timeoutMs ?? 15_000, () => r.destroy(new Error('request timed out (server hung?)')));
    r.on('error', reject);
    r.end(body);
  });
}

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';

/** A JSON-protocol (awsJson1_0) SQS call with an arbitrary body. */
export function jsonRequest(
  endpoint: string,
  operation: string,
  body: unknown,
  extra: Omit<RawRequest, 'body'> = {},
): Promise<RawResponse> {
  return rawRequest(endpoint, {
    ...extra,
    headers: {
      'content-type': JSON_CONTENT_TYPE,
      'x-amz-target': `AmazonSQS.${operation}`,
      ...(extra.headers ?? {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A query-protocol SQS call (form-encoded POST). */
export function queryRequest(
  endpoint: string,
  params: Record<string, string>,
  extra: Omit<RawRequest, 'body'> = {},
): Promise<RawResponse> {
  return rawRequest(endpoint, {
    ...extra,
    headers: { 'content-type': FORM_CONTENT_TYPE, ...(extra.headers ?? {}) },
    body: new URLSearchParams(params).toString(),
  });
}

export interface JsonError {
  __type: string;
  message?: string;
}

export function parseJsonError(res: RawResponse): JsonError {
  const parsed = JSON.parse(res.body) as Record<string, unknown>;
  const type = parsed['__type'];
  if (typeof type !== 'string') throw new Error(`no __type in error body: ${res.body}`);
  const message = parsed['message'] ?? parsed['Message'];
  return { __type: type, message: typeof message === 'string' ? message : undefined };
}

export interface XmlError {
  type: string | undefined;
  code: string | undefined;
  message: string | undefined;
  requestId: string | undefined;
}

function tag(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m?.[1];
}

/** Picks the parts of a query-protocol `<ErrorResponse>` body. */
export function parseXmlError(res: RawResponse): XmlError {
  if (!/<ErrorResponse[\s>]/.test(res.body)) throw new Error(`not an <ErrorResponse>: ${res.body.slice(0, 500)}`);
  const error = tag(res.body, 'Error') ?? '';
  return {
    type: tag(error, 'Type'),
    code: tag(error, 'Code'),
    message: tag(error, 'Message'),
    requestId: tag(res.body.replace(/<Error>[\s\S]*?<\/Error>/, ''), 'RequestId'),
  };
}

export function xmlTag(xml: string, name: string): string | undefined {
  return tag(xml, name);
}

export function requestIdOf(res: RawResponse): string | undefined {
  const v = res.headers['x-amzn-requestid'];
  return Array.isArray(v) ? v[0] : v;
}
