// CloudWatch Logs' named errors (JSON `__type` = the model's shape name, HTTP 400). Messages follow AWS's.
import { AwsError } from '../../protocol/errors.js';

const e = (code: string, message: string) => new AwsError(code, message, { status: 400 });

export const LogsErrors = {
  groupNotFound: () => e('ResourceNotFoundException', 'The specified log group does not exist.'),
  streamNotFound: () => e('ResourceNotFoundException', 'The specified log stream does not exist.'),
  resourceNotFound: (message: string) => e('ResourceNotFoundException', message),
  groupExists: () => e('ResourceAlreadyExistsException', 'The specified log group already exists'),
  streamExists: () => e('ResourceAlreadyExistsException', 'The specified log stream already exists'),
  invalidParameter: (message: string) => e('InvalidParameterException', message),
  limitExceeded: (message = 'Resource limit exceeded.') => e('LimitExceededException', message),
  tooManyTags: (message: string, resourceName: string) =>
    new AwsError('TooManyTagsException', message, { status: 400, fields: { resourceName } }),
  invalidNextToken: () => e('InvalidParameterException', 'The specified nextToken is invalid.'),
  malformedQuery: (message: string) => e('MalformedQueryException', message),
};
