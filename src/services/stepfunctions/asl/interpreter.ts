/**
 * The ASL interpreter as a pure, resumable state machine: `step(definition, snapshot, event, options)` returns the
 * next snapshot, the history events to append and the effects (task invocations, timers, ...) for the caller to
 * perform. No timers, no I/O: time and randomness come in through `options`.
 */
import { randomUUID } from 'node:crypto';
import { evaluateRule } from './choice.js';
import { ERR, StatesError, isTerminalError, runtimeError } from './errors.js';
import { type IntrinsicEnv } from './intrinsics.js';
import { type JsonataEnv, resolveJsonata } from './jsonata.js';
import { type JsonObject, type JsonValue, clone, isObject, stringify } from './json.js';
import { type PathRoots, evaluatePath, parsePath, setPath } from './jsonpath.js';
import { parseTimestamp } from './choice.js';
import { resolveDynamic, resolvePayload } from './payload.js';
import { parseResource } from './resources.js';
import { errorMatches, maxAttempts, retryDelaySeconds } from './retry.js';
import type {
  ActiveState,
  Effect,
  ExecutionEvent,
  ExecutionSnapshot,
  ExecutionStatus,
  Frame,
  HistoryEvent,
  MapRun,
  QueryLanguage,
  StepOptions,
  StepResult,
  TimerPurpose,
} from './types.js';

const EXECUTION_TIMEOUT_TIMER = 'execution-timeout';
const NOT_TRUNCATED = { truncated: false } as const;

/** Advances an execution by one incoming event. `snapshot` is null only for the `start` event. */
export async function step(
  definition: string | object,
  snapshot: ExecutionSnapshot | null,
  event: ExecutionEvent,
  options: StepOptions,
): Promise<StepResult> {
  const def = (typeof definition === 'string' ? JSON.parse(definition) : definition) as JsonObject;
  if (event.kind === 'start') {
    if (snapshot) throw new Error('A start event must not be given a snapshot');
    const startTime = event.execution.startTime ?? options.now.toISOString();
    const snap: ExecutionSnapshot = {
      version: 1,
      status: 'RUNNING',
      execution: { ...event.execution, startTime, redriveCount: event.execution.redriveCount ?? 0 },
      input: clone(event.input),
      nextEventId: 1,
      seq: 0,
      frames: {},
      tasks: {},
      timers: {},
      requests: {},
    };
    const rt = new Runtime(def, snap, options);
    await rt.start();
    return rt.result();
  }
  if (!snapshot) throw new Error(`A ${event.kind} event needs the execution snapshot`);
  const rt = new Runtime(def, clone(snapshot), options);
  if (snapshot.status === 'RUNNING') await rt.handle(event);
  return rt.result();
}

/** Task tokens carry the execution and task they belong to, so a callback can be routed without a lookup table. */
export function parseTaskToken(token: string): { executionArn: string; taskId: string } | null {
  try {
    const [executionArn, taskId] = Buffer.from(token, 'base64url').toString('utf8').split('#');
    return executionArn && taskId ? { executionArn, taskId } : null;
  } catch {
    return null;
  }
}

interface Job {
  frameId: string;
  name: string;
  input: JsonValue;
}

const ENTERED: Record<string, string> = {
  Task: 'TaskStateEntered',
  Pass: 'PassStateEntered',
  Choice: 'ChoiceStateEntered',
  Wait: 'WaitStateEntered',
  Succeed: 'SucceedStateEntered',
  Fail: 'FailStateEntered',
  Parallel: 'ParallelStateEntered',
  Map: 'MapStateEntered',
};

function errorCause(error: string | undefined, cause: string | undefined): { error?: string; cause?: string } {
  return { ...(error !== undefined ? { error } : {}), ...(cause !== undefined ? { cause } : {}) };
}

class Runtime {
  private readonly events: HistoryEvent[] = [];
  private readonly effects: Effect[] = [];
  private queue: Job[] = [];
  private readonly now: string;
  private readonly random: () => number;
  private readonly uuid: () => string;
  private readonly maxEvents: number;

  constructor(
    private readonly def: JsonObject,
    readonly snap: ExecutionSnapshot,
    private readonly options: StepOptions,
  ) {
    this.now = options.now.toISOString();
    this.random = options.random ?? Math.random;
    this.uuid = options.uuid ?? randomUUID;
    this.maxEvents = options.maxHistoryEvents ?? 25000;
  }

  result(): StepResult {
    return { snapshot: this.snap, events: this.events, effects: this.effects };
  }

  // ----------------------------------------------------------------------------------------------- entry points

  async start(): Promise<void> {
    const root: Frame = { id: 'root', parentId: null, scope: [], variables: {}, lastEventId: 0, active: null };
    this.snap.frames.root = root;
    this.emit(root, 'ExecutionStarted', {
      executionStartedEventDetails: {
        input: stringify(this.snap.input),
        inputDetails: NOT_TRUNCATED,
        roleArn: this.snap.execution.roleArn,
      },
    });
    if (typeof this.def.TimeoutSeconds === 'number') {
      const until = new Date(Date.parse(this.snap.execution.startTime) + this.def.TimeoutSeconds * 1000);
      this.snap.timers[EXECUTION_TIMEOUT_TIMER] = '';
      this.effects.push({
        kind: 'startTimer',
        timerId: EXECUTION_TIMEOUT_TIMER,
        until: until.toISOString(),
        purpose: 'executionTimeout',
      });
    }
    this.queue.push({ frameId: 'root', name: this.def.StartAt as string, input: this.snap.input });
    await this.drain();
  }

  async handle(event: ExecutionEvent): Promise<void> {
    switch (event.kind) {
      case 'start':
        return;
      case 'stop':
        this.finishExecution('ABORTED', undefined, event.error, event.cause);
        return;
      case 'timerFired':
        await this.onTimer(event.timerId);
        break;
      case 'taskStarted':
      case 'taskSubmitted':
      case 'taskHeartbeat':
      case 'taskSucceeded':
      case 'taskFailed':
        await this.onTask(event);
        break;
      case 'itemsRead':
      case 'itemsReadFailed':
      case 'resultsWritten':
      case 'resultsWriteFailed':
        await this.onRequest(event);
        break;
    }
    await this.drain();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && this.snap.status === 'RUNNING') {
      if (this.snap.nextEventId > this.maxEvents) {
        this.finishExecution(
          'FAILED',
          undefined,
          ERR.Runtime,
          `The execution reached the maximum number of history events (${this.maxEvents}).`,
        );
        return;
      }
      const job = this.queue.shift() as Job;
      const frame = this.snap.frames[job.frameId];
      if (!frame || frame.active) continue;
      await this.enterState(frame, job.name, job.input);
    }
  }

  // ----------------------------------------------------------------------------------------------- helpers

  private nextId(prefix: string): string {
    this.snap.seq += 1;
    return `${prefix}${this.snap.seq}`;
  }

  private emit(frame: Frame | null, type: string, details: Partial<HistoryEvent> = {}): number {
    const id = this.snap.nextEventId++;
    const previousEventId = frame ? frame.lastEventId : id - 1;
    this.events.push({ id, previousEventId, timestamp: this.now, type, ...details });
    if (frame) frame.lastEventId = id;
    return id;
  }

  private stateDef(frame: Frame, name: string): JsonObject {
    let node: JsonValue = this.def;
    for (const key of frame.scope) node = (node as Record<string | number, JsonValue>)[key] as JsonValue;
    const st = ((node as JsonObject).States as JsonObject)[name];
    if (!isObject(st)) throw runtimeError(`State '${name}' does not exist`);
    return st;
  }

  private activeDef(frame: Frame): { a: ActiveState; st: JsonObject } {
    const a = frame.active as ActiveState;
    return { a, st: this.stateDef(frame, a.name) };
  }

  private lang(st: JsonObject): QueryLanguage {
    const q = st.QueryLanguage ?? this.def.QueryLanguage;
    return q === 'JSONata' ? 'JSONata' : 'JSONPath';
  }

  private region(): string {
    return this.snap.execution.executionArn.split(':')[3] ?? 'us-east-1';
  }

  private context(frame: Frame, extra: JsonObject = {}): JsonObject {
    const e = this.snap.execution;
    const a = frame.active;
    return {
      Execution: {
        Id: e.executionArn,
        Input: this.snap.input,
        Name: e.name,
        RoleArn: e.roleArn,
        StartTime: e.startTime,
        RedriveCount: e.redriveCount,
      },
      State: a ? { EnteredTime: a.enteredTime, Name: a.name, RetryCount: a.retryCount } : {},
      StateMachine: { Id: e.stateMachineArn, Name: e.stateMachineName },
      ...extra,
    };
  }

  private lookupVar(frame: Frame, name: string): JsonValue | undefined {
    for (let f: Frame | undefined = frame; f; f = f.parentId ? this.snap.frames[f.parentId] : undefined) {
      if (name in f.variables) return f.variables[name];
    }
    return undefined;
  }

  private allVars(frame: Frame): JsonObject {
    const chain: Frame[] = [];
    for (let f: Frame | undefined = frame; f; f = f.parentId ? this.snap.frames[f.parentId] : undefined)
      chain.unshift(f);
    return Object.assign({}, ...chain.map((f) => f.variables)) as JsonObject;
  }

  private roots(frame: Frame, input: JsonValue, ctx?: JsonObject): PathRoots {
    return { input, context: ctx ?? this.context(frame), variables: (n) => this.lookupVar(frame, n) };
  }

  private ienv(frame: Frame, input: JsonValue, ctx?: JsonObject): IntrinsicEnv {
    return { roots: this.roots(frame, input, ctx), random: this.random, uuid: this.uuid };
  }

  private jenv(frame: Frame, states: JsonObject): JsonataEnv {
    return { states, variables: this.allVars(frame), now: this.options.now, random: this.random, uuid: this.uuid };
  }

  private jsonata(frame: Frame, value: JsonValue, states: JsonObject, field: string): Promise<JsonValue> {
    return resolveJsonata(value, this.jenv(frame, states), field);
  }

  /** InputPath / OutputPath / ItemsPath semantics: null selects `{}`, a missing path is a States.Runtime error. */
  private select(frame: Frame, st: JsonObject, field: string, value: JsonValue): JsonValue {
    if (!(field in st)) return value;
    const path = st[field];
    if (path === null) return {};
    const r = evaluatePath(path as string, this.roots(frame, value));
    if (!r.found)
      throw runtimeError(`Invalid path '${path as string}' : No results for path: ${bracketed(path as string)}`);
    return r.value;
  }

  private applyResultPath(holder: JsonObject, rawInput: JsonValue, result: JsonValue): JsonValue {
    if (!('ResultPath' in holder)) return result;
    if (holder.ResultPath === null) return rawInput;
    return setPath(rawInput, holder.ResultPath as string, result);
  }

  private async computeAssign(
    frame: Frame,
    holder: JsonObject,
    lang: QueryLanguage,
    pathInput: JsonValue,
    states: JsonObject,
  ): Promise<JsonObject | undefined> {
    if (!isObject(holder.Assign)) return undefined;
    if (lang === 'JSONata') return (await this.jsonata(frame, holder.Assign, states, 'Assign')) as JsonObject;
    return resolvePayload(holder.Assign, this.ienv(frame, pathInput)) as JsonObject;
  }

  /** A number field given literally, through a JSONata template or through a `...Path` reference. */
  private async numberField(
    frame: Frame,
    st: JsonObject,
    field: string,
    pathInput: JsonValue,
    states: JsonObject,
  ): Promise<number | undefined> {
    let v: JsonValue | undefined;
    if (field in st) {
      v = st[field] as JsonValue;
      if (typeof v === 'string') v = await this.jsonata(frame, v, states, field);
    } else if (`${field}Path` in st) {
      const path = st[`${field}Path`] as string;
      const r = evaluatePath(path, this.roots(frame, pathInput));
      if (!r.found) throw runtimeError(`Invalid path '${path}' : No results for path: ${bracketed(path)}`);
      v = r.value;
    } else return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw runtimeError(`The value for the field '${field}' must be a non-negative integer, but was ${stringify(v)}`);
    }
    return v;
  }

  private startTimer(frame: Frame | null, purpose: TimerPurpose, until: Date): string {
    const timerId = this.nextId('timer-');
    this.snap.timers[timerId] = frame ? frame.id : '';
    this.effects.push({ kind: 'startTimer', timerId, until: until.toISOString(), purpose });
    return timerId;
  }

  private cancelTimer(timerId: string | undefined): void {
    if (timerId && timerId in this.snap.timers) {
      delete this.snap.timers[timerId];
      this.effects.push({ kind: 'cancelTimer', timerId });
    }
  }

  private secondsFromNow(seconds: number): Date {
    return new Date(this.options.now.getTime() + Math.round(seconds * 1000));
  }

  private wrap(a: ActiveState, e: unknown): StatesError {
    if (e instanceof StatesError) {
      if (e.error === ERR.Runtime || e.error === ERR.QueryEvaluationError) {
        const prefix = `An error occurred while executing the state '${a.name}' (entered at the event id #${a.enteredEventId}). `;
        return new StatesError(e.error, e.cause.startsWith('An error occurred') ? e.cause : prefix + e.cause);
      }
      return e;
    }
    return new StatesError(ERR.Runtime, `An error occurred while executing the state '${a.name}'. ${String(e)}`);
  }

  /** Runs `fn` for the frame's active state; an error it raises becomes the state's failure. */
  private async guarded(frame: Frame, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      const a = frame.active;
      if (!a) throw e;
      const err = this.wrap(a, e);
      await this.handleError(frame, err.error, err.cause);
    }
  }

  // ----------------------------------------------------------------------------------------------- state entry

  private async enterState(frame: Frame, name: string, input: JsonValue): Promise<void> {
    const st = this.stateDef(frame, name);
    const type = st.Type as string;
    const enteredEventId = this.emit(frame, ENTERED[type] ?? `${type}StateEntered`, {
      stateEnteredEventDetails: { name, input: stringify(input), inputDetails: NOT_TRUNCATED },
    });
    frame.active = {
      name,
      type,
      enteredEventId,
      enteredTime: this.now,
      input,
      retryCounts: [],
      retryCount: 0,
      phase: 'task',
    };
    await this.guarded(frame, () => this.runState(frame));
  }

  private async runState(frame: Frame): Promise<void> {
    const { a, st } = this.activeDef(frame);
    switch (a.type) {
      case 'Pass':
        return this.runPass(frame, a, st);
      case 'Task':
        return this.runTask(frame, a, st);
      case 'Choice':
        return this.runChoice(frame, a, st);
      case 'Wait':
        return this.runWait(frame, a, st);
      case 'Succeed':
        return this.runSucceed(frame, a, st);
      case 'Fail':
        return this.runFail(frame, a, st);
      case 'Parallel':
        return this.runParallel(frame, a, st);
      case 'Map':
        return this.runMap(frame, a, st);
    }
    throw runtimeError(`Unsupported state type '${a.type}'`);
  }

  private async exitState(frame: Frame, st: JsonObject, output: JsonValue, assigned?: JsonObject, next?: string) {
    const a = frame.active as ActiveState;
    const details: NonNullable<HistoryEvent['stateExitedEventDetails']> = {
      name: a.name,
      output: stringify(output),
      outputDetails: NOT_TRUNCATED,
    };
    if (assigned) {
      details.assignedVariables = Object.fromEntries(Object.entries(assigned).map(([k, v]) => [k, stringify(v)]));
      details.assignedVariablesDetails = NOT_TRUNCATED;
      Object.assign(frame.variables, assigned);
    }
    this.emit(frame, `${a.type}StateExited`, { stateExitedEventDetails: details });
    frame.active = null;
    await this.transition(frame, st, output, next);
  }

  private async transition(frame: Frame, st: JsonObject, output: JsonValue, next?: string): Promise<void> {
    const target = next ?? (st.End === true || st.Type === 'Succeed' ? undefined : (st.Next as string | undefined));
    if (target === undefined) await this.completeFrame(frame, output);
    else this.queue.push({ frameId: frame.id, name: target, input: output });
  }

  // ----------------------------------------------------------------------------------------------- simple states

  private async runPass(frame: Frame, a: ActiveState, st: JsonObject): Promise<void> {
    if (this.lang(st) === 'JSONata') {
      const states = { input: a.input, context: this.context(frame) };
      const output = 'Output' in st ? await this.jsonata(frame, st.Output as JsonValue, states, 'Output') : a.input;
      const assigned = await this.computeAssign(frame, st, 'JSONata', a.input, states);
      return this.exitState(frame, st, output, assigned);
    }
    const effective = this.select(frame, st, 'InputPath', a.input);
    const params =
      'Parameters' in st ? resolvePayload(st.Parameters as JsonValue, this.ienv(frame, effective)) : effective;
    const result = 'Result' in st ? (st.Result as JsonValue) : params;
    const output = this.select(frame, st, 'OutputPath', this.applyResultPath(st, a.input, result));
    const assigned = await this.computeAssign(frame, st, 'JSONPath', result, {});
    return this.exitState(frame, st, output, assigned);
  }

  private async runChoice(frame: Frame, a: ActiveState, st: JsonObject): Promise<void> {
    const choices = (st.Choices as JsonObject[]) ?? [];
    const jsonata = this.lang(st) === 'JSONata';
    const states = { input: a.input, context: this.context(frame) };
    const effective = jsonata ? a.input : this.select(frame, st, 'InputPath', a.input);
    let matched: JsonObject | undefined;
    for (const rule of choices) {
      if (jsonata) {
        const v = await this.jsonata(frame, rule.Condition as JsonValue, states, 'Condition');
        if (typeof v !== 'boolean') {
          throw new StatesError(
            ERR.QueryEvaluationError,
            `The JSONata expression '${String(rule.Condition)}' specified for the field 'Condition' returned a non-boolean value ${stringify(v)}`,
          );
        }
        if (v) {
          matched = rule;
          break;
        }
      } else if (evaluateRule(rule, this.roots(frame, effective))) {
        matched = rule;
        break;
      }
    }
    let next: string;
    let holder: JsonObject;
    if (matched) {
      next = matched.Next as string;
      holder = matched;
    } else if (typeof st.Default === 'string') {
      next = st.Default;
      holder = st;
    } else {
      throw runtimeError('No Matches!');
    }
    let output: JsonValue;
    if (jsonata) {
      const out = 'Output' in holder ? holder.Output : st.Output;
      output = out !== undefined ? await this.jsonata(frame, out, states, 'Output') : a.input;
    } else output = this.select(frame, st, 'OutputPath', effective);
    const assigned = await this.computeAssign(frame, holder, jsonata ? 'JSONata' : 'JSONPath', effective, states);
    return this.exitState(frame, st, output, assigned, next);
  }

  private async runWait(frame: Frame, a: ActiveState, st: JsonObject): Promise<void> {
    const jsonata = this.lang(st) === 'JSONata';
    const states = { input: a.input, context: this.context(frame) };
    const effective = jsonata ? a.input : this.select(frame, st, 'InputPath', a.input);
    let until: Date;
    if ('Seconds' in st || 'SecondsPath' in st) {
      const seconds = (await this.numberField(frame, st, 'Seconds', effective, states)) as number;
      until = this.secondsFromNow(seconds);
    } else {
      let ts: JsonValue;
      if ('Timestamp' in st) {
        ts = st.Timestamp as JsonValue;
        if (jsonata) ts = await this.jsonata(frame, ts, states, 'Timestamp');
      } else {
        const path = st.TimestampPath as string;
        const r = evaluatePath(path, this.roots(frame, effective));
        if (!r.found) throw runtimeError(`Invalid path '${path}' : No results for path: ${bracketed(path)}`);
        ts = r.value;
      }
      const ms = parseTimestamp(ts);
      if (ms === null)
        throw runtimeError(
          `The value for the field 'Timestamp' must be a valid ISO-8601 timestamp, but was ${stringify(ts)}`,
        );
      until = new Date(ms);
    }
    const output = jsonata
      ? 'Output' in st
        ? await this.jsonata(frame, st.Output as JsonValue, states, 'Output')
        : a.input
      : this.select(frame, st, 'OutputPath', effective);
    const assigned = await this.computeAssign(frame, st, jsonata ? 'JSONata' : 'JSONPath', effective, states);
    if (until.getTime() <= this.options.now.getTime()) return this.exitState(frame, st, output, assigned);
    a.phase = 'wait';
    a.pendingOutput = output;
    if (assigned) a.pendingAssign = assigned;
    a.timerId = this.startTimer(frame, 'wait', until);
  }

  private async runSucceed(frame: Frame, a: ActiveState, st: JsonObject): Promise<void> {
    let output: JsonValue;
    if (this.lang(st) === 'JSONata') {
      const states = { input: a.input, context: this.context(frame) };
      output = 'Output' in st ? await this.jsonata(frame, st.Output as JsonValue, states, 'Output') : a.input;
    } else {
      output = this.select(frame, st, 'OutputPath', this.select(frame, st, 'InputPath', a.input));
    }
    return this.exitState(frame, st, output);
  }

  private async runFail(frame: Frame, a: ActiveState, st: JsonObject): Promise<void> {
    const field = async (name: 'Error' | 'Cause'): Promise<string | undefined> => {
      let v: JsonValue | undefined;
      if (name in st) {
        v = st[name] as JsonValue;
        if (this.lang(st) === 'JSONata') {
          v = await this.jsonata(frame, v, { input: a.input, context: this.context(frame) }, name);
        }
      } else if (`${name}Path` in st) {
        v = resolveDynamic(`${name}Path`, st[`${name}Path`] as string, this.ienv(frame, a.input));
      } else return undefined;
      if (typeof v !== 'string') {
        throw runtimeError(`The value for the field '${name}' must be a string, but was ${stringify(v)}`);
      }
      return v;
    };
    const error = await field('Error');
    const cause = await field('Cause');
    frame.active = null;
    await this.failFrame(frame, error, cause);
  }

  // ----------------------------------------------------------------------------------------------- Task

  private async runTask(frame: Frame, a: ActiveState, st: JsonObject): Promise<void> {
    const resource = parseResource(st.Resource as string);
    if (!resource) throw runtimeError(`Invalid resource '${String(st.Resource)}'`);
    let taskToken: string | undefined;
    const taskId = this.nextId('task-');
    if (resource.pattern === 'waitForTaskToken' || resource.kind === 'activity') {
      taskToken = Buffer.from(`${this.snap.execution.executionArn}#${taskId}#${this.uuid()}`, 'utf8').toString(
        'base64url',
      );
    }
    const ctx = this.context(frame, taskToken ? { Task: { Token: taskToken } } : {});
    const states = { input: a.input, context: ctx };
    let parameters: JsonValue;
    let effective: JsonValue = a.input;
    if (this.lang(st) === 'JSONata') {
      parameters =
        'Arguments' in st ? await this.jsonata(frame, st.Arguments as JsonValue, states, 'Arguments') : a.input;
    } else {
      effective = this.select(frame, st, 'InputPath', a.input);
      parameters =
        'Parameters' in st ? resolvePayload(st.Parameters as JsonValue, this.ienv(frame, effective, ctx)) : effective;
    }
    const timeoutSeconds = await this.numberField(frame, st, 'TimeoutSeconds', effective, states);
    const heartbeatSeconds = await this.numberField(frame, st, 'HeartbeatSeconds', effective, states);
    if (timeoutSeconds === 0 || heartbeatSeconds === 0) {
      throw runtimeError('The value for the fields TimeoutSeconds and HeartbeatSeconds must be greater than 0');
    }
    a.phase = 'task';
    a.taskId = taskId;
    if (taskToken) a.taskToken = taskToken;
    this.snap.tasks[taskId] = frame.id;
    const timing = {
      ...(timeoutSeconds !== undefined ? { timeoutInSeconds: timeoutSeconds } : {}),
      ...(heartbeatSeconds !== undefined ? { heartbeatInSeconds: heartbeatSeconds } : {}),
    };
    if (resource.kind === 'lambda-function') {
      this.emit(frame, 'LambdaFunctionScheduled', {
        lambdaFunctionScheduledEventDetails: {
          resource: resource.arn,
          input: stringify(parameters),
          inputDetails: NOT_TRUNCATED,
          ...(timeoutSeconds !== undefined ? { timeoutInSeconds: timeoutSeconds } : {}),
        },
      });
      this.emit(frame, 'LambdaFunctionStarted');
    } else if (resource.kind === 'activity') {
      this.emit(frame, 'ActivityScheduled', {
        activityScheduledEventDetails: {
          resource: resource.arn,
          input: stringify(parameters),
          inputDetails: NOT_TRUNCATED,
          ...timing,
        },
      });
    } else {
      const base = { resourceType: resource.resourceType, resource: resource.resourceName };
      this.emit(frame, 'TaskScheduled', {
        taskScheduledEventDetails: {
          ...base,
          region: resource.region ?? this.region(),
          parameters: stringify(parameters),
          ...timing,
        },
      });
      this.emit(frame, 'TaskStarted', { taskStartedEventDetails: base });
    }
    this.effects.push({
      kind: 'invokeTask',
      taskId,
      stateName: a.name,
      resource,
      parameters,
      ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
      ...(heartbeatSeconds !== undefined ? { heartbeatSeconds } : {}),
      ...(taskToken ? { taskToken } : {}),
      ...('Credentials' in st ? { credentials: st.Credentials as JsonValue } : {}),
    });
    if (timeoutSeconds !== undefined) {
      a.timeoutTimerId = this.startTimer(frame, 'taskTimeout', this.secondsFromNow(timeoutSeconds));
    }
    if (heartbeatSeconds !== undefined) {
      a.heartbeatSeconds = heartbeatSeconds;
      a.heartbeatTimerId = this.startTimer(frame, 'heartbeatTimeout', this.secondsFromNow(heartbeatSeconds));
    }
  }

  private taskEventNames(st: JsonObject): { kind: string; base: { resourceType: string; resource: string } } {
    const r = parseResource(st.Resource as string);
    return {
      kind: r?.kind ?? 'service',
      base: { resourceType: r?.resourceType ?? '', resource: r?.resourceName ?? String(st.Resource) },
    };
  }

  /** Forgets the outstanding task of the frame and cancels its timers. */
  private clearTask(a: ActiveState): void {
    if (a.taskId) delete this.snap.tasks[a.taskId];
    this.cancelTimer(a.timeoutTimerId);
    this.cancelTimer(a.heartbeatTimerId);
    delete a.taskId;
    delete a.taskToken;
    delete a.timeoutTimerId;
    delete a.heartbeatTimerId;
  }

  private async onTask(
    event: Extract<
      ExecutionEvent,
      { kind: 'taskStarted' | 'taskSubmitted' | 'taskHeartbeat' | 'taskSucceeded' | 'taskFailed' }
    >,
  ): Promise<void> {
    const frame = this.snap.frames[this.snap.tasks[event.taskId] ?? ''];
    if (!frame?.active || frame.active.taskId !== event.taskId) return;
    const { a, st } = this.activeDef(frame);
    const { kind, base } = this.taskEventNames(st);
    switch (event.kind) {
      case 'taskStarted':
        if (kind === 'activity') {
          this.emit(frame, 'ActivityStarted', {
            activityStartedEventDetails: event.workerName !== undefined ? { workerName: event.workerName } : {},
          });
          this.restartHeartbeat(frame, a);
        }
        return;
      case 'taskSubmitted':
        this.emit(frame, 'TaskSubmitted', {
          taskSubmittedEventDetails: { ...base, output: stringify(event.output), outputDetails: NOT_TRUNCATED },
        });
        return;
      case 'taskHeartbeat':
        this.restartHeartbeat(frame, a);
        return;
      case 'taskSucceeded': {
        this.clearTask(a);
        const output = { output: stringify(event.output), outputDetails: NOT_TRUNCATED };
        if (kind === 'lambda-function')
          this.emit(frame, 'LambdaFunctionSucceeded', { lambdaFunctionSucceededEventDetails: output });
        else if (kind === 'activity') this.emit(frame, 'ActivitySucceeded', { activitySucceededEventDetails: output });
        else this.emit(frame, 'TaskSucceeded', { taskSucceededEventDetails: { ...base, ...output } });
        await this.guarded(frame, () => this.finishWithResult(frame, event.output));
        return;
      }
      case 'taskFailed': {
        this.clearTask(a);
        const error = event.error ?? ERR.TaskFailed;
        const ec = errorCause(error, event.cause);
        if (kind === 'lambda-function')
          this.emit(frame, 'LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: ec });
        else if (kind === 'activity') this.emit(frame, 'ActivityFailed', { activityFailedEventDetails: ec });
        else this.emit(frame, 'TaskFailed', { taskFailedEventDetails: { ...base, ...ec } });
        await this.handleError(frame, error, event.cause);
        return;
      }
    }
  }

  private restartHeartbeat(frame: Frame, a: ActiveState): void {
    if (a.heartbeatSeconds === undefined) return;
    this.cancelTimer(a.heartbeatTimerId);
    a.heartbeatTimerId = this.startTimer(frame, 'heartbeatTimeout', this.secondsFromNow(a.heartbeatSeconds));
  }

  private async taskTimedOut(frame: Frame, a: ActiveState, st: JsonObject, error: string): Promise<void> {
    const taskId = a.taskId as string;
    const taskToken = a.taskToken;
    this.clearTask(a);
    this.effects.push({ kind: 'cancelTask', taskId, ...(taskToken ? { taskToken } : {}) });
    const { kind, base } = this.taskEventNames(st);
    const ec = { error };
    if (kind === 'lambda-function')
      this.emit(frame, 'LambdaFunctionTimedOut', { lambdaFunctionTimedOutEventDetails: ec });
    else if (kind === 'activity') this.emit(frame, 'ActivityTimedOut', { activityTimedOutEventDetails: ec });
    else this.emit(frame, 'TaskTimedOut', { taskTimedOutEventDetails: { ...base, ...ec } });
    await this.handleError(frame, error, undefined);
  }

  /** ResultSelector → ResultPath → OutputPath (JSONPath) or Output (JSONata), then Assign, then exit. */
  private async finishWithResult(frame: Frame, result: JsonValue): Promise<void> {
    const { a, st } = this.activeDef(frame);
    if (this.lang(st) === 'JSONata') {
      const states = { input: a.input, context: this.context(frame), result };
      const output = 'Output' in st ? await this.jsonata(frame, st.Output as JsonValue, states, 'Output') : result;
      const assigned = await this.computeAssign(frame, st, 'JSONata', result, states);
      return this.exitState(frame, st, output, assigned);
    }
    const selected =
      'ResultSelector' in st ? resolvePayload(st.ResultSelector as JsonValue, this.ienv(frame, result)) : result;
    const output = this.select(frame, st, 'OutputPath', this.applyResultPath(st, a.input, selected));
    const assigned = await this.computeAssign(frame, st, 'JSONPath', selected, {});
    return this.exitState(frame, st, output, assigned);
  }

  // ----------------------------------------------------------------------------------------------- timers

  private async onTimer(timerId: string): Promise<void> {
    if (!(timerId in this.snap.timers)) return;
    const frameId = this.snap.timers[timerId] as string;
    delete this.snap.timers[timerId];
    if (timerId === EXECUTION_TIMEOUT_TIMER) {
      this.finishExecution('TIMED_OUT', undefined, ERR.Timeout, undefined);
      return;
    }
    const frame = this.snap.frames[frameId];
    if (!frame?.active) return;
    const { a, st } = this.activeDef(frame);
    if (a.timerId === timerId && a.phase === 'wait') {
      delete a.timerId;
      const output = a.pendingOutput as JsonValue;
      const assigned = a.pendingAssign;
      await this.exitState(frame, st, output, assigned);
    } else if (a.timerId === timerId && a.phase === 'retry') {
      delete a.timerId;
      await this.guarded(frame, () => this.runState(frame));
    } else if (a.timeoutTimerId === timerId) {
      delete a.timeoutTimerId;
      await this.taskTimedOut(frame, a, st, ERR.Timeout);
    } else if (a.heartbeatTimerId === timerId) {
      delete a.heartbeatTimerId;
      await this.taskTimedOut(frame, a, st, ERR.HeartbeatTimeout);
    }
  }

  // ----------------------------------------------------------------------------------------------- errors

  private async handleError(frame: Frame, error: string, cause: string | undefined): Promise<void> {
    const { a, st } = this.activeDef(frame);
    if (!isTerminalError(error) && Array.isArray(st.Retry)) {
      for (let i = 0; i < st.Retry.length; i++) {
        const retrier = st.Retry[i] as JsonObject;
        if (!errorMatches(retrier.ErrorEquals as string[], error)) continue;
        const used = a.retryCounts[i] ?? 0;
        if (used < maxAttempts(retrier)) {
          a.retryCounts[i] = used + 1;
          a.retryCount += 1;
          a.phase = 'retry';
          const delay = retryDelaySeconds(retrier, used + 1, this.random);
          a.timerId = this.startTimer(frame, 'retry', this.secondsFromNow(delay));
          return;
        }
        break;
      }
    }
    if (!isTerminalError(error) && Array.isArray(st.Catch)) {
      for (const c of st.Catch as JsonObject[]) {
        if (!errorMatches(c.ErrorEquals as string[], error)) continue;
        const errorOutput: JsonObject = { Error: error, Cause: cause ?? '' };
        let output: JsonValue;
        let assigned: JsonObject | undefined;
        try {
          if (this.lang(st) === 'JSONata') {
            const states = { input: a.input, context: this.context(frame), errorOutput };
            output = 'Output' in c ? await this.jsonata(frame, c.Output as JsonValue, states, 'Output') : errorOutput;
            assigned = await this.computeAssign(frame, c, 'JSONata', errorOutput, states);
          } else {
            output = this.applyResultPath(c, a.input, errorOutput);
            assigned = await this.computeAssign(frame, c, 'JSONPath', errorOutput, {});
          }
        } catch (e) {
          const err = this.wrap(a, e);
          frame.active = null;
          return this.failFrame(frame, err.error, err.cause);
        }
        if (assigned) Object.assign(frame.variables, assigned);
        frame.active = null;
        this.queue.push({ frameId: frame.id, name: c.Next as string, input: output });
        return;
      }
    }
    frame.active = null;
    await this.failFrame(frame, error, cause);
  }

  private async completeFrame(frame: Frame, output: JsonValue): Promise<void> {
    if (frame.parentId === null) {
      this.finishExecution('SUCCEEDED', output);
      return;
    }
    const parent = this.snap.frames[frame.parentId] as Frame;
    delete this.snap.frames[frame.id];
    parent.lastEventId = frame.lastEventId;
    await this.childDone(parent, frame, { ok: true, output });
  }

  private async failFrame(frame: Frame, error: string | undefined, cause: string | undefined): Promise<void> {
    if (frame.parentId === null) {
      this.finishExecution('FAILED', undefined, error, cause);
      return;
    }
    const parent = this.snap.frames[frame.parentId] as Frame;
    delete this.snap.frames[frame.id];
    parent.lastEventId = frame.lastEventId;
    await this.childDone(parent, frame, { ok: false, error: error ?? '', cause });
  }

  private finishExecution(
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    output?: JsonValue,
    error?: string,
    cause?: string,
  ) {
    const root = this.snap.frames.root as Frame;
    if (status !== 'SUCCEEDED' && status !== 'FAILED') this.abortFrame(root.id);
    this.cancelTimer(EXECUTION_TIMEOUT_TIMER);
    const ec = errorCause(error, cause);
    switch (status) {
      case 'SUCCEEDED':
        this.emit(root, 'ExecutionSucceeded', {
          executionSucceededEventDetails: { output: stringify(output as JsonValue), outputDetails: NOT_TRUNCATED },
        });
        this.snap.output = output as JsonValue;
        break;
      case 'FAILED':
        this.abortFrame(root.id);
        this.emit(root, 'ExecutionFailed', { executionFailedEventDetails: ec });
        break;
      case 'ABORTED':
        this.emit(root, 'ExecutionAborted', { executionAbortedEventDetails: ec });
        break;
      case 'TIMED_OUT':
        this.emit(root, 'ExecutionTimedOut', { executionTimedOutEventDetails: ec });
        break;
    }
    if (error !== undefined) this.snap.error = error;
    if (cause !== undefined) this.snap.cause = cause;
    this.snap.status = status;
    this.snap.stopDate = this.now;
    this.queue = [];
    this.effects.push({
      kind: 'executionFinished',
      status,
      ...(status === 'SUCCEEDED' ? { output: stringify(output as JsonValue) } : {}),
      ...ec,
    });
  }

  /** Stops everything under way in a frame (and its children), emitting the *Aborted events AWS records. */
  private abortFrame(frameId: string): void {
    const f = this.snap.frames[frameId];
    if (!f) return;
    this.queue = this.queue.filter((j) => j.frameId !== frameId);
    const a = f.active;
    if (a) {
      if (a.taskId) {
        this.effects.push({ kind: 'cancelTask', taskId: a.taskId, ...(a.taskToken ? { taskToken: a.taskToken } : {}) });
      }
      this.clearTask(a);
      this.cancelTimer(a.timerId);
      if (a.branches) for (const child of a.branches.frames) if (child) this.abortFrame(child);
      if (a.map) {
        if (a.map.requestId) delete this.snap.requests[a.map.requestId];
        for (const [index, child] of Object.entries(a.map.running)) {
          this.abortFrame(child);
          this.emit(f, 'MapIterationAborted', {
            mapIterationAbortedEventDetails: { name: a.name, index: Number(index) },
          });
        }
      }
      if (['Task', 'Wait', 'Map', 'Parallel'].includes(a.type)) this.emit(f, `${a.type}StateAborted`);
      f.active = null;
    }
    if (f.parentId !== null) delete this.snap.frames[frameId];
  }

  // ----------------------------------------------------------------------------------------------- Parallel / Map

  private newFrame(parent: Frame, scope: (string | number)[], index: number): Frame {
    const frame: Frame = {
      id: this.nextId('frame-'),
      parentId: parent.id,
      scope,
      variables: {},
      lastEventId: parent.lastEventId,
      active: null,
      index,
    };
    this.snap.frames[frame.id] = frame;
    return frame;
  }

  private stateScope(frame: Frame, name: string): (string | number)[] {
    return [...frame.scope, 'States', name];
  }

  private async runParallel(frame: Frame, a: ActiveState, st: JsonObject): Promise<void> {
    let branchInput: JsonValue;
    if (this.lang(st) === 'JSONata') {
      const states = { input: a.input, context: this.context(frame) };
      branchInput =
        'Arguments' in st ? await this.jsonata(frame, st.Arguments as JsonValue, states, 'Arguments') : a.input;
    } else {
      const effective = this.select(frame, st, 'InputPath', a.input);
      branchInput =
        'Parameters' in st ? resolvePayload(st.Parameters as JsonValue, this.ienv(frame, effective)) : effective;
    }
    this.emit(frame, 'ParallelStateStarted');
    const branches = (st.Branches as JsonObject[]) ?? [];
    a.phase = 'branches';
    a.branches = { frames: [], results: branches.map(() => null), completed: 0 };
    if (branches.length === 0) {
      this.emit(frame, 'ParallelStateSucceeded');
      return this.finishWithResult(frame, []);
    }
    branches.forEach((b, i) => {
      const child = this.newFrame(frame, [...this.stateScope(frame, a.name), 'Branches', i], i);
      a.branches?.frames.push(child.id);
      this.queue.push({ frameId: child.id, name: b.StartAt as string, input: clone(branchInput) });
    });
  }

  private async childDone(
    parent: Frame,
    child: Frame,
    outcome: { ok: true; output: JsonValue } | { ok: false; error: string; cause: string | undefined },
  ): Promise<void> {
    const a = parent.active;
    if (!a) return;
    const index = child.index as number;
    if (a.branches) {
      const b = a.branches;
      b.frames[index] = null;
      if (outcome.ok) {
        b.results[index] = outcome.output;
        b.completed += 1;
        if (b.completed === b.results.length) {
          this.emit(parent, 'ParallelStateSucceeded');
          delete a.branches;
          await this.guarded(parent, () => this.finishWithResult(parent, b.results));
        }
        return;
      }
      for (const other of b.frames) if (other) this.abortFrame(other);
      delete a.branches;
      this.emit(parent, 'ParallelStateFailed');
      await this.handleError(parent, outcome.error, outcome.cause);
      return;
    }
    if (a.map) await this.iterationDone(parent, a, a.map, index, outcome);
  }

  private async runMap(frame: Frame, a: ActiveState, st: JsonObject): Promise<void> {
    const jsonata = this.lang(st) === 'JSONata';
    const states = { input: a.input, context: this.context(frame) };
    const effective = jsonata ? a.input : this.select(frame, st, 'InputPath', a.input);
    const maxConcurrency = (await this.numberField(frame, st, 'MaxConcurrency', effective, states)) ?? 0;
    const toleratedCount = (await this.numberField(frame, st, 'ToleratedFailureCount', effective, states)) ?? null;
    const toleratedPercentage = await this.percentageField(frame, st, effective, states);
    const run: MapRun = {
      items: [],
      effectiveInput: effective,
      nextIndex: 0,
      running: {},
      results: [],
      completed: 0,
      failed: 0,
      maxConcurrency,
      toleratedCount,
      toleratedPercentage,
    };
    a.map = run;
    if (isObject(st.ItemReader)) {
      const reader = st.ItemReader;
      let parameters: JsonValue = {};
      if (jsonata && 'Arguments' in reader)
        parameters = await this.jsonata(frame, reader.Arguments as JsonValue, states, 'Arguments');
      else if ('Parameters' in reader)
        parameters = resolvePayload(reader.Parameters as JsonValue, this.ienv(frame, effective));
      let readerConfig: JsonValue = (reader.ReaderConfig as JsonValue) ?? {};
      if (jsonata) readerConfig = await this.jsonata(frame, readerConfig, states, 'ReaderConfig');
      const requestId = this.nextId('request-');
      run.requestId = requestId;
      this.snap.requests[requestId] = frame.id;
      a.phase = 'readItems';
      this.effects.push({
        kind: 'readItems',
        requestId,
        stateName: a.name,
        resource: reader.Resource as string,
        parameters,
        readerConfig,
      });
      return;
    }
    let items: JsonValue;
    if (jsonata) {
      items = 'Items' in st ? await this.jsonata(frame, st.Items as JsonValue, states, 'Items') : a.input;
    } else if ('ItemsPath' in st) {
      const path = st.ItemsPath as string;
      const r = evaluatePath(path, this.roots(frame, effective));
      if (!r.found) throw runtimeError(`Invalid path '${path}' : No results for path: ${bracketed(path)}`);
      items = r.value;
    } else items = effective;
    if (!Array.isArray(items)) {
      throw runtimeError(`Map state input must be a JSON array, but was ${stringify(items)}`);
    }
    await this.beginIterations(frame, a, st, run, items);
  }

  private async percentageField(frame: Frame, st: JsonObject, effective: JsonValue, states: JsonObject) {
    let v: JsonValue | undefined;
    if ('ToleratedFailurePercentage' in st) {
      v = st.ToleratedFailurePercentage as JsonValue;
      if (typeof v === 'string') v = await this.jsonata(frame, v, states, 'ToleratedFailurePercentage');
    } else if ('ToleratedFailurePercentagePath' in st) {
      const r = evaluatePath(st.ToleratedFailurePercentagePath as string, this.roots(frame, effective));
      if (!r.found) throw runtimeError(`Invalid path '${String(st.ToleratedFailurePercentagePath)}'`);
      v = r.value;
    } else return null;
    if (typeof v !== 'number' || v < 0 || v > 100) {
      throw runtimeError(`The value for the field 'ToleratedFailurePercentage' must be a number between 0 and 100`);
    }
    return v;
  }

  private async beginIterations(frame: Frame, a: ActiveState, st: JsonObject, run: MapRun, items: JsonValue[]) {
    run.items = isObject(st.ItemBatcher)
      ? await this.batch(frame, st, st.ItemBatcher, items, run.effectiveInput)
      : items;
    run.results = run.items.map(() => null);
    a.phase = 'items';
    this.emit(frame, 'MapStateStarted', { mapStateStartedEventDetails: { length: run.items.length } });
    if (run.items.length === 0) return this.finishMap(frame, a, st, run);
    await this.launchIterations(frame, a, st, run);
  }

  private async batch(
    frame: Frame,
    st: JsonObject,
    batcher: JsonObject,
    items: JsonValue[],
    effective: JsonValue,
  ): Promise<JsonValue[]> {
    const jsonata = this.lang(st) === 'JSONata';
    const states = { input: (frame.active as ActiveState).input, context: this.context(frame) };
    const maxItems = (await this.numberField(frame, batcher, 'MaxItemsPerBatch', effective, states)) ?? Infinity;
    const maxBytes = (await this.numberField(frame, batcher, 'MaxInputBytesPerBatch', effective, states)) ?? Infinity;
    let batchInput: JsonValue | undefined;
    if ('BatchInput' in batcher) {
      batchInput = jsonata
        ? await this.jsonata(frame, batcher.BatchInput as JsonValue, states, 'BatchInput')
        : resolvePayload(batcher.BatchInput as JsonValue, this.ienv(frame, effective));
    }
    const batches: JsonValue[] = [];
    let cur: JsonValue[] = [];
    let bytes = 0;
    for (const item of items) {
      const size = Buffer.byteLength(stringify(item));
      if (cur.length > 0 && (cur.length >= maxItems || bytes + size > maxBytes)) {
        batches.push(cur);
        cur = [];
        bytes = 0;
      }
      cur.push(item);
      bytes += size;
    }
    if (cur.length) batches.push(cur);
    return batches.map((b): JsonValue =>
      batchInput !== undefined ? { BatchInput: batchInput, Items: b } : { Items: b },
    );
  }

  private async itemInput(frame: Frame, a: ActiveState, st: JsonObject, run: MapRun, index: number) {
    const item = run.items[index] as JsonValue;
    const ctx = this.context(frame, { Map: { Item: { Index: index, Value: item } } });
    if (this.lang(st) === 'JSONata') {
      if (!('ItemSelector' in st)) return item;
      return this.jsonata(frame, st.ItemSelector as JsonValue, { input: a.input, context: ctx }, 'ItemSelector');
    }
    const selector = 'ItemSelector' in st ? st.ItemSelector : st.Parameters;
    if (selector === undefined) return item;
    return resolvePayload(selector, this.ienv(frame, run.effectiveInput, ctx));
  }

  private async launchIterations(frame: Frame, a: ActiveState, st: JsonObject, run: MapRun): Promise<void> {
    const processorKey = 'ItemProcessor' in st ? 'ItemProcessor' : 'Iterator';
    const processor = st[processorKey] as JsonObject;
    while (
      run.nextIndex < run.items.length &&
      (run.maxConcurrency === 0 || Object.keys(run.running).length < run.maxConcurrency)
    ) {
      const index = run.nextIndex;
      let input: JsonValue;
      try {
        input = await this.itemInput(frame, a, st, run, index);
      } catch (e) {
        const err = this.wrap(a, e);
        for (const [i, child] of Object.entries(run.running)) {
          this.abortFrame(child);
          this.emit(frame, 'MapIterationAborted', {
            mapIterationAbortedEventDetails: { name: a.name, index: Number(i) },
          });
        }
        delete a.map;
        this.emit(frame, 'MapStateFailed');
        return this.handleError(frame, err.error, err.cause);
      }
      run.nextIndex += 1;
      this.emit(frame, 'MapIterationStarted', { mapIterationStartedEventDetails: { name: a.name, index } });
      const child = this.newFrame(frame, [...this.stateScope(frame, a.name), processorKey], index);
      run.running[String(index)] = child.id;
      this.queue.push({ frameId: child.id, name: processor.StartAt as string, input });
    }
  }

  private async iterationDone(
    frame: Frame,
    a: ActiveState,
    run: MapRun,
    index: number,
    outcome: { ok: true; output: JsonValue } | { ok: false; error: string; cause: string | undefined },
  ): Promise<void> {
    const st = this.stateDef(frame, a.name);
    delete run.running[String(index)];
    run.completed += 1;
    const details = { name: a.name, index };
    if (outcome.ok) {
      run.results[index] = outcome.output;
      this.emit(frame, 'MapIterationSucceeded', { mapIterationSucceededEventDetails: details });
    } else {
      run.failed += 1;
      run.results[index] = { Error: outcome.error, Cause: outcome.cause ?? '' };
      this.emit(frame, 'MapIterationFailed', { mapIterationFailedEventDetails: details });
      const tolerance = run.toleratedCount !== null || run.toleratedPercentage !== null;
      const exceeded = tolerance
        ? (run.toleratedCount !== null && run.failed > run.toleratedCount) ||
          (run.toleratedPercentage !== null && (run.failed / run.items.length) * 100 > run.toleratedPercentage)
        : true;
      if (exceeded) {
        for (const [i, child] of Object.entries(run.running)) {
          this.abortFrame(child);
          this.emit(frame, 'MapIterationAborted', {
            mapIterationAbortedEventDetails: { name: a.name, index: Number(i) },
          });
        }
        delete a.map;
        this.emit(frame, 'MapStateFailed');
        if (tolerance) {
          return this.handleError(
            frame,
            ERR.ExceedToleratedFailureThreshold,
            'The specified tolerated failure threshold was exceeded',
          );
        }
        return this.handleError(frame, outcome.error, outcome.cause);
      }
    }
    if (run.completed === run.items.length) return this.finishMap(frame, a, st, run);
    await this.launchIterations(frame, a, st, run);
  }

  private async finishMap(frame: Frame, a: ActiveState, st: JsonObject, run: MapRun): Promise<void> {
    if (isObject(st.ResultWriter)) {
      const writer = st.ResultWriter;
      const jsonata = this.lang(st) === 'JSONata';
      const states = { input: a.input, context: this.context(frame) };
      let parameters: JsonValue = {};
      if (jsonata && 'Arguments' in writer)
        parameters = await this.jsonata(frame, writer.Arguments as JsonValue, states, 'Arguments');
      else if ('Parameters' in writer)
        parameters = resolvePayload(writer.Parameters as JsonValue, this.ienv(frame, run.effectiveInput));
      const requestId = this.nextId('request-');
      run.requestId = requestId;
      this.snap.requests[requestId] = frame.id;
      a.phase = 'writeResults';
      this.effects.push({
        kind: 'writeResults',
        requestId,
        stateName: a.name,
        resource: (writer.Resource as string | undefined) ?? '',
        parameters,
        writerConfig: (writer.WriterConfig as JsonValue) ?? {},
        results: run.results,
      });
      return;
    }
    delete a.map;
    this.emit(frame, 'MapStateSucceeded');
    await this.guarded(frame, () => this.finishWithResult(frame, run.results));
  }

  private async onRequest(
    event: Extract<ExecutionEvent, { kind: 'itemsRead' | 'itemsReadFailed' | 'resultsWritten' | 'resultsWriteFailed' }>,
  ): Promise<void> {
    const frame = this.snap.frames[this.snap.requests[event.requestId] ?? ''];
    delete this.snap.requests[event.requestId];
    const a = frame?.active;
    if (!frame || !a?.map || a.map.requestId !== event.requestId) return;
    const run = a.map;
    delete run.requestId;
    const st = this.stateDef(frame, a.name);
    switch (event.kind) {
      case 'itemsRead':
        await this.guarded(frame, () => this.beginIterations(frame, a, st, run, event.items));
        return;
      case 'itemsReadFailed':
        delete a.map;
        await this.handleError(frame, event.error ?? ERR.ItemReaderFailed, event.cause);
        return;
      case 'resultsWritten':
        delete a.map;
        this.emit(frame, 'MapStateSucceeded');
        await this.guarded(frame, () => this.finishWithResult(frame, event.output));
        return;
      case 'resultsWriteFailed':
        delete a.map;
        this.emit(frame, 'MapStateFailed');
        await this.handleError(frame, event.error ?? ERR.ResultWriterFailed, event.cause);
        return;
    }
  }
}

/** `$.a.b[0]` → `$['a']['b'][0]`, the notation AWS uses in path error messages. */
function bracketed(path: string): string {
  try {
    const p = parsePath(path);
    if (!p.definite) return path;
    return (
      '$' + p.segments.map((s) => (s.t === 'prop' ? `['${s.name}']` : s.t === 'index' ? `[${s.index}]` : '')).join('')
    );
  } catch {
    return path;
  }
}
