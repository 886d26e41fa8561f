// Server-side encryption of object data: SSE-S3 (state dir key), SSE-KMS (a data key generated and decrypted through
// the KMS service acting as the requester, so key policies, grants and kms:ViaService apply) and SSE-C (the
// customer's key from the request; only a salted HMAC of it is kept, to check later requests). Object bytes are
// AES-256-GCM under the chosen key (blobs.ts). atoll serves plain HTTP, so SSE-C is accepted without TLS, where AWS
// refuses it.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AwsError, CommonErrors } from '../../protocol/errors.js';
import type { RequestContext } from '../types.js';
import type { S3Service } from './service.js';
import type { BucketRow } from './store.js';

/** The KMS-encrypted data key of an SSE-KMS object (or multipart upload). */
export interface KmsEnvelope {
  keyArn: string;
  /** base64 CiphertextBlob of the data key */
  ciphertext: string;
  /** The encryption context the data key was generated under (aws:s3:arn plus the caller's pairs). */
  context: Record<string, string>;
  bucketKey: boolean;
  /** base64 JSON of the caller's x-amz-server-side-encryption-context, echoed back as AWS does. */
  requested?: string;
}

/** What S3 keeps of an SSE-C key: its MD5 (echoed back) and a salted HMAC to recognize it later. */
export interface CustomerKeyRecord {
  md5: string;
  salt: string;
  hmac: string;
}

export interface EncryptionMeta {
  kms?: KmsEnvelope;
  ssec?: CustomerKeyRecord;
}

/** How a write protects the bytes: `key` as BlobStore.write takes it, the metadata to keep, the answer's headers. */
export interface Protection {
  key: boolean | Buffer;
  meta: EncryptionMeta;
}

export interface SseInput {
  ServerSideEncryption?: string | undefined;
  SSEKMSKeyId?: string | undefined;
  SSEKMSEncryptionContext?: string | undefined;
  BucketKeyEnabled?: boolean | undefined;
  SSECustomerAlgorithm?: string | undefined;
  SSECustomerKey?: string | undefined;
  SSECustomerKeyMD5?: string | undefined;
}

export interface CustomerKeyInput {
  algorithm?: string | undefined;
  key?: string | undefined;
  md5?: string | undefined;
}

const err = (code: string, message: string, status = 400) => new AwsError(code, message, { status });

export const SseErrors = {
  storedEncrypted: () =>
    err(
      'InvalidRequest',
      'The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.',
    ),
  notApplicable: () => err('InvalidRequest', 'The encryption parameters are not applicable to this object.'),
  keyMismatch: () => err('AccessDenied', 'Access Denied', 403),
  partKeyMissing: () =>
    err(
      'InvalidRequest',
      'The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.',
    ),
  partKeyMismatch: () =>
    err('InvalidRequest', 'The provided encryption parameters did not match the ones used originally.'),
};

const argument = (message: string, name: string, value: string) =>
  new AwsError('InvalidArgument', message, {
    status: 400,
    fields: { ArgumentName: name, ArgumentValue: value },
  });

/** Checks SSE-C headers (algorithm AES256, a 256-bit key, its MD5); undefined when none were sent. */
export function customerKey(h: CustomerKeyInput, prefix = 'x-amz-server-side-encryption'): Buffer | undefined {
  if (h.algorithm === undefined && h.key === undefined && h.md5 === undefined) return undefined;
  if (h.algorithm === undefined)
    throw argument(
      'Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.',
      `${prefix}-customer-algorithm`,
      'null',
    );
  if (h.algorithm !== 'AES256')
    throw argument('The encryption method specified is not supported', `${prefix}-customer-algorithm`, h.algorithm);
  if (h.key === undefined)
    throw argument(
      'Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.',
      `${prefix}-customer-key`,
      'null',
    );
  const key = Buffer.from(h.key, 'base64');
  if (key.length !== 32)
    throw argument('The secret key was invalid for the specified algorithm.', `${prefix}-customer-key`, '');
  const md5 = createHash('md5').update(key).digest('base64');
  if (h.md5 === undefined)
    throw argument(
      'Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.',
      `${prefix}-customer-key-MD5`,
      'null',
    );
  if (h.md5 !== md5)
    throw argument(
      'The calculated MD5 hash of the key did not match the hash that was provided.',
      `${prefix}-customer-key-MD5`,
      h.md5,
    );
  return key;
}

export function recordCustomerKey(key: Buffer): CustomerKeyRecord {
  const salt = randomBytes(16);
  return {
    md5: createHash('md5').update(key).digest('base64'),
    salt: salt.toString('base64'),
    hmac: createHmac('sha256', salt).update(key).digest('base64'),
  };
}

export function matchesCustomerKey(rec: CustomerKeyRecord, key: Buffer): boolean {
  const mac = createHmac('sha256', Buffer.from(rec.salt, 'base64')).update(key).digest();
  const want = Buffer.from(rec.hmac, 'base64');
  return mac.length === want.length && timingSafeEqual(mac, want);
}

interface DefaultRule {
  ApplyServerSideEncryptionByDefault?: { SSEAlgorithm?: string; KMSMasterKeyID?: string };
  BucketKeyEnabled?: boolean;
}

function bucketDefault(svc: S3Service, bucket: BucketRow): DefaultRule | undefined {
  const text = svc.db.config(bucket.name, 'encryption');
  if (text === undefined) return undefined;
  const conf = JSON.parse(text) as { Rules?: DefaultRule[] };
  return conf.Rules?.[0] ?? {};
}

/** Calls KMS as the requester, through S3 (kms:ViaService), and maps its errors the way S3 reports them. */
export async function kmsCall<O>(
  svc: S3Service,
  bucket: BucketRow,
  ctx: RequestContext,
  operation: string,
  input: Record<string, unknown>,
): Promise<O> {
  try {
    return await svc.core.call<O>('kms', operation, input, {
      accountId: ctx.accountId,
      region: bucket.region,
      principal: ctx.principal,
      sourceArn: `arn:aws:s3:::${bucket.name}`,
    });
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    if (e.status === 403 || e.code === 'AccessDeniedException') throw err('AccessDenied', e.message, 403);
    // S3 passes KMS's errors on with a KMS. prefix (KMS.NotFoundException, KMS.DisabledException, ...).
    throw err(`KMS.${e.code}`, e.message, 400);
  }
}

function encryptionContext(raw: string | undefined): Record<string, string> {
  if (raw === undefined) return {};
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(parsed)) {
        if (typeof v !== 'string') throw new Error('not a string');
        out[k] = v;
      }
      return out;
    }
  } catch {
    // answered below
  }
  throw argument('Invalid encryption context', 'x-amz-server-side-encryption-context', raw);
}

/**
 * Decides and prepares how a new object (or multipart upload) is encrypted: the request's SSE-C or
 * x-amz-server-side-encryption headers, else the bucket's default encryption.
 */
export async function protectionFor(
  svc: S3Service,
  bucket: BucketRow,
  objectKey: string,
  input: SseInput,
  ctx: RequestContext,
  op: string,
): Promise<Protection> {
  const customer = customerKey({
    algorithm: input.SSECustomerAlgorithm,
    key: input.SSECustomerKey,
    md5: input.SSECustomerKeyMD5,
  });
  const requested = input.ServerSideEncryption;
  if (customer) {
    if (requested !== undefined || input.SSEKMSKeyId !== undefined)
      throw argument(
        'Server Side Encryption with Customer provided key is incompatible with the encryption method specified',
        'x-amz-server-side-encryption',
        requested ?? 'aws:kms',
      );
    return { key: customer, meta: { ssec: recordCustomerKey(customer) } };
  }
  const rule = bucketDefault(svc, bucket);
  const algorithm = requested ?? rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? 'AES256';
  if (algorithm !== 'aws:kms' && (input.SSEKMSKeyId !== undefined || input.SSEKMSEncryptionContext !== undefined))
    throw argument(
      'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms',
      'x-amz-server-side-encryption',
      algorithm,
    );
  if (algorithm === 'AES256') return { key: requested !== undefined || rule !== undefined, meta: {} };
  if (algorithm !== 'aws:kms') throw CommonErrors.notImplemented(`${op} with ${algorithm}`);
  const keyId =
    input.SSEKMSKeyId ??
    (requested === undefined ? rule?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID : undefined) ??
    'alias/aws/s3';
  const bucketKey = input.BucketKeyEnabled ?? rule?.BucketKeyEnabled ?? false;
  // S3 adds its own pair: the object's ARN, or the bucket's when an S3 Bucket Key is used.
  const context = {
    ...encryptionContext(input.SSEKMSEncryptionContext),
    'aws:s3:arn': bucketKey ? `arn:aws:s3:::${bucket.name}` : `arn:aws:s3:::${bucket.name}/${objectKey}`,
  };
  const out = await kmsCall<{ CiphertextBlob: Uint8Array; Plaintext: Uint8Array; KeyId: string }>(
    svc,
    bucket,
    ctx,
    'GenerateDataKey',
    { KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context },
  );
  const kms: KmsEnvelope = {
    keyArn: out.KeyId,
    ciphertext: Buffer.from(out.CiphertextBlob).toString('base64'),
    context,
    bucketKey,
  };
  if (input.SSEKMSEncryptionContext !== undefined)
    kms.requested = Buffer.from(JSON.stringify(context)).toString('base64');
  return { key: Buffer.from(out.Plaintext), meta: { kms } };
}

/**
 * The key that decrypts stored bytes: SSE-C checks the request's customer key against the record, SSE-KMS asks KMS
 * to decrypt the data key as the requester (kms:Decrypt), SSE-S3 uses the state dir key (undefined).
 */
export async function unlockKey(
  svc: S3Service,
  bucket: BucketRow,
  meta: EncryptionMeta,
  given: CustomerKeyInput,
  ctx: RequestContext,
  opts: { prefix?: string; decryptKms?: boolean } = {},
): Promise<Buffer | undefined> {
  const key = customerKey(given, opts.prefix);
  if (meta.ssec) {
    if (!key) throw SseErrors.storedEncrypted();
    if (!matchesCustomerKey(meta.ssec, key)) throw SseErrors.keyMismatch();
    return key;
  }
  if (key) throw SseErrors.notApplicable();
  if (meta.kms && opts.decryptKms !== false) return decryptDataKey(svc, bucket, meta.kms, ctx);
  return undefined;
}

export async function decryptDataKey(
  svc: S3Service,
  bucket: BucketRow,
  kms: KmsEnvelope,
  ctx: RequestContext,
): Promise<Buffer> {
  const out = await kmsCall<{ Plaintext: Uint8Array }>(svc, bucket, ctx, 'Decrypt', {
    CiphertextBlob: Buffer.from(kms.ciphertext, 'base64'),
    KeyId: kms.keyArn,
    EncryptionContext: kms.context,
  });
  return Buffer.from(out.Plaintext);
}

/** The encryption members of an answer (PutObject, GetObject, HeadObject, CopyObject, the multipart calls). */
export function encryptionHeaders(meta: EncryptionMeta, withContext = false): Record<string, string | boolean> {
  if (meta.ssec) return { SSECustomerAlgorithm: 'AES256', SSECustomerKeyMD5: meta.ssec.md5 };
  if (meta.kms) {
    const out: Record<string, string | boolean> = { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: meta.kms.keyArn };
    if (meta.kms.bucketKey) out.BucketKeyEnabled = true;
    if (withContext && meta.kms.requested) out.SSEKMSEncryptionContext = meta.kms.requested;
    return out;
  }
  return { ServerSideEncryption: 'AES256' };
}

/** Sets an answer's encryption members, replacing the SSE-S3 default objectHeaders() writes. */
export function applyEncryptionHeaders(out: Record<string, unknown>, meta: EncryptionMeta, withContext = false): void {
  delete out.ServerSideEncryption;
  Object.assign(out, encryptionHeaders(meta, withContext));
}

/** The copy source's data key: its SSE-C key comes in the x-amz-copy-source-server-side-encryption-* headers. */
export function unlockCopySource(
  svc: S3Service,
  bucket: BucketRow,
  meta: EncryptionMeta,
  input: {
    CopySourceSSECustomerAlgorithm?: string;
    CopySourceSSECustomerKey?: string;
    CopySourceSSECustomerKeyMD5?: string;
  },
  ctx: RequestContext,
): Promise<Buffer | undefined> {
  return unlockKey(
    svc,
    bucket,
    meta,
    {
      algorithm: input.CopySourceSSECustomerAlgorithm,
      key: input.CopySourceSSECustomerKey,
      md5: input.CopySourceSSECustomerKeyMD5,
    },
    ctx,
    { prefix: 'x-amz-copy-source-server-side-encryption' },
  );
}
