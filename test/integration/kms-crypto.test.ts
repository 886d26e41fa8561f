// KMS cryptography and authorization end to end: real AES-GCM/RSA/ECDSA/HMAC checked with node:crypto, data keys,
// grants, and key policies deciding cross-account use.
import { createCipheriv, createHmac, createPrivateKey, createPublicKey, randomBytes, verify } from 'node:crypto';
import {
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateMacCommand,
  GenerateRandomCommand,
  GetPublicKeyCommand,
  KMSClient,
  ListGrantsCommand,
  ListRetirableGrantsCommand,
  PutKeyPolicyCommand,
  ReEncryptCommand,
  RetireGrantCommand,
  RevokeGrantCommand,
  SignCommand,
  VerifyCommand,
  VerifyMacCommand,
} from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { useAtoll } from '../helpers/atoll.js';

const ctx = useAtoll();
const A = '000000000000';
const B = '222233334444';
const kms = (accessKeyId = 'test') =>
  new KMSClient({
    endpoint: ctx.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'test' },
    maxAttempts: 1,
  });

async function error(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected an error');
}

const text = (b: Uint8Array | undefined) => Buffer.from(b!).toString();

describe('symmetric encryption', () => {
  it('round-trips, binds the encryption context, and re-encrypts', async () => {
    const c = kms();
    const { KeyMetadata: md } = await c.send(new CreateKeyCommand({}));
    const enc = await c.send(
      new EncryptCommand({ KeyId: md!.KeyId, Plaintext: Buffer.from('secret'), EncryptionContext: { a: '1', b: '2' } }),
    );
    expect(enc).toMatchObject({ KeyId: md!.Arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    // No KeyId needed; context order does not matter.
    const dec = await c.send(
      new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { b: '2', a: '1' } }),
    );
    expect(text(dec.Plaintext)).toBe('secret');
    expect(dec.KeyId).toBe(md!.Arn);
    expect(
      await error(c.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { a: '1' } }))),
    ).toMatchObject({
      name: 'InvalidCiphertextException',
      status: 400,
    });
    expect(await error(c.send(new DecryptCommand({ CiphertextBlob: randomBytes(80) })))).toMatchObject({
      name: 'InvalidCiphertextException',
    });
    const other = await c.send(new CreateKeyCommand({}));
    expect(
      await error(
        c.send(
          new DecryptCommand({
            CiphertextBlob: enc.CiphertextBlob,
            KeyId: other.KeyMetadata!.KeyId,
            EncryptionContext: { a: '1', b: '2' },
          }),
        ),
      ),
    ).toMatchObject({ name: 'IncorrectKeyException' });
    const re = await c.send(
      new ReEncryptCommand({
        CiphertextBlob: enc.CiphertextBlob,
        SourceEncryptionContext: { a: '1', b: '2' },
        DestinationKeyId: other.KeyMetadata!.KeyId,
      }),
    );
    expect(re).toMatchObject({ SourceKeyId: md!.Arn, KeyId: other.KeyMetadata!.Arn });
    expect(text((await c.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob }))).Plaintext)).toBe('secret');
  });

  it('generates data keys usable with node:crypto and refuses wrong usage', async () => {
    const c = kms();
    const { KeyMetadata: md } = await c.send(new CreateKeyCommand({}));
    const dk = await c.send(new GenerateDataKeyCommand({ KeyId: md!.KeyId, KeySpec: 'AES_256' }));
    expect(dk.Plaintext).toHaveLength(32);
    const cipher = createCipheriv('aes-256-gcm', dk.Plaintext!, randomBytes(12));
    expect(Buffer.concat([cipher.update('data'), cipher.final()])).toHaveLength(4);
    const back = await c.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob }));
    expect(Buffer.from(back.Plaintext!).equals(Buffer.from(dk.Plaintext!))).toBe(true);
    const n = await c.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: md!.KeyId, NumberOfBytes: 16 }));
    expect((await c.send(new DecryptCommand({ CiphertextBlob: n.CiphertextBlob }))).Plaintext).toHaveLength(16);
    expect(await error(c.send(new GenerateDataKeyCommand({ KeyId: md!.KeyId })))).toMatchObject({
      name: 'ValidationException',
    });

    const pair = await c.send(new GenerateDataKeyPairCommand({ KeyId: md!.KeyId, KeyPairSpec: 'ECC_NIST_P256' }));
    const priv = createPrivateKey({ key: Buffer.from(pair.PrivateKeyPlaintext!), format: 'der', type: 'pkcs8' });
    const pub = createPublicKey({ key: Buffer.from(pair.PublicKey!), format: 'der', type: 'spki' });
    expect(createPublicKey(priv).export({ format: 'der', type: 'spki' }).equals(Buffer.from(pair.PublicKey!))).toBe(
      true,
    );
    expect(pub.asymmetricKeyType).toBe('ec');
    const wrapped = await c.send(new DecryptCommand({ CiphertextBlob: pair.PrivateKeyCiphertextBlob }));
    expect(Buffer.from(wrapped.Plaintext!).equals(Buffer.from(pair.PrivateKeyPlaintext!))).toBe(true);

    const signing = await c.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }));
    expect(
      await error(c.send(new EncryptCommand({ KeyId: signing.KeyMetadata!.KeyId, Plaintext: Buffer.from('x') }))),
    ).toMatchObject({
      name: 'InvalidKeyUsageException',
      message: `${signing.KeyMetadata!.Arn} key usage is SIGN_VERIFY which is not valid for Encrypt.`,
    });
    const random = await c.send(new GenerateRandomCommand({ NumberOfBytes: 64 }));
    expect(random.Plaintext).toHaveLength(64);
  });

  it('encrypts with RSA OAEP (KeyId required to decrypt)', async () => {
    const c = kms();
    const { KeyMetadata: md } = await c.send(
      new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }),
    );
    const enc = await c.send(
      new EncryptCommand({
        KeyId: md!.KeyId,
        Plaintext: Buffer.from('rsa'),
        EncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
      }),
    );
    const dec = await c.send(
      new DecryptCommand({
        CiphertextBlob: enc.CiphertextBlob,
        KeyId: md!.KeyId,
        EncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
      }),
    );
    expect(text(dec.Plaintext)).toBe('rsa');
    expect(await error(c.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })))).toMatchObject({
      name: 'InvalidCiphertextException',
    });
  });
});

describe('signatures and MACs', () => {
  it('signs with RSA and ECDSA; node:crypto verifies with GetPublicKey', async () => {
    const c = kms();
    const msg = Buffer.from('message to sign');
    for (const [spec, alg, opts] of [
      ['RSA_2048', 'RSASSA_PSS_SHA_256', { padding: 6, saltLength: 32 }],
      ['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_384', {}],
      ['ECC_NIST_P256', 'ECDSA_SHA_256', { dsaEncoding: 'der' }],
      ['ECC_SECG_P256K1', 'ECDSA_SHA_256', { dsaEncoding: 'der' }],
    ] as const) {
      const { KeyMetadata: md } = await c.send(new CreateKeyCommand({ KeySpec: spec, KeyUsage: 'SIGN_VERIFY' }));
      const s = await c.send(new SignCommand({ KeyId: md!.KeyId, Message: msg, SigningAlgorithm: alg }));
      const pk = await c.send(new GetPublicKeyCommand({ KeyId: md!.KeyId }));
      expect(pk).toMatchObject({ KeySpec: spec, KeyUsage: 'SIGN_VERIFY' });
      const key = createPublicKey({ key: Buffer.from(pk.PublicKey!), format: 'der', type: 'spki' });
      const hash = alg.endsWith('384') ? 'sha384' : 'sha256';
      expect(verify(hash, msg, { key, ...opts }, Buffer.from(s.Signature!))).toBe(true);
      const v = await c.send(
        new VerifyCommand({ KeyId: md!.KeyId, Message: msg, Signature: s.Signature, SigningAlgorithm: alg }),
      );
      expect(v.SignatureValid).toBe(true);
      expect(
        await error(
          c.send(
            new VerifyCommand({
              KeyId: md!.KeyId,
              Message: Buffer.from('other'),
              Signature: s.Signature,
              SigningAlgorithm: alg,
            }),
          ),
        ),
      ).toMatchObject({ name: 'KMSInvalidSignatureException' });
    }
  });

  it('signs a precomputed digest (PKCS#1 v1.5) and checks message limits', async () => {
    const c = kms();
    const { KeyMetadata: md } = await c.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }));
    const msg = Buffer.from('digest me');
    const { createHash } = await import('node:crypto');
    const digest = createHash('sha256').update(msg).digest();
    const s = await c.send(
      new SignCommand({
        KeyId: md!.KeyId,
        Message: digest,
        MessageType: 'DIGEST',
        SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
      }),
    );
    const pk = await c.send(new GetPublicKeyCommand({ KeyId: md!.KeyId }));
    const key = createPublicKey({ key: Buffer.from(pk.PublicKey!), format: 'der', type: 'spki' });
    expect(verify('sha256', msg, key, Buffer.from(s.Signature!))).toBe(true);
    expect(
      await error(
        c.send(
          new SignCommand({
            KeyId: md!.KeyId,
            Message: Buffer.alloc(5),
            MessageType: 'DIGEST',
            SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256',
          }),
        ),
      ),
    ).toMatchObject({ name: 'ValidationException' });
    expect(
      await error(c.send(new SignCommand({ KeyId: md!.KeyId, Message: msg, SigningAlgorithm: 'ECDSA_SHA_256' }))),
    ).toMatchObject({ name: 'InvalidKeyUsageException' });
  });

  it('generates and verifies HMACs matching node:crypto', async () => {
    const c = kms();
    const { KeyMetadata: md } = await c.send(
      new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }),
    );
    const msg = Buffer.from('mac me');
    const m = await c.send(new GenerateMacCommand({ KeyId: md!.KeyId, Message: msg, MacAlgorithm: 'HMAC_SHA_256' }));
    expect(m.Mac).toHaveLength(32);
    const v = await c.send(
      new VerifyMacCommand({ KeyId: md!.KeyId, Message: msg, Mac: m.Mac, MacAlgorithm: 'HMAC_SHA_256' }),
    );
    expect(v).toMatchObject({ MacValid: true, KeyId: md!.Arn });
    const wrong = createHmac('sha256', randomBytes(32)).update(msg).digest();
    expect(
      await error(
        c.send(new VerifyMacCommand({ KeyId: md!.KeyId, Message: msg, Mac: wrong, MacAlgorithm: 'HMAC_SHA_256' })),
      ),
    ).toMatchObject({ name: 'KMSInvalidMacException' });
    expect(
      await error(c.send(new GenerateMacCommand({ KeyId: md!.KeyId, Message: msg, MacAlgorithm: 'HMAC_SHA_512' }))),
    ).toMatchObject({ name: 'InvalidKeyUsageException' });
  });
});

describe('authorization: key policies and grants', () => {
  it('denies another account without the key policy, allows it once the policy names it', async () => {
    const owner = kms();
    const other = kms(B); // a 12-digit access key id acts as that account's root
    const { KeyMetadata: md } = await owner.send(new CreateKeyCommand({}));
    const denied = await error(other.send(new EncryptCommand({ KeyId: md!.Arn, Plaintext: Buffer.from('x') })));
    expect(denied).toMatchObject({ name: 'AccessDeniedException', status: 403 });
    expect(denied.message).toContain(`is not authorized to perform: kms:Encrypt on resource: ${md!.Arn}`);
    await owner.send(
      new PutKeyPolicyCommand({
        KeyId: md!.KeyId,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${B}:root` },
              Action: ['kms:Encrypt', 'kms:Decrypt'],
              Resource: '*',
            },
          ],
        }),
      }),
    );
    const enc = await other.send(new EncryptCommand({ KeyId: md!.Arn, Plaintext: Buffer.from('x') }));
    expect(text((await other.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }))).Plaintext)).toBe('x');
    expect(await error(other.send(new GenerateDataKeyCommand({ KeyId: md!.Arn, NumberOfBytes: 8 })))).toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  it('a key policy that does not delegate to the account denies even the account root', async () => {
    const c = kms();
    const { KeyMetadata: md } = await c.send(
      new CreateKeyCommand({
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:DescribeKey', Resource: '*' },
          ],
        }),
      }),
    );
    expect(await error(c.send(new EncryptCommand({ KeyId: md!.KeyId, Plaintext: Buffer.from('x') })))).toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  it('grants let their grantee use the key within constraints, and are listed, retired and revoked', async () => {
    const owner = kms();
    const other = kms(B);
    const { KeyMetadata: md } = await owner.send(new CreateKeyCommand({}));
    const grantee = `arn:aws:iam::${B}:root`;
    const g = await owner.send(
      new CreateGrantCommand({
        KeyId: md!.KeyId,
        GranteePrincipal: grantee,
        RetiringPrincipal: grantee,
        Operations: ['Encrypt', 'Decrypt'],
        Constraints: { EncryptionContextSubset: { tenant: 't1' } },
        Name: 'g1',
      }),
    );
    expect(g.GrantId).toMatch(/^[0-9a-f]{64}$/);
    const again = await owner.send(
      new CreateGrantCommand({
        KeyId: md!.KeyId,
        GranteePrincipal: grantee,
        RetiringPrincipal: grantee,
        Operations: ['Encrypt', 'Decrypt'],
        Constraints: { EncryptionContextSubset: { tenant: 't1' } },
        Name: 'g1',
      }),
    );
    expect(again.GrantId).toBe(g.GrantId);
    const enc = await other.send(
      new EncryptCommand({ KeyId: md!.Arn, Plaintext: Buffer.from('g'), EncryptionContext: { tenant: 't1', x: 'y' } }),
    );
    expect(enc.KeyId).toBe(md!.Arn);
    expect(
      await error(
        other.send(
          new EncryptCommand({ KeyId: md!.Arn, Plaintext: Buffer.from('g'), EncryptionContext: { tenant: 't2' } }),
        ),
      ),
    ).toMatchObject({ name: 'AccessDeniedException' });
    const list = await owner.send(new ListGrantsCommand({ KeyId: md!.KeyId }));
    expect(list.Grants).toEqual([
      expect.objectContaining({
        GrantId: g.GrantId,
        KeyId: md!.Arn,
        Name: 'g1',
        GranteePrincipal: grantee,
        IssuingAccount: `arn:aws:iam::${A}:root`,
        Operations: ['Encrypt', 'Decrypt'],
        Constraints: { EncryptionContextSubset: { tenant: 't1' } },
      }),
    ]);
    expect((await other.send(new ListRetirableGrantsCommand({ RetiringPrincipal: grantee }))).Grants).toHaveLength(1);
    await other.send(new RetireGrantCommand({ GrantToken: g.GrantToken }));
    expect((await owner.send(new ListGrantsCommand({ KeyId: md!.KeyId }))).Grants).toEqual([]);
    expect(
      await error(
        other.send(
          new EncryptCommand({ KeyId: md!.Arn, Plaintext: Buffer.from('g'), EncryptionContext: { tenant: 't1' } }),
        ),
      ),
    ).toMatchObject({ name: 'AccessDeniedException' });

    const g2 = await owner.send(
      new CreateGrantCommand({ KeyId: md!.KeyId, GranteePrincipal: grantee, Operations: ['Decrypt'] }),
    );
    await owner.send(new RevokeGrantCommand({ KeyId: md!.KeyId, GrantId: g2.GrantId }));
    expect(await error(owner.send(new RevokeGrantCommand({ KeyId: md!.KeyId, GrantId: g2.GrantId })))).toMatchObject({
      name: 'NotFoundException',
    });
    expect(
      await error(
        owner.send(new CreateGrantCommand({ KeyId: md!.KeyId, GranteePrincipal: grantee, Operations: ['Sign'] })),
      ),
    ).toMatchObject({ name: 'ValidationException' });
  });
});
