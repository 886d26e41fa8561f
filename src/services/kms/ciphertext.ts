// atoll's symmetric ciphertext blob. Self-describing, so Decrypt needs no KeyId (as with AWS):
//   "AK" | format 1 | account (12 ascii) | key id length (1) | key id | material version (u32 BE) | iv (12) |
//   tag (16) | AES-256-GCM ciphertext
// The whole header and the canonical encryption context are the GCM additional data: a changed header, key
// version or context fails authentication, which Decrypt answers with InvalidCiphertextException.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const MAGIC = Buffer.from('AK\u0001', 'latin1');

export interface BlobHeader {
  accountId: string;
  keyId: string;
  version: number;
}

function header(h: BlobHeader): Buffer {
  const id = Buffer.from(h.keyId, 'utf8');
  const v = Buffer.alloc(4);
  v.writeUInt32BE(h.version);
  return Buffer.concat([MAGIC, Buffer.from(h.accountId, 'latin1'), Buffer.from([id.length]), id, v]);
}

/** Context keys sorted, so the same pairs in any order authenticate alike. */
function aad(head: Buffer, context: Record<string, string> | undefined): Buffer {
  const pairs = Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.concat([head, Buffer.from(JSON.stringify(pairs), 'utf8')]);
}

export function sealBlob(h: BlobHeader, key: Buffer, plaintext: Uint8Array, context?: Record<string, string>): Buffer {
  const head = header(h);
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad(head, context));
  const body = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([head, iv, c.getAuthTag(), body]);
}

/** The header of a blob atoll produced, or undefined for anything else. */
export function readHeader(blob: Uint8Array): (BlobHeader & { length: number }) | undefined {
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (b.length < 3 + 12 + 1 || !b.subarray(0, 3).equals(MAGIC)) return undefined;
  const accountId = b.toString('latin1', 3, 15);
  const idLen = b[15]!;
  const end = 16 + idLen + 4;
  if (!/^\d{12}$/.test(accountId) || b.length < end + 28) return undefined;
  return { accountId, keyId: b.toString('utf8', 16, 16 + idLen), version: b.readUInt32BE(16 + idLen), length: end };
}

/** The plaintext, or undefined when the blob does not authenticate under this key and context. */
export function openBlob(blob: Uint8Array, key: Buffer, context?: Record<string, string>): Buffer | undefined {
  const h = readHeader(blob);
  if (!h) return undefined;
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  try {
    const d = createDecipheriv('aes-256-gcm', key, b.subarray(h.length, h.length + 12));
    d.setAuthTag(b.subarray(h.length + 12, h.length + 28));
    d.setAAD(aad(b.subarray(0, h.length), context));
    return Buffer.concat([d.update(b.subarray(h.length + 28)), d.final()]);
  } catch {
    return undefined;
  }
}
