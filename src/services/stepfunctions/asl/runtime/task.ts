/** Task states: scheduling the invocation, its callbacks, timeouts and heartbeats, and result processing. */
import { ERR, runtimeError } from '../errors.js';
import { type JsonObject, type JsonValue, stringify } from '../json.js';
import { resolvePayload } from '../payload.js';
import { parseResource } from '../resources.js';
import type { ActiveState, Frame } from '../types.js';
import { NOT_TRUNCATED, type TaskEvent, errorCause } from './shared.js';
import { StateOutcomes } from './outcome.js';

export abstract class TaskStates extends StateOutcomes {
  protected async runTask(frame: Frame, a: ActiveState, st: JsonObject): Promise<void> {
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
      this.inspect('afterInputPath', effective);
    }
    this.inspect(this.lang(st) === 'JSONata' ? 'afterArguments' : 'afterParameters', parameters);
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

  protected taskEventNames(st: JsonObject): { kind: string; base: { resourceType: string; resource: string } } {
    const r = parseResource(st.Resource as string);
    return {
      kind: r?.kind ?? 'service',
      base: { resourceType: r?.resourceType ?? '', resource: r?.resourceName ?? String(st.Resource) },
    };
  }

  /** Forgets the outstanding task of the frame and cancels its timers. */
  protected clearTask(a: ActiveState): void {
    if (a.taskId) delete this.snap.tasks[a.taskId];
    this.cancelTimer(a.timeoutTimerId);
    this.cancelTimer(a.heartbeatTimerId);
    delete a.taskId;
    delete a.taskToken;
    delete a.timeoutTimerId;
    delete a.heartbeatTimerId;
  }

  protected async onTask(event: TaskEvent): Promise<void> {
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

  protected restartHeartbeat(frame: Frame, a: ActiveState): void {
    if (a.heartbeatSeconds === undefined) return;
    this.cancelTimer(a.heartbeatTimerId);
    a.heartbeatTimerId = this.startTimer(frame, 'heartbeatTimeout', this.secondsFromNow(a.heartbeatSeconds));
  }

  protected async taskTimedOut(frame: Frame, a: ActiveState, st: JsonObject, error: string): Promise<void> {
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
  protected async finishWithResult(frame: Frame, result: JsonValue): Promise<void> {
    const { a, st } = this.activeDef(frame);
    if (this.lang(st) === 'JSONata') {
      const states = { input: a.input, context: this.context(frame), result };
      const output = 'Output' in st ? await this.jsonata(frame, st.Output as JsonValue, states, 'Output') : result;
      const assigned = await this.computeAssign(frame, st, 'JSONata', result, states);
      return this.exitState(frame, st, output, assigned);
    }
    const selected =
      'ResultSelector' in st ? resolvePayload(st.ResultSelector as JsonValue, this.ienv(frame, result)) : result;
    const afterResultPath = this.applyResultPath(st, a.input, selected);
    if (this.snap.test) {
      this.inspect('result', result);
      this.inspect('afterResultSelector', selected);
      this.inspect('afterResultPath', afterResultPath);
    }
    const output = this.select(frame, st, 'OutputPath', afterResultPath);
    const assigned = await this.computeAssign(frame, st, 'JSONPath', selected, {});
    return this.exitState(frame, st, output, assigned);
  }
}
