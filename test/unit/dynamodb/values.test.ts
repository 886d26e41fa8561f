import { describe, expect, it } from 'vitest';
import {
  addNumbers,
  attributeValueSize,
  compareNumberStrings,
  compareStrings,
  itemSize,
  normalizeNumber,
  subtractNumbers,
  validateAttributeValue,
  validateItem,
  validateKeyAttribute,
  valuesEqual,
} from '../../../src/services/dynamodb/values/index.js';

describe('numbers', () => {
  it.each([
    ['1.0', '1'],
    ['-0', '0'],
    ['0.000', '0'],
    ['1E2', '100'],
    ['+5', '5'],
    ['001.2300', '1.23'],
    ['-1.5e-3', '-0.0015'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['1E-130', `0.${'0'.repeat(129)}1`],
  ])('normalizes %s to %s', (input, out) => {
    expect(normalizeNumber(input)).toBe(out);
  });

  it('accepts 38 significant digits and rejects 39', () => {
    expect(normalizeNumber('1'.repeat(38))).toBe('1'.repeat(38));
    expect(normalizeNumber(`1${'0'.repeat(60)}`)).toBe(`1${'0'.repeat(60)}`);
    expect(() => normalizeNumber('1'.repeat(39))).toThrow(
      'Attempting to store more than 38 significant digits in a Number',
    );
  });

  it('enforces the magnitude range', () => {
    expect(normalizeNumber('9.9999999999999999999999999999999999999E+125')).toHaveLength(126);
    expect(() => normalizeNumber('1E126')).toThrow(
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    );
    expect(() => normalizeNumber('-1E126')).toThrow('Number overflow');
    expect(() => normalizeNumber('1E-131')).toThrow(
      'Number underflow. Attempting to store a number with magnitude smaller than supported range',
    );
    expect(() => normalizeNumber('1E999999999999')).toThrow('Number overflow');
  });

  it('rejects non-numbers', () => {
    for (const bad of ['abc', '', '1e', '--1', '1.2.3', ' 1', 'NaN', 'Infinity']) {
      expect(() => normalizeNumber(bad)).toThrow('The parameter cannot be converted to a numeric value');
    }
  });

  it('compares exactly', () => {
    expect(compareNumberStrings('1', '1.0')).toBe(0);
    expect(compareNumberStrings('-10', '2')).toBe(-1);
    expect(compareNumberStrings('-10', '-2')).toBe(-1);
    expect(compareNumberStrings('0.1', '0.09')).toBe(1);
    expect(
      compareNumberStrings('12345678901234567890123456789012345678', '12345678901234567890123456789012345677'),
    ).toBe(1);
    expect(compareNumberStrings('0', '-0')).toBe(0);
  });

  it('adds and subtracts exactly', () => {
    expect(addNumbers('0.1', '0.2')).toBe('0.3');
    expect(addNumbers('99999999999999999999999999999999999999', '-1')).toBe('99999999999999999999999999999999999998');
    expect(subtractNumbers('5', '7.5')).toBe('-2.5');
    expect(subtractNumbers('1.5', '1.5')).toBe('0');
    expect(() => addNumbers('1E125', '9.9999999999999999999999999999999999999E+125')).toThrow('Number overflow');
    expect(() => addNumbers('1E20', '1E-20')).toThrow('38 significant digits');
  });
});

describe('comparison and equality', () => {
  it('orders strings by UTF-8 bytes', () => {
    // U+FF5E (3 bytes) sorts after U+10000 in UTF-16 but before it in UTF-8.
    expect(compareStrings('\uff5e', '\u{10000}')).toBe(-1);
    expect(compareStrings('B', 'a')).toBe(-1);
  });

  it('treats sets as unordered and numbers numerically', () => {
    expect(valuesEqual({ SS: ['a', 'b'] }, { SS: ['b', 'a'] })).toBe(true);
    expect(valuesEqual({ NS: ['1', '2.0'] }, { NS: ['2', '1'] })).toBe(true);
    expect(valuesEqual({ N: '1' }, { S: '1' })).toBe(false);
    expect(valuesEqual({ M: { a: { L: [{ N: '1' }] } } }, { M: { a: { L: [{ N: '1.0' }] } } })).toBe(true);
    expect(valuesEqual({ L: [{ N: '1' }, { N: '2' }] }, { L: [{ N: '2' }, { N: '1' }] })).toBe(false);
  });
});

describe('item size', () => {
  it('follows the documented rules', () => {
    expect(attributeValueSize({ S: 'héllo' })).toBe(6);
    expect(attributeValueSize({ N: '123' })).toBe(3);
    expect(attributeValueSize({ N: '1234' })).toBe(3);
    expect(attributeValueSize({ B: Buffer.from('abc').toString('base64') })).toBe(3);
    expect(attributeValueSize({ BOOL: true })).toBe(1);
    expect(attributeValueSize({ NULL: true })).toBe(1);
    expect(attributeValueSize({ L: [] })).toBe(3);
    expect(attributeValueSize({ M: {} })).toBe(3);
    expect(attributeValueSize({ L: [{ S: 'ab' }, { BOOL: false }] })).toBe(3 + 3 + 2);
    expect(attributeValueSize({ M: { ab: { S: 'c' } } })).toBe(3 + 1 + 2 + 1);
    expect(attributeValueSize({ SS: ['a', 'bb'] })).toBe(3);
    expect(itemSize({ id: { S: 'x' }, n: { N: '1' } })).toBe(2 + 1 + 1 + 2);
  });

  it('rejects items over 400 KB', () => {
    expect(() => validateItem({ a: { S: 'x'.repeat(400 * 1024) } })).toThrow(
      'Item size has exceeded the maximum allowed size',
    );
    expect(() => validateItem({ a: { S: 'x'.repeat(400 * 1024 - 1) } })).not.toThrow();
  });
});

describe('AttributeValue validation', () => {
  it('normalizes numbers, also inside sets and documents', () => {
    expect(validateAttributeValue({ N: '1.50' })).toEqual({ N: '1.5' });
    expect(validateAttributeValue({ M: { a: { L: [{ NS: ['1E1'] }] } } })).toEqual({
      M: { a: { L: [{ NS: ['10'] }] } },
    });
  });

  it('uses AWS messages', () => {
    expect(() => validateAttributeValue({})).toThrow(
      'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
    );
    expect(() => validateAttributeValue({ S: 'a', N: '1' })).toThrow(
      'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
    );
    expect(() => validateAttributeValue({ SS: [] })).toThrow(
      'One or more parameter values were invalid: An string set  may not be empty',
    );
    expect(() => validateAttributeValue({ NS: [] })).toThrow('An number set  may not be empty');
    expect(() => validateAttributeValue({ BS: [] })).toThrow('Binary sets should not be empty');
    expect(() => validateAttributeValue({ SS: ['a', 'a'] })).toThrow(
      'One or more parameter values were invalid: Input collection [a, a] contains duplicates.',
    );
    expect(() => validateAttributeValue({ NS: ['1', '1.0'] })).toThrow(
      'Input collection [1, 1.0] contains duplicates.',
    );
    expect(() => validateAttributeValue({ NULL: false })).toThrow(
      'Null attribute value types must have the value of true',
    );
    expect(() => validateAttributeValue({ N: 'x' })).toThrow('The parameter cannot be converted to a numeric value: x');
    expect(() => validateAttributeValue({ SS: ['a', 1] })).toThrow(/invalid SS value/);
  });

  it('limits nesting to 32 levels', () => {
    let v: unknown = { S: 'x' };
    for (let i = 0; i < 32; i++) v = { L: [v] };
    expect(() => validateAttributeValue(v)).not.toThrow();
    expect(() => validateAttributeValue({ L: [v] })).toThrow('Nesting Levels have exceeded supported limits');
  });

  it('allows empty strings in non-key attributes and rejects them in keys', () => {
    expect(validateAttributeValue({ S: '' })).toEqual({ S: '' });
    expect(() => validateKeyAttribute({ name: 'pk', type: 'S' }, { S: '' })).toThrow(
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk',
    );
    expect(() => validateKeyAttribute({ name: 'pk', type: 'S' }, { N: '1' })).toThrow(
      'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N',
    );
  });
});
