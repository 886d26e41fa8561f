// Temporary credentials stop working at their expiration (ExpiredToken), issued keys resolve to their principal,
// and disabled keys are refused.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { authenticate, AuthError, type CredentialRecord } from '../../../src/auth/sigv4.js';
import { toParts } from '../auth/helpers.js';

const NOW = new Date('2024-01-01T00:00:00Z');
const base = { defaultAccountId: '000000000000', defaultRegion: 'us-east-1', now: NOW };

async function signed(accessKeyId: string, sessionToken?: string) {
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey: 'secret', ...(sessionToken ? { sessionToken } : {}) },
    region: 'us-east-1',
    service: 'sts',
    sha256: Sha256,
  });
  const req = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: 'localhost',
      path: '/',
      query: {},
      headers: { host: 'localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    },
    { signingDate: NOW },
  );
  return toParts(req);
}

const record = (extra: Partial<CredentialRecord>): CredentialRecord => ({
  secretAccessKey: 'secret',
  accountId: '111111111111',
  ...extra,
});

describe('issued credentials', () => {
  it('resolve to their principal until they expire, then answer ExpiredToken', async () => {
    const req = await signed('ASIAEXAMPLE', 'tok');
    const session = { sessionToken: 'tok', principalArn: 'arn:aws:sts::111111111111:assumed-role/r/s' };
    const ok = authenticate(req, { secretFor: () => record({ ...session, expiresAt: NOW.getTime() + 1 }) }, base);
    expect(ok.principalArn).toBe('arn:aws:sts::111111111111:assumed-role/r/s');
    expect(ok.accountId).toBe('111111111111');
    let err: unknown;
    try {
      authenticate(req, { secretFor: () => record({ ...session, expiresAt: NOW.getTime() }) }, base);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).code).toBe('ExpiredToken');
    expect((err as AuthError).jsonCode).toBe('ExpiredTokenException');
    expect((err as AuthError).message).toBe('The security token included in the request is expired');
  });

  it('refuses disabled (inactive or deleted) keys as invalid tokens', async () => {
    const req = await signed('AKIAEXAMPLE');
    expect(() => authenticate(req, { secretFor: () => record({ disabled: true }) }, base)).toThrow(
      'The security token included in the request is invalid.',
    );
  });
});
