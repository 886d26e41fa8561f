import { describe, expect, it } from 'vitest';
import {
  type Effect,
  type ExecutionSnapshot,
  type HistoryEvent,
  type JsonObject,
  step,
} from '../../../src/services/stepfunctions/asl/index.js';
import { EXECUTION, opts, run, types } from './harness.js';

const task = (action: string, next: string, compensate?: string): JsonObject => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: action, 'Payload.$': '$' },
  ResultSelector: { 'ref.$': '$.Payload.ref' },
  ResultPath: `$.results.${action}`,
  Retry: [{ ErrorEquals: ['Lambda.ServiceException'], IntervalSeconds: 1, MaxAttempts: 2 }],
  ...(compensate ? { Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: compensate }] } : {}),
  Next: next,
});

// A trip-booking saga: each step has a compensation that undoes the steps before it.
const saga: JsonObject = {
  Comment: 'Book a trip; undo everything if any step fails',
  StartAt: 'ReserveFlight',
  States: {
    ReserveFlight: task('ReserveFlight', 'ReserveCar', 'NotifyFailure'),
    ReserveCar: task('ReserveCar', 'ProcessPayment', 'CancelFlight'),
    ProcessPayment: task('ProcessPayment', 'Confirmed', 'CancelCar'),
    Confirmed: { Type: 'Succeed' },
    CancelCar: { ...task('CancelCar', 'CancelFlight'), ResultPath: null },
    CancelFlight: { ...task('CancelFlight', 'NotifyFailure'), ResultPath: null },
    NotifyFailure: {
      Type: 'Fail',
      Error: 'BookingFailed',
      CausePath: "States.Format('Booking {} failed', $.tripId)",
    },
  },
};

const lambdaName = (e: Extract<Effect, { kind: 'invokeTask' }>) => (e.parameters as JsonObject).FunctionName as string;

describe('saga', () => {
  it('books everything on the happy path', async () => {
    const r = await run(saga, { tripId: 't1' }, (e) => ({ output: { Payload: { ref: `${lambdaName(e)}-ok` } } }));
    expect(r.snapshot.status).toBe('SUCCEEDED');
    expect(r.snapshot.output).toEqual({
      tripId: 't1',
      results: {
        ReserveFlight: { ref: 'ReserveFlight-ok' },
        ReserveCar: { ref: 'ReserveCar-ok' },
        ProcessPayment: { ref: 'ProcessPayment-ok' },
      },
    });
  });

  it('compensates in reverse order when payment fails, after retrying transient errors', async () => {
    const calls: string[] = [];
    let transient = true;
    const r = await run(saga, { tripId: 't2' }, (e) => {
      const name = lambdaName(e);
      calls.push(name);
      if (name === 'ReserveCar' && transient) {
        transient = false;
        return { error: 'Lambda.ServiceException', cause: 'throttled' };
      }
      if (name === 'ProcessPayment') return { error: 'PaymentDeclined', cause: 'card declined' };
      return { output: { Payload: { ref: `${name}-ok` } } };
    });
    expect(calls).toEqual(['ReserveFlight', 'ReserveCar', 'ReserveCar', 'ProcessPayment', 'CancelCar', 'CancelFlight']);
    expect(r.snapshot.status).toBe('FAILED');
    expect([r.snapshot.error, r.snapshot.cause]).toEqual(['BookingFailed', 'Booking t2 failed']);
    const entered = r.history.filter((e) => e.stateEnteredEventDetails).map((e) => e.stateEnteredEventDetails?.name);
    expect(entered).toEqual([
      'ReserveFlight',
      'ReserveCar',
      'ProcessPayment',
      'CancelCar',
      'CancelFlight',
      'NotifyFailure',
    ]);
    const cancelCarInput = JSON.parse(
      r.history.find((e) => e.stateEnteredEventDetails?.name === 'CancelCar')?.stateEnteredEventDetails?.input ?? '{}',
    ) as JsonObject;
    expect(cancelCarInput.error).toEqual({ Error: 'PaymentDeclined', Cause: 'card declined' });
    expect(types(r.history).at(-1)).toBe('ExecutionFailed');
  });

  it('survives a JSON round trip of the snapshot mid-execution and resumes identically', async () => {
    const t0 = new Date('2024-01-01T00:00:00Z');
    const respond = (e: Extract<Effect, { kind: 'invokeTask' }>) => ({
      kind: 'taskSucceeded' as const,
      taskId: e.taskId,
      output: { Payload: { ref: `${lambdaName(e)}-ok` } },
    });
    // Uninterrupted reference run.
    const history: HistoryEvent[] = [];
    let r = await step(saga, null, { kind: 'start', execution: EXECUTION, input: { tripId: 't3' } }, opts(t0));
    history.push(...r.events);
    let snapshot: ExecutionSnapshot = r.snapshot;
    let pending = r.effects.filter((e) => e.kind === 'invokeTask');
    // Process one task, then "crash": persist the snapshot as text and the pending effects, and drop everything else.
    r = await step(saga, snapshot, respond(pending[0] as Extract<Effect, { kind: 'invokeTask' }>), opts(t0));
    history.push(...r.events);
    const persisted = JSON.stringify({
      snapshot: r.snapshot,
      pending: r.effects.filter((e) => e.kind === 'invokeTask'),
    });
    expect(r.snapshot.status).toBe('RUNNING');

    const restored = JSON.parse(persisted) as {
      snapshot: ExecutionSnapshot;
      pending: Extract<Effect, { kind: 'invokeTask' }>[];
    };
    snapshot = restored.snapshot;
    pending = restored.pending;
    while (snapshot.status === 'RUNNING') {
      const next = pending.shift() as Extract<Effect, { kind: 'invokeTask' }>;
      const s = await step(saga, snapshot, respond(next), opts(t0));
      history.push(...s.events);
      snapshot = JSON.parse(JSON.stringify(s.snapshot)) as ExecutionSnapshot;
      pending.push(...(s.effects.filter((e) => e.kind === 'invokeTask') as Extract<Effect, { kind: 'invokeTask' }>[]));
    }
    expect(snapshot.status).toBe('SUCCEEDED');
    expect(history.map((e) => e.id)).toEqual(history.map((_, i) => i + 1));
    const reference = await run(saga, { tripId: 't3' }, (e) => ({
      output: { Payload: { ref: `${lambdaName(e)}-ok` } },
    }));
    expect(types(history)).toEqual(types(reference.history));
    expect(snapshot.output).toEqual(reference.snapshot.output);
  });

  it('resumes a Parallel + Map execution from a serialized snapshot with work outstanding in several frames', async () => {
    const def: JsonObject = {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'M',
              States: {
                M: {
                  Type: 'Map',
                  MaxConcurrency: 1,
                  ItemProcessor: {
                    StartAt: 'W',
                    States: { W: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
                  },
                  End: true,
                },
              },
            },
            { StartAt: 'Sleep', States: { Sleep: { Type: 'Wait', Seconds: 30, End: true } } },
          ],
          End: true,
        },
      },
    };
    const t0 = new Date('2024-01-01T00:00:00Z');
    let r = await step(def, null, { kind: 'start', execution: EXECUTION, input: [1, 2] }, opts(t0));
    const timer = r.effects.find((e) => e.kind === 'startTimer') as { timerId: string };
    let task = r.effects.find((e) => e.kind === 'invokeTask') as Extract<Effect, { kind: 'invokeTask' }>;
    let snap = JSON.parse(JSON.stringify(r.snapshot)) as ExecutionSnapshot;
    r = await step(def, snap, { kind: 'taskSucceeded', taskId: task.taskId, output: 10 }, opts(t0));
    task = r.effects.find((e) => e.kind === 'invokeTask') as Extract<Effect, { kind: 'invokeTask' }>;
    expect(task.parameters).toBe(2);
    snap = JSON.parse(JSON.stringify(r.snapshot)) as ExecutionSnapshot;
    r = await step(def, snap, { kind: 'timerFired', timerId: timer.timerId }, opts(new Date('2024-01-01T00:00:30Z')));
    snap = JSON.parse(JSON.stringify(r.snapshot)) as ExecutionSnapshot;
    r = await step(def, snap, { kind: 'taskSucceeded', taskId: task.taskId, output: 20 }, opts(t0));
    expect(r.snapshot.status).toBe('SUCCEEDED');
    expect(r.snapshot.output).toEqual([
      [10, 20],
      [1, 2],
    ]);
    expect(Object.keys(r.snapshot.frames)).toEqual(['root']);
  });
});
