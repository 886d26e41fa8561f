import { compareNumberStrings } from './decimal.js';
import { decodeBinary, typeOf, type AttributeValue } from './types.js';

// Ordering rules AWS documents for comparisons: numbers numerically, strings by their UTF-8 bytes,
// binary by unsigned bytes. Other types only support equality.

export function compareStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function compareBinary(a: string, b: string): number {
  return Buffer.compare(decodeBinary(a), decodeBinary(b));
}

/** Ordering of two scalar values of the same type (S, N, B); undefined when not comparable. */
export function compareScalars(a: AttributeValue, b: AttributeValue): number | undefined {
  if ('S' in a && 'S' in b) return compareStrings(a.S, b.S);
  if ('N' in a && 'N' in b) return compareNumberStrings(a.N, b.N);
  if ('B' in a && 'B' in b) return compareBinary(a.B, b.B);
  return undefined;
}

function sameMembers(a: string[], b: string[], eq: (x: string, y: string) => boolean): boolean {
  return a.length === b.length && a.every((x) => b.some((y) => eq(x, y)));
}

/** Deep equality with set semantics (member order ignored, numbers compared numerically). */
export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const ta = typeOf(a);
  if (ta !== typeOf(b)) return false;
  if ('S' in a && 'S' in b) return a.S === b.S;
  if ('N' in a && 'N' in b) return compareNumberStrings(a.N, b.N) === 0;
  if ('B' in a && 'B' in b) return compareBinary(a.B, b.B) === 0;
  if ('BOOL' in a && 'BOOL' in b) return a.BOOL === b.BOOL;
  if ('NULL' in a && 'NULL' in b) return true;
  if ('SS' in a && 'SS' in b) return sameMembers(a.SS, b.SS, (x, y) => x === y);
  if ('NS' in a && 'NS' in b) return sameMembers(a.NS, b.NS, (x, y) => compareNumberStrings(x, y) === 0);
  if ('BS' in a && 'BS' in b) return sameMembers(a.BS, b.BS, (x, y) => compareBinary(x, y) === 0);
  if ('L' in a && 'L' in b) return a.L.length === b.L.length && a.L.every((x, i) => valuesEqual(x, b.L[i]!));
  if ('M' in a && 'M' in b) {
    const ka = Object.keys(a.M);
    return (
      ka.length === Object.keys(b.M).length && ka.every((k) => b.M[k] !== undefined && valuesEqual(a.M[k]!, b.M[k]!))
    );
  }
  return false;
}

/** Equality of two set members of the given set type. */
export function setMemberEquals(setType: 'SS' | 'NS' | 'BS', x: string, y: string): boolean {
  if (setType === 'NS') return compareNumberStrings(x, y) === 0;
  if (setType === 'BS') return compareBinary(x, y) === 0;
  return x === y;
}
