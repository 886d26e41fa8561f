import { describe, expect, it } from 'vitest';
import { md5Hex, md5OfAttributes } from '../../../src/services/sqs/md5.js';

// Expected digests computed independently (Python, struct-packed per the SQS Developer Guide algorithm).
describe('SQS MD5 digests', () => {
  it('hashes the body as plain MD5', () => {
    expect(md5Hex('hello')).toBe('5d41402abc4b2a76b9719d911017c592');
  });

  it('hashes message attributes sorted by name with length prefixes and transport bytes', () => {
    const attrs = {
      n: { DataType: 'Number', StringValue: '1.5' },
      b: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2]) },
      a: { DataType: 'String', StringValue: 'x' },
    };
    expect(md5OfAttributes(attrs)).toBe('b0f503329ded5067d793cb0861a865f1');
  });

  it('matches the Developer Guide style example', () => {
    expect(
      md5OfAttributes({
        City: { DataType: 'String', StringValue: 'Any City' },
        Population: { DataType: 'Number', StringValue: '1250800' },
      }),
    ).toBe('bf1eb494fecc925abadc71de4be9785c');
  });

  it('hashes system attributes (AWSTraceHeader) the same way', () => {
    expect(
      md5OfAttributes({
        AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793' },
      }),
    ).toBe('62a56dd927315f2b2e12832b84617ea5');
  });

  it('returns undefined when there are no attributes', () => {
    expect(md5OfAttributes(undefined)).toBeUndefined();
    expect(md5OfAttributes({})).toBeUndefined();
  });
});
