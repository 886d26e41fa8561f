// Encrypt, Decrypt, ReEncrypt and the data key operations.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { CommonErrors } from '../../protocol/errors.js';
import type { HandlerTable, RequestContext } from '../types.js';
import type { DataKeyPairSpec, Operations } from './api.js';
import { cryptoKey, decryptBlob, encryptUnder } from './crypto.js';
import { KmsErrors } from './errors.js';
import { keyArn, type KmsService } from './service.js';
import { SPECS } from './specs.js';
import type { KeyRow } from './store.js';

type H = HandlerTable<Operations>;

function dryRun(flag: boolean | undefined): void {
  if (flag) throw KmsErrors.dryRun();
}

function noRecipient(r: unknown, op: string): void {
  if (r !== undefined) throw CommonErrors.notImplemented(`${op} with Recipient (Nitro Enclaves)`);
}

/** Data keys come only from symmetric encryption keys. */
function dataKeyKey(svc: KmsService, ctx: RequestContext, keyId: string, op: string): KeyRow {
  const k = svc.resolve(keyId, ctx);
  cryptoKey(svc, k, op);
  if (k.key_spec !== 'SYMMETRIC_DEFAULT')
    throw KmsErrors.invalidKeyUsage(`${keyArn(k)} key spec is ${k.key_spec} which is not valid for ${op}.`);
  return k;
}

function dataKeyLength(input: { NumberOfBytes?: number; KeySpec?: string }): number {
  if ((input.NumberOfBytes === undefined) === (input.KeySpec === undefined))
    throw KmsErrors.validation('Please specify either number of bytes or key spec.');
  if (input.NumberOfBytes !== undefined) return input.NumberOfBytes;
  return input.KeySpec === 'AES_128' ? 16 : 32;
}

function keyPair(spec: DataKeyPairSpec): { privateDer: Buffer; publicDer: Buffer } {
  const info = SPECS[spec as keyof typeof SPECS];
  if (!info) throw CommonErrors.notImplemented(`GenerateDataKeyPair with ${spec}`);
  const pair =
    info.family === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: info.size! })
      : generateKeyPairSync('ec', { namedCurve: info.curve! });
  return {
    privateDer: pair.privateKey.export({ format: 'der', type: 'pkcs8' }),
    publicDer: pair.publicKey.export({ format: 'der', type: 'spki' }),
  };
}

export function encryptHandlers(
  svc: KmsService,
): Pick<
  H,
  | 'Encrypt'
  | 'Decrypt'
  | 'ReEncrypt'
  | 'GenerateDataKey'
  | 'GenerateDataKeyWithoutPlaintext'
  | 'GenerateDataKeyPair'
  | 'GenerateDataKeyPairWithoutPlaintext'
> {
  return {
    Encrypt(input, ctx) {
      const k = cryptoKey(svc, svc.resolve(input.KeyId, ctx), 'Encrypt');
      const alg = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
      const blob = encryptUnder(svc, k, input.Plaintext, alg, input.EncryptionContext);
      dryRun(input.DryRun);
      return { CiphertextBlob: blob, KeyId: keyArn(k), EncryptionAlgorithm: alg };
    },

    Decrypt(input, ctx) {
      noRecipient(input.Recipient, 'Decrypt');
      const r = decryptBlob(
        svc,
        ctx,
        input.CiphertextBlob,
        input.KeyId,
        input.EncryptionAlgorithm,
        input.EncryptionContext,
        'Decrypt',
      );
      dryRun(input.DryRun);
      return { KeyId: keyArn(r.key), Plaintext: r.plaintext, EncryptionAlgorithm: r.algorithm };
    },

    ReEncrypt(input, ctx) {
      const src = decryptBlob(
        svc,
        ctx,
        input.CiphertextBlob,
        input.SourceKeyId,
        input.SourceEncryptionAlgorithm,
        input.SourceEncryptionContext,
        'ReEncrypt',
      );
      const dest = cryptoKey(svc, svc.resolve(input.DestinationKeyId, ctx), 'ReEncrypt');
      const alg = input.DestinationEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
      const blob = encryptUnder(svc, dest, src.plaintext, alg, input.DestinationEncryptionContext);
      dryRun(input.DryRun);
      return {
        CiphertextBlob: blob,
        SourceKeyId: keyArn(src.key),
        KeyId: keyArn(dest),
        SourceEncryptionAlgorithm: src.algorithm,
        DestinationEncryptionAlgorithm: alg,
      };
    },

    GenerateDataKey(input, ctx) {
      noRecipient(input.Recipient, 'GenerateDataKey');
      const k = dataKeyKey(svc, ctx, input.KeyId, 'GenerateDataKey');
      const plaintext = randomBytes(dataKeyLength(input));
      const blob = encryptUnder(svc, k, plaintext, 'SYMMETRIC_DEFAULT', input.EncryptionContext);
      dryRun(input.DryRun);
      return { CiphertextBlob: blob, Plaintext: plaintext, KeyId: keyArn(k) };
    },

    GenerateDataKeyWithoutPlaintext(input, ctx) {
      const k = dataKeyKey(svc, ctx, input.KeyId, 'GenerateDataKeyWithoutPlaintext');
      const blob = encryptUnder(
        svc,
        k,
        randomBytes(dataKeyLength(input)),
        'SYMMETRIC_DEFAULT',
        input.EncryptionContext,
      );
      dryRun(input.DryRun);
      return { CiphertextBlob: blob, KeyId: keyArn(k) };
    },

    GenerateDataKeyPair(input, ctx) {
      noRecipient(input.Recipient, 'GenerateDataKeyPair');
      const k = dataKeyKey(svc, ctx, input.KeyId, 'GenerateDataKeyPair');
      const pair = keyPair(input.KeyPairSpec);
      const blob = encryptUnder(svc, k, pair.privateDer, 'SYMMETRIC_DEFAULT', input.EncryptionContext);
      dryRun(input.DryRun);
      return {
        PrivateKeyCiphertextBlob: blob,
        PrivateKeyPlaintext: pair.privateDer,
        PublicKey: pair.publicDer,
        KeyId: keyArn(k),
        KeyPairSpec: input.KeyPairSpec,
      };
    },

    GenerateDataKeyPairWithoutPlaintext(input, ctx) {
      const k = dataKeyKey(svc, ctx, input.KeyId, 'GenerateDataKeyPairWithoutPlaintext');
      const pair = keyPair(input.KeyPairSpec);
      const blob = encryptUnder(svc, k, pair.privateDer, 'SYMMETRIC_DEFAULT', input.EncryptionContext);
      dryRun(input.DryRun);
      return {
        PrivateKeyCiphertextBlob: blob,
        PublicKey: pair.publicDer,
        KeyId: keyArn(k),
        KeyPairSpec: input.KeyPairSpec,
      };
    },
  };
}
