/** Public types of the ASL engine: execution snapshot, incoming events, effects and history events. */
import type { JsonObject, JsonValue } from './json.js';
import type { TaskResource } from './resources.js';

export type QueryLanguage = 'JSONPath' | 'JSONata';
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionInfo {
  executionArn: string;
  name: string;
  stateMachineArn: string;
  stateMachineName: string;
  roleArn: string;
  /** ISO-8601; defaults to the `now` of the start step. */
  startTime?: string;
  redriveCount?: number;
}

/** Injected so that every step is a pure function of its inputs. */
export interface StepOptions {
  now: Date;
  /** Uniform in [0, 1): retry jitter, States.MathRandom / $random without a seed. Defaults to Math.random. */
  random?: () => number;
  /** States.UUID / $uuid() and task tokens. Defaults to crypto.randomUUID. */
  uuid?: () => string;
  /** History size at which the execution fails (AWS: 25,000). */
  maxHistoryEvents?: number;
  /** Read for every history event's timestamp (never earlier than the previous event's). Defaults to `now`. */
  clock?: () => number;
  /** TestState: run one state, stop at its transition and record inspection data in `snapshot.test`. */
  testState?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Incoming events

export type ExecutionEvent =
  /** `variables`: TestState's initial variables. */
  | { kind: 'start'; execution: ExecutionInfo; input: JsonValue; variables?: JsonObject }
  /** A worker or integration started the task (activities: GetActivityTask, with the worker's name). */
  | { kind: 'taskStarted'; taskId: string; workerName?: string }
  /** A `.sync` integration submitted its job; `output` is the submit call's response. */
  | { kind: 'taskSubmitted'; taskId: string; output: JsonValue }
  | { kind: 'taskHeartbeat'; taskId: string }
  | { kind: 'taskSucceeded'; taskId: string; output: JsonValue }
  | { kind: 'taskFailed'; taskId: string; error?: string; cause?: string }
  | { kind: 'timerFired'; timerId: string }
  | { kind: 'itemsRead'; requestId: string; items: JsonValue[] }
  | { kind: 'itemsReadFailed'; requestId: string; error?: string; cause?: string }
  | { kind: 'resultsWritten'; requestId: string; output: JsonValue }
  | { kind: 'resultsWriteFailed'; requestId: string; error?: string; cause?: string }
  /** StopExecution. */
  | { kind: 'stop'; error?: string; cause?: string }
  /** RedriveExecution: resume a FAILED/ABORTED/TIMED_OUT execution from the state that failed. */
  | { kind: 'redrive'; clientToken?: string }
  /** UpdateMapRun. */
  | {
      kind: 'updateMapRun';
      mapRunArn: string;
      maxConcurrency?: number;
      toleratedFailureCount?: number;
      toleratedFailurePercentage?: number;
    };

// ---------------------------------------------------------------------------------------------------------------
// Effects the service must perform

export type TimerPurpose = 'wait' | 'retry' | 'taskTimeout' | 'heartbeatTimeout' | 'executionTimeout';

export type Effect =
  | {
      kind: 'invokeTask';
      taskId: string;
      stateName: string;
      resource: TaskResource;
      parameters: JsonValue;
      timeoutSeconds?: number;
      heartbeatSeconds?: number;
      /** Present for `.waitForTaskToken` integrations and activities. */
      taskToken?: string;
      credentials?: JsonValue;
    }
  | { kind: 'cancelTask'; taskId: string; taskToken?: string }
  /** Fire `{ kind: 'timerFired', timerId }` at `until` (ISO-8601). */
  | { kind: 'startTimer'; timerId: string; until: string; purpose: TimerPurpose }
  | { kind: 'cancelTimer'; timerId: string }
  /** Distributed Map ItemReader: answer with `itemsRead` / `itemsReadFailed`. */
  | {
      kind: 'readItems';
      requestId: string;
      stateName: string;
      resource: string;
      parameters: JsonValue;
      readerConfig: JsonValue;
    }
  /** Distributed Map ResultWriter: answer with `resultsWritten` / `resultsWriteFailed`. */
  | {
      kind: 'writeResults';
      requestId: string;
      stateName: string;
      resource: string;
      parameters: JsonValue;
      writerConfig: JsonValue;
      results: JsonValue[];
      /** Distributed Map: the run and one record per child workflow (the ResultWriter's files). */
      mapRunArn?: string;
      records?: IterationRecord[];
    }
  /** Distributed Map: the Map Run's current counters (DescribeMapRun). */
  | { kind: 'mapRun'; run: MapRunInfo }
  | {
      kind: 'executionFinished';
      status: Exclude<ExecutionStatus, 'RUNNING'>;
      output?: string;
      error?: string;
      cause?: string;
    };

// ---------------------------------------------------------------------------------------------------------------
// Snapshot (JSON-serializable; persist after every step)

export interface MapRunCounts {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  aborted: number;
  total: number;
}

export interface MapRunInfo {
  mapRunArn: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  startDate: string;
  stopDate?: string;
  maxConcurrency: number;
  toleratedFailureCount: number;
  toleratedFailurePercentage: number;
  items: MapRunCounts;
  executions: MapRunCounts;
  resultsWritten: number;
}

/** One child workflow of a Distributed Map (its ResultWriter record). */
export interface IterationRecord {
  index: number;
  name: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  input: JsonValue;
  output?: JsonValue;
  error?: string;
  cause?: string;
  startDate: string;
  stopDate?: string;
}

export interface MapRun {
  items: JsonValue[];
  /** Effective input of the Map state, for ItemSelector. */
  effectiveInput: JsonValue;
  nextIndex: number;
  /** Iteration index → frame id, for the iterations under way. */
  running: Record<string, string>;
  results: JsonValue[];
  completed: number;
  failed: number;
  maxConcurrency: number;
  toleratedCount: number | null;
  toleratedPercentage: number | null;
  requestId?: string;
  /** Distributed Map only: the Map Run, item counts per batch and the child workflow records. */
  mapRunArn?: string;
  runStatus?: MapRunInfo['status'];
  startDate?: string;
  stopDate?: string;
  batchSizes?: number[];
  records?: IterationRecord[];
}

export interface ActiveState {
  name: string;
  type: string;
  enteredEventId: number;
  enteredTime: string;
  /** The raw state input. */
  input: JsonValue;
  /** Attempts used per retrier (index into Retry). */
  retryCounts: number[];
  retryCount: number;
  phase: 'task' | 'wait' | 'retry' | 'branches' | 'items' | 'readItems' | 'writeResults';
  taskId?: string;
  taskToken?: string;
  timerId?: string;
  timeoutTimerId?: string;
  heartbeatTimerId?: string;
  heartbeatSeconds?: number;
  /** Wait state: the output and variables computed on entry, applied on exit. */
  pendingOutput?: JsonValue;
  pendingAssign?: JsonObject;
  branches?: { frames: (string | null)[]; results: JsonValue[]; completed: number };
  map?: MapRun;
}

export interface Frame {
  id: string;
  parentId: string | null;
  /** Path in the definition to the `{ StartAt, States }` object this frame runs. */
  scope: (string | number)[];
  variables: JsonObject;
  lastEventId: number;
  active: ActiveState | null;
  /** Parallel branch index or Map iteration index. */
  index?: number;
  /** A Distributed Map child workflow: its events belong to the child execution, not this history. */
  quiet?: boolean;
}

export interface ExecutionSnapshot {
  version: 1;
  status: ExecutionStatus;
  execution: Required<ExecutionInfo>;
  input: JsonValue;
  nextEventId: number;
  seq: number;
  frames: Record<string, Frame>;
  /** Outstanding task id → frame id. */
  tasks: Record<string, string>;
  /** Outstanding timer id → frame id ('' for the execution timeout). */
  timers: Record<string, string>;
  /** Outstanding ItemReader/ResultWriter request id → frame id. */
  requests: Record<string, string>;
  output?: JsonValue;
  error?: string;
  cause?: string;
  stopDate?: string;
  /** The top-level state that failed (or was under way when aborted / timed out): where a redrive resumes. */
  failedState?: { name: string; input: JsonValue };
  /** Epoch ms of the last history event (timestamps never go backwards). */
  lastTimestamp?: number;
  redriveDate?: string;
  /** The clientToken of the last RedriveExecution (a retried request is answered, not refused). */
  redriveToken?: string;
  /** TestState only. */
  test?: TestStateResult;
}

export interface TestStateResult {
  status?: 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';
  nextState?: string;
  error?: string;
  cause?: string;
  inspection: Record<string, string>;
}

export interface StepResult {
  snapshot: ExecutionSnapshot;
  events: HistoryEvent[];
  effects: Effect[];
}

// ---------------------------------------------------------------------------------------------------------------
// History events (GetExecutionHistory shape)

export interface PayloadDetails {
  truncated: boolean;
}
export interface ErrorCause {
  error?: string;
  cause?: string;
}
export interface TaskEventBase {
  resourceType: string;
  resource: string;
}
export interface MapIterationEventDetails {
  name: string;
  index: number;
}

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: string;
  type: string;
  executionStartedEventDetails?: { input: string; inputDetails: PayloadDetails; roleArn: string };
  executionSucceededEventDetails?: { output: string; outputDetails: PayloadDetails };
  executionFailedEventDetails?: ErrorCause;
  executionAbortedEventDetails?: ErrorCause;
  executionTimedOutEventDetails?: ErrorCause;
  stateEnteredEventDetails?: { name: string; input: string; inputDetails: PayloadDetails };
  stateExitedEventDetails?: {
    name: string;
    output: string;
    outputDetails: PayloadDetails;
    assignedVariables?: Record<string, string>;
    assignedVariablesDetails?: PayloadDetails;
  };
  taskScheduledEventDetails?: TaskEventBase & {
    region: string;
    parameters: string;
    timeoutInSeconds?: number;
    heartbeatInSeconds?: number;
  };
  taskStartedEventDetails?: TaskEventBase;
  taskSubmittedEventDetails?: TaskEventBase & { output: string; outputDetails: PayloadDetails };
  taskSucceededEventDetails?: TaskEventBase & { output: string; outputDetails: PayloadDetails };
  taskFailedEventDetails?: TaskEventBase & ErrorCause;
  taskTimedOutEventDetails?: TaskEventBase & ErrorCause;
  lambdaFunctionScheduledEventDetails?: {
    resource: string;
    input: string;
    inputDetails: PayloadDetails;
    timeoutInSeconds?: number;
  };
  lambdaFunctionSucceededEventDetails?: { output: string; outputDetails: PayloadDetails };
  lambdaFunctionFailedEventDetails?: ErrorCause;
  lambdaFunctionTimedOutEventDetails?: ErrorCause;
  activityScheduledEventDetails?: {
    resource: string;
    input: string;
    inputDetails: PayloadDetails;
    timeoutInSeconds?: number;
    heartbeatInSeconds?: number;
  };
  activityStartedEventDetails?: { workerName?: string };
  activitySucceededEventDetails?: { output: string; outputDetails: PayloadDetails };
  activityFailedEventDetails?: ErrorCause;
  activityTimedOutEventDetails?: ErrorCause;
  mapStateStartedEventDetails?: { length: number };
  mapIterationStartedEventDetails?: MapIterationEventDetails;
  mapIterationSucceededEventDetails?: MapIterationEventDetails;
  mapIterationFailedEventDetails?: MapIterationEventDetails;
  mapIterationAbortedEventDetails?: MapIterationEventDetails;
  mapRunStartedEventDetails?: { mapRunArn: string };
  mapRunFailedEventDetails?: ErrorCause;
  executionRedrivenEventDetails?: { redriveCount: number };
}
