import { describe, expect, it } from 'vitest';
import { AuthError, authenticate, parseCredentialScope, type IncomingRequestParts } from '../../../src/auth/sigv4.js';
import { DEFAULT_ACCOUNT, baseRequest, creds, opts, signed } from './helpers.js';

function req(headers: IncomingRequestParts['headers'], rawQuery = ''): IncomingRequestParts {
  return { method: 'POST', rawPath: '/', rawQuery, headers: { host: 'localhost', ...headers }, body: Buffer.alloc(0) };
}

function fail(fn: () => unknown): AuthError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AuthError) return e;
    throw e;
  }
  throw new Error('expected an AuthError');
}

const GOOD_AUTH = (akid: string, extra = '') =>
  `AWS4-HMAC-SHA256 Credential=${akid}/20240101/eu-west-1/sqs/aws4_request, SignedHeaders=host;x-amz-date, Signature=deadbeef${extra}`;

describe('unverified (unknown) credentials', () => {
  it('accepts any signature for an unknown key and maps to the default account', () => {
    const res = authenticate(
      req({ authorization: GOOD_AUTH('AKIDUNKNOWN'), 'x-amz-date': '20240101T000000Z' }),
      creds,
      opts,
    );
    expect(res).toEqual({
      accessKeyId: 'AKIDUNKNOWN',
      accountId: DEFAULT_ACCOUNT,
      region: 'eu-west-1',
      service: 'sqs',
      principalArn: `arn:aws:iam::${DEFAULT_ACCOUNT}:root`,
      anonymous: false,
      method: 'header',
    });
  });

  it('uses a 12-digit access key id as the account', () => {
    const res = authenticate(
      req({ authorization: GOOD_AUTH('123456789012'), 'x-amz-date': '20240101T000000Z' }),
      creds,
      opts,
    );
    expect(res.accountId).toBe('123456789012');
    expect(res.principalArn).toBe('arn:aws:iam::123456789012:root');
  });

  it('does not check clock skew for unknown keys', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const res = authenticate(req({ authorization: GOOD_AUTH('x'), 'x-amz-date': '20240101T000000Z' }), creds, {
      ...opts,
      now,
    });
    expect(res.accessKeyId).toBe('x');
  });

  it('returns the session token when present', () => {
    const res = authenticate(
      req({ authorization: GOOD_AUTH('x'), 'x-amz-date': '20240101T000000Z', 'x-amz-security-token': 'T' }),
      creds,
      opts,
    );
    expect(res.sessionToken).toBe('T');
  });

  it('accepts an unknown-key presigned URL', () => {
    const q =
      'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=444455556666%2F20240101%2Fap-south-1%2Fs3%2Faws4_request' +
      '&X-Amz-Date=20240101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=00&X-Amz-Security-Token=a%2Bb';
    const res = authenticate(req({}, q), creds, opts);
    expect(res).toMatchObject({
      accountId: '444455556666',
      region: 'ap-south-1',
      service: 's3',
      method: 'presigned',
      sessionToken: 'a+b',
    });
  });
});

describe('anonymous requests', () => {
  it('returns an anonymous result when there is no auth at all', () => {
    expect(authenticate(req({}), creds, opts)).toEqual({
      accessKeyId: '',
      accountId: DEFAULT_ACCOUNT,
      region: 'us-east-1',
      service: '',
      principalArn: `arn:aws:iam::${DEFAULT_ACCOUNT}:root`,
      anonymous: true,
      method: 'none',
    });
  });
});

describe('malformed authentication', () => {
  it('lists every missing Authorization parameter (IncompleteSignature 400)', () => {
    const e = fail(() => authenticate(req({ authorization: 'AWS4-HMAC-SHA256 Signature=abc' }), creds, opts));
    expect(e.code).toBe('IncompleteSignature');
    expect(e.jsonCode).toBe('IncompleteSignatureException');
    expect(e.httpStatus).toBe(400);
    expect(e.message).toBe(
      "Authorization header requires 'Credential' parameter. Authorization header requires 'SignedHeaders' parameter. " +
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
        'Authorization=AWS4-HMAC-SHA256 Signature=abc',
    );
  });

  it('rejects an unsupported algorithm', () => {
    const e = fail(() =>
      authenticate(
        req({ authorization: GOOD_AUTH('x').replace('SHA256', 'SHA1'), 'x-amz-date': '20240101T000000Z' }),
        creds,
        opts,
      ),
    );
    expect([e.code, e.httpStatus]).toEqual(['IncompleteSignature', 400]);
    expect(e.message).toBe("Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA1' (only AWS4-HMAC-SHA256 for now). ");
  });

  it('rejects a credential without 5 elements', () => {
    const auth = 'AWS4-HMAC-SHA256 Credential=a/b/c/d, SignedHeaders=host, Signature=x';
    const e = fail(() => authenticate(req({ authorization: auth, 'x-amz-date': '20240101T000000Z' }), creds, opts));
    expect([e.code, e.httpStatus]).toEqual(['IncompleteSignature', 400]);
    expect(e.message).toBe(
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'a/b/c/d'",
    );
  });

  it('rejects a wrong credential scope terminator', () => {
    const auth = GOOD_AUTH('x').replace('aws4_request', 'aws5_request');
    const e = fail(() => authenticate(req({ authorization: auth, 'x-amz-date': '20240101T000000Z' }), creds, opts));
    expect([e.code, e.jsonCode, e.httpStatus]).toEqual(['SignatureDoesNotMatch', 'InvalidSignatureException', 403]);
    expect(e.message).toBe("Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. ");
  });

  it('requires host to be signed', () => {
    const auth = GOOD_AUTH('x').replace('host;x-amz-date', 'x-amz-date');
    const e = fail(() => authenticate(req({ authorization: auth, 'x-amz-date': '20240101T000000Z' }), creds, opts));
    expect([e.code, e.httpStatus]).toEqual(['SignatureDoesNotMatch', 403]);
    expect(e.message).toBe("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  });

  it('rejects a non-SigV4 scheme as MissingAuthenticationToken', () => {
    const e = fail(() => authenticate(req({ authorization: 'Bearer abc' }), creds, opts));
    expect([e.code, e.jsonCode, e.httpStatus]).toEqual([
      'MissingAuthenticationToken',
      'MissingAuthenticationTokenException',
      403,
    ]);
  });

  it('rejects both header and query signatures', () => {
    const e = fail(() =>
      authenticate(
        req({ authorization: GOOD_AUTH('x'), 'x-amz-date': '20240101T000000Z' }, 'X-Amz-Algorithm=AWS4-HMAC-SHA256'),
        creds,
        opts,
      ),
    );
    expect(e.message).toBe("Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  });

  it('reports the S3 flavour of missing presign parameters', () => {
    const q = 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2F20240101%2Fus-east-1%2Fs3%2Faws4_request';
    const e = fail(() => authenticate(req({}, q), creds, opts));
    expect([e.code, e.httpStatus]).toEqual(['AuthorizationQueryParametersError', 400]);
  });

  it('rejects an unparseable date for known keys', async () => {
    const parts = await signed(baseRequest({ body: 'x' }));
    parts.headers['x-amz-date'] = '201';
    const e = fail(() => authenticate(parts, creds, opts));
    expect([e.code, e.httpStatus]).toEqual(['IncompleteSignature', 400]);
    expect(e.message).toBe(
      "Date must be in ISO-8601 'basic format'. Got '201'. See http://en.wikipedia.org/wiki/ISO_8601",
    );
  });
});

describe('clock skew (known keys)', () => {
  it('rejects a request more than 15 minutes old', async () => {
    const parts = await signed(baseRequest({ body: 'x' }));
    const now = new Date('2024-01-01T00:16:00Z');
    const e = fail(() => authenticate(parts, creds, { ...opts, now }));
    expect([e.code, e.jsonCode, e.httpStatus, e.kind]).toEqual([
      'SignatureDoesNotMatch',
      'InvalidSignatureException',
      403,
      'expired',
    ]);
    expect(e.message).toBe(
      'Signature expired: 20240101T000000Z is now earlier than 20240101T000100Z (20240101T001600Z - 15 min.)',
    );
  });

  it('rejects a request more than 15 minutes in the future', async () => {
    const parts = await signed(baseRequest({ body: 'x' }));
    const now = new Date('2023-12-31T23:44:00Z');
    const e = fail(() => authenticate(parts, creds, { ...opts, now }));
    expect(e.message).toBe(
      'Signature not yet current: 20240101T000000Z is still later than 20231231T235900Z (20231231T234400Z + 15 min.)',
    );
  });

  it('answers RequestTimeTooSkewed for S3', async () => {
    const parts = await signed(baseRequest({ method: 'GET', path: '/b/k' }), { service: 's3' });
    const e = fail(() => authenticate(parts, creds, { ...opts, now: new Date('2024-01-01T01:00:00Z') }));
    expect([e.code, e.httpStatus, e.message]).toEqual([
      'RequestTimeTooSkewed',
      403,
      'The difference between the request time and the current time is too large.',
    ]);
  });

  it('accepts an HTTP Date header instead of X-Amz-Date', async () => {
    const unknown = req({
      authorization: GOOD_AUTH('x').replace('x-amz-date', 'date'),
      date: 'Mon, 01 Jan 2024 00:00:00 GMT',
    });
    expect(authenticate(unknown, creds, opts).accessKeyId).toBe('x');
    // Known key: the HTTP date is parsed and compared with the scope date.
    const parts = await signed(baseRequest({ body: 'x' }));
    delete parts.headers['x-amz-date'];
    parts.headers['date'] = 'Tue, 02 Jan 2024 00:00:00 GMT';
    const e = fail(() => authenticate(parts, creds, { ...opts, now: new Date('2024-01-02T00:00:00Z') }));
    expect(e.message).toBe(
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240101' != '20240102', from 'Tue, 02 Jan 2024 00:00:00 GMT'.",
    );
  });
});

describe('parseCredentialScope', () => {
  it('parses the Authorization header', () => {
    expect(parseCredentialScope({ headers: { authorization: GOOD_AUTH('AK') }, rawQuery: '' })).toEqual({
      accessKeyId: 'AK',
      date: '20240101',
      region: 'eu-west-1',
      service: 'sqs',
      terminator: 'aws4_request',
      scope: '20240101/eu-west-1/sqs/aws4_request',
    });
  });

  it('parses a presigned query', () => {
    const q = 'a=1&X-Amz-Credential=AK%2F20240101%2Fus-west-2%2Fsns%2Faws4_request&b=2';
    expect(parseCredentialScope({ headers: {}, rawQuery: q })?.service).toBe('sns');
  });

  it('returns undefined for missing or malformed credentials', () => {
    expect(parseCredentialScope({ headers: {}, rawQuery: '' })).toBeUndefined();
    expect(
      parseCredentialScope({ headers: { authorization: 'AWS4-HMAC-SHA256 Credential=a/b' }, rawQuery: '' }),
    ).toBeUndefined();
    expect(parseCredentialScope({ headers: {}, rawQuery: 'xX-Amz-Credential=a%2Fb%2Fc%2Fd%2Fe' })).toBeUndefined();
  });
});
