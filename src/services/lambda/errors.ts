// Lambda's named errors: codes and statuses from the model's error shapes, messages as AWS words them.
import { AwsError } from '../../protocol/errors.js';

export const LambdaErrors = {
  functionNotFound: (arn: string) =>
    new AwsError('ResourceNotFoundException', `Function not found: ${arn}`, { status: 404 }),
  aliasNotFound: (arn: string) => new AwsError('ResourceNotFoundException', `Alias not found: ${arn}`, { status: 404 }),
  notFound: (message: string) => new AwsError('ResourceNotFoundException', message, { status: 404 }),
  functionExists: (name: string) =>
    new AwsError('ResourceConflictException', `Function already exist: ${name}`, { status: 409 }),
  conflict: (message: string) => new AwsError('ResourceConflictException', message, { status: 409 }),
  invalidParameter: (message: string) => new AwsError('InvalidParameterValueException', message, { status: 400 }),
  invalidRequestContent: (message: string) => new AwsError('InvalidRequestContentException', message, { status: 400 }),
  preconditionFailed: (message: string) => new AwsError('PreconditionFailedException', message, { status: 412 }),
  tooManyRequests: (message: string, reason: string) =>
    new AwsError('TooManyRequestsException', message, { status: 429, fields: { Reason: reason } }),
  requestTooLarge: (message: string) => new AwsError('RequestTooLargeException', message, { status: 413 }),
  stateConflict: (state: string) =>
    new AwsError(
      'ResourceConflictException',
      `The operation cannot be performed at this time. The function is currently in the following state: ${state}`,
      { status: 409 },
    ),
  updateInProgress: (arn: string) =>
    new AwsError(
      'ResourceConflictException',
      `The operation cannot be performed at this time. An update is in progress for resource: ${arn}`,
      { status: 409 },
    ),
};
