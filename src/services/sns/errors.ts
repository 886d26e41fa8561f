// SNS's named errors. The code is the model's shape name, queryCode its awsQueryError code (what query clients
// see in <Code>); statuses from the model's httpError. Messages follow what AWS sends.
import { AwsError } from '../../protocol/errors.js';

const e = (code: string, queryCode: string, status: number, message: string) =>
  new AwsError(code, message, { status, queryCode });

export const SnsErrors = {
  /** AWS's catch-all: "Invalid parameter: <detail>". */
  invalidParameter: (detail: string) =>
    e('InvalidParameterException', 'InvalidParameter', 400, `Invalid parameter: ${detail}`),
  invalidParameterValue: (message: string) =>
    e('InvalidParameterValueException', 'ParameterValueInvalid', 400, message),
  topicNotFound: () => e('NotFoundException', 'NotFound', 404, 'Topic does not exist'),
  subscriptionNotFound: () => e('NotFoundException', 'NotFound', 404, 'Subscription does not exist'),
  notFound: (message: string) => e('NotFoundException', 'NotFound', 404, message),
  resourceNotFound: () => e('ResourceNotFoundException', 'ResourceNotFound', 404, 'Resource does not exist'),
  authorizationError: (message: string) => e('AuthorizationErrorException', 'AuthorizationError', 403, message),
  tagLimitExceeded: () =>
    e(
      'TagLimitExceededException',
      'TagLimitExceeded',
      400,
      'Could not complete request: tag quota of per resource exceeded',
    ),
  emptyBatchRequest: () =>
    e('EmptyBatchRequestException', 'EmptyBatchRequest', 400, 'The batch request does not contain any entries.'),
  tooManyEntriesInBatchRequest: () =>
    e(
      'TooManyEntriesInBatchRequestException',
      'TooManyEntriesInBatchRequest',
      400,
      'The batch request contains more entries than permissible.',
    ),
  batchEntryIdsNotDistinct: () =>
    e(
      'BatchEntryIdsNotDistinctException',
      'BatchEntryIdsNotDistinct',
      400,
      'Two or more batch entries in the request have the same Id.',
    ),
  invalidBatchEntryId: () =>
    e(
      'InvalidBatchEntryIdException',
      'InvalidBatchEntryId',
      400,
      'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
    ),
  batchRequestTooLong: () =>
    e(
      'BatchRequestTooLongException',
      'BatchRequestTooLong',
      400,
      'The length of all the messages put together is more than the limit.',
    ),
};
