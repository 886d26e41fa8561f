/**
 * SigV4 request authentication (Authorization header and presigned URLs).
 *
 * Unknown access keys are accepted without verification (only string parsing happens — this is the hot path);
 * keys whose secret atoll knows are verified strictly.
 */
import {
  canonicalHeaders,
  canonicalQuery,
  canonicalUriCandidates,
  hmacHex,
  signaturesEqual,
  signingKey,
  stringToSign,
} from './canonical.js';
import { AuthError, expiredToken, incomplete, invalidToken, missingAuth, signatureMismatch } from './errors.js';
import { checkDeclaredPayload, payloadHashes } from './payload.js';
import {
  ALGORITHM,
  type ParsedSignature,
  parseAuthorizationHeader,
  parsePresignedQuery,
  parseRequestDate,
  splitCredential,
  toLongDate,
} from './parse.js';

export { AuthError } from './errors.js';
export { parseCredentialScope, type CredentialScope } from './parse.js';

export interface IncomingRequestParts {
  method: string;
  /** Raw path as received, before decoding (e.g. '/000000000000/my%20queue'). */
  rawPath: string;
  /** Raw query string without '?'. */
  rawQuery: string;
  /** Lower-cased header names; repeated headers joined with ',' as node:http does. */
  headers: Record<string, string | string[] | undefined>;
  /** Full body bytes (already read). */
  body: Buffer;
  /** SHA-256 hex of a body spooled to disk (then `body` is empty). */
  bodySha256?: string | undefined;
}

export interface AuthResult {
  accessKeyId: string; // '' when anonymous
  accountId: string; // 12 digits
  region: string; // from the credential scope (or default region if anonymous)
  service: string; // credential scope service (signing name), '' if anonymous
  principalArn: string; // for now: arn:aws:iam::<account>:root
  sessionToken?: string;
  anonymous: boolean;
  /** how the request was signed */
  method: 'header' | 'presigned' | 'none';
}

export interface CredentialRecord {
  secretAccessKey: string;
  accountId: string;
  sessionToken?: string;
  /** The caller these keys belong to (IAM user, role session); defaults to the account's root. */
  principalArn?: string;
  /** Temporary credentials: epoch ms after which requests fail with ExpiredToken. */
  expiresAt?: number;
  /** Deleted or inactive keys stay known so they are refused, not mistaken for unknown (root) keys. */
  disabled?: boolean;
}

export interface CredentialLookup {
  secretFor(accessKeyId: string): CredentialRecord | undefined;
}

export interface AuthOptions {
  defaultAccountId: string;
  defaultRegion: string;
  now?: Date;
}

/** Maximum allowed clock skew for header-signed requests. */
export const MAX_SKEW_MS = 15 * 60 * 1000;
/** Maximum X-Amz-Expires (one week). */
export const MAX_PRESIGN_EXPIRES = 604800;

const TWELVE_DIGITS = /^\d{12}$/;

function header(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h.join(',') : h;
}

function hasPresignParams(rawQuery: string): boolean {
  return (
    rawQuery.includes('X-Amz-Algorithm') ||
    rawQuery.includes('X-Amz-Credential') ||
    rawQuery.includes('X-Amz-Signature')
  );
}

/** Authenticate a request. Throws AuthError; requests without any authentication yield an anonymous result. */
export function authenticate(req: IncomingRequestParts, creds: CredentialLookup, opts: AuthOptions): AuthResult {
  const auth = header(req.headers['authorization']);
  const presigned = hasPresignParams(req.rawQuery);
  if (auth === undefined && !presigned) {
    return {
      accessKeyId: '',
      accountId: opts.defaultAccountId,
      region: opts.defaultRegion,
      service: '',
      principalArn: `arn:aws:iam::${opts.defaultAccountId}:root`,
      anonymous: true,
      method: 'none',
    };
  }

  let parsed: Omit<ParsedSignature, 'credential'> & { credentialRaw: string };
  if (auth !== undefined) {
    const algorithm = auth.trimStart().split(' ', 1)[0] ?? '';
    if (!algorithm.startsWith('AWS4-')) throw missingAuth();
    if (presigned && req.rawQuery.includes('X-Amz-Algorithm')) {
      throw incomplete(
        "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
        false,
        false,
      );
    }
    parsed = parseAuthorizationHeader(auth, req.headers);
  } else {
    parsed = parsePresignedQuery(req.rawQuery);
  }
  const isPresigned = parsed.method === 'presigned';
  const s3Hint = parsed.credentialRaw.split('/')[3] === 's3';

  if (parsed.algorithm !== ALGORITHM) {
    throw incomplete(
      isPresigned && s3Hint
        ? "X-Amz-Algorithm only supports 'AWS4-HMAC-SHA256'"
        : `Unsupported AWS 'algorithm': '${parsed.algorithm}' (only AWS4-HMAC-SHA256 for now). `,
      s3Hint,
      isPresigned,
    );
  }
  const credential = splitCredential(parsed.credentialRaw);
  if (!credential) {
    throw incomplete(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${parsed.credentialRaw}'`,
      s3Hint,
      isPresigned,
    );
  }
  const s3 = credential.service === 's3';
  if (credential.terminator !== 'aws4_request') {
    throw signatureMismatch(
      s3,
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${credential.terminator}'. `,
    );
  }
  const signed = parsed.signedHeaders.split(';');
  if (!signed.includes('host') && !signed.includes(':authority')) {
    throw signatureMismatch(s3, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }

  const known = creds.secretFor(credential.accessKeyId);
  const accountId = known
    ? known.accountId
    : TWELVE_DIGITS.test(credential.accessKeyId)
      ? credential.accessKeyId
      : opts.defaultAccountId;
  const result: AuthResult = {
    accessKeyId: credential.accessKeyId,
    accountId,
    region: credential.region,
    service: credential.service,
    principalArn: known?.principalArn ?? `arn:aws:iam::${accountId}:root`,
    anonymous: false,
    method: parsed.method,
  };
  if (parsed.sessionToken !== undefined) result.sessionToken = parsed.sessionToken;
  if (known) verify(req, { ...parsed, credential }, known, opts.now ?? new Date());
  return result;
}

function fmtSkew(d: Date): string {
  return toLongDate(d);
}

/** Strict verification for a key whose secret is known. */
function verify(req: IncomingRequestParts, sig: ParsedSignature, known: CredentialRecord, now: Date): void {
  const { credential } = sig;
  const s3 = credential.service === 's3';
  const presigned = sig.method === 'presigned';
  if (known.disabled) throw invalidToken(s3);
  if (known.expiresAt !== undefined && now.getTime() >= known.expiresAt) throw expiredToken();

  const date = parseRequestDate(sig.rawDate);
  if (!date) {
    throw incomplete(
      `Date must be in ISO-8601 'basic format'. Got '${sig.rawDate}'. See http://en.wikipedia.org/wiki/ISO_8601`,
      s3,
      presigned,
    );
  }
  const longDate = toLongDate(date);

  if (presigned) {
    const expires = Number(sig.expires ?? '');
    if (sig.expires !== undefined && (!Number.isInteger(expires) || expires < 0)) {
      throw incomplete('X-Amz-Expires should be a number', s3, true);
    }
    if (expires > MAX_PRESIGN_EXPIRES) {
      throw incomplete('X-Amz-Expires must be less than a week (in seconds) that is 604800', s3, true);
    }
    if (sig.expires !== undefined && now.getTime() > date.getTime() + expires * 1000) {
      throw s3
        ? new AuthError('AccessDenied', 'Request has expired', 403, 'expired')
        : new AuthError('SignatureDoesNotMatch', expiredMessage(date, now), 403, 'expired');
    }
  }
  const skewed = now.getTime() - date.getTime() > MAX_SKEW_MS && !presigned;
  const future = date.getTime() - now.getTime() > MAX_SKEW_MS;
  if (skewed || future) {
    if (s3) {
      throw new AuthError(
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
        403,
        'expired',
      );
    }
    throw new AuthError(
      'SignatureDoesNotMatch',
      future
        ? `Signature not yet current: ${longDate} is still later than ${fmtSkew(new Date(now.getTime() + MAX_SKEW_MS))} (${fmtSkew(now)} + 15 min.)`
        : expiredMessage(date, now),
      403,
      'expired',
    );
  }
  if (credential.date !== longDate.slice(0, 8)) {
    throw signatureMismatch(
      s3,
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${credential.date}' != '${longDate.slice(0, 8)}', from '${sig.rawDate}'.`,
    );
  }
  if ((known.sessionToken ?? undefined) !== (sig.sessionToken ?? undefined)) throw invalidToken(s3);

  // Canonical request.
  const signedList = sig.signedHeaders.split(';').map((h) => h.toLowerCase());
  const headersBlock = canonicalHeaders(req.headers, signedList);
  const query = canonicalQuery(req.rawQuery);
  const key = signingKey(known.secretAccessKey, credential.date, credential.region, credential.service);
  const payloadCandidates = payloadHashes(req, presigned, s3);
  let lastCanonical = '';
  let lastSts = '';
  for (const uri of canonicalUriCandidates(req.rawPath, s3)) {
    for (const payload of payloadCandidates) {
      const canonical = `${req.method}\n${uri}\n${query}\n${headersBlock}\n${sig.signedHeaders}\n${payload}`;
      const sts = stringToSign(longDate, credential.scope, canonical);
      if (signaturesEqual(hmacHex(key, sts), sig.signature)) {
        checkDeclaredPayload(req, payload, s3);
        return;
      }
      if (!lastCanonical) {
        lastCanonical = canonical;
        lastSts = sts;
      }
    }
  }
  const err = signatureMismatch(s3);
  err.canonicalRequest = lastCanonical;
  err.stringToSign = lastSts;
  throw err;
}

function expiredMessage(date: Date, now: Date): string {
  return `Signature expired: ${toLongDate(date)} is now earlier than ${fmtSkew(new Date(now.getTime() - MAX_SKEW_MS))} (${fmtSkew(now)} - 15 min.)`;
}
