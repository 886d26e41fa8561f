// Byte encodings of key values whose memcmp order is DynamoDB's order (SQLite compares BLOBs with memcmp),
// so Query ranges and ordering run in the storage index instead of in JS.
import { parseDecimalLoose, ZERO } from './values/decimal.js';
import { decodeBinary, type AttributeValue } from './values/types.js';

const EMPTY = Buffer.alloc(0);
// Adjusted exponents span -130..125: 256 values, one byte.
const EXP_BIAS = 130;

/**
 * Numbers: a class byte (negative < zero < positive), then the adjusted exponent and the significant digits.
 * Negative numbers complement both and end with 0xff, so a longer magnitude (more negative) sorts first.
 */
export function encodeNumber(text: string): Buffer {
  const d = parseDecimalLoose(text) ?? ZERO;
  if (d.digits === '') return Buffer.from([0x02]);
  const adj = d.exp + d.digits.length - 1 + EXP_BIAS;
  const out = Buffer.alloc(d.digits.length + (d.sign < 0 ? 3 : 2));
  if (d.sign > 0) {
    out[0] = 0x03;
    out[1] = adj;
    for (let i = 0; i < d.digits.length; i++) out[i + 2] = d.digits.charCodeAt(i);
  } else {
    out[0] = 0x01;
    out[1] = 255 - adj;
    for (let i = 0; i < d.digits.length; i++) out[i + 2] = 0x39 - (d.digits.charCodeAt(i) - 0x30);
    out[out.length - 1] = 0xff;
  }
  return out;
}

/** A scalar key value (S, N or B) as sortable bytes. */
export function encodeKeyValue(v: AttributeValue | undefined): Buffer {
  if (v === undefined) return EMPTY;
  if ('S' in v) return Buffer.from(v.S, 'utf8');
  if ('N' in v) return encodeNumber(v.N);
  if ('B' in v) return decodeBinary(v.B);
  return EMPTY;
}

/** 32-bit FNV-1a of the partition key: spreads partitions over Scan segments like AWS's hash ranges. */
export function hashKey(pk: Buffer): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < pk.length; i++) {
    h ^= pk[i]!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The base table's key as one blob, the tie-breaker of index rows sharing index key values. */
export function tableKeyBlob(pk: Buffer, sk: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(pk.length);
  return Buffer.concat([len, pk, sk]);
}

/** Smallest byte string greater than every string starting with `prefix`; undefined when none exists. */
export function prefixUpperBound(prefix: Buffer): Buffer | undefined {
  const b = Buffer.from(prefix);
  for (let i = b.length - 1; i >= 0; i--) {
    if (b[i]! < 0xff) {
      b[i]! += 1;
      return b.subarray(0, i + 1);
    }
  }
  return undefined;
}

export { EMPTY as EMPTY_KEY };
