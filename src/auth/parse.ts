/**
 * Cheap string parsing of SigV4 authentication data (Authorization header, presigned query, credential scope).
 */
import type { IncomingRequestParts } from './sigv4.js';
import { incomplete } from './errors.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

export interface CredentialScope {
  accessKeyId: string;
  /** YYYYMMDD */
  date: string;
  region: string;
  service: string;
  terminator: string;
  /** `date/region/service/terminator` as sent */
  scope: string;
}

export interface ParsedSignature {
  method: 'header' | 'presigned';
  algorithm: string;
  credential: CredentialScope;
  /** SignedHeaders as sent (';'-separated) */
  signedHeaders: string;
  signature: string;
  /** request timestamp as sent (X-Amz-Date / Date header) */
  rawDate: string;
  /** X-Amz-Expires (presigned only) */
  expires?: string;
  sessionToken?: string;
}

/** Parse `AKID/date/region/service/terminator`; undefined unless exactly 5 non-empty-id elements. */
export function splitCredential(value: string): CredentialScope | undefined {
  // Each request's scope is split twice (routing, then authentication): the last answer is kept.
  if (value === lastCredential.value) return lastCredential.scope;
  const scope = splitUncached(value);
  lastCredential = { value, scope };
  return scope;
}
let lastCredential: { value: string; scope: CredentialScope | undefined } = { value: '', scope: undefined };

function splitUncached(value: string): CredentialScope | undefined {
  // Trailing slashes are ignored by AWS.
  let v = value;
  while (v.endsWith('/')) v = v.slice(0, -1);
  const parts = v.split('/');
  if (parts.length !== 5) return undefined;
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  return { accessKeyId, date, region, service, terminator, scope: `${date}/${region}/${service}/${terminator}` };
}

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h.join(',') : h;
}

/** Value of a query parameter in a raw query string (first occurrence, percent-decoded), or undefined. */
export function rawQueryParam(rawQuery: string, name: string): string | undefined {
  if (rawQuery === '') return undefined;
  let from = 0;
  for (;;) {
    const idx = rawQuery.indexOf(name, from);
    if (idx < 0) return undefined;
    const end = idx + name.length;
    if ((idx === 0 || rawQuery.charCodeAt(idx - 1) === 0x26) && (end === rawQuery.length || rawQuery[end] === '=')) {
      if (end === rawQuery.length || rawQuery[end] !== '=') return '';
      const amp = rawQuery.indexOf('&', end + 1);
      const raw = rawQuery.slice(end + 1, amp < 0 ? undefined : amp);
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
    from = end;
  }
}

/**
 * The credential scope of a request, from the Authorization header or the presigned `X-Amz-Credential` query
 * parameter; undefined when absent or malformed. Never throws; meant for cheap service routing.
 */
export function parseCredentialScope(
  req: Pick<IncomingRequestParts, 'headers' | 'rawQuery'>,
): CredentialScope | undefined {
  const auth = headerValue(req.headers['authorization']);
  if (auth !== undefined) {
    const i = auth.indexOf('Credential=');
    if (i < 0) return undefined;
    let end = i + 11;
    while (end < auth.length && auth[end] !== ',' && auth[end] !== ' ') end++;
    return splitCredential(auth.slice(i + 11, end));
  }
  const cred = rawQueryParam(req.rawQuery, 'X-Amz-Credential');
  return cred === undefined ? undefined : splitCredential(cred);
}

/**
 * Parse the Authorization header into its components. Throws AuthError for malformed headers
 * (messages as AWS words them).
 */
export function parseAuthorizationHeader(
  auth: string,
  headers: IncomingRequestParts['headers'],
): Omit<ParsedSignature, 'credential'> & { credentialRaw: string } {
  const trimmed = auth.trim();
  const sp = trimmed.indexOf(' ');
  const algorithm = sp < 0 ? trimmed : trimmed.slice(0, sp);
  // `name=value` items separated by ',' or ' ' (the last of a repeated name wins); scanned without a regex split,
  // as this runs on every request.
  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signatureParam: string | undefined;
  if (sp >= 0) {
    let start = sp + 1;
    while (start <= trimmed.length) {
      let end = start;
      while (end < trimmed.length && trimmed.charCodeAt(end) !== 0x2c && trimmed.charCodeAt(end) !== 0x20) end++;
      const eq = trimmed.indexOf('=', start);
      if (eq >= 0 && eq < end) {
        const value = trimmed.slice(eq + 1, end);
        switch (trimmed.slice(start, eq)) {
          case 'Credential':
            credential = value;
            break;
          case 'SignedHeaders':
            signedHeaders = value;
            break;
          case 'Signature':
            signatureParam = value;
            break;
        }
      }
      start = end + 1;
    }
  }
  const credentialRaw = credential ?? '';
  const signature = signatureParam ?? '';
  const rawDate = headerValue(headers['x-amz-date']) ?? headerValue(headers['date']) ?? '';
  const s3 = credentialRaw.split('/')[3] === 's3';
  let msg = '';
  if (credentialRaw === '') msg += "Authorization header requires 'Credential' parameter. ";
  if (signature === '') msg += "Authorization header requires 'Signature' parameter. ";
  if (signedHeaders === undefined) msg += "Authorization header requires 'SignedHeaders' parameter. ";
  if (rawDate === '') msg += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  if (msg !== '') throw incomplete(msg + 'Authorization=' + trimmed, s3, false);
  return {
    method: 'header',
    algorithm,
    credentialRaw,
    signedHeaders: signedHeaders ?? '',
    signature,
    rawDate,
    sessionToken: headerValue(headers['x-amz-security-token']),
  };
}

const PRESIGN_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'];

/** Parse presigned-URL query parameters. Throws AuthError when required ones are missing. */
export function parsePresignedQuery(rawQuery: string): Omit<ParsedSignature, 'credential'> & { credentialRaw: string } {
  const values = PRESIGN_PARAMS.map((p) => rawQueryParam(rawQuery, p) ?? '');
  const [algorithm, credentialRaw, signature, signedHeaders, rawDate] = values as [
    string,
    string,
    string,
    string,
    string,
  ];
  const expires = rawQueryParam(rawQuery, 'X-Amz-Expires');
  const s3 = credentialRaw.split('/')[3] === 's3';
  if (s3 && (values.includes('') || expires === undefined || expires === '')) {
    throw incomplete(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, ' +
        'X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
      true,
      true,
    );
  }
  let msg = '';
  PRESIGN_PARAMS.forEach((p, i) => {
    if (values[i] === '') msg += `AWS query-string parameters must include '${p}'. `;
  });
  if (msg !== '') throw incomplete(msg + 'Re-examine the query-string parameters.', false, true);
  return {
    method: 'presigned',
    algorithm,
    credentialRaw,
    signedHeaders,
    signature,
    rawDate,
    expires,
    sessionToken: rawQueryParam(rawQuery, 'X-Amz-Security-Token'),
  };
}

const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** RFC 7231 IMF-fixdate, e.g. 'Mon, 01 Jan 2024 00:00:00 GMT'. */
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** Parse an ISO-8601 basic timestamp (20240101T000000Z) or an HTTP date; undefined if unparseable. */
export function parseRequestDate(raw: string): Date | undefined {
  const m = ISO_BASIC.exec(raw);
  if (m) {
    const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
    return Number.isNaN(t) ? undefined : new Date(t);
  }
  if (!HTTP_DATE.test(raw)) return undefined;
  const t = Date.parse(raw);
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** 20240101T000000Z */
export function toLongDate(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
