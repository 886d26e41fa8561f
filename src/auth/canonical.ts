/**
 * SigV4 canonical-request building blocks and the signature math (node:crypto, synchronous).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const HEX = '0123456789ABCDEF';

function isUnreserved(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x2d || // -
    c === 0x2e || // .
    c === 0x5f || // _
    c === 0x7e // ~
  );
}

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function pctByte(b: number): string {
  return '%' + HEX[b >> 4] + HEX[b & 15];
}

/** SigV4 UriEncode of an (unencoded) string: every byte except the RFC 3986 unreserved set is %XX-encoded. */
export function uriEscape(s: string, keepSlash = false): string {
  let out = '';
  const bytes = Buffer.from(s, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (isUnreserved(b) || (keepSlash && b === 0x2f)) out += String.fromCharCode(b);
    else out += pctByte(b);
  }
  return out;
}

/**
 * Canonical single encoding of a component exactly as it arrived on the wire: valid `%XX` escapes are kept
 * (upper-cased, or un-escaped when they denote an unreserved character), every other byte outside the unreserved set
 * is escaped. Equivalent to UriEncode(percentDecode(raw)) but works on bytes, so invalid UTF-8 cannot throw.
 * `+` is taken literally (encoded as %2B), as the AWS SDKs never emit `+` for a space.
 */
export function normalizeEncoded(raw: string, keepSlash = false): string {
  let out = '';
  const bytes = Buffer.from(raw, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x25 && i + 2 < bytes.length) {
      const h = hexVal(bytes[i + 1]!);
      const l = hexVal(bytes[i + 2]!);
      if (h >= 0 && l >= 0) {
        const v = (h << 4) | l;
        out += isUnreserved(v) || (keepSlash && v === 0x2f) ? String.fromCharCode(v) : pctByte(v);
        i += 2;
        continue;
      }
    }
    if (isUnreserved(b) || (keepSlash && b === 0x2f)) out += String.fromCharCode(b);
    else out += pctByte(b);
  }
  return out;
}

/** Remove empty, `.` and `..` segments (RFC 3986 style), keeping a leading and trailing slash. */
export function normalizePath(path: string): string {
  const segs: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') segs.pop();
    else segs.push(seg);
  }
  const trailing = segs.length > 0 && path.endsWith('/') ? '/' : '';
  return '/' + segs.join('/') + trailing;
}

/**
 * Candidate canonical URIs for a raw request path, most likely first.
 * Non-S3 services: normalised path, URI-encoded twice (the wire form is the first encoding).
 * S3: no normalisation, encoded once.
 */
export function canonicalUriCandidates(rawPath: string, s3: boolean): string[] {
  const path = rawPath === '' ? '/' : rawPath;
  let out: string[];
  if (s3) {
    out = [path, normalizeEncoded(path, true)];
  } else {
    const norm = normalizePath(path);
    out = [uriEscape(norm, true), uriEscape(normalizeEncoded(norm, true), true)];
  }
  return out[0] === out[1] ? [out[0]!] : out;
}

/** Canonical query string from the raw query (without '?'); `X-Amz-Signature` is dropped. */
export function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = normalizeEncoded(eq < 0 ? part : part.slice(0, eq));
    if (k === 'X-Amz-Signature') continue;
    pairs.push([k, eq < 0 ? '' : normalizeEncoded(part.slice(eq + 1))]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  let out = '';
  for (let i = 0; i < pairs.length; i++) out += (i ? '&' : '') + pairs[i]![0] + '=' + pairs[i]![1];
  return out;
}

/** Canonical headers block (each line `name:value\n`) for the signed header names, in the order given. */
export function canonicalHeaders(
  headers: Record<string, string | string[] | undefined>,
  signedHeaders: readonly string[],
): string {
  let out = '';
  for (const name of signedHeaders) {
    const v = headers[name];
    const value = v === undefined ? '' : Array.isArray(v) ? v.join(',') : v;
    out +=
      name +
      ':' +
      value
        .replace(/[\r\n]/g, ' ')
        .replace(/[ \t]+/g, ' ')
        .replace(/^ | $/g, '') +
      '\n';
  }
  return out;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

const keyCache = new Map<string, Buffer>();
const KEY_CACHE_MAX = 256;

/** Derived signing key kDate→kRegion→kService→kSigning, cached per (secret, date, region, service). */
export function signingKey(secret: string, shortDate: string, region: string, service: string): Buffer {
  const cacheKey = `${shortDate}\n${region}\n${service}\n${secret}`;
  const hit = keyCache.get(cacheKey);
  if (hit) return hit;
  const kDate = createHmac('sha256', 'AWS4' + secret)
    .update(shortDate)
    .digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  const kSigning = createHmac('sha256', kService).update('aws4_request').digest();
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
  keyCache.set(cacheKey, kSigning);
  return kSigning;
}

export function stringToSign(longDate: string, scope: string, canonicalRequest: string): string {
  return `AWS4-HMAC-SHA256\n${longDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
}

export function hmacHex(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a.toLowerCase(), 'utf8');
  const bb = Buffer.from(b.toLowerCase(), 'utf8');
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
