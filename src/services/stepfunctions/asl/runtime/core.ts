/** The interpreter's base layer: snapshot bookkeeping, history events, context objects, paths and timers. */
import { randomUUID } from 'node:crypto';
import { ERR, StatesError, runtimeError } from '../errors.js';
import { type IntrinsicEnv } from '../intrinsics.js';
import { type JsonataEnv, resolveJsonata } from '../jsonata.js';
import { type JsonObject, type JsonValue, isObject, stringify } from '../json.js';
import { type PathRoots, evaluatePath, setPath } from '../jsonpath.js';
import { resolvePayload } from '../payload.js';
import { mapRunInfo } from '../map-run.js';
import type {
  ActiveState,
  Effect,
  ExecutionEvent,
  ExecutionSnapshot,
  ExecutionStatus,
  Frame,
  HistoryEvent,
  MapRun,
  MapRunInfo,
  QueryLanguage,
  StepOptions,
  StepResult,
  TimerPurpose,
} from '../types.js';
import { type ChildOutcome, type Job, type RequestEvent, type TaskEvent, bracketed } from './shared.js';

export abstract class RuntimeCore {
  protected readonly events: HistoryEvent[] = [];
  protected readonly effects: Effect[] = [];
  protected queue: Job[] = [];
  protected readonly now: string;
  protected readonly random: () => number;
  protected readonly uuid: () => string;
  protected readonly maxEvents: number;
  protected lastTs: number;
  private lastStamp: string | undefined;
  /** Distributed Map runs whose counters changed in this step (one `mapRun` effect each). */
  protected readonly dirtyRuns = new Set<MapRun>();

  constructor(
    protected readonly def: JsonObject,
    readonly snap: ExecutionSnapshot,
    protected readonly options: StepOptions,
  ) {
    this.now = options.now.toISOString();
    this.random = options.random ?? Math.random;
    this.uuid = options.uuid ?? randomUUID;
    this.maxEvents = options.maxHistoryEvents ?? 25000;
    this.lastTs = snap.lastTimestamp ?? 0;
  }

  result(): StepResult {
    if (this.lastTs > 0) this.snap.lastTimestamp = this.lastTs;
    for (const run of this.dirtyRuns) this.effects.push({ kind: 'mapRun', run: mapRunInfo(run) });
    this.dirtyRuns.clear();
    return { snapshot: this.snap, events: this.events, effects: this.effects };
  }

  /** Each event reads the clock; a clock that stepped back (or a slow step) never orders events backwards. */
  protected stamp(): string {
    const t = Math.max(this.options.clock ? this.options.clock() : this.options.now.getTime(), this.lastTs);
    // Formatting dominates a Pass loop's cost: events within one millisecond share the string.
    if (t !== this.lastTs || this.lastStamp === undefined) this.lastStamp = new Date(t).toISOString();
    this.lastTs = t;
    return this.lastStamp;
  }

  protected inspect(key: string, value: JsonValue): void {
    if (this.snap.test) this.snap.test.inspection[key] = stringify(value);
  }

  protected nextId(prefix: string): string {
    this.snap.seq += 1;
    return `${prefix}${this.snap.seq}`;
  }

  protected emit(frame: Frame | null, type: string, details: Partial<HistoryEvent> = {}): number {
    if (frame?.quiet) return frame.lastEventId;
    const id = this.snap.nextEventId++;
    const previousEventId = frame ? frame.lastEventId : id - 1;
    this.events.push({ id, previousEventId, timestamp: this.stamp(), type, ...details });
    if (frame) frame.lastEventId = id;
    return id;
  }

  protected stateDef(frame: Frame, name: string): JsonObject {
    let node: JsonValue = this.def;
    for (const key of frame.scope) node = (node as Record<string | number, JsonValue>)[key] as JsonValue;
    const st = ((node as JsonObject).States as JsonObject)[name];
    if (!isObject(st)) throw runtimeError(`State '${name}' does not exist`);
    return st;
  }

  protected activeDef(frame: Frame): { a: ActiveState; st: JsonObject } {
    const a = frame.active as ActiveState;
    return { a, st: this.stateDef(frame, a.name) };
  }

  protected lang(st: JsonObject): QueryLanguage {
    const q = st.QueryLanguage ?? this.def.QueryLanguage;
    return q === 'JSONata' ? 'JSONata' : 'JSONPath';
  }

  protected region(): string {
    return this.snap.execution.executionArn.split(':')[3] ?? 'us-east-1';
  }

  protected context(frame: Frame, extra: JsonObject = {}): JsonObject {
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

  protected lookupVar(frame: Frame, name: string): JsonValue | undefined {
    for (let f: Frame | undefined = frame; f; f = f.parentId ? this.snap.frames[f.parentId] : undefined) {
      if (name in f.variables) return f.variables[name];
    }
    return undefined;
  }

  protected allVars(frame: Frame): JsonObject {
    const chain: Frame[] = [];
    for (let f: Frame | undefined = frame; f; f = f.parentId ? this.snap.frames[f.parentId] : undefined)
      chain.unshift(f);
    return Object.assign({}, ...chain.map((f) => f.variables)) as JsonObject;
  }

  protected roots(frame: Frame, input: JsonValue, ctx?: JsonObject): PathRoots {
    return { input, context: ctx ?? this.context(frame), variables: (n) => this.lookupVar(frame, n) };
  }

  protected ienv(frame: Frame, input: JsonValue, ctx?: JsonObject): IntrinsicEnv {
    return { roots: this.roots(frame, input, ctx), random: this.random, uuid: this.uuid };
  }

  protected jenv(frame: Frame, states: JsonObject): JsonataEnv {
    return { states, variables: this.allVars(frame), now: this.options.now, random: this.random, uuid: this.uuid };
  }

  protected jsonata(frame: Frame, value: JsonValue, states: JsonObject, field: string): Promise<JsonValue> {
    return resolveJsonata(value, this.jenv(frame, states), field);
  }

  /** InputPath / OutputPath / ItemsPath semantics: null selects `{}`, a missing path is a States.Runtime error. */
  protected select(frame: Frame, st: JsonObject, field: string, value: JsonValue): JsonValue {
    if (!(field in st)) return value;
    const path = st[field];
    if (path === null) return {};
    const r = evaluatePath(path as string, this.roots(frame, value));
    if (!r.found)
      throw runtimeError(`Invalid path '${path as string}' : No results for path: ${bracketed(path as string)}`);
    return r.value;
  }

  protected applyResultPath(holder: JsonObject, rawInput: JsonValue, result: JsonValue): JsonValue {
    if (!('ResultPath' in holder)) return result;
    if (holder.ResultPath === null) return rawInput;
    return setPath(rawInput, holder.ResultPath as string, result);
  }

  protected async computeAssign(
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
  protected async numberField(
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

  protected startTimer(frame: Frame | null, purpose: TimerPurpose, until: Date): string {
    const timerId = this.nextId('timer-');
    this.snap.timers[timerId] = frame ? frame.id : '';
    this.effects.push({ kind: 'startTimer', timerId, until: until.toISOString(), purpose });
    return timerId;
  }

  protected cancelTimer(timerId: string | undefined): void {
    if (timerId && timerId in this.snap.timers) {
      delete this.snap.timers[timerId];
      this.effects.push({ kind: 'cancelTimer', timerId });
    }
  }

  protected secondsFromNow(seconds: number): Date {
    return new Date(this.options.now.getTime() + Math.round(seconds * 1000));
  }

  protected wrap(a: ActiveState, e: unknown): StatesError {
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
  protected async guarded(frame: Frame, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      const a = frame.active;
      if (!a) throw e;
      const err = this.wrap(a, e);
      await this.handleError(frame, err.error, err.cause);
    }
  }

  // ----------------------------------------------------------------------------------------------- layers
  // Each state family lives in its own layer (loop → outcome → task → flow-states → parallel → map →
  // distributed-map); these are the methods an earlier layer calls in a later one.

  protected abstract handleError(frame: Frame, error: string, cause: string | undefined): Promise<void>;
  protected abstract runState(frame: Frame): Promise<void>;
  protected abstract exitState(
    frame: Frame,
    st: JsonObject,
    output: JsonValue,
    assigned?: JsonObject,
    next?: string,
  ): Promise<void>;
  protected abstract transition(frame: Frame, st: JsonObject, output: JsonValue, next?: string): Promise<void>;
  protected abstract finishExecution(
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    output?: JsonValue,
    error?: string,
    cause?: string,
  ): void;
  protected abstract completeFrame(frame: Frame, output: JsonValue): Promise<void>;
  protected abstract failFrame(frame: Frame, error: string | undefined, cause: string | undefined): Promise<void>;
  protected abstract noteFailure(frame: Frame): void;
  protected abstract abortFrame(frameId: string): void;
  protected abstract runTask(frame: Frame, a: ActiveState, st: JsonObject): Promise<void>;
  protected abstract onTask(event: TaskEvent): Promise<void>;
  protected abstract taskTimedOut(frame: Frame, a: ActiveState, st: JsonObject, error: string): Promise<void>;
  protected abstract clearTask(a: ActiveState): void;
  protected abstract finishWithResult(frame: Frame, result: JsonValue): Promise<void>;
  protected abstract runPass(frame: Frame, a: ActiveState, st: JsonObject): Promise<void>;
  protected abstract runChoice(frame: Frame, a: ActiveState, st: JsonObject): Promise<void>;
  protected abstract runWait(frame: Frame, a: ActiveState, st: JsonObject): Promise<void>;
  protected abstract runSucceed(frame: Frame, a: ActiveState, st: JsonObject): Promise<void>;
  protected abstract runFail(frame: Frame, a: ActiveState, st: JsonObject): Promise<void>;
  protected abstract runParallel(frame: Frame, a: ActiveState, st: JsonObject): Promise<void>;
  protected abstract childDone(parent: Frame, child: Frame, outcome: ChildOutcome): Promise<void>;
  protected abstract runMap(frame: Frame, a: ActiveState, st: JsonObject): Promise<void>;
  protected abstract launchIterations(frame: Frame, a: ActiveState, st: JsonObject, run: MapRun): Promise<void>;
  protected abstract beginIterations(
    frame: Frame,
    a: ActiveState,
    st: JsonObject,
    run: MapRun,
    items: JsonValue[],
  ): Promise<void>;
  protected abstract iterationDone(
    frame: Frame,
    a: ActiveState,
    run: MapRun,
    index: number,
    outcome: ChildOutcome,
  ): Promise<void>;
  protected abstract abortIterations(frame: Frame, a: ActiveState, run: MapRun): void;
  protected abstract updateMapRun(event: Extract<ExecutionEvent, { kind: 'updateMapRun' }>): Promise<void>;
  protected abstract assignMapRun(a: ActiveState, st: JsonObject, run: MapRun): void;
  protected abstract readItems(
    frame: Frame,
    a: ActiveState,
    st: JsonObject,
    run: MapRun,
    effective: JsonValue,
    states: JsonObject,
  ): Promise<void>;
  protected abstract writeResults(frame: Frame, a: ActiveState, st: JsonObject, run: MapRun): Promise<void>;
  protected abstract markRun(run: MapRun, status?: MapRunInfo['status']): void;
  protected abstract failRun(frame: Frame, run: MapRun, error: string, cause: string | undefined): void;
  protected abstract onRequest(event: RequestEvent): Promise<void>;
}
