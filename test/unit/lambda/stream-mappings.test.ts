// Stream event source mapping pieces without a server: settings validation and defaults, filter compilation,
// and the OnFailure record's shape.
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/protocol/errors.js';
import { compileFilters, passes, sqsFilterView } from '../../../src/services/lambda/filters.js';
import { streamPatch, streamSettings } from '../../../src/services/lambda/stream-config.js';
import { failureRecord } from '../../../src/services/lambda/stream-failure.js';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof AwsError ? `${e.code}: ${e.message}` : String(e);
  }
  return 'ok';
};

describe('stream mapping settings', () => {
  it('requires a starting position and fills the stream defaults', () => {
    expect(code(() => streamSettings({ FunctionName: 'f' }))).toBe(
      "InvalidParameterValueException: 1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.",
    );
    expect(code(() => streamSettings({ FunctionName: 'f', StartingPosition: 'AT_TIMESTAMP' }))).toMatch(
      /^InvalidParameterValueException/,
    );
    expect(streamSettings({ FunctionName: 'f', StartingPosition: 'LATEST' })).toEqual({
      StartingPosition: 'LATEST',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 0,
      ParallelizationFactor: 1,
      DestinationConfig: { OnFailure: {} },
      MaximumRecordAgeInSeconds: -1,
      BisectBatchOnFunctionError: false,
      MaximumRetryAttempts: -1,
      TumblingWindowInSeconds: 0,
      FunctionResponseTypes: [],
    });
  });

  it('checks destinations and leaves tumbling windows unimplemented', () => {
    expect(code(() => streamPatch({ DestinationConfig: { OnFailure: { Destination: 'arn:aws:lambda:x' } } }))).toBe(
      'InvalidParameterValueException: The destination ARN arn:aws:lambda:x is invalid.',
    );
    expect(code(() => streamPatch({ TumblingWindowInSeconds: 60 }))).toMatch(/^NotImplemented/);
    expect(streamPatch({ MaximumRetryAttempts: 3, BatchSize: 7 })).toEqual({ MaximumRetryAttempts: 3, BatchSize: 7 });
  });
});

describe('filters', () => {
  it('match records with EventBridge patterns; an invalid pattern is rejected', () => {
    const f = compileFilters({ Filters: [{ Pattern: '{"body":{"kind":["a"]}}' }] });
    expect(passes(f, sqsFilterView({ body: '{"kind":"a"}' }))).toBe(true);
    expect(passes(f, sqsFilterView({ body: 'plain' }))).toBe(false);
    expect(passes([], { anything: 1 })).toBe(true);
    expect(code(() => compileFilters({ Filters: [{ Pattern: '{"a":"b"}' }] }))).toBe(
      'InvalidParameterValueException: Invalid filter pattern definition.',
    );
  });
});

describe('OnFailure record', () => {
  it('describes the discarded batch by its place in the stream', () => {
    const rec = (seq: string, at: number) => ({ seq: 0, createdAt: at, event: { dynamodb: { SequenceNumber: seq } } });
    const out = failureRecord(
      {
        condition: 'RetryAttemptsExhausted',
        records: [rec('100000000000000000001', 1_700_000_000_400), rec('100000000000000000003', 1_700_000_001_900)],
        shardId: 'shardId-1',
        streamArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x',
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
        invokeCount: 3,
        last: { requestId: 'r', version: '$LATEST', functionError: true },
      },
      1_700_000_005_000,
    );
    expect(out).toEqual({
      requestContext: {
        requestId: 'r',
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 3,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: '2023-11-14T22:13:25.000Z',
      DDBStreamBatchInfo: {
        shardId: 'shardId-1',
        startSequenceNumber: '100000000000000000001',
        endSequenceNumber: '100000000000000000003',
        approximateArrivalOfFirstRecord: '2023-11-14T22:13:20Z',
        approximateArrivalOfLastRecord: '2023-11-14T22:13:21Z',
        batchSize: 2,
        streamArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x',
      },
    });
  });
});
