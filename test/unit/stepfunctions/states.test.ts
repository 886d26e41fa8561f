import { describe, expect, it } from 'vitest';
import { type ExecutionSnapshot, type JsonObject, step } from '../../../src/services/stepfunctions/asl/index.js';
import { EXECUTION, opts, run, types } from './harness.js';

const LAMBDA = 'arn:aws:states:::lambda:invoke';

describe('Task state', () => {
  it('records AWS history events with ids, previousEventId and detail fields', async () => {
    const def = {
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: LAMBDA, Parameters: { 'x.$': '$.x' }, TimeoutSeconds: 30, End: true } },
    };
    const r = await run(def, { x: 1 }, () => ({ output: { ok: true } }));
    expect(types(r.history)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(r.history.map((e) => [e.id, e.previousEventId])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
      [5, 4],
      [6, 5],
      [7, 6],
    ]);
    expect(r.history[0]?.executionStartedEventDetails).toEqual({
      input: '{"x":1}',
      inputDetails: { truncated: false },
      roleArn: EXECUTION.roleArn,
    });
    expect(r.history[1]?.stateEnteredEventDetails).toEqual({
      name: 'T',
      input: '{"x":1}',
      inputDetails: { truncated: false },
    });
    expect(r.history[2]?.taskScheduledEventDetails).toEqual({
      resourceType: 'lambda',
      resource: 'invoke',
      region: 'us-east-1',
      parameters: '{"x":1}',
      timeoutInSeconds: 30,
    });
    expect(r.history[4]?.taskSucceededEventDetails).toEqual({
      resourceType: 'lambda',
      resource: 'invoke',
      output: '{"ok":true}',
      outputDetails: { truncated: false },
    });
    expect(r.history[5]?.stateExitedEventDetails).toEqual({
      name: 'T',
      output: '{"ok":true}',
      outputDetails: { truncated: false },
    });
    expect(r.history[6]?.executionSucceededEventDetails).toEqual({
      output: '{"ok":true}',
      outputDetails: { truncated: false },
    });
    expect(r.effects.find((e) => e.kind === 'invokeTask')).toMatchObject({
      kind: 'invokeTask',
      stateName: 'T',
      parameters: { x: 1 },
      timeoutSeconds: 30,
      resource: { kind: 'service', service: 'lambda', action: 'invoke', pattern: 'requestResponse' },
    });
  });

  it('bare Lambda ARNs use the LambdaFunction* events; activities the Activity* events', async () => {
    const fn = 'arn:aws:lambda:us-east-1:123456789012:function:hello';
    const r = await run({ StartAt: 'T', States: { T: { Type: 'Task', Resource: fn, End: true } } }, { a: 1 });
    expect(types(r.history).slice(1, 6)).toEqual([
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
    ]);
    expect(r.history[2]?.lambdaFunctionScheduledEventDetails).toEqual({
      resource: fn,
      input: '{"a":1}',
      inputDetails: { truncated: false },
    });

    const act = 'arn:aws:states:us-east-1:123456789012:activity:work';
    const def = {
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: act, HeartbeatSeconds: 10, TimeoutSeconds: 60, End: true } },
    };
    const now = new Date('2024-01-01T00:00:00Z');
    const s1 = await step(def, null, { kind: 'start', execution: EXECUTION, input: {} }, opts(now));
    const invoke = s1.effects.find((e) => e.kind === 'invokeTask');
    expect(invoke && 'taskToken' in invoke && invoke.taskToken).toBeTruthy();
    expect(s1.events.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'ActivityScheduled']);
    const taskId = invoke && invoke.kind === 'invokeTask' ? invoke.taskId : '';
    const s2 = await step(def, s1.snapshot, { kind: 'taskStarted', taskId, workerName: 'w1' }, opts(now));
    expect(s2.events[0]).toMatchObject({ type: 'ActivityStarted', activityStartedEventDetails: { workerName: 'w1' } });
    const s3 = await step(def, s2.snapshot, { kind: 'taskSucceeded', taskId, output: { done: 1 } }, opts(now));
    expect(s3.events.map((e) => e.type)).toEqual(['ActivitySucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
  });

  it('.waitForTaskToken exposes $$.Task.Token and waits for the callback', async () => {
    const def = {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: { QueueUrl: 'q', MessageBody: { 'token.$': '$$.Task.Token' } },
          End: true,
        },
      },
    };
    const r = await run(def, {}, () => 'pending');
    expect(r.snapshot.status).toBe('RUNNING');
    const task = r.pendingTasks[0];
    expect(task?.resource).toMatchObject({ service: 'sqs', action: 'sendMessage', pattern: 'waitForTaskToken' });
    expect(task?.parameters).toEqual({ QueueUrl: 'q', MessageBody: { token: task?.taskToken } });
    expect(r.history.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails?.resource).toBe(
      'sendMessage.waitForTaskToken',
    );
  });

  it('a stale or duplicate event is ignored (idempotent replay)', async () => {
    const def = { StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, End: true } } };
    const now = new Date('2024-01-01T00:00:00Z');
    const s1 = await step(def, null, { kind: 'start', execution: EXECUTION, input: {} }, opts(now));
    const taskId = (s1.effects.find((e) => e.kind === 'invokeTask') as { taskId: string }).taskId;
    const s2 = await step(def, s1.snapshot, { kind: 'taskSucceeded', taskId, output: 1 }, opts(now));
    const s3 = await step(def, s2.snapshot, { kind: 'taskSucceeded', taskId, output: 2 }, opts(now));
    expect(s3.events).toEqual([]);
    expect(s3.snapshot.output).toBe(1);
  });
});

describe('Pass, Wait, Succeed and Fail states', () => {
  it('Pass with Parameters and intrinsics', async () => {
    const r = await run(
      {
        StartAt: 'P',
        States: { P: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('Hi {}', $.name)" }, End: true } },
      },
      { name: 'Ana' },
    );
    expect(r.snapshot.output).toEqual({ greeting: 'Hi Ana' });
  });

  it('Wait Seconds / SecondsPath / Timestamp / TimestampPath schedule a timer until the right instant', async () => {
    const cases: [JsonObject, JsonObject, string][] = [
      [{ Seconds: 10 }, {}, '2024-01-01T00:00:10.000Z'],
      [{ SecondsPath: '$.s' }, { s: 5 }, '2024-01-01T00:00:05.000Z'],
      [{ Timestamp: '2024-01-01T01:00:00Z' }, {}, '2024-01-01T01:00:00.000Z'],
      [{ TimestampPath: '$.t' }, { t: '2024-01-02T00:00:00Z' }, '2024-01-02T00:00:00.000Z'],
    ];
    for (const [fields, input, until] of cases) {
      const r = await run({ StartAt: 'W', States: { W: { Type: 'Wait', ...fields, End: true } } }, input);
      expect(r.effects.find((e) => e.kind === 'startTimer')).toMatchObject({ until, purpose: 'wait' });
      expect(types(r.history)).toEqual([
        'ExecutionStarted',
        'WaitStateEntered',
        'WaitStateExited',
        'ExecutionSucceeded',
      ]);
      expect(r.snapshot.output).toEqual(input);
    }
    const bad = await run({ StartAt: 'W', States: { W: { Type: 'Wait', SecondsPath: '$.s', End: true } } }, { s: 'x' });
    expect(bad.snapshot.error).toBe('States.Runtime');
  });

  it('Succeed applies InputPath/OutputPath; Fail reports Error/Cause and ErrorPath/CausePath', async () => {
    const s = await run({ StartAt: 'S', States: { S: { Type: 'Succeed', InputPath: '$.a' } } }, { a: { b: 1 } });
    expect(s.snapshot.output).toEqual({ b: 1 });
    expect(types(s.history)).toEqual([
      'ExecutionStarted',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    const f = await run({ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'MyError', Cause: 'because' } } }, {});
    expect(types(f.history)).toEqual(['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed']);
    expect(f.history[2]?.executionFailedEventDetails).toEqual({ error: 'MyError', cause: 'because' });
    const fp = await run(
      { StartAt: 'F', States: { F: { Type: 'Fail', ErrorPath: '$.e', CausePath: "States.Format('code {}', $.c)" } } },
      { e: 'Dyn', c: 42 },
    );
    expect([fp.snapshot.error, fp.snapshot.cause]).toEqual(['Dyn', 'code 42']);
  });
});

describe('Parallel state', () => {
  const branch = (name: string, extra: JsonObject = {}): JsonObject => ({
    StartAt: name,
    States: { [name]: { Type: 'Task', Resource: LAMBDA, Parameters: { n: name }, End: true, ...extra } },
  });
  it('runs every branch and outputs their results in branch order', async () => {
    const r = await run(
      {
        StartAt: 'P',
        States: { P: { Type: 'Parallel', Branches: [branch('A'), branch('B')], ResultPath: '$.out', End: true } },
      },
      { keep: 1 },
      (e) => ({ output: `${(e.parameters as JsonObject).n as string}-done` }),
    );
    expect(r.snapshot.output).toEqual({ keep: 1, out: ['A-done', 'B-done'] });
    const t = types(r.history);
    expect(t.slice(0, 3)).toEqual(['ExecutionStarted', 'ParallelStateEntered', 'ParallelStateStarted']);
    expect(t.slice(-3)).toEqual(['ParallelStateSucceeded', 'ParallelStateExited', 'ExecutionSucceeded']);
  });
  it('a failing branch stops the others and fails the state with the branch error, which Catch can handle', async () => {
    const r = await run(
      {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            Branches: [branch('A'), branch('B')],
            Catch: [{ ErrorEquals: ['Boom'], ResultPath: '$.error', Next: 'Handled' }],
            End: true,
          },
          Handled: { Type: 'Pass', End: true },
        },
      },
      {},
      (e) => ((e.parameters as JsonObject).n === 'A' ? { error: 'Boom', cause: 'A broke' } : 'pending'),
    );
    expect(r.snapshot.status).toBe('SUCCEEDED');
    expect(r.snapshot.output).toEqual({ error: { Error: 'Boom', Cause: 'A broke' } });
    expect(r.effects.some((e) => e.kind === 'cancelTask')).toBe(true);
    expect(types(r.history)).toEqual(expect.arrayContaining(['TaskStateAborted', 'ParallelStateFailed']));
    expect(r.snapshot.tasks).toEqual({});
  });
});

describe('Map state', () => {
  const itemsDef = (extra: JsonObject = {}): JsonObject => ({
    StartAt: 'M',
    States: {
      M: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: LAMBDA, End: true } } },
        End: true,
        ...extra,
      },
    },
  });
  it('iterates items with ItemSelector and the $$.Map.Item context', async () => {
    const r = await run(
      itemsDef({
        ItemSelector: { 'idx.$': '$$.Map.Item.Index', 'val.$': '$$.Map.Item.Value', 'common.$': '$.common' },
      }),
      { items: ['a', 'b', 'c'], common: 'x' },
      (e) => ({ output: e.parameters }),
    );
    expect(r.snapshot.output).toEqual([
      { idx: 0, val: 'a', common: 'x' },
      { idx: 1, val: 'b', common: 'x' },
      { idx: 2, val: 'c', common: 'x' },
    ]);
    expect(r.history.find((e) => e.type === 'MapStateStarted')?.mapStateStartedEventDetails).toEqual({ length: 3 });
    expect(
      r.history.filter((e) => e.type === 'MapIterationStarted').map((e) => e.mapIterationStartedEventDetails),
    ).toEqual([
      { name: 'M', index: 0 },
      { name: 'M', index: 1 },
      { name: 'M', index: 2 },
    ]);
  });
  it('honours MaxConcurrency', async () => {
    const def = itemsDef({ MaxConcurrency: 2 });
    const now = new Date('2024-01-01T00:00:00Z');
    const s1 = await step(
      def,
      null,
      { kind: 'start', execution: EXECUTION, input: { items: [1, 2, 3, 4, 5] } },
      opts(now),
    );
    expect(s1.effects.filter((e) => e.kind === 'invokeTask')).toHaveLength(2);
  });
  it('an empty array succeeds at once with []', async () => {
    const r = await run(itemsDef(), { items: [] });
    expect(r.snapshot.output).toEqual([]);
  });
  it('a failing iteration fails the Map with its error unless tolerated', async () => {
    const failOdd = (e: { parameters: unknown }) =>
      (e.parameters as number) % 2 ? { error: 'Odd', cause: 'odd' } : { output: e.parameters as number };
    const r = await run(itemsDef(), { items: [2, 3, 4] }, failOdd);
    expect(r.snapshot.error).toBe('Odd');
    expect(types(r.history)).toEqual(expect.arrayContaining(['MapIterationFailed', 'MapStateFailed']));

    const tolerated = await run(itemsDef({ ToleratedFailureCount: 1 }), { items: [2, 3, 4] }, failOdd);
    expect(tolerated.snapshot.status).toBe('SUCCEEDED');
    expect(tolerated.snapshot.output).toEqual([2, { Error: 'Odd', Cause: 'odd' }, 4]);

    const exceeded = await run(itemsDef({ ToleratedFailurePercentage: 20 }), { items: [2, 3, 4] }, failOdd);
    expect(exceeded.snapshot.error).toBe('States.ExceedToleratedFailureThreshold');
  });
  it('legacy Iterator and Parameters are accepted', async () => {
    const r = await run(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            Parameters: { 'v.$': '$$.Map.Item.Value' },
            Iterator: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      },
      [1, 2],
    );
    expect(r.snapshot.output).toEqual([{ v: 1 }, { v: 2 }]);
  });
  it('distributed mode: ItemReader, ItemBatcher and ResultWriter become effects', async () => {
    const def = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemReader: {
            Resource: 'arn:aws:states:::s3:getObject',
            ReaderConfig: { InputType: 'JSON' },
            Parameters: { Bucket: 'b', 'Key.$': '$.key' },
          },
          ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { tag: 't' } },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'P',
            States: { P: { Type: 'Pass', End: true } },
          },
          ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'out', Prefix: 'p' } },
          End: true,
        },
      },
    };
    const now = new Date('2024-01-01T00:00:00Z');
    const s1 = await step(def, null, { kind: 'start', execution: EXECUTION, input: { key: 'k.json' } }, opts(now));
    const read = s1.effects.find((e) => e.kind === 'readItems');
    expect(read).toMatchObject({
      resource: 'arn:aws:states:::s3:getObject',
      parameters: { Bucket: 'b', Key: 'k.json' },
    });
    const requestId = (read as { requestId: string }).requestId;
    const s2 = await step(def, s1.snapshot, { kind: 'itemsRead', requestId, items: [1, 2, 3] }, opts(now));
    const write = s2.effects.find((e) => e.kind === 'writeResults');
    expect(write).toMatchObject({
      results: [
        { BatchInput: { tag: 't' }, Items: [1, 2] },
        { BatchInput: { tag: 't' }, Items: [3] },
      ],
      parameters: { Bucket: 'out', Prefix: 'p' },
    });
    const s3 = await step(
      def,
      s2.snapshot,
      {
        kind: 'resultsWritten',
        requestId: (write as { requestId: string }).requestId,
        output: { ResultWriterDetails: { Bucket: 'out', Key: 'p/manifest.json' } },
      },
      opts(now),
    );
    expect(s3.snapshot.status).toBe('SUCCEEDED');
    expect(s3.snapshot.output).toEqual({ ResultWriterDetails: { Bucket: 'out', Key: 'p/manifest.json' } });
    const s4 = await step(def, s1.snapshot, { kind: 'itemsReadFailed', requestId, cause: 'no such key' }, opts(now));
    expect(s4.snapshot.error).toBe('States.ItemReaderFailed');
  });
});

describe('execution level', () => {
  it('TimeoutSeconds times the execution out and cancels outstanding work', async () => {
    const r = await run(
      { TimeoutSeconds: 5, StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, End: true } } },
      {},
      () => 'pending',
    );
    expect(r.snapshot.status).toBe('TIMED_OUT');
    expect(types(r.history).slice(-2)).toEqual(['TaskStateAborted', 'ExecutionTimedOut']);
    expect(r.history.at(-1)?.executionTimedOutEventDetails).toEqual({ error: 'States.Timeout' });
    expect(r.effects.some((e) => e.kind === 'cancelTask')).toBe(true);
  });
  it('stop aborts the execution', async () => {
    const def = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 100, End: true } } };
    const now = new Date('2024-01-01T00:00:00Z');
    const s1 = await step(def, null, { kind: 'start', execution: EXECUTION, input: {} }, opts(now));
    const s2 = await step(def, s1.snapshot, { kind: 'stop', error: 'E', cause: 'C' }, opts(now));
    expect(s2.snapshot.status).toBe('ABORTED');
    expect(s2.events.map((e) => e.type)).toEqual(['WaitStateAborted', 'ExecutionAborted']);
    expect(s2.effects).toEqual(
      expect.arrayContaining([{ kind: 'cancelTimer', timerId: (s1.effects[0] as { timerId: string }).timerId }]),
    );
    const s3 = await step(def, s2.snapshot as ExecutionSnapshot, { kind: 'timerFired', timerId: 'x' }, opts(now));
    expect(s3.events).toEqual([]);
  });
  it('an endless loop is stopped at the history limit', async () => {
    const r = await run(
      { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } } },
      {},
      undefined,
    ).catch((e: Error) => e);
    expect(r).toBeInstanceOf(Error); // no terminal state: rejected by validation
    const now = new Date('2024-01-01T00:00:00Z');
    const def = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Next: 'C' },
        C: { Type: 'Choice', Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'Done' }], Default: 'A' },
        Done: { Type: 'Succeed' },
      },
    };
    const s = await step(
      def,
      null,
      { kind: 'start', execution: EXECUTION, input: {} },
      { ...opts(now), maxHistoryEvents: 100 },
    );
    expect(s.snapshot.status).toBe('FAILED');
    expect(s.snapshot.error).toBe('States.Runtime');
  });
});
