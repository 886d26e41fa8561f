// TestState: runs one state definition through the same engine (stopping at its transition) and, for Task
// states, the real integration. Returns status, output/error/cause, nextState and, for DEBUG/TRACE, the
// intermediate data (afterInputPath, afterParameters, result, afterResultSelector, afterResultPath, variables).
import { randomUUID } from 'node:crypto';
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import {
  step,
  validateDefinition,
  type Effect,
  type ExecutionEvent,
  type JsonObject,
  type JsonValue,
  type StepResult,
} from './asl/index.js';
import { SfnErrors } from './errors.js';
import { performTask } from './integrations.js';
import { readItems, writeResults } from './items.js';
import type { SfnService } from './service.js';

const STATE_NAME = 'TestState';
/** Upper bound on the engine steps one test may take (a Map of Tasks takes one per task). */
const MAX_STEPS = 1000;

function parse(text: string, what: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (e) {
    if (what === 'definition')
      throw SfnErrors.invalidDefinition(`Invalid State Machine Definition: '${(e as Error).message}'`);
    throw SfnErrors.invalidExecutionInput((e as Error).message);
  }
}

const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every state name the tested state may transition to becomes a placeholder, so the definition validates. */
function targets(state: JsonObject): string[] {
  const out: string[] = [];
  if (typeof state.Next === 'string') out.push(state.Next);
  if (typeof state.Default === 'string') out.push(state.Default);
  for (const list of [state.Choices, state.Catch]) {
    if (Array.isArray(list)) for (const c of list) if (isObj(c) && typeof c.Next === 'string') out.push(c.Next);
  }
  return out.filter((n) => n !== STATE_NAME);
}

export function testStateHandlers(svc: SfnService): Pick<HandlerTable<Operations>, 'TestState'> {
  return {
    async TestState(input, ctx) {
      const state = parse(input.definition, 'definition');
      if (!isObj(state) || typeof state.Type !== 'string') {
        throw SfnErrors.invalidDefinition(
          `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [Type] at /'`,
        );
      }
      const resource = typeof state.Resource === 'string' ? state.Resource : '';
      if (/\.sync(:2)?$|\.waitForTaskToken$|:activity:/.test(resource)) {
        throw SfnErrors.validation(`TestState does not support the resource '${resource}'`);
      }
      if (state.Type === 'Task' && input.roleArn === undefined) {
        throw SfnErrors.validation('Role ARN is required to test a Task state');
      }
      const states: JsonObject = { [STATE_NAME]: state };
      for (const t of targets(state)) states[t] = { Type: 'Succeed' };
      const definition: JsonObject = {
        ...(typeof state.QueryLanguage === 'string' ? { QueryLanguage: state.QueryLanguage } : {}),
        StartAt: STATE_NAME,
        States: states,
      };
      const v = validateDefinition(JSON.stringify(definition));
      if (!v.ok) throw SfnErrors.invalidDefinition(v.message ?? 'Invalid State Machine Definition');
      const stateInput = parse(input.input ?? '{}', 'input');
      const variables = input.variables !== undefined ? parse(input.variables, 'input') : undefined;
      if (variables !== undefined && !isObj(variables)) throw SfnErrors.validation('variables must be a JSON object');
      const name = randomUUID();
      const smName = 'TestStateMachine';
      const info = {
        executionArn: `arn:aws:states:${ctx.region}:${ctx.accountId}:execution:${smName}:${name}`,
        name,
        stateMachineArn: `arn:aws:states:${ctx.region}:${ctx.accountId}:stateMachine:${smName}`,
        stateMachineName: smName,
        roleArn: input.roleArn ?? '',
      };
      const opts = () => ({ now: new Date(svc.now()), testState: true });
      let r: StepResult = await step(
        definition,
        null,
        { kind: 'start', execution: info, input: stateInput, ...(variables ? { variables } : {}) },
        opts(),
      );
      const pending: Effect[] = [...r.effects];
      const caller = { accountId: ctx.accountId, region: ctx.region, sourceArn: info.executionArn };
      for (let n = 0; n < MAX_STEPS && r.snapshot.status === 'RUNNING' && pending.length > 0; n++) {
        const e = pending.shift() as Effect;
        let event: ExecutionEvent | undefined;
        if (e.kind === 'startTimer' && (e.purpose === 'wait' || e.purpose === 'retry')) {
          // TestState does not wait: the timer fires at once.
          event = { kind: 'timerFired', timerId: e.timerId };
        } else if (e.kind === 'invokeTask') {
          const o = await performTask(svc.core, e, {
            executionArn: info.executionArn,
            accountId: ctx.accountId,
            region: ctx.region,
            ...(input.roleArn !== undefined ? { roleArn: input.roleArn } : {}),
          }).catch((err: unknown) => ({ kind: 'failed' as const, error: 'States.TaskFailed', cause: String(err) }));
          if (o.kind === 'succeeded') event = { kind: 'taskSucceeded', taskId: e.taskId, output: o.output };
          else if (o.kind === 'failed')
            event = { kind: 'taskFailed', taskId: e.taskId, error: o.error, cause: o.cause ?? '' };
          else event = { kind: 'taskSucceeded', taskId: e.taskId, output: o.kind === 'submitted' ? o.output : {} };
        } else if (e.kind === 'readItems') {
          const o = await readItems(svc.core, e, caller);
          event = o.ok
            ? { kind: 'itemsRead', requestId: e.requestId, items: o.value as JsonValue[] }
            : { kind: 'itemsReadFailed', requestId: e.requestId, error: o.error, cause: o.cause };
        } else if (e.kind === 'writeResults') {
          const o = await writeResults(svc.core, e, caller, info.stateMachineArn);
          event = o.ok
            ? { kind: 'resultsWritten', requestId: e.requestId, output: o.value }
            : { kind: 'resultsWriteFailed', requestId: e.requestId, error: o.error, cause: o.cause };
        }
        if (!event) continue;
        r = await step(definition, r.snapshot, event, opts());
        pending.push(...r.effects);
      }
      const snap = r.snapshot;
      const test = snap.test ?? { inspection: {} };
      const status = test.status ?? (snap.status === 'SUCCEEDED' ? 'SUCCEEDED' : 'FAILED');
      const out: Operations['TestState']['output'] = { status };
      if (status === 'SUCCEEDED' || status === 'CAUGHT_ERROR') out.output = JSON.stringify(snap.output ?? null);
      const error = test.error ?? snap.error;
      const cause = test.cause ?? snap.cause;
      if (status !== 'SUCCEEDED') {
        if (error !== undefined) out.error = error;
        if (cause !== undefined) out.cause = cause;
      }
      if (test.nextState !== undefined) out.nextState = test.nextState;
      if (input.inspectionLevel === 'DEBUG' || input.inspectionLevel === 'TRACE') {
        const root = snap.frames.root;
        out.inspectionData = {
          input: JSON.stringify(stateInput),
          ...test.inspection,
          ...(root && Object.keys(root.variables).length > 0 ? { variables: JSON.stringify(root.variables) } : {}),
        };
      }
      return out;
    },
  };
}
