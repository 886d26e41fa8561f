import { describe, expect, it } from 'vitest';
import {
  checkBody,
  checkMessageAttributes,
  checkSystemAttributes,
  invalidCharIn,
} from '../../../src/services/sqs/message-validation.js';
import { AwsError } from '../../../src/protocol/errors.js';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof AwsError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'no error';
}

describe('message validation', () => {
  it('finds characters outside the allowed XML set', () => {
    expect(invalidCharIn('plain text \t\n\r ✓ 😀')).toBeUndefined();
    expect(invalidCharIn('a\u0000b')).toBe('#x0');
    expect(invalidCharIn('a\uFFFEb')).toBe('#xFFFE');
    expect(invalidCharIn('lone \uD800 surrogate')).toBe('#xD800');
  });

  it('rejects empty bodies and invalid characters', () => {
    expect(messageOf(() => checkBody(''))).toBe(
      'MissingParameter: The request must contain the parameter MessageBody.',
    );
    expect(messageOf(() => checkBody('\u0001'))).toMatch(/^InvalidMessageContents: Invalid binary character '#x1'/);
  });

  it('counts attribute name, type and value bytes', () => {
    expect(
      checkMessageAttributes({
        ab: { DataType: 'String', StringValue: 'xyz' },
        c: { DataType: 'Binary', BinaryValue: new Uint8Array(4) },
      }),
    ).toBe(2 + 6 + 3 + 1 + 6 + 4);
  });

  it('accepts custom type labels and rejects unknown types', () => {
    expect(() => checkMessageAttributes({ a: { DataType: 'Number.float', StringValue: '-1.5e3' } })).not.toThrow();
    expect(messageOf(() => checkMessageAttributes({ a: { DataType: 'Json', StringValue: '{}' } }))).toContain(
      'supported type prefixes: Binary, Number, String',
    );
  });

  it('rejects bad numbers, empty values, reserved and malformed names, and more than 10 attributes', () => {
    expect(messageOf(() => checkMessageAttributes({ n: { DataType: 'Number', StringValue: 'x1' } }))).toContain(
      'Could not cast',
    );
    expect(messageOf(() => checkMessageAttributes({ s: { DataType: 'String', StringValue: '' } }))).toContain(
      'must contain a non-empty value',
    );
    expect(messageOf(() => checkMessageAttributes({ 'AWS.x': { DataType: 'String', StringValue: 'v' } }))).toContain(
      'reserved',
    );
    expect(messageOf(() => checkMessageAttributes({ 'a..b': { DataType: 'String', StringValue: 'v' } }))).toContain(
      'is invalid',
    );
    const many = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'v' }]),
    );
    expect(messageOf(() => checkMessageAttributes(many))).toBe(
      'InvalidParameterValue: Number of message attributes [11] exceeds the allowed maximum [10].',
    );
  });

  it('accepts only AWSTraceHeader as a system attribute', () => {
    expect(checkSystemAttributes({ AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1' } })).toBe('Root=1');
    expect(messageOf(() => checkSystemAttributes({ Other: { DataType: 'String', StringValue: 'x' } }))).toContain(
      'InvalidParameterValue',
    );
  });
});
