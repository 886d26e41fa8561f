// CORS preflight (OPTIONS) against a bucket's CORS rules: the first rule matching the Origin, the requested
// method and every requested header answers with the Access-Control-* headers; anything else is 403.
import type { CORSRule } from '../../../generated/s3/types.js';
import { S3Errors } from './errors.js';
import type { S3Service } from './service.js';

export interface PreflightAnswer {
  status: number;
  headers: Record<string, string>;
  /** An S3 error to serialize instead (code, message, status). */
  error?: { code: string; message: string; status: number };
}

/** One `*` may stand for any run of characters, in origins and header names. */
function wildcard(pattern: string, value: string): boolean {
  const star = pattern.indexOf('*');
  if (star === -1) return pattern.toLowerCase() === value.toLowerCase();
  const head = pattern.slice(0, star).toLowerCase();
  const tail = pattern.slice(star + 1).toLowerCase();
  const v = value.toLowerCase();
  return v.length >= head.length + tail.length && v.startsWith(head) && v.endsWith(tail);
}

const forbidden = (message: string) => ({ code: 'AccessForbidden', message, status: 403 });

export function corsPreflight(
  svc: S3Service,
  bucket: string,
  headers: Record<string, string | string[] | undefined>,
): PreflightAnswer {
  const one = (n: string) => {
    const v = headers[n];
    return Array.isArray(v) ? v.join(',') : v;
  };
  const origin = one('origin');
  const method = one('access-control-request-method');
  if (!origin) {
    return {
      status: 400,
      headers: {},
      error: { code: 'BadRequest', message: 'Insufficient information. Origin request header needed.', status: 400 },
    };
  }
  if (!method) {
    return {
      status: 400,
      headers: {},
      error: { code: 'BadRequest', message: 'Invalid Access-Control-Request-Method: null', status: 400 },
    };
  }
  if (!svc.db.bucket(bucket)) {
    const e = S3Errors.noSuchBucket(bucket);
    return { status: 404, headers: {}, error: { code: e.code, message: e.message, status: 404 } };
  }
  const config = svc.db.config(bucket, 'cors');
  if (!config)
    return { status: 403, headers: {}, error: forbidden('CORSResponse: CORS is not enabled for this bucket.') };
  const requested = (one('access-control-request-headers') ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  const rules = (JSON.parse(config) as { CORSRules: CORSRule[] }).CORSRules;
  const rule = rules.find(
    (r) =>
      r.AllowedOrigins.some((o) => wildcard(o, origin)) &&
      r.AllowedMethods.includes(method) &&
      requested.every((h) => (r.AllowedHeaders ?? []).some((a) => wildcard(a, h))),
  );
  if (!rule) {
    return {
      status: 403,
      headers: {},
      error: forbidden(
        "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
      ),
    };
  }
  const out: Record<string, string> = {
    'access-control-allow-origin': rule.AllowedOrigins.includes('*') ? '*' : origin,
    'access-control-allow-methods': rule.AllowedMethods.join(', '),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
  if (!rule.AllowedOrigins.includes('*')) out['access-control-allow-credentials'] = 'true';
  if (requested.length > 0) out['access-control-allow-headers'] = requested.join(', ');
  if (rule.ExposeHeaders?.length) out['access-control-expose-headers'] = rule.ExposeHeaders.join(', ');
  if (rule.MaxAgeSeconds !== undefined) out['access-control-max-age'] = String(rule.MaxAgeSeconds);
  return { status: 200, headers: out };
}
