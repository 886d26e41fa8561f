/** The step loop: entry points, the run queue, entering and leaving states, timers. */
import { ERR, runtimeError } from '../errors.js';
import { type JsonObject, type JsonValue, clone, stringify } from '../json.js';
import type { ActiveState, ExecutionEvent, Frame, HistoryEvent } from '../types.js';
import { EXECUTION_TIMEOUT_TIMER, NOT_TRUNCATED, type Job } from './shared.js';
import { RuntimeCore } from './core.js';

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

export abstract class ExecutionLoop extends RuntimeCore {
  async start(variables?: JsonObject): Promise<void> {
    const vars = variables ? clone(variables) : {};
    const root: Frame = { id: 'root', parentId: null, scope: [], variables: vars, lastEventId: 0, active: null };
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
      case 'redrive':
        this.redrive(event.clientToken);
        break;
      case 'updateMapRun':
        await this.updateMapRun(event);
        break;
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

  /** Resumes a closed execution at the top-level state that failed, with that state's original input. */
  protected redrive(clientToken: string | undefined): void {
    const failed = this.snap.failedState;
    const root = this.snap.frames.root;
    if (this.snap.status === 'RUNNING' || this.snap.status === 'SUCCEEDED' || !failed || !root) return;
    this.snap.status = 'RUNNING';
    for (const k of ['output', 'error', 'cause', 'stopDate', 'failedState'] as const) delete this.snap[k];
    this.snap.execution.redriveCount += 1;
    if (clientToken !== undefined) this.snap.redriveToken = clientToken;
    else delete this.snap.redriveToken;
    root.active = null;
    const redriveCount = this.snap.execution.redriveCount;
    this.emit(root, 'ExecutionRedriven', { executionRedrivenEventDetails: { redriveCount } });
    this.snap.redriveDate = this.events[this.events.length - 1]?.timestamp ?? this.now;
    if (typeof this.def.TimeoutSeconds === 'number') {
      const until = new Date(this.options.now.getTime() + this.def.TimeoutSeconds * 1000);
      this.snap.timers[EXECUTION_TIMEOUT_TIMER] = '';
      this.effects.push({
        kind: 'startTimer',
        timerId: EXECUTION_TIMEOUT_TIMER,
        until: until.toISOString(),
        purpose: 'executionTimeout',
      });
    }
    this.queue.push({ frameId: 'root', name: failed.name, input: failed.input });
  }

  protected async drain(): Promise<void> {
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

  protected async enterState(frame: Frame, name: string, input: JsonValue): Promise<void> {
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

  protected async runState(frame: Frame): Promise<void> {
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

  protected async exitState(frame: Frame, st: JsonObject, output: JsonValue, assigned?: JsonObject, next?: string) {
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

  protected async transition(frame: Frame, st: JsonObject, output: JsonValue, next?: string): Promise<void> {
    const target = next ?? (st.End === true || st.Type === 'Succeed' ? undefined : (st.Next as string | undefined));
    if (this.snap.test && frame.parentId === null) {
      // TestState runs one state: report where it would go instead of going there.
      if (target !== undefined) this.snap.test.nextState = target;
      this.snap.test.status ??= 'SUCCEEDED';
      this.finishExecution('SUCCEEDED', output);
      return;
    }
    if (target === undefined) await this.completeFrame(frame, output);
    else this.queue.push({ frameId: frame.id, name: target, input: output });
  }

  protected async onTimer(timerId: string): Promise<void> {
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
}
