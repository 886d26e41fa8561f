import { describe, expect, it } from 'vitest';
import {
  defaultAttributes,
  normalizeAttributes,
  parseRedriveAllowPolicy,
  parseRedrivePolicy,
  validateQueueName,
} from '../../../src/services/sqs/attributes.js';
import { AwsError } from '../../../src/protocol/errors.js';

function errorOf(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw e;
  }
  throw new Error('expected an AwsError');
}

describe('queue attributes', () => {
  it('fills the documented defaults', () => {
    expect(defaultAttributes(false)).toEqual({
      VisibilityTimeout: '30',
      MaximumMessageSize: '1048576',
      MessageRetentionPeriod: '345600',
      DelaySeconds: '0',
      ReceiveMessageWaitTimeSeconds: '0',
      SqsManagedSseEnabled: 'true',
    });
    expect(defaultAttributes(true)).toMatchObject({
      FifoQueue: 'true',
      ContentBasedDeduplication: 'false',
      DeduplicationScope: 'queue',
      FifoThroughputLimit: 'perQueue',
    });
  });

  it('accepts values at the range limits and normalizes them', () => {
    expect(
      normalizeAttributes(
        { DelaySeconds: '900', VisibilityTimeout: '0', MaximumMessageSize: '1024', SqsManagedSseEnabled: 'TRUE' },
        false,
        true,
      ),
    ).toEqual({
      DelaySeconds: '900',
      VisibilityTimeout: '0',
      MaximumMessageSize: '1024',
      SqsManagedSseEnabled: 'true',
    });
    expect(normalizeAttributes({ MaximumMessageSize: '1048576' }, false, true)).toEqual({
      MaximumMessageSize: '1048576',
    });
  });

  it('rejects out-of-range and non-numeric values with InvalidAttributeValue', () => {
    for (const [name, value] of [
      ['DelaySeconds', '901'],
      ['VisibilityTimeout', '43201'],
      ['MessageRetentionPeriod', '59'],
      ['MaximumMessageSize', '1048577'],
      ['ReceiveMessageWaitTimeSeconds', 'abc'],
    ] as const) {
      const err = errorOf(() => normalizeAttributes({ [name]: value }, false, true));
      expect(err.code).toBe('InvalidAttributeValue');
      expect(err.message).toBe(`Invalid value for the parameter ${name}.`);
    }
  });

  it('rejects unknown, read-only and FIFO-only names on standard queues', () => {
    expect(errorOf(() => normalizeAttributes({ Foo: '1' }, false, true)).message).toBe('Unknown Attribute Foo.');
    expect(errorOf(() => normalizeAttributes({ QueueArn: 'x' }, false, true)).code).toBe('InvalidAttributeName');
    expect(errorOf(() => normalizeAttributes({ ContentBasedDeduplication: 'true' }, false, true)).code).toBe(
      'InvalidAttributeName',
    );
  });

  it('refuses to change the queue type', () => {
    expect(errorOf(() => normalizeAttributes({ FifoQueue: 'true' }, true, false)).message).toBe(
      'Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.',
    );
  });

  it('parses redrive policies with string or number counts', () => {
    expect(
      parseRedrivePolicy('{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:d","maxReceiveCount":"3"}'),
    ).toEqual({
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:d',
      maxReceiveCount: 3,
    });
    const err = errorOf(() => parseRedrivePolicy('{"deadLetterTargetArn":"a","maxReceiveCount":0}'));
    expect(err.code).toBe('InvalidParameterValue');
    expect(err.message).toContain('valid values are from 1 to 1000 both inclusive');
  });

  it('parses redrive allow policies', () => {
    expect(parseRedriveAllowPolicy('{"redrivePermission":"allowAll"}')).toEqual({ redrivePermission: 'allowAll' });
    expect(parseRedriveAllowPolicy('{"redrivePermission":"byQueue","sourceQueueArns":["a"]}')).toEqual({
      redrivePermission: 'byQueue',
      sourceQueueArns: ['a'],
    });
    expect(errorOf(() => parseRedriveAllowPolicy('{"redrivePermission":"byQueue"}')).code).toBe(
      'InvalidParameterValue',
    );
    expect(errorOf(() => parseRedriveAllowPolicy('{"redrivePermission":"some"}')).code).toBe('InvalidParameterValue');
  });

  it('validates queue names', () => {
    expect(() => validateQueueName('a'.repeat(80), false)).not.toThrow();
    expect(() => validateQueueName('a'.repeat(81), false)).toThrow(AwsError);
    expect(() => validateQueueName('bad.name', false)).toThrow(AwsError);
    expect(() => validateQueueName(`${'a'.repeat(75)}.fifo`, true)).not.toThrow();
    expect(() => validateQueueName(`${'a'.repeat(76)}.fifo`, true)).toThrow(AwsError);
    expect(() => validateQueueName('nofifo', true)).toThrow(AwsError);
  });
});
