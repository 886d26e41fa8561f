/** How states, frames and executions end: Retry / Catch, failure propagation, completion and aborts. */
import { isTerminalError } from '../errors.js';
import { type JsonObject, type JsonValue, stringify } from '../json.js';
import { errorMatches, maxAttempts, retryDelaySeconds } from '../retry.js';
import type { ExecutionStatus, Frame } from '../types.js';
import { EXECUTION_TIMEOUT_TIMER, NOT_TRUNCATED, errorCause } from './shared.js';
import { ExecutionLoop } from './loop.js';

export abstract class StateOutcomes extends ExecutionLoop {
  protected async handleError(frame: Frame, error: string, cause: string | undefined): Promise<void> {
    const { a, st } = this.activeDef(frame);
    if (!isTerminalError(error) && Array.isArray(st.Retry)) {
      for (let i = 0; i < st.Retry.length; i++) {
        const retrier = st.Retry[i] as JsonObject;
        if (!errorMatches(retrier.ErrorEquals as string[], error)) continue;
        const used = a.retryCounts[i] ?? 0;
        if (used < maxAttempts(retrier) && this.snap.test && frame.parentId === null) {
          this.snap.test.status = 'RETRIABLE';
          frame.active = null;
          this.finishExecution('FAILED', undefined, error, cause);
          return;
        }
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
          this.noteFailure(frame);
          frame.active = null;
          return this.failFrame(frame, err.error, err.cause);
        }
        if (assigned) Object.assign(frame.variables, assigned);
        frame.active = null;
        if (this.snap.test && frame.parentId === null) {
          Object.assign(this.snap.test, { status: 'CAUGHT_ERROR', ...errorCause(error, cause) });
          return this.transition(frame, st, output, c.Next as string);
        }
        this.queue.push({ frameId: frame.id, name: c.Next as string, input: output });
        return;
      }
    }
    this.noteFailure(frame);
    frame.active = null;
    await this.failFrame(frame, error, cause);
  }

  /** Remembers the top-level state that failed: RedriveExecution resumes there. */
  protected noteFailure(frame: Frame): void {
    if (frame.parentId === null && frame.active) {
      this.snap.failedState = { name: frame.active.name, input: frame.active.input };
    }
  }

  protected async completeFrame(frame: Frame, output: JsonValue): Promise<void> {
    if (frame.parentId === null) {
      this.finishExecution('SUCCEEDED', output);
      return;
    }
    const parent = this.snap.frames[frame.parentId] as Frame;
    delete this.snap.frames[frame.id];
    parent.lastEventId = frame.lastEventId;
    await this.childDone(parent, frame, { ok: true, output });
  }

  protected async failFrame(frame: Frame, error: string | undefined, cause: string | undefined): Promise<void> {
    if (frame.parentId === null) {
      this.finishExecution('FAILED', undefined, error, cause);
      return;
    }
    const parent = this.snap.frames[frame.parentId] as Frame;
    delete this.snap.frames[frame.id];
    parent.lastEventId = frame.lastEventId;
    await this.childDone(parent, frame, { ok: false, error: error ?? '', cause });
  }

  protected finishExecution(
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    output?: JsonValue,
    error?: string,
    cause?: string,
  ) {
    const root = this.snap.frames.root as Frame;
    if (status !== 'SUCCEEDED') this.noteFailure(root);
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
    if (this.snap.test && status !== 'SUCCEEDED') {
      this.snap.test.status ??= 'FAILED';
      Object.assign(this.snap.test, errorCause(error, cause));
    }
    this.snap.status = status;
    this.snap.stopDate = new Date(this.lastTs || this.options.now.getTime()).toISOString();
    this.queue = [];
    this.effects.push({
      kind: 'executionFinished',
      status,
      ...(status === 'SUCCEEDED' ? { output: stringify(output as JsonValue) } : {}),
      ...ec,
    });
  }

  /** Stops everything under way in a frame (and its children), emitting the *Aborted events AWS records. */
  protected abortFrame(frameId: string): void {
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
        this.abortIterations(f, a, a.map);
        if (a.map.mapRunArn && a.map.runStatus === 'RUNNING') {
          this.emit(f, 'MapRunAborted');
          this.markRun(a.map, 'ABORTED');
        }
      }
      if (['Task', 'Wait', 'Map', 'Parallel'].includes(a.type)) this.emit(f, `${a.type}StateAborted`);
      f.active = null;
    }
    if (f.parentId !== null) delete this.snap.frames[frameId];
  }
}
