// Engine-level redrive, per-event clock, TestState mode and Distributed Map runs, driven with step() directly.
import { describe, expect, it } from 'vitest';
import { type Effect, type ExecutionSnapshot, step } from '../../../src/services/stepfunctions/asl/index.js';
import { EXECUTION, opts } from './harness.js';

const T0 = new Date('2024-01-01T00:00:00.000Z');

describe('history clock', () => {
  it('reads the clock per event and never goes backwards, also across steps', async () => {
    const ticks = [5, 3, 9, 9, 1, 20, 2, 2, 2, 2, 2, 2];
    let i = 0;
    const clock = () => T0.getTime() + (ticks[i++ % ticks.length] as number);
    const def = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Next: 'W' },
        W: { Type: 'Wait', Seconds: 1, Next: 'B' },
        B: { Type: 'Pass', End: true },
      },
    };
    const r1 = await step(def, null, { kind: 'start', execution: EXECUTION, input: {} }, { ...opts(T0), clock });
    const timer = r1.effects.find((e): e is Extract<Effect, { kind: 'startTimer' }> => e.kind === 'startTimer');
    const snap = JSON.parse(JSON.stringify(r1.snapshot)) as ExecutionSnapshot;
    const r2 = await step(def, snap, { kind: 'timerFired', timerId: timer?.timerId ?? '' }, { ...opts(T0), clock });
    const times = [...r1.events, ...r2.events].map((e) => Date.parse(e.timestamp));
    expect(times[0]).toBe(T0.getTime() + 5);
    for (let k = 1; k < times.length; k++) expect(times[k]).toBeGreaterThanOrEqual(times[k - 1] as number);
    expect(Math.max(...times)).toBe(T0.getTime() + 20);
  });
});

describe('redrive', () => {
  it('restarts at the failed state with its input and increments redriveCount', async () => {
    const def = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { v: 1 }, Result: { x: 1 }, Next: 'T' },
        T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true },
      },
    };
    const r1 = await step(def, null, { kind: 'start', execution: EXECUTION, input: {} }, opts(T0));
    const task = r1.effects.find((e): e is Extract<Effect, { kind: 'invokeTask' }> => e.kind === 'invokeTask');
    const r2 = await step(
      def,
      r1.snapshot,
      { kind: 'taskFailed', taskId: task?.taskId ?? '', error: 'Boom' },
      opts(T0),
    );
    expect(r2.snapshot.status).toBe('FAILED');
    expect(r2.snapshot.failedState).toEqual({ name: 'T', input: { x: 1 } });
    const r3 = await step(def, r2.snapshot, { kind: 'redrive' }, opts(T0));
    expect(r3.snapshot.status).toBe('RUNNING');
    expect(r3.snapshot.execution.redriveCount).toBe(1);
    expect(r3.events.map((e) => e.type)).toEqual([
      'ExecutionRedriven',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
    ]);
    expect(r3.events[0]?.executionRedrivenEventDetails).toEqual({ redriveCount: 1 });
    expect(r3.snapshot.frames.root?.variables).toEqual({ v: 1 });
    const again = await step(def, r3.snapshot, { kind: 'redrive' }, opts(T0));
    expect(again.events).toEqual([]);
  });
});

describe('TestState mode', () => {
  it('stops at the transition and reports RETRIABLE before retrying', async () => {
    const def = {
      StartAt: 'S',
      States: {
        S: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Retry: [{ ErrorEquals: ['States.ALL'] }],
          Next: 'N',
        },
        N: { Type: 'Succeed' },
      },
    };
    const o = { ...opts(T0), testState: true };
    const r1 = await step(def, null, { kind: 'start', execution: EXECUTION, input: { a: 1 } }, o);
    expect(r1.snapshot.test?.inspection.afterParameters).toBe('{"a":1}');
    const task = r1.effects.find((e): e is Extract<Effect, { kind: 'invokeTask' }> => e.kind === 'invokeTask');
    const failed = await step(def, r1.snapshot, { kind: 'taskFailed', taskId: task?.taskId ?? '', error: 'E' }, o);
    expect(failed.snapshot.test).toMatchObject({ status: 'RETRIABLE', error: 'E' });
    const ok = await step(def, r1.snapshot, { kind: 'taskSucceeded', taskId: task?.taskId ?? '', output: 7 }, o);
    expect(ok.snapshot.test).toMatchObject({ status: 'SUCCEEDED', nextState: 'N' });
    expect(ok.snapshot.output).toBe(7);
  });
});

describe('Distributed Map', () => {
  it('reports the Map Run through mapRun effects and keeps child events out of the history', async () => {
    const def = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemBatcher: { MaxItemsPerBatch: 2 },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
            StartAt: 'P',
            States: { P: { Type: 'Pass', End: true } },
          },
          End: true,
        },
      },
    };
    const r = await step(def, null, { kind: 'start', execution: EXECUTION, input: [1, 2, 3] }, opts(T0));
    expect(r.snapshot.status).toBe('SUCCEEDED');
    expect(r.events.map((e) => e.type)).not.toContain('PassStateEntered');
    const runs = r.effects.filter((e): e is Extract<Effect, { kind: 'mapRun' }> => e.kind === 'mapRun');
    expect(runs).toHaveLength(1);
    expect(runs[0]?.run).toMatchObject({
      status: 'SUCCEEDED',
      executions: { total: 2, succeeded: 2, pending: 0 },
      items: { total: 3, succeeded: 3 },
    });
  });
});
