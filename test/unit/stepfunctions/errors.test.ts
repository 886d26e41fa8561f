import { describe, expect, it } from 'vitest';
import { errorMatches } from '../../../src/services/stepfunctions/asl/retry.js';
import { retryDelaySeconds, type JsonObject } from '../../../src/services/stepfunctions/asl/index.js';
import { run, types } from './harness.js';

const LAMBDA = 'arn:aws:states:::lambda:invoke';

describe('retry timing', () => {
  it('uses IntervalSeconds × BackoffRate^(n−1) with defaults 1s and 2.0', () => {
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds({ ErrorEquals: ['X'] }, n, () => 0.5))).toEqual([1, 2, 4, 8]);
    expect(
      [1, 2, 3].map((n) => retryDelaySeconds({ ErrorEquals: ['X'], IntervalSeconds: 3, BackoffRate: 1.5 }, n, () => 0)),
    ).toEqual([3, 4.5, 6.75]);
  });
  it('caps at MaxDelaySeconds and applies FULL jitter within [0, delay)', () => {
    const r = { ErrorEquals: ['X'], IntervalSeconds: 2, BackoffRate: 3, MaxDelaySeconds: 10 };
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(r, n, () => 0.5))).toEqual([2, 6, 10, 10]);
    const j = { ...r, JitterStrategy: 'FULL' as const };
    expect([1, 2, 3].map((n) => retryDelaySeconds(j, n, () => 0.25))).toEqual([0.5, 1.5, 2.5]);
    expect(retryDelaySeconds({ ...r, JitterStrategy: 'NONE' }, 2, () => 0.25)).toBe(6);
  });
  it('matches error names: States.ALL, States.TaskFailed (not States.Timeout), never States.Runtime', () => {
    expect(errorMatches(['States.ALL'], 'Custom')).toBe(true);
    expect(errorMatches(['States.ALL'], 'States.Runtime')).toBe(false);
    expect(errorMatches(['States.Runtime'], 'States.Runtime')).toBe(false);
    expect(errorMatches(['States.TaskFailed'], 'Lambda.ServiceException')).toBe(true);
    expect(errorMatches(['States.TaskFailed'], 'States.Timeout')).toBe(false);
    expect(errorMatches(['A', 'B'], 'B')).toBe(true);
  });
});

describe('Retry and Catch', () => {
  const def = (retry: JsonObject[], catchers: JsonObject[] = []): JsonObject => ({
    StartAt: 'T',
    States: {
      T: { Type: 'Task', Resource: LAMBDA, Retry: retry, Catch: catchers, End: true },
      ...(catchers.length ? { Recover: { Type: 'Pass', End: true } } : {}),
    },
  });
  it('retries after backoff timers and then succeeds', async () => {
    let calls = 0;
    const r = await run(def([{ ErrorEquals: ['Flaky'], IntervalSeconds: 2, MaxAttempts: 3 }]), {}, () =>
      ++calls < 3 ? { error: 'Flaky', cause: 'try again' } : { output: 'ok' },
    );
    expect(r.snapshot.output).toBe('ok');
    const timers = r.effects.filter((e) => e.kind === 'startTimer' && e.purpose === 'retry');
    expect(timers.map((t) => (t as { until: string }).until)).toEqual([
      '2024-01-01T00:00:02.000Z',
      '2024-01-01T00:00:06.000Z',
    ]);
    expect(types(r.history)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });
  it('exposes $$.State.RetryCount', async () => {
    const seen: unknown[] = [];
    await run(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: LAMBDA,
            Parameters: { 'n.$': '$$.State.RetryCount' },
            Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
            End: true,
          },
        },
      },
      {},
      (e) => {
        seen.push((e.parameters as JsonObject).n);
        return { error: 'E' };
      },
    );
    expect(seen).toEqual([0, 1, 2]);
  });
  it('MaxAttempts 0 never retries; the first matching retrier decides', async () => {
    let calls = 0;
    const r = await run(
      def([
        { ErrorEquals: ['E'], MaxAttempts: 0 },
        { ErrorEquals: ['States.ALL'], MaxAttempts: 5 },
      ]),
      {},
      () => {
        calls++;
        return { error: 'E' };
      },
    );
    expect(calls).toBe(1);
    expect(r.snapshot.status).toBe('FAILED');
    expect(r.history.at(-1)?.executionFailedEventDetails).toEqual({ error: 'E' });
  });
  it('after retries run out, Catch routes to Next with ResultPath', async () => {
    let calls = 0;
    const r = await run(
      def(
        [{ ErrorEquals: ['E'], MaxAttempts: 1, IntervalSeconds: 1 }],
        [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Recover' }],
      ),
      { orig: true },
      () => {
        calls++;
        return { error: 'E', cause: 'bad' };
      },
    );
    expect(calls).toBe(2);
    expect(r.snapshot.output).toEqual({ orig: true, error: { Error: 'E', Cause: 'bad' } });
    expect(types(r.history).slice(-4)).toEqual([
      'TaskFailed',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });
  it('Catch with default ResultPath replaces the input with the error output', async () => {
    const r = await run(def([], [{ ErrorEquals: ['States.TaskFailed'], Next: 'Recover' }]), { x: 1 }, () => ({
      error: 'Custom',
      cause: 'c',
    }));
    expect(r.snapshot.output).toEqual({ Error: 'Custom', Cause: 'c' });
  });
  it('TimeoutSeconds and HeartbeatSeconds raise States.Timeout / States.HeartbeatTimeout', async () => {
    const timeout = await run(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, TimeoutSeconds: 5, End: true } } },
      {},
      () => 'pending',
    );
    expect(timeout.snapshot.error).toBe('States.Timeout');
    expect(timeout.history.find((e) => e.type === 'TaskTimedOut')?.taskTimedOutEventDetails).toEqual({
      resourceType: 'lambda',
      resource: 'invoke',
      error: 'States.Timeout',
    });
    expect(timeout.effects.some((e) => e.kind === 'cancelTask')).toBe(true);

    const hb = await run(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: { 'token.$': '$$.Task.Token' },
            TimeoutSecondsPath: '$.timeout',
            HeartbeatSeconds: 3,
            Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], Next: 'Recover' }],
            End: true,
          },
          Recover: { Type: 'Pass', End: true },
        },
      },
      { timeout: 60 },
      () => 'pending',
    );
    expect(hb.snapshot.output).toEqual({ Error: 'States.HeartbeatTimeout', Cause: '' });
    expect(hb.history.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails).toMatchObject({
      timeoutInSeconds: 60,
      heartbeatInSeconds: 3,
    });
  });
});
