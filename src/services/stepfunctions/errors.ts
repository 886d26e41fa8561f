// Step Functions' named errors: codes are the model's shape names (all HTTP 400); messages follow the
// `<Title>: '<detail>'` form AWS sends.
import { AwsError } from '../../protocol/errors.js';

const e = (code: string, message: string) => new AwsError(code, message, { status: 400 });

export const SfnErrors = {
  invalidArn: (detail: string) => e('InvalidArn', `Invalid Arn: '${detail}'`),
  invalidName: (name: string) => e('InvalidName', `Invalid Name: '${name}'`),
  invalidDefinition: (message: string) => e('InvalidDefinition', message),
  invalidExecutionInput: (detail: string) =>
    e('InvalidExecutionInput', `Invalid State Machine Execution Input: '${detail}'`),
  invalidOutput: (detail: string) => e('InvalidOutput', `Invalid Output: '${detail}'`),
  invalidToken: (detail = 'Invalid token') => e('InvalidToken', `Invalid Token: '${detail}'`),
  invalidLoggingConfiguration: (detail: string) => e('InvalidLoggingConfiguration', detail),
  stateMachineDoesNotExist: (arn: string) => e('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`),
  stateMachineAlreadyExists: (arn: string) => e('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`),
  stateMachineTypeNotSupported: (detail: string) => e('StateMachineTypeNotSupported', detail),
  executionDoesNotExist: (arn: string) => e('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`),
  executionAlreadyExists: (arn: string) => e('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`),
  activityDoesNotExist: (arn: string) => e('ActivityDoesNotExist', `Activity Does Not Exist: '${arn}'`),
  activityAlreadyExists: (arn: string) => e('ActivityAlreadyExists', `Activity Already Exists: '${arn}'`),
  taskDoesNotExist: () => e('TaskDoesNotExist', `Task Does Not Exist: 'Provided task does not exist'`),
  taskTimedOut: () => e('TaskTimedOut', `Task Timed Out: 'Provided task does not exist anymore'`),
  resourceNotFound: (arn: string) => e('ResourceNotFound', `Resource not found: '${arn}'`),
  tooManyTags: (arn: string) =>
    new AwsError('TooManyTags', `Too many tags on resource: '${arn}'`, { status: 400, fields: { resourceName: arn } }),
  missingRequiredParameter: (detail: string) => e('MissingRequiredParameter', detail),
  validation: (message: string, reason?: string) =>
    new AwsError('ValidationException', message, { status: 400, ...(reason ? { fields: { reason } } : {}) }),
  conflict: (message: string) => e('ConflictException', message),
  executionNotRedrivable: (reason: string) => e('ExecutionNotRedrivable', reason),
};
