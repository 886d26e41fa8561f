// MD5 digests SQS returns so clients can verify what was stored (SDKs check them). The attribute digest follows
// AWS's documented encoding: attributes sorted by name, each as length-prefixed name, length-prefixed data type,
// one transport byte (1 = string, 2 = binary, 3/4 = string/binary lists), then the length-prefixed value(s).
import * as crypto from 'node:crypto';
import type { MessageAttributeValue } from './api.js';

// crypto.hash (Node >= 20.12) digests in one call, several times cheaper than a Hash object for small inputs.
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }).hash;

export function md5Hex(data: string | Uint8Array): string {
  return oneShot ? oneShot('md5', data, 'hex') : crypto.createHash('md5').update(data).digest('hex');
}

function lengthPrefixed(parts: Buffer[], value: Uint8Array): void {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(value.length, 0);
  parts.push(len, Buffer.from(value.buffer, value.byteOffset, value.byteLength));
}

/** MD5 over a message attribute map (user or system attributes); undefined when there are none. */
export function md5OfAttributes(
  attrs: Record<string, MessageAttributeValue | undefined> | undefined,
): string | undefined {
  if (!attrs) return undefined;
  const names = Object.keys(attrs)
    .filter((n) => attrs[n] !== undefined)
    .sort();
  if (names.length === 0) return undefined;
  const parts: Buffer[] = [];
  for (const name of names) {
    const v = attrs[name] as MessageAttributeValue;
    lengthPrefixed(parts, Buffer.from(name, 'utf8'));
    lengthPrefixed(parts, Buffer.from(v.DataType, 'utf8'));
    if (v.StringValue !== undefined) {
      parts.push(Buffer.from([1]));
      lengthPrefixed(parts, Buffer.from(v.StringValue, 'utf8'));
    } else if (v.BinaryValue !== undefined) {
      parts.push(Buffer.from([2]));
      lengthPrefixed(parts, v.BinaryValue);
    } else if (v.StringListValues !== undefined) {
      parts.push(Buffer.from([3]));
      for (const s of v.StringListValues) lengthPrefixed(parts, Buffer.from(s, 'utf8'));
    } else if (v.BinaryListValues !== undefined) {
      parts.push(Buffer.from([4]));
      for (const b of v.BinaryListValues) lengthPrefixed(parts, b);
    }
  }
  return md5Hex(Buffer.concat(parts));
}
