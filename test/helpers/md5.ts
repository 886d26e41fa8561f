// MD5 digests SQS returns, computed the way the SQS Developer Guide describes, so tests can check them
// independently of the SDK (SDK v3 only verifies body MD5s).
import { createHash } from 'node:crypto';

export function md5Hex(data: string | Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

export interface AttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Uint8Array;
}

function lengthPrefixed(bytes: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length, 0);
  return Buffer.concat([len, bytes]);
}

/** MD5OfMessageAttributes: attributes sorted by name; name, type, transport byte (1 string, 2 binary), value. */
export function md5OfMessageAttributes(attrs: Record<string, AttributeValue>): string {
  const parts: Buffer[] = [];
  for (const name of Object.keys(attrs).sort()) {
    const v = attrs[name];
    if (!v) continue;
    parts.push(lengthPrefixed(Buffer.from(name, 'utf8')));
    parts.push(lengthPrefixed(Buffer.from(v.DataType, 'utf8')));
    if (v.BinaryValue !== undefined) {
      parts.push(Buffer.from([2]));
      parts.push(lengthPrefixed(Buffer.from(v.BinaryValue)));
    } else {
      parts.push(Buffer.from([1]));
      parts.push(lengthPrefixed(Buffer.from(v.StringValue ?? '', 'utf8')));
    }
  }
  return md5Hex(Buffer.concat(parts));
}
