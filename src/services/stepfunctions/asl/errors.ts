/** A runtime error raised while running a state: the `Error`/`Cause` pair AWS reports. */
export class StatesError extends Error {
  readonly error: string;
  override readonly cause: string;
  constructor(error: string, cause: string) {
    super(`${error}: ${cause}`);
    this.error = error;
    this.cause = cause;
  }
}

export const ERR = {
  ALL: 'States.ALL',
  Runtime: 'States.Runtime',
  TaskFailed: 'States.TaskFailed',
  Timeout: 'States.Timeout',
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  Permissions: 'States.Permissions',
  ResultPathMatchFailure: 'States.ResultPathMatchFailure',
  ParameterPathFailure: 'States.ParameterPathFailure',
  BranchFailed: 'States.BranchFailed',
  NoChoiceMatched: 'States.NoChoiceMatched',
  IntrinsicFailure: 'States.IntrinsicFailure',
  ExceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',
  ItemReaderFailed: 'States.ItemReaderFailed',
  ResultWriterFailed: 'States.ResultWriterFailed',
  QueryEvaluationError: 'States.QueryEvaluationError',
  DataLimitExceeded: 'States.DataLimitExceeded',
} as const;

/** Errors that no Retry or Catch can handle (AWS: terminal, not matched even by States.ALL). */
export function isTerminalError(error: string): boolean {
  return error === ERR.Runtime || error === ERR.DataLimitExceeded;
}

export function runtimeError(cause: string): StatesError {
  return new StatesError(ERR.Runtime, cause);
}
