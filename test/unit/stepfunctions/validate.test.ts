import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../../../src/services/stepfunctions/asl/index.js';

const check = (def: unknown) => validateDefinition(typeof def === 'string' ? def : JSON.stringify(def));
const pass = (extra: object = {}) => ({ Type: 'Pass', End: true, ...extra });

describe('validateDefinition', () => {
  it('accepts a valid definition', () => {
    const r = check({ Comment: 'x', StartAt: 'A', States: { A: pass() } });
    expect(r).toMatchObject({ ok: true, diagnostics: [] });
  });
  it('reports invalid JSON and empty input', () => {
    expect(check('{nope').diagnostics[0]?.code).toBe('INVALID_JSON_DESCRIPTION');
    expect(check('  ').diagnostics[0]?.code).toBe('MISSING_DESCRIPTION');
  });
  it('reports missing Next targets and unreachable states in the AWS message format', () => {
    const r = check({
      StartAt: 'pass1',
      States: { pass1: { Type: 'Pass', Next: 'pass3' }, pass2: pass() },
    });
    expect(r.message).toBe(
      `Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: pass3 at /States/pass1/Next, MISSING_TRANSITION_TARGET: State "pass2" is not reachable. at /States/pass2'`,
    );
  });
  it('reports a workflow with no terminal state', () => {
    const r = check({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } } });
    expect(r.message).toBe(
      `Invalid State Machine Definition: 'MISSING_END_STATE: Workflow has no terminal state at null'`,
    );
  });
  it('reports fields a state type does not support', () => {
    const r = check({ StartAt: 'M', States: { M: pass({ TimeoutSeconds: 5, Retry: [] }) } });
    expect(r.diagnostics).toEqual([
      {
        severity: 'ERROR',
        code: 'SCHEMA_VALIDATION_FAILED',
        message: "Field 'TimeoutSeconds' is not supported",
        location: '/States/M',
      },
      {
        severity: 'ERROR',
        code: 'SCHEMA_VALIDATION_FAILED',
        message: "Field 'Retry' is not supported",
        location: '/States/M',
      },
    ]);
  });
  it('requires per-type fields and exactly one of Next / End', () => {
    expect(check({ StartAt: 'T', States: { T: { Type: 'Task', End: true } } }).message).toContain(
      'SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] at /States/T',
    );
    expect(check({ StartAt: 'A', States: { A: { Type: 'Pass' } } }).message).toContain('at /States/A');
    expect(check({ StartAt: 'A', States: { A: { Type: 'Pass', End: true, Next: 'A' } } }).ok).toBe(false);
    expect(check({ StartAt: 'A', States: { A: { Type: 'Bogus', End: true } } }).message).toContain('/States/A/Type');
    expect(check({ StartAt: 'W', States: { W: { Type: 'Wait', End: true } } }).ok).toBe(false);
    expect(check({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, SecondsPath: '$.s', End: true } } }).ok).toBe(
      false,
    );
  });
  it('checks paths, payload templates and intrinsic calls', () => {
    expect(check({ StartAt: 'A', States: { A: pass({ ResultPath: '$.a[*]' }) } }).message).toContain(
      '/States/A/ResultPath',
    );
    expect(check({ StartAt: 'A', States: { A: pass({ InputPath: 'nope' }) } }).message).toContain(
      '/States/A/InputPath',
    );
    expect(check({ StartAt: 'A', States: { A: pass({ Parameters: { 'x.$': 'States.Nope(1)' } }) } }).message).toContain(
      "The value for the field 'x.$' must be a valid JSONPath or a valid intrinsic function call at /States/A/Parameters",
    );
    expect(check({ StartAt: 'A', States: { A: pass({ Parameters: { 'x.$': "States.Format('{}', $.a)" } }) } }).ok).toBe(
      true,
    );
  });
  it('checks Retry and Catch structure, with States.ALL alone and last', () => {
    const task = (extra: object) => ({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, ...extra }, H: pass() },
    });
    expect(check(task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H' }] })).ok).toBe(true);
    expect(
      check(
        task({
          Catch: [
            { ErrorEquals: ['States.ALL'], Next: 'H' },
            { ErrorEquals: ['X'], Next: 'H' },
          ],
        }),
      ).ok,
    ).toBe(false);
    expect(check(task({ Catch: [{ ErrorEquals: ['States.ALL', 'X'], Next: 'H' }] })).ok).toBe(false);
    expect(check(task({ Catch: [{ ErrorEquals: ['X'], Next: 'Nope' }] })).message).toContain(
      "MISSING_TRANSITION_TARGET: Missing 'Next' target: Nope at /States/T/Catch[0]/Next",
    );
    const retry = (r: object) =>
      check({
        StartAt: 'T',
        States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, Retry: [r] } },
      });
    expect(
      retry({
        ErrorEquals: ['X'],
        IntervalSeconds: 1,
        MaxAttempts: 0,
        BackoffRate: 1.5,
        MaxDelaySeconds: 5,
        JitterStrategy: 'FULL',
      }).ok,
    ).toBe(true);
    expect(retry({ ErrorEquals: [] }).ok).toBe(false);
    expect(retry({ ErrorEquals: ['X'], BackoffRate: 0.5 }).ok).toBe(false);
    expect(retry({ ErrorEquals: ['X'], JitterStrategy: 'HALF' }).ok).toBe(false);
    expect(retry({ ErrorEquals: ['X'], IntervalSeconds: 0 }).ok).toBe(false);
  });
  it('checks Task resources, timeouts and the task token requirement', () => {
    const task = (extra: object) => check({ StartAt: 'T', States: { T: { Type: 'Task', End: true, ...extra } } });
    expect(task({ Resource: 'not-an-arn' }).diagnostics[0]?.code).toBe('INVALID_RESOURCE');
    expect(
      task({ Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Parameters: { QueueUrl: 'q' } }).ok,
    ).toBe(false);
    expect(
      task({
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        Parameters: { 'MessageBody.$': '$$.Task.Token' },
      }).ok,
    ).toBe(true);
    expect(task({ Resource: 'arn:aws:states:::lambda:invoke', TimeoutSeconds: 5, HeartbeatSeconds: 10 }).ok).toBe(
      false,
    );
    expect(task({ Resource: 'arn:aws:states:::lambda:invoke', TimeoutSeconds: 5, TimeoutSecondsPath: '$.t' }).ok).toBe(
      false,
    );
  });
  it('checks Choice rules', () => {
    const choice = (rules: object[], extra: object = {}) =>
      check({ StartAt: 'C', States: { C: { Type: 'Choice', Choices: rules, ...extra }, A: pass() } });
    expect(choice([{ Variable: '$.x', NumericEquals: 1, Next: 'A' }]).ok).toBe(true);
    expect(choice([{ Variable: '$.x', NumericEquals: 'one', Next: 'A' }]).ok).toBe(false);
    expect(choice([{ Variable: '$.x', Next: 'A' }]).ok).toBe(false);
    expect(choice([{ Variable: '$.x', StringEquals: 'a', Next: 'A' }], { Default: 'Nope' }).message).toContain(
      '/States/C/Default',
    );
    expect(choice([{ Not: { Variable: '$.x', IsNull: true }, Next: 'A' }]).ok).toBe(true);
    expect(choice([{ Variable: '$.t', TimestampEquals: 'yesterday', Next: 'A' }]).ok).toBe(false);
  });
  it('checks nested Parallel branches and Map processors, and unique state names', () => {
    const r = check({
      StartAt: 'P',
      States: {
        P: { Type: 'Parallel', Branches: [{ StartAt: 'X', States: { X: { Type: 'Pass', Next: 'Y' } } }], End: true },
        X: pass(),
      },
    });
    expect(r.diagnostics.map((d) => d.code)).toEqual(
      expect.arrayContaining(['MISSING_TRANSITION_TARGET', 'DUPLICATE_STATE_NAME']),
    );
    expect(r.message).toContain('/States/P/Branches[0]/States/X/Next');
    expect(check({ StartAt: 'M', States: { M: { Type: 'Map', End: true } } }).ok).toBe(false);
  });
  it('enforces JSONPath vs JSONata field restrictions', () => {
    expect(
      check({ QueryLanguage: 'JSONata', StartAt: 'A', States: { A: pass({ Parameters: {} }) } }).message,
    ).toContain("Field 'Parameters' is not supported at /States/A");
    expect(check({ StartAt: 'A', States: { A: pass({ Output: 1 }) } }).ok).toBe(false);
    expect(
      check({ QueryLanguage: 'JSONata', StartAt: 'A', States: { A: pass({ QueryLanguage: 'JSONPath' }) } }).ok,
    ).toBe(false);
    expect(
      check({ StartAt: 'A', States: { A: pass({ QueryLanguage: 'JSONata', Output: '{% $states.input %}' }) } }).ok,
    ).toBe(true);
    expect(
      check({ QueryLanguage: 'JSONata', StartAt: 'A', States: { A: pass({ Output: '{% $states.input.( %}' }) } }).ok,
    ).toBe(false);
    expect(check({ QueryLanguage: 'Python', StartAt: 'A', States: { A: pass() } }).ok).toBe(false);
  });
});
