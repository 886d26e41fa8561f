// Encryption primitives over a key row: symmetric keys seal atoll's self-describing AES-256-GCM blob
// (ciphertext.ts), RSA keys use RSAES-OAEP with SHA-1 or SHA-256 (node:crypto). Decrypt finds a symmetric key from
// the blob itself, and asymmetric keys need KeyId, as in AWS.
import { constants, createPublicKey, privateDecrypt, publicEncrypt } from 'node:crypto';
import type { RequestContext } from '../types.js';
import type { EncryptionAlgorithmSpec } from './api.js';
import { openBlob, readHeader, sealBlob } from './ciphertext.js';
import { KmsErrors } from './errors.js';
import { privateKeyOf } from './material.js';
import type { KmsService } from './service.js';
import type { KeyRow } from './store.js';

type Context = Record<string, string> | undefined;

function oaepHash(k: KeyRow, alg: EncryptionAlgorithmSpec): string {
  if (alg === 'RSAES_OAEP_SHA_1') return 'sha1';
  if (alg === 'RSAES_OAEP_SHA_256') return 'sha256';
  throw KmsErrors.invalidKeyUsage(`Algorithm ${alg} is incompatible with key spec ${k.key_spec}.`);
}

function checkSymmetricAlgorithm(k: KeyRow, alg: EncryptionAlgorithmSpec): void {
  if (alg !== 'SYMMETRIC_DEFAULT')
    throw KmsErrors.invalidKeyUsage(`Algorithm ${alg} is incompatible with key spec ${k.key_spec}.`);
}

function noContextForRsa(context: Context): void {
  if (context && Object.keys(context).length > 0)
    throw KmsErrors.validation('EncryptionContext is not supported for asymmetric KMS keys.');
}

/** Encrypts under an Enabled ENCRYPT_DECRYPT key (the caller checked state and usage). */
export function encryptUnder(
  svc: KmsService,
  k: KeyRow,
  plaintext: Uint8Array,
  alg: EncryptionAlgorithmSpec = 'SYMMETRIC_DEFAULT',
  context?: Context,
): Buffer {
  const current = svc.material(k)!;
  if (k.key_spec === 'SYMMETRIC_DEFAULT') {
    checkSymmetricAlgorithm(k, alg);
    return sealBlob(
      { accountId: k.account_id, keyId: k.key_id, version: current.version },
      current.material,
      plaintext,
      context,
    );
  }
  const hash = oaepHash(k, alg);
  noContextForRsa(context);
  try {
    const pub = createPublicKey(privateKeyOf(current.material));
    return publicEncrypt({ key: pub, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, plaintext);
  } catch {
    throw KmsErrors.validation(`Plaintext is too long for ${alg} with key spec ${k.key_spec}.`);
  }
}

/** Checks a key can encrypt/decrypt now: Enabled (DisabledException / KMSInvalidStateException) and ENCRYPT_DECRYPT. */
export function cryptoKey(svc: KmsService, k: KeyRow, operation: string): KeyRow {
  svc.usable(k);
  svc.requireUsage(k, 'ENCRYPT_DECRYPT', operation);
  return k;
}

/**
 * Decrypts a ciphertext: a symmetric blob names its key (KeyId, when given, must be that key: IncorrectKeyException
 * otherwise); anything else needs KeyId naming an RSA key.
 */
export function decryptBlob(
  svc: KmsService,
  ctx: RequestContext,
  blob: Uint8Array,
  keyIdParam: string | undefined,
  alg: EncryptionAlgorithmSpec | undefined,
  context: Context,
  operation: string,
): { key: KeyRow; plaintext: Buffer; algorithm: EncryptionAlgorithmSpec } {
  const named = keyIdParam !== undefined ? svc.resolve(keyIdParam, ctx) : undefined;
  const head = readHeader(blob);
  if (head) {
    const k = svc.store.key(head.accountId, ctx.region, head.keyId);
    if (named && (!k || named.account_id !== k.account_id || named.key_id !== k.key_id)) throw KmsErrors.incorrectKey();
    if (!k) throw KmsErrors.invalidCiphertext();
    cryptoKey(svc, k, operation);
    checkSymmetricAlgorithm(k, alg ?? 'SYMMETRIC_DEFAULT');
    const m = svc.material(k, head.version);
    const plaintext = m && openBlob(blob, m.material, context);
    if (!plaintext) throw KmsErrors.invalidCiphertext();
    return { key: k, plaintext, algorithm: 'SYMMETRIC_DEFAULT' };
  }
  if (!named || named.key_spec === 'SYMMETRIC_DEFAULT') {
    if (named) cryptoKey(svc, named, operation);
    throw KmsErrors.invalidCiphertext();
  }
  cryptoKey(svc, named, operation);
  const algorithm = alg ?? 'SYMMETRIC_DEFAULT';
  const hash = oaepHash(named, algorithm);
  noContextForRsa(context);
  try {
    const key = privateKeyOf(svc.material(named)!.material);
    return {
      key: named,
      plaintext: privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, blob),
      algorithm,
    };
  } catch {
    throw KmsErrors.invalidCiphertext();
  }
}
