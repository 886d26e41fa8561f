// The sortable key encodings: byte order must equal DynamoDB's order for numbers, strings and binary.
import { describe, expect, it } from 'vitest';
import { encodeNumber, encodeKeyValue, hashKey, prefixUpperBound } from '../../../src/services/dynamodb/keys.js';
import { compareNumberStrings } from '../../../src/services/dynamodb/values/decimal.js';

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

describe('encodeNumber', () => {
  const samples = [
    '0',
    '-0',
    '1',
    '-1',
    '1.5',
    '-1.5',
    '10',
    '-10',
    '9.99',
    '-9.99',
    '0.001',
    '-0.001',
    '1e125',
    '-1e125',
    '1e-130',
    '-1e-130',
    '123456789012345678901234567890123456.78',
    '-123456789012345678901234567890123456.78',
    '100',
    '99',
    '0.1',
    '0.10000000000000000000000000000000000001',
    '-0.1',
    '-0.10000000000000000000000000000000000001',
    '2',
    '19',
  ];

  it('orders every pair like the decimal comparison', () => {
    for (const a of samples) {
      for (const b of samples) {
        expect([a, b, sign(Buffer.compare(encodeNumber(a), encodeNumber(b)))]).toEqual([
          a,
          b,
          sign(compareNumberStrings(a, b)),
        ]);
      }
    }
  });

  it('orders random decimals', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const nums = Array.from({ length: 300 }, () => {
      const digits = String(Math.floor(rnd() * 1e9));
      const exp = Math.floor(rnd() * 40) - 20;
      return `${rnd() < 0.5 ? '-' : ''}${digits}e${exp}`;
    });
    const byBytes = [...nums].sort((a, b) => Buffer.compare(encodeNumber(a), encodeNumber(b)));
    const byValue = [...nums].sort(compareNumberStrings);
    expect(byBytes.map((n) => encodeNumber(n).toString('hex'))).toEqual(
      byValue.map((n) => encodeNumber(n).toString('hex')),
    );
  });

  it('encodes equal numbers identically', () => {
    expect(encodeNumber('1.50')).toEqual(encodeNumber('15e-1'));
    expect(encodeNumber('-0')).toEqual(encodeNumber('0.000'));
  });
});

describe('string and binary keys', () => {
  it('orders strings by UTF-8 bytes', () => {
    const a = encodeKeyValue({ S: 'z' });
    const b = encodeKeyValue({ S: 'é' });
    expect(Buffer.compare(a, b)).toBeLessThan(0);
  });

  it('bounds prefixes', () => {
    expect(prefixUpperBound(Buffer.from('ab'))).toEqual(Buffer.from('ac'));
    expect(prefixUpperBound(Buffer.from([0x61, 0xff]))).toEqual(Buffer.from([0x62]));
    expect(prefixUpperBound(Buffer.from([0xff]))).toBeUndefined();
  });

  it('hashes to unsigned 32-bit integers', () => {
    const h = hashKey(Buffer.from('abc'));
    expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
  });
});
