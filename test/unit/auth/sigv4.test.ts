import { describe, expect, it } from 'vitest';
import { AuthError, authenticate, type IncomingRequestParts } from '../../../src/auth/sigv4.js';
import { ACCOUNT, AKID, baseRequest, creds, opts, presigned, signed } from './helpers.js';

function expectAuthError(fn: () => unknown, code: string, status?: number, message?: string | RegExp): AuthError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(AuthError);
  const err = caught as AuthError;
  expect(err.code).toBe(code);
  if (status !== undefined) expect(err.httpStatus).toBe(status);
  if (typeof message === 'string') expect(err.message).toBe(message);
  else if (message) expect(err.message).toMatch(message);
  return err;
}

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

const cases: { name: string; req: Parameters<typeof baseRequest>[0]; service?: string }[] = [
  {
    name: 'SQS query POST',
    req: {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=SendMessage&MessageBody=hello%20world',
    },
  },
  { name: 'JSON POST', req: { headers: { 'x-amz-target': 'AmazonSQS.ListQueues' }, body: '{}' } },
  { name: 'GET with no body', req: { method: 'GET', path: '/000000000000/q1', query: { Action: 'ListQueues' } } },
  { name: 'encoded path (space)', req: { method: 'GET', path: '/000000000000/my%20queue' } },
  { name: 'path with unicode', req: { method: 'GET', path: '/a/%C3%A9t%C3%A9/%E2%9C%93' } },
  { name: 'path with dot segments and trailing slash', req: { method: 'GET', path: '/a/./b/../c/' } },
  { name: 'path with double slashes', req: { method: 'GET', path: '//a//b' } },
  {
    name: 'query with special chars',
    req: {
      method: 'GET',
      query: { 'a b': 'c d', plus: '1+2', star: "*!'()", tilde: '~-_.', slash: 'x/y', eq: 'a=b&c' },
    },
  },
  { name: 'query with unicode', req: { method: 'GET', query: { name: 'héllo ✓', 日本: '語' } } },
  { name: 'repeated query keys', req: { method: 'GET', query: { k: ['z', 'a', 'm'], a: '1' } } },
  { name: 'empty query values', req: { method: 'GET', query: { empty: '', other: 'x', acl: '' } } },
  {
    name: 'headers with extra whitespace',
    req: { headers: { 'x-amz-meta-test': '  lots   of\tspace  ', 'x-custom': 'a  b' }, body: 'x' },
  },
  { name: 'binary body', req: { body: new Uint8Array([0, 1, 2, 255, 254, 10, 13]) } },
  {
    name: 'REST JSON path with encoded colon',
    req: { method: 'POST', path: '/2015-03-31/functions/arn%3Aaws%3Alambda/invocations', body: '{}' },
    service: 'lambda',
  },
  {
    name: 'S3 GET object (single encoding)',
    req: { method: 'GET', path: '/bucket/a%20b/c%2Bd.txt', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
    service: 's3',
  },
  {
    name: 'S3 PUT with payload hash',
    req: {
      method: 'PUT',
      path: '/bucket/key',
      body: 'data',
      headers: { 'x-amz-content-sha256': '3a6eb0790f39ac87c94f3856b2dd2c5d110e6811602261a9a923d3bb23adc8b7' },
    },
    service: 's3',
  },
  {
    name: 'S3 with dot segments kept',
    req: { method: 'GET', path: '/bucket/a/../b', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
    service: 's3',
  },
  {
    name: 'S3 streaming payload',
    req: {
      method: 'PUT',
      path: '/bucket/k',
      headers: { 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' },
    },
    service: 's3',
  },
];

describe('authenticate — header-signed requests from @smithy/signature-v4', () => {
  for (const c of cases) {
    it(`verifies: ${c.name}`, async () => {
      const parts = await signed(baseRequest(c.req), { service: c.service ?? 'sqs' });
      const res = authenticate(parts, creds, opts);
      expect(res).toMatchObject({
        accessKeyId: AKID,
        accountId: ACCOUNT,
        region: 'us-east-1',
        service: c.service ?? 'sqs',
        principalArn: `arn:aws:iam::${ACCOUNT}:root`,
        anonymous: false,
        method: 'header',
      });
    });
  }

  it('verifies within the 15 minute skew window', async () => {
    const parts = await signed(baseRequest({ body: 'x' }));
    const now = new Date(opts.now.getTime() + 14 * 60 * 1000);
    expect(authenticate(parts, creds, { ...opts, now }).accountId).toBe(ACCOUNT);
  });

  it('accepts repeated headers joined as an array', async () => {
    const parts = await signed(baseRequest({ headers: { 'x-multi': 'a,b' } }));
    parts.headers['x-multi'] = ['a', 'b'];
    expect(authenticate(parts, creds, opts).accessKeyId).toBe(AKID);
  });

  it('accepts a matching session token and rejects a wrong one', async () => {
    const ok = await signed(baseRequest({ body: 'x' }), {
      accessKeyId: 'ASIATEMP',
      secretAccessKey: 'tempsecret',
      sessionToken: 'tok+en/=',
    });
    expect(authenticate(ok, creds, opts).sessionToken).toBe('tok+en/=');
    const bad = await signed(baseRequest({ body: 'x' }), {
      accessKeyId: 'ASIATEMP',
      secretAccessKey: 'tempsecret',
      sessionToken: 'other',
    });
    const err = expectAuthError(
      () => authenticate(bad, creds, opts),
      'InvalidClientTokenId',
      403,
      'The security token included in the request is invalid.',
    );
    expect(err.jsonCode).toBe('UnrecognizedClientException');
    const missing = await signed(baseRequest({ body: 'x' }), {
      accessKeyId: 'ASIATEMP',
      secretAccessKey: 'tempsecret',
    });
    expectAuthError(() => authenticate(missing, creds, opts), 'InvalidClientTokenId', 403);
    const longTerm = await signed(baseRequest({ body: 'x' }), { sessionToken: 'unexpected' });
    expectAuthError(() => authenticate(longTerm, creds, opts), 'InvalidClientTokenId', 403);
  });
});

describe('authenticate — tampering is detected', () => {
  type Tamper = (p: IncomingRequestParts) => void;
  const tampers: [string, Tamper][] = [
    ['method', (p) => (p.method = 'PUT')],
    ['path', (p) => (p.rawPath = '/000000000000/other')],
    ['query value', (p) => (p.rawQuery = p.rawQuery.replace('Action=ListQueues', 'Action=DeleteQueue'))],
    ['added query param', (p) => (p.rawQuery += '&extra=1')],
    ['signed header', (p) => (p.headers['x-amz-target'] = 'AmazonSQS.DeleteQueue')],
    ['host header', (p) => (p.headers['host'] = 'evil:4566')],
    ['body', (p) => (p.body = Buffer.from('{"x":1}'))],
    ['signature', (p) => (p.headers['authorization'] = String(p.headers['authorization']).replace(/.$/, '0'))],
  ];
  for (const [name, tamper] of tampers) {
    it(`rejects tampered ${name}`, async () => {
      const parts = await signed(
        baseRequest({
          path: '/000000000000/q1',
          query: { Action: 'ListQueues' },
          headers: { 'x-amz-target': 'AmazonSQS.ListQueues' },
          body: '{}',
        }),
      );
      authenticate(parts, creds, opts);
      tamper(parts);
      if (name === 'signature' && String(parts.headers['authorization']).endsWith('00')) return;
      const err = expectAuthError(() => authenticate(parts, creds, opts), 'SignatureDoesNotMatch', 403, MISMATCH);
      expect(err.jsonCode).toBe('InvalidSignatureException');
      if (name !== 'body') expect(err.canonicalRequest).toBeTruthy();
    });
  }

  it('rejects a tampered date (scope date mismatch)', async () => {
    const parts = await signed(baseRequest({ body: 'x' }));
    parts.headers['x-amz-date'] = '20240101T000500Z';
    expectAuthError(() => authenticate(parts, creds, opts), 'SignatureDoesNotMatch', 403, MISMATCH);
    parts.headers['x-amz-date'] = '20231231T235900Z';
    expectAuthError(
      () => authenticate(parts, creds, opts),
      'SignatureDoesNotMatch',
      403,
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240101' != '20231231', from '20231231T235900Z'.",
    );
  });

  it('rejects a tampered body when no payload hash header was sent', async () => {
    const parts = await signed(baseRequest({ body: 'Action=ListQueues' }), { applyChecksum: false });
    expect(parts.headers['x-amz-content-sha256']).toBeUndefined();
    expect(authenticate(parts, creds, opts).accountId).toBe(ACCOUNT);
    parts.body = Buffer.from('Action=DeleteQueue');
    expectAuthError(() => authenticate(parts, creds, opts), 'SignatureDoesNotMatch', 403, MISMATCH);
  });

  it('rejects an S3 body that does not match x-amz-content-sha256', async () => {
    const parts = await signed(baseRequest({ method: 'PUT', path: '/b/k', body: 'data' }), { service: 's3' });
    parts.body = Buffer.from('DATA');
    expectAuthError(
      () => authenticate(parts, creds, opts),
      'XAmzContentSHA256Mismatch',
      400,
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  });

  it('rejects a wrong secret', async () => {
    const parts = await signed(baseRequest({ body: 'x' }), { secretAccessKey: 'wrong' });
    expectAuthError(() => authenticate(parts, creds, opts), 'SignatureDoesNotMatch', 403, MISMATCH);
  });

  it('rejects a tampered declared payload hash', async () => {
    const parts = await signed(
      baseRequest({ method: 'PUT', path: '/b/k', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }),
      { service: 's3' },
    );
    parts.headers['x-amz-content-sha256'] = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
    expectAuthError(
      () => authenticate(parts, creds, opts),
      'SignatureDoesNotMatch',
      403,
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
  });

  it('non-S3 double-encodes, so an S3-style signature on a non-S3 service fails', async () => {
    const parts = await signed(baseRequest({ method: 'GET', path: '/a%20b' }), {
      service: 'sqs',
      uriEscapePath: false,
    });
    expectAuthError(() => authenticate(parts, creds, opts), 'SignatureDoesNotMatch', 403);
  });
});

describe('authenticate — presigned URLs', () => {
  it('verifies a presigned GET', async () => {
    const parts = await presigned(
      baseRequest({ method: 'GET', path: '/000000000000/q1', query: { Action: 'GetQueueUrl', QueueName: 'a b' } }),
    );
    expect(authenticate(parts, creds, opts)).toMatchObject({ method: 'presigned', accountId: ACCOUNT, service: 'sqs' });
  });

  it('verifies a presigned S3 URL with UNSIGNED-PAYLOAD', async () => {
    const parts = await presigned(
      baseRequest({
        method: 'GET',
        path: '/bucket/some%20key',
        headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      }),
      { service: 's3' },
    );
    expect(parts.rawQuery.toLowerCase()).toContain('x-amz-content-sha256=unsigned-payload');
    expect(authenticate(parts, creds, opts).method).toBe('presigned');
  });

  it('verifies a presigned S3 URL without a declared payload hash', async () => {
    const parts = await presigned(baseRequest({ method: 'GET', path: '/bucket/k' }), { service: 's3' });
    expect(authenticate(parts, creds, opts).method).toBe('presigned');
  });

  it('verifies a presigned URL with a session token', async () => {
    const parts = await presigned(baseRequest({ method: 'GET' }), {
      accessKeyId: 'ASIATEMP',
      secretAccessKey: 'tempsecret',
      sessionToken: 'tok+en/=',
    });
    expect(authenticate(parts, creds, opts).sessionToken).toBe('tok+en/=');
  });

  it('accepts a presigned URL used long after signing but before expiry', async () => {
    const parts = await presigned(baseRequest({ method: 'GET' }), { expiresIn: 7200 });
    const now = new Date(opts.now.getTime() + 3600 * 1000);
    expect(authenticate(parts, creds, { ...opts, now }).method).toBe('presigned');
  });

  it('rejects an expired presigned URL', async () => {
    const parts = await presigned(baseRequest({ method: 'GET' }), { expiresIn: 60 });
    const now = new Date(opts.now.getTime() + 61 * 1000);
    expectAuthError(
      () => authenticate(parts, creds, { ...opts, now }),
      'SignatureDoesNotMatch',
      403,
      'Signature expired: 20240101T000000Z is now earlier than 20231231T234601Z (20240101T000101Z - 15 min.)',
    );
    const s3 = await presigned(baseRequest({ method: 'GET', path: '/b/k' }), { service: 's3', expiresIn: 60 });
    expectAuthError(() => authenticate(s3, creds, { ...opts, now }), 'AccessDenied', 403, 'Request has expired');
  });

  it('rejects X-Amz-Expires over a week', async () => {
    const parts = await presigned(baseRequest({ method: 'GET' }));
    parts.rawQuery = parts.rawQuery.replace('X-Amz-Expires=900', 'X-Amz-Expires=604801');
    expectAuthError(
      () => authenticate(parts, creds, opts),
      'IncompleteSignature',
      400,
      'X-Amz-Expires must be less than a week (in seconds) that is 604800',
    );
  });

  it('rejects tampered presigned query and path', async () => {
    const parts = await presigned(baseRequest({ method: 'GET', query: { Action: 'ListQueues' } }));
    const q = { ...parts, rawQuery: parts.rawQuery.replace('ListQueues', 'DeleteQueue') };
    expectAuthError(() => authenticate(q, creds, opts), 'SignatureDoesNotMatch', 403, MISMATCH);
    const p = { ...parts, rawPath: '/x' };
    expectAuthError(() => authenticate(p, creds, opts), 'SignatureDoesNotMatch', 403, MISMATCH);
    const e = { ...parts, rawQuery: parts.rawQuery.replace('X-Amz-Expires=900', 'X-Amz-Expires=901') };
    expectAuthError(() => authenticate(e, creds, opts), 'SignatureDoesNotMatch', 403, MISMATCH);
  });

  it('reports missing presigned parameters', () => {
    const parts: IncomingRequestParts = {
      method: 'GET',
      rawPath: '/',
      rawQuery: 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20240101T000000Z',
      headers: { host: 'localhost' },
      body: Buffer.alloc(0),
    };
    expectAuthError(
      () => authenticate(parts, creds, opts),
      'IncompleteSignature',
      400,
      "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.",
    );
  });
});
