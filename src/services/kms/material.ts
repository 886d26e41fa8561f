// Key material per key spec, all from node:crypto: AES-256 and HMAC keys are random bytes, asymmetric keys are
// private keys kept as PKCS#8 DER (the public key is derived from them).
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { specInfo } from './specs.js';

export function generateMaterial(spec: string): Buffer {
  const info = specInfo(spec);
  if (info.family === 'aes') return randomBytes(32);
  if (info.family === 'hmac') return randomBytes(info.size!);
  const pair =
    info.family === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: info.size! })
      : generateKeyPairSync('ec', { namedCurve: info.curve! });
  return pair.privateKey.export({ format: 'der', type: 'pkcs8' });
}

export function privateKeyOf(material: Buffer): KeyObject {
  return createPrivateKey({ key: material, format: 'der', type: 'pkcs8' });
}

/** DER-encoded X.509 SubjectPublicKeyInfo, as GetPublicKey returns it. */
export function publicKeyDer(material: Buffer): Buffer {
  return createPublicKey(privateKeyOf(material)).export({ format: 'der', type: 'spki' });
}
