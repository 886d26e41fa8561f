import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/services/stepfunctions/asl/index.js';
import { run } from './harness.js';

const LAMBDA = 'arn:aws:states:::lambda:invoke';

describe('JSONata mode', () => {
  it('Arguments, Output and Assign with $states.input / $states.result', async () => {
    let args: unknown;
    const r = await run(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: LAMBDA,
            Arguments: {
              FunctionName: 'f',
              Payload: { total: '{% $sum($states.input.prices) %}', exec: '{% $states.context.Execution.Name %}' },
            },
            Output: { result: '{% $states.result.Payload %}', count: '{% $count($states.input.prices) %}' },
            Assign: { lastTotal: '{% $states.result.Payload %}' },
            Next: 'Use',
          },
          Use: { Type: 'Pass', Output: '{% "total was " & $string($lastTotal) %}', End: true },
        },
      },
      { prices: [1, 2, 3.5] },
      (e) => {
        args = e.parameters;
        return { output: { Payload: 6.5 } };
      },
    );
    expect(args).toEqual({ FunctionName: 'f', Payload: { total: 6.5, exec: 'exec-1' } });
    expect(r.snapshot.output).toBe('total was 6.5');
    const exited = r.history.find((e) => e.type === 'TaskStateExited');
    expect(exited?.stateExitedEventDetails).toMatchObject({
      output: '{"result":6.5,"count":3}',
      assignedVariables: { lastTotal: '6.5' },
      assignedVariablesDetails: { truncated: false },
    });
  });

  it('Assign and Output both see the variable values from before the state', async () => {
    const r = await run(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Assign: { x: 1 }, Next: 'B' },
          B: { Type: 'Pass', Assign: { x: '{% $x + 1 %}', y: '{% $x %}' }, Output: '{% $x %}', Next: 'C' },
          C: { Type: 'Pass', Output: { x: '{% $x %}', y: '{% $y %}' }, End: true },
        },
      },
      {},
    );
    expect(
      r.history.find((e) => e.type === 'PassStateExited' && e.stateExitedEventDetails?.name === 'B')
        ?.stateExitedEventDetails?.output,
    ).toBe('1');
    expect(r.snapshot.output).toEqual({ x: 2, y: 1 });
  });

  it('Choice Condition, Wait Seconds and the Step Functions functions', async () => {
    const r = await run(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'C',
        States: {
          C: {
            Type: 'Choice',
            Choices: [{ Condition: '{% $states.input.n > 10 %}', Next: 'Big', Output: { kind: 'big' } }],
            Default: 'W',
          },
          W: { Type: 'Wait', Seconds: '{% $states.input.n %}', Next: 'F' },
          Big: { Type: 'Succeed' },
          F: {
            Type: 'Pass',
            Output: {
              parts: '{% $partition([1,2,3,4,5], 2) %}',
              range: '{% $range(0, 10, 5) %}',
              hash: "{% $hash('input data', 'SHA-1') %}",
              parsed: '{% $parse(\'{"a":1}\') %}',
              seeded: '{% $random(7) = $random(7) %}',
              uuid: '{% $uuid() %}',
              now: '{% $now() %}',
            },
            End: true,
          },
        },
      },
      { n: 3 },
    );
    const out = r.snapshot.output as JsonObject;
    expect(out.parts).toEqual([[1, 2], [3, 4], [5]]);
    expect(out.range).toEqual([0, 5, 10]);
    expect(out.hash).toBe('aaff4a450a104cd177d28d18d74485e8cae074b7');
    expect(out.parsed).toEqual({ a: 1 });
    expect(out.seeded).toBe(true);
    expect(out.uuid).toMatch(/^00000000-0000-4000-8000-/);
    expect(out.now).toBe('2024-01-01T00:00:03.000Z');
    const big = await run(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'C',
        States: {
          C: {
            Type: 'Choice',
            Choices: [{ Condition: '{% $states.input.n > 10 %}', Next: 'Big', Output: { kind: 'big' } }],
            Default: 'Big',
          },
          Big: { Type: 'Succeed' },
        },
      },
      { n: 11 },
    );
    expect(big.snapshot.output).toEqual({ kind: 'big' });
  });

  it('an expression returning nothing raises the catchable States.QueryEvaluationError', async () => {
    const r = await run(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: LAMBDA,
            Arguments: { v: '{% $states.input.missing %}' },
            Catch: [
              {
                ErrorEquals: ['States.QueryEvaluationError'],
                Output: '{% $states.errorOutput %}',
                Assign: { failed: true },
                Next: 'H',
              },
            ],
            End: true,
          },
          H: { Type: 'Pass', Output: { err: '{% $states.input.Error %}', failed: '{% $failed %}' }, End: true },
        },
      },
      {},
    );
    expect(r.snapshot.output).toEqual({ err: 'States.QueryEvaluationError', failed: true });
  });

  it('Map iterations read outer variables but their assignments stay in the iteration scope', async () => {
    const r = await run(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Init',
        States: {
          Init: { Type: 'Pass', Assign: { factor: 10, inner: 'outer' }, Next: 'M' },
          M: {
            Type: 'Map',
            Items: '{% $states.input.xs %}',
            ItemSelector: { v: '{% $states.context.Map.Item.Value %}', i: '{% $states.context.Map.Item.Index %}' },
            ItemProcessor: {
              StartAt: 'Mul',
              States: {
                Mul: {
                  Type: 'Pass',
                  Assign: { inner: '{% $states.input.v %}' },
                  Output: '{% $states.input.v * $factor + $states.input.i %}',
                  End: true,
                },
              },
            },
            Output: { results: '{% $states.result %}', inner: '{% $inner %}' },
            End: true,
          },
        },
      },
      { xs: [1, 2, 3] },
    );
    expect(r.snapshot.output).toEqual({ results: [10, 21, 32], inner: 'outer' });
  });

  it('JSONPath mode Assign with .$ and $variable references', async () => {
    const r = await run(
      {
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Result: { id: 7 }, Assign: { 'orderId.$': '$.id', source: 'static' }, Next: 'B' },
          B: { Type: 'Pass', Parameters: { 'order.$': '$orderId', 'src.$': '$source' }, End: true },
        },
      },
      {},
    );
    expect(r.snapshot.output).toEqual({ order: 7, src: 'static' });
  });

  it('per-state QueryLanguage overrides the JSONPath default', async () => {
    const r = await run(
      {
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Parameters: { 'v.$': '$.v' }, Next: 'B' },
          B: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input.v * 2 %}', End: true },
        },
      },
      { v: 21 },
    );
    expect(r.snapshot.output).toBe(42);
  });
});
