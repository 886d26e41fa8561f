import { significantDigits } from './decimal.js';
import { decodeBinary, type AttributeValue, type Item } from './types.js';

// Item size per the developer guide ("Item sizes and formats"): names and strings count their UTF-8
// bytes, numbers about one byte per two significant digits plus one, binary its raw bytes,
// BOOL/NULL one byte, List/Map 3 bytes of overhead plus 1 byte per element.

export const MAX_ITEM_SIZE = 400 * 1024;

function utf8(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function numberSize(n: string): number {
  return Math.ceil(significantDigits(n) / 2) + 1;
}

export function attributeValueSize(v: AttributeValue): number {
  if ('S' in v) return utf8(v.S);
  if ('N' in v) return numberSize(v.N);
  if ('B' in v) return decodeBinary(v.B).length;
  if ('SS' in v) return v.SS.reduce((n, s) => n + utf8(s), 0);
  if ('NS' in v) return v.NS.reduce((n, s) => n + numberSize(s), 0);
  if ('BS' in v) return v.BS.reduce((n, s) => n + decodeBinary(s).length, 0);
  if ('L' in v) return v.L.reduce((n, e) => n + 1 + attributeValueSize(e), 3);
  if ('M' in v) return Object.entries(v.M).reduce((n, [k, e]) => n + 1 + utf8(k) + attributeValueSize(e), 3);
  return 1; // NULL, BOOL
}

export function itemSize(item: Item): number {
  let total = 0;
  for (const [name, v] of Object.entries(item)) total += utf8(name) + attributeValueSize(v);
  return total;
}
