// Asymmetric signatures (Sign/Verify/GetPublicKey), HMAC (GenerateMac/VerifyMac) and GenerateRandom, all with
// node:crypto. RSASSA-PSS uses a salt as long as the digest, as KMS does; ECDSA signatures are DER-encoded.
import {
  constants,
  createHmac,
  createPublicKey,
  privateEncrypt,
  publicDecrypt,
  randomBytes,
  sign,
  timingSafeEqual,
  verify,
  type KeyObject,
} from 'node:crypto';
import { CommonErrors } from '../../protocol/errors.js';
import type { HandlerTable } from '../types.js';
import type { Operations, SigningAlgorithmSpec } from './api.js';
import { KmsErrors } from './errors.js';
import { privateKeyOf, publicKeyDer } from './material.js';
import { keyArn, type KmsService } from './service.js';
import { algorithms, hashOf, specInfo } from './specs.js';
import type { KeyRow } from './store.js';

type H = HandlerTable<Operations>;

/** DER DigestInfo prefixes (RFC 8017, EMSA-PKCS1-v1_5) for signing a precomputed digest. */
const DIGEST_INFO: Record<string, string> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

function checkAlgorithm(k: KeyRow, alg: SigningAlgorithmSpec): void {
  if (!(specInfo(k.key_spec).signing ?? []).includes(alg))
    throw KmsErrors.invalidKeyUsage(`Algorithm ${alg} is incompatible with key spec ${k.key_spec}.`);
}

function keyOptions(key: KeyObject, alg: SigningAlgorithmSpec, bytes: number) {
  if (alg.startsWith('RSASSA_PSS')) return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: bytes };
  if (alg.startsWith('ECDSA')) return { key, dsaEncoding: 'der' as const };
  return { key, padding: constants.RSA_PKCS1_PADDING };
}

/** The message as signed: RAW is hashed by the algorithm; DIGEST must already be a digest of the right length. */
function prepared(alg: SigningAlgorithmSpec, message: Uint8Array, type: string | undefined) {
  const { hash, bytes } = hashOf(alg);
  if (type === 'DIGEST') {
    if (message.length !== bytes) throw KmsErrors.validation(`Digest is invalid length for algorithm ${alg}.`);
    if (!alg.startsWith('RSASSA_PKCS1')) throw CommonErrors.notImplemented(`MessageType DIGEST with ${alg}`);
    return { hash, bytes, digestInfo: Buffer.concat([Buffer.from(DIGEST_INFO[hash]!, 'hex'), message]) };
  }
  if (message.length > 4096)
    throw KmsErrors.validation(
      "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
  return { hash, bytes, digestInfo: undefined };
}

function macKey(svc: KmsService, k: KeyRow, alg: string, op: string): Buffer {
  svc.usable(k);
  svc.requireUsage(k, 'GENERATE_VERIFY_MAC', op);
  if (specInfo(k.key_spec).mac !== alg)
    throw KmsErrors.invalidKeyUsage(`Algorithm ${alg} is incompatible with key spec ${k.key_spec}.`);
  return svc.material(k)!.material;
}

export function signHandlers(
  svc: KmsService,
): Pick<H, 'Sign' | 'Verify' | 'GetPublicKey' | 'GenerateMac' | 'VerifyMac' | 'GenerateRandom'> {
  const signingKey = (keyId: string, ctx: Parameters<H['Sign']>[1], alg: SigningAlgorithmSpec, op: string) => {
    const k = svc.resolve(keyId, ctx);
    svc.usable(k);
    svc.requireUsage(k, 'SIGN_VERIFY', op);
    checkAlgorithm(k, alg);
    return k;
  };

  return {
    Sign(input, ctx) {
      const k = signingKey(input.KeyId, ctx, input.SigningAlgorithm, 'Sign');
      const msg = prepared(input.SigningAlgorithm, input.Message, input.MessageType);
      const priv = privateKeyOf(svc.material(k)!.material);
      const signature = msg.digestInfo
        ? privateEncrypt({ key: priv, padding: constants.RSA_PKCS1_PADDING }, msg.digestInfo)
        : sign(msg.hash, input.Message, keyOptions(priv, input.SigningAlgorithm, msg.bytes));
      if (input.DryRun) throw KmsErrors.dryRun();
      return { KeyId: keyArn(k), Signature: signature, SigningAlgorithm: input.SigningAlgorithm };
    },

    Verify(input, ctx) {
      const k = signingKey(input.KeyId, ctx, input.SigningAlgorithm, 'Verify');
      const msg = prepared(input.SigningAlgorithm, input.Message, input.MessageType);
      const pub = createPublicKey(privateKeyOf(svc.material(k)!.material));
      let ok = false;
      try {
        if (msg.digestInfo) {
          const recovered = publicDecrypt({ key: pub, padding: constants.RSA_PKCS1_PADDING }, input.Signature);
          ok = recovered.length === msg.digestInfo.length && timingSafeEqual(recovered, msg.digestInfo);
        } else {
          ok = verify(msg.hash, input.Message, keyOptions(pub, input.SigningAlgorithm, msg.bytes), input.Signature);
        }
      } catch {
        ok = false;
      }
      if (!ok) throw KmsErrors.invalidSignature();
      if (input.DryRun) throw KmsErrors.dryRun();
      return { KeyId: keyArn(k), SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
    },

    GetPublicKey(input, ctx) {
      const k = svc.resolve(input.KeyId, ctx);
      svc.usable(k);
      const family = specInfo(k.key_spec).family;
      if (family !== 'rsa' && family !== 'ec')
        throw KmsErrors.unsupported(`${keyArn(k)} key spec ${k.key_spec} is not supported for this operation.`);
      return {
        KeyId: keyArn(k),
        PublicKey: publicKeyDer(svc.material(k)!.material),
        CustomerMasterKeySpec: k.key_spec as 'RSA_2048',
        KeySpec: k.key_spec as 'RSA_2048',
        KeyUsage: k.key_usage as 'SIGN_VERIFY',
        ...algorithms(k.key_spec, k.key_usage),
      };
    },

    GenerateMac(input, ctx) {
      const k = svc.resolve(input.KeyId, ctx);
      const key = macKey(svc, k, input.MacAlgorithm, 'GenerateMac');
      const mac = createHmac(hashOf(input.MacAlgorithm).hash, key).update(input.Message).digest();
      if (input.DryRun) throw KmsErrors.dryRun();
      return { Mac: mac, MacAlgorithm: input.MacAlgorithm, KeyId: keyArn(k) };
    },

    VerifyMac(input, ctx) {
      const k = svc.resolve(input.KeyId, ctx);
      const key = macKey(svc, k, input.MacAlgorithm, 'VerifyMac');
      const mac = createHmac(hashOf(input.MacAlgorithm).hash, key).update(input.Message).digest();
      const given = Buffer.from(input.Mac);
      if (given.length !== mac.length || !timingSafeEqual(given, mac)) throw KmsErrors.invalidMac();
      if (input.DryRun) throw KmsErrors.dryRun();
      return { KeyId: keyArn(k), MacValid: true, MacAlgorithm: input.MacAlgorithm };
    },

    GenerateRandom(input) {
      if (input.CustomKeyStoreId !== undefined)
        throw CommonErrors.notImplemented('GenerateRandom in a custom key store');
      if (input.Recipient !== undefined) throw CommonErrors.notImplemented('GenerateRandom with Recipient');
      if (input.NumberOfBytes === undefined)
        throw KmsErrors.validation(
          "1 validation error detected: Value null at 'numberOfBytes' failed to satisfy constraint: Member must not be null",
        );
      return { Plaintext: randomBytes(input.NumberOfBytes) };
    },
  };
}
