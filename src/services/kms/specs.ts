// What each KeySpec is (AWS KMS Developer Guide, "Key spec reference"): which key usages it accepts and which
// algorithms each usage offers in KeyMetadata.
import type { EncryptionAlgorithmSpec, KeySpec, KeyUsageType, MacAlgorithmSpec, SigningAlgorithmSpec } from './api.js';

export type Family = 'aes' | 'rsa' | 'ec' | 'hmac';

export interface SpecInfo {
  family: Family;
  usages: KeyUsageType[];
  /** RSA modulus bits, HMAC key bytes. */
  size?: number;
  /** node:crypto curve name. */
  curve?: string;
  signing?: SigningAlgorithmSpec[];
  mac?: MacAlgorithmSpec;
}

const RSA_SIGNING: SigningAlgorithmSpec[] = [
  'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512',
  'RSASSA_PSS_SHA_256',
  'RSASSA_PSS_SHA_384',
  'RSASSA_PSS_SHA_512',
];

export const SPECS: Partial<Record<KeySpec, SpecInfo>> = {
  SYMMETRIC_DEFAULT: { family: 'aes', usages: ['ENCRYPT_DECRYPT'] },
  RSA_2048: { family: 'rsa', usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'], size: 2048, signing: RSA_SIGNING },
  RSA_3072: { family: 'rsa', usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'], size: 3072, signing: RSA_SIGNING },
  RSA_4096: { family: 'rsa', usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'], size: 4096, signing: RSA_SIGNING },
  ECC_NIST_P256: { family: 'ec', usages: ['SIGN_VERIFY'], curve: 'prime256v1', signing: ['ECDSA_SHA_256'] },
  ECC_NIST_P384: { family: 'ec', usages: ['SIGN_VERIFY'], curve: 'secp384r1', signing: ['ECDSA_SHA_384'] },
  ECC_NIST_P521: { family: 'ec', usages: ['SIGN_VERIFY'], curve: 'secp521r1', signing: ['ECDSA_SHA_512'] },
  ECC_SECG_P256K1: { family: 'ec', usages: ['SIGN_VERIFY'], curve: 'secp256k1', signing: ['ECDSA_SHA_256'] },
  HMAC_224: { family: 'hmac', usages: ['GENERATE_VERIFY_MAC'], size: 28, mac: 'HMAC_SHA_224' },
  HMAC_256: { family: 'hmac', usages: ['GENERATE_VERIFY_MAC'], size: 32, mac: 'HMAC_SHA_256' },
  HMAC_384: { family: 'hmac', usages: ['GENERATE_VERIFY_MAC'], size: 48, mac: 'HMAC_SHA_384' },
  HMAC_512: { family: 'hmac', usages: ['GENERATE_VERIFY_MAC'], size: 64, mac: 'HMAC_SHA_512' },
};

export function specInfo(spec: string): SpecInfo {
  const info = SPECS[spec as KeySpec];
  if (!info) throw new Error(`unknown key spec ${spec}`);
  return info;
}

/** The algorithm members KeyMetadata lists for a key of this spec and usage. */
export function algorithms(
  spec: string,
  usage: string,
): {
  EncryptionAlgorithms?: EncryptionAlgorithmSpec[];
  SigningAlgorithms?: SigningAlgorithmSpec[];
  MacAlgorithms?: MacAlgorithmSpec[];
} {
  const info = specInfo(spec);
  if (usage === 'ENCRYPT_DECRYPT')
    return {
      EncryptionAlgorithms: info.family === 'aes' ? ['SYMMETRIC_DEFAULT'] : ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'],
    };
  if (usage === 'SIGN_VERIFY') return { SigningAlgorithms: info.signing ?? [] };
  if (usage === 'GENERATE_VERIFY_MAC') return { MacAlgorithms: info.mac ? [info.mac] : [] };
  return {};
}

/** Hash behind a signing or MAC algorithm (node:crypto name) and its digest length. */
export function hashOf(algorithm: string): { hash: string; bytes: number } {
  const m = /(224|256|384|512)$/.exec(algorithm);
  const bits = m ? Number(m[1]) : 256;
  return { hash: `sha${bits}`, bytes: bits / 8 };
}

/** Data key pair specs (GenerateDataKeyPair) mapped to the KeySpec whose material they share. */
export const PAIR_SPECS = [
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'ECC_NIST_P256',
  'ECC_NIST_P384',
  'ECC_NIST_P521',
  'ECC_SECG_P256K1',
];
