import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import type { CredentialLookup, IncomingRequestParts } from '../../../src/auth/sigv4.js';
import { StaticCredentials } from '../../../src/auth/credentials.js';

export const AKID = 'AKIAIOSFODNN7EXAMPLE';
export const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
export const ACCOUNT = '111122223333';
export const DEFAULT_ACCOUNT = '000000000000';
export const SIGN_DATE = new Date('2024-01-01T00:00:00Z');

export const creds: CredentialLookup = new StaticCredentials(
  [
    { accessKeyId: AKID, secretAccessKey: SECRET, accountId: ACCOUNT },
    { accessKeyId: 'ASIATEMP', secretAccessKey: 'tempsecret', accountId: ACCOUNT, sessionToken: 'tok+en/=' },
  ],
  DEFAULT_ACCOUNT,
);

export const opts = { defaultAccountId: DEFAULT_ACCOUNT, defaultRegion: 'us-east-1', now: SIGN_DATE };

/** Strict RFC 3986 encoding, as the AWS SDKs put query components on the wire. */
export function wireEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

export function wireQuery(query: HttpRequest['query']): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === null || v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) parts.push(`${wireEncode(k)}=${wireEncode(item)}`);
  }
  return parts.join('&');
}

export function toParts(req: HttpRequest): IncomingRequestParts {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  const body = req.body === undefined ? Buffer.alloc(0) : Buffer.from(req.body as string | Uint8Array);
  return { method: req.method, rawPath: req.path, rawQuery: wireQuery(req.query), headers, body };
}

export interface SignOpts {
  service?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  date?: Date;
  uriEscapePath?: boolean;
  applyChecksum?: boolean;
}

function signer(o: SignOpts): SignatureV4 {
  const service = o.service ?? 'sqs';
  return new SignatureV4({
    service,
    region: o.region ?? 'us-east-1',
    credentials: {
      accessKeyId: o.accessKeyId ?? AKID,
      secretAccessKey: o.secretAccessKey ?? SECRET,
      ...(o.sessionToken ? { sessionToken: o.sessionToken } : {}),
    },
    sha256: Sha256,
    uriEscapePath: o.uriEscapePath ?? service !== 's3',
    applyChecksum: o.applyChecksum ?? true,
  });
}

export function baseRequest(p: Partial<HttpRequest> = {}): HttpRequest {
  return {
    method: 'POST',
    protocol: 'http:',
    hostname: 'localhost',
    path: '/',
    query: {},
    body: undefined,
    ...p,
    headers: { host: 'localhost:4566', ...(p.headers ?? {}) },
  };
}

export async function signed(req: HttpRequest, o: SignOpts = {}): Promise<IncomingRequestParts> {
  const out = await signer(o).sign(req, { signingDate: o.date ?? SIGN_DATE });
  return toParts(out);
}

export async function presigned(
  req: HttpRequest,
  o: SignOpts & { expiresIn?: number } = {},
): Promise<IncomingRequestParts> {
  const out = await signer(o).presign(req, { signingDate: o.date ?? SIGN_DATE, expiresIn: o.expiresIn ?? 900 });
  return toParts(out);
}
