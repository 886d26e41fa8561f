import { describe, expect, it } from 'vitest';
import { evaluateRule, stringMatches } from '../../../src/services/stepfunctions/asl/choice.js';
import type { JsonObject, JsonValue } from '../../../src/services/stepfunctions/asl/index.js';
import { run, types } from './harness.js';

const rule = (r: JsonObject, input: JsonValue) => evaluateRule(r, { input });

describe('Choice rules', () => {
  const input = { s: 'abc', n: 5, b: true, t: '2024-01-02T03:04:05Z', z: null, other: 7 };
  it('compares strings, numbers, booleans and timestamps (with Path variants)', () => {
    expect(rule({ Variable: '$.s', StringEquals: 'abc' }, input)).toBe(true);
    expect(rule({ Variable: '$.s', StringLessThan: 'abd' }, input)).toBe(true);
    expect(rule({ Variable: '$.s', StringGreaterThanEquals: 'abc' }, input)).toBe(true);
    expect(rule({ Variable: '$.n', NumericGreaterThan: 4 }, input)).toBe(true);
    expect(rule({ Variable: '$.n', NumericLessThanEquals: 4 }, input)).toBe(false);
    expect(rule({ Variable: '$.n', NumericLessThanPath: '$.other' }, input)).toBe(true);
    expect(rule({ Variable: '$.n', NumericEquals: 5 }, input)).toBe(true);
    expect(rule({ Variable: '$.b', BooleanEquals: true }, input)).toBe(true);
    expect(rule({ Variable: '$.t', TimestampGreaterThan: '2024-01-01T00:00:00Z' }, input)).toBe(true);
    expect(rule({ Variable: '$.t', TimestampEquals: '2024-01-02T04:04:05+01:00' }, input)).toBe(true);
    // Type mismatches are simply false.
    expect(rule({ Variable: '$.s', NumericEquals: 5 }, input)).toBe(false);
    expect(rule({ Variable: '$.s', TimestampEquals: '2024-01-01T00:00:00Z' }, input)).toBe(false);
  });
  it('type tests and presence', () => {
    expect(rule({ Variable: '$.z', IsNull: true }, input)).toBe(true);
    expect(rule({ Variable: '$.missing', IsPresent: false }, input)).toBe(true);
    expect(rule({ Variable: '$.s', IsPresent: true }, input)).toBe(true);
    expect(rule({ Variable: '$.n', IsNumeric: true }, input)).toBe(true);
    expect(rule({ Variable: '$.s', IsString: true }, input)).toBe(true);
    expect(rule({ Variable: '$.b', IsBoolean: true }, input)).toBe(true);
    expect(rule({ Variable: '$.t', IsTimestamp: true }, input)).toBe(true);
    expect(rule({ Variable: '$.s', IsTimestamp: true }, input)).toBe(false);
  });
  it('And / Or / Not', () => {
    expect(
      rule(
        {
          And: [
            { Variable: '$.n', NumericGreaterThanEquals: 0 },
            { Variable: '$.n', NumericLessThan: 10 },
            { Not: { Variable: '$.s', StringEquals: 'x' } },
          ],
        },
        input,
      ),
    ).toBe(true);
    expect(
      rule(
        {
          Or: [
            { Variable: '$.n', NumericEquals: 1 },
            { Variable: '$.b', BooleanEquals: false },
          ],
        },
        input,
      ),
    ).toBe(false);
  });
  it('StringMatches with wildcards and escapes', () => {
    expect(stringMatches('log-2024.txt', 'log-*.txt')).toBe(true);
    expect(stringMatches('log.txt', 'log-*.txt')).toBe(false);
    expect(stringMatches('a*b', 'a\\*b')).toBe(true);
    expect(stringMatches('axb', 'a\\*b')).toBe(false);
    expect(stringMatches('a\\b', 'a\\\\b')).toBe(true);
    expect(stringMatches('anything', '*')).toBe(true);
  });
  it('a missing Variable is a States.Runtime error', () => {
    expect(() => rule({ Variable: '$.missing', StringEquals: 'x' }, input)).toThrow(/Invalid path '\$.missing'/);
  });

  const choiceMachine = {
    StartAt: 'C',
    States: {
      C: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.type', StringEquals: 'Private', Next: 'Private' },
          {
            And: [
              { Variable: '$.value', IsPresent: true },
              { Variable: '$.value', NumericGreaterThan: 20 },
            ],
            Next: 'Big',
          },
        ],
        Default: 'Other',
      },
      Private: { Type: 'Pass', Result: 'private', End: true },
      Big: { Type: 'Pass', Result: 'big', End: true },
      Other: { Type: 'Pass', Result: 'other', End: true },
    },
  };
  it('a Choice state takes the first matching rule, else Default', async () => {
    expect((await run(choiceMachine, { type: 'Private' })).snapshot.output).toBe('private');
    expect((await run(choiceMachine, { type: 'Public', value: 30 })).snapshot.output).toBe('big');
    const other = await run(choiceMachine, { type: 'Public' });
    expect(other.snapshot.output).toBe('other');
    expect(types(other.history)).toContain('ChoiceStateExited');
  });
  it('no match and no Default fails with States.Runtime', async () => {
    const def = JSON.parse(JSON.stringify(choiceMachine)) as JsonObject;
    delete ((def.States as JsonObject).C as JsonObject).Default;
    ((def.States as JsonObject).C as JsonObject).Choices = [
      { Variable: '$.type', StringEquals: 'Private', Next: 'Private' },
      { Variable: '$.type', StringEquals: 'Big', Next: 'Big' },
      { Variable: '$.type', StringEquals: 'Other', Next: 'Other' },
    ];
    const r = await run(def, { type: 'nope' });
    expect(r.snapshot.status).toBe('FAILED');
    expect(r.snapshot.error).toBe('States.Runtime');
    expect(r.snapshot.cause).toMatch(
      /^An error occurred while executing the state 'C' \(entered at the event id #2\)\./,
    );
  });
});

// Examples from the developer guide's "InputPath, Parameters and ResultSelector" and "ResultPath" pages.
describe('input and output processing', () => {
  const task = (extra: JsonObject): JsonObject => ({
    StartAt: 'T',
    States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, ...extra } },
  });

  it('InputPath selects part of the input', async () => {
    const input = {
      comment: 'Example for InputPath.',
      dataset1: { val1: 1, val2: 2, val3: 3 },
      dataset2: { val1: 'a', val2: 'b', val3: 'c' },
    };
    let seen: JsonValue = null;
    await run(task({ InputPath: '$.dataset2' }), input, (e) => {
      seen = e.parameters;
      return { output: 'ok' };
    });
    expect(seen).toEqual({ val1: 'a', val2: 'b', val3: 'c' });
  });

  it('Parameters builds a new input with static and .$ fields', async () => {
    const input = {
      comment: 'Example for Parameters.',
      product: {
        details: { color: 'blue', size: 'small', material: 'cotton' },
        availability: 'in stock',
        sku: '2317',
        cost: '$23',
      },
    };
    let seen: JsonValue = null;
    await run(
      task({
        Parameters: {
          comment: 'Selecting what I care about.',
          MyDetails: { 'size.$': '$.product.details.size', 'exists.$': '$.product.availability', StaticValue: 'foo' },
        },
      }),
      input,
      (e) => {
        seen = e.parameters;
        return { output: 'ok' };
      },
    );
    expect(seen).toEqual({
      comment: 'Selecting what I care about.',
      MyDetails: { size: 'small', exists: 'in stock', StaticValue: 'foo' },
    });
  });

  it('Parameters reads the context object', async () => {
    let seen: JsonValue = null;
    await run(
      task({
        Parameters: { 'execId.$': '$$.Execution.Id', 'state.$': '$$.State.Name', 'sm.$': '$$.StateMachine.Name' },
      }),
      {},
      (e) => {
        seen = e.parameters;
        return { output: 'ok' };
      },
    );
    expect(seen).toEqual({
      execId: 'arn:aws:states:us-east-1:123456789012:execution:sm:exec-1',
      state: 'T',
      sm: 'sm',
    });
  });

  it('ResultSelector then ResultPath merge the task result into the input', async () => {
    const result = {
      resourceType: 'elasticmapreduce',
      resource: 'createCluster.sync',
      output: {
        SdkHttpMetadata: { httpStatusCode: 200 },
        SdkResponseMetadata: { requestId: 'abc' },
        ClusterId: 'AKIAIOSFODNN7EXAMPLE',
      },
    };
    const r = await run(
      task({
        ResultSelector: { 'ClusterId.$': '$.output.ClusterId', 'ResourceType.$': '$.resourceType' },
        ResultPath: '$.EMROutput',
      }),
      { OtherDataFromInput: {} },
      () => ({ output: result }),
    );
    expect(r.snapshot.output).toEqual({
      OtherDataFromInput: {},
      EMROutput: { ClusterId: 'AKIAIOSFODNN7EXAMPLE', ResourceType: 'elasticmapreduce' },
    });
  });

  const input = {
    comment: 'This is a test of the input and output of a Task state.',
    details: 'Default example',
    who: 'AWS Step Functions',
  };
  const hello = () => ({ output: 'Hello, AWS Step Functions!' });
  it('ResultPath: default replaces, $.taskresult adds, null discards, nested paths are created', async () => {
    expect((await run(task({}), input, hello)).snapshot.output).toBe('Hello, AWS Step Functions!');
    expect((await run(task({ ResultPath: '$.taskresult' }), input, hello)).snapshot.output).toEqual({
      ...input,
      taskresult: 'Hello, AWS Step Functions!',
    });
    expect((await run(task({ ResultPath: null }), input, hello)).snapshot.output).toEqual(input);
    expect((await run(task({ ResultPath: '$.strings.lambdaresult' }), input, hello)).snapshot.output).toEqual({
      ...input,
      strings: { lambdaresult: 'Hello, AWS Step Functions!' },
    });
  });

  it('OutputPath selects from the combined output; null gives {}', async () => {
    const r = await run(task({ ResultPath: '$.r', OutputPath: '$.r.Payload' }), {}, () => ({
      output: { Payload: { x: 1 } },
    }));
    expect(r.snapshot.output).toEqual({ x: 1 });
    expect((await run(task({ OutputPath: null }), {}, hello)).snapshot.output).toEqual({});
  });

  it('a missing InputPath or Parameters path is a States.Runtime error that Catch cannot handle', async () => {
    const r = await run(
      {
        StartAt: 'Pick',
        States: {
          Pick: { Type: 'Pass', Parameters: { 'missing.$': '$.nope.deep' }, End: true },
        },
      },
      { other: 1 },
    );
    expect(r.snapshot.error).toBe('States.Runtime');
    expect(r.snapshot.cause).toBe(
      "An error occurred while executing the state 'Pick' (entered at the event id #2). The JSONPath '$.nope.deep' specified for the field 'missing.$' could not be found in the input '{\"other\":1}'",
    );
    const r2 = await run(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            InputPath: '$.nope',
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H' }],
            End: true,
          },
          H: { Type: 'Succeed' },
        },
      },
      {},
    );
    expect(r2.snapshot.status).toBe('FAILED');
    expect(r2.snapshot.cause).toMatch(/Invalid path '\$.nope' : No results for path: \$\['nope'\]/);
  });

  it('a ResultPath that cannot be applied raises the catchable States.ResultPathMatchFailure', async () => {
    const r = await run(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            ResultPath: '$.a.b',
            Catch: [{ ErrorEquals: ['States.ResultPathMatchFailure'], ResultPath: '$.err', Next: 'H' }],
            End: true,
          },
          H: { Type: 'Pass', End: true },
        },
      },
      { a: 'scalar' },
    );
    expect(r.snapshot.status).toBe('SUCCEEDED');
    expect((r.snapshot.output as JsonObject).err).toMatchObject({ Error: 'States.ResultPathMatchFailure' });
  });
});
