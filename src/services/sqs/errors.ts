// SQS's named errors. JSON code = model shape name; queryCode = the model's awsQueryError code (what query
// clients and x-amzn-query-error see); statuses from the model's httpError. Messages follow what AWS sends.
import { AwsError } from '../../protocol/errors.js';

const q = (code: string, queryCode: string | undefined, status: number, message: string) =>
  new AwsError(code, message, queryCode === undefined ? { status } : { status, queryCode });

export const SqsErrors = {
  queueDoesNotExist: () =>
    q('QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 400, 'The specified queue does not exist.'),
  queueNameExists: (message: string) => q('QueueNameExists', 'QueueAlreadyExists', 400, message),
  queueDeletedRecently: () =>
    q(
      'QueueDeletedRecently',
      'AWS.SimpleQueueService.QueueDeletedRecently',
      400,
      'You must wait 60 seconds after deleting a queue before you can create another with the same name.',
    ),
  invalidAttributeName: (message: string) => q('InvalidAttributeName', undefined, 400, message),
  invalidAttributeValue: (message: string) => q('InvalidAttributeValue', undefined, 400, message),
  invalidAddress: (url: string) =>
    q('InvalidAddress', 'InvalidAddress', 404, `The address ${url} is not valid for this endpoint.`),
  receiptHandleIsInvalid: (handle: string) =>
    q(
      'ReceiptHandleIsInvalid',
      'ReceiptHandleIsInvalid',
      404,
      `The input receipt handle "${handle}" is not a valid receipt handle.`,
    ),
  messageNotInflight: () =>
    q(
      'MessageNotInflight',
      'AWS.SimpleQueueService.MessageNotInflight',
      400,
      'The message referred to is not in flight.',
    ),
  purgeQueueInProgress: (queueName: string) =>
    q(
      'PurgeQueueInProgress',
      'AWS.SimpleQueueService.PurgeQueueInProgress',
      403,
      `Only one PurgeQueue operation on ${queueName} is allowed every 60 seconds.`,
    ),
  emptyBatchRequest: (entryShape: string) =>
    q(
      'EmptyBatchRequest',
      'AWS.SimpleQueueService.EmptyBatchRequest',
      400,
      `There should be at least one ${entryShape} in the request.`,
    ),
  tooManyEntriesInBatchRequest: (count: number) =>
    q(
      'TooManyEntriesInBatchRequest',
      'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
      400,
      `Maximum number of entries per request are 10. You have sent ${count}.`,
    ),
  batchEntryIdsNotDistinct: (id: string) =>
    q('BatchEntryIdsNotDistinct', 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 400, `Id ${id} repeated.`),
  invalidBatchEntryId: () =>
    q(
      'InvalidBatchEntryId',
      'AWS.SimpleQueueService.InvalidBatchEntryId',
      400,
      'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
    ),
  batchRequestTooLong: (size: number, limit: number) =>
    q(
      'BatchRequestTooLong',
      'AWS.SimpleQueueService.BatchRequestTooLong',
      400,
      `Batch requested message too long. Total size ${size} bytes exceeds the limit of ${limit} bytes.`,
    ),
  invalidMessageContents: (message: string) => q('InvalidMessageContents', undefined, 400, message),
  resourceNotFound: (message: string) => q('ResourceNotFoundException', 'ResourceNotFoundException', 404, message),
  unsupportedOperation: (message: string) =>
    q('UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation', 400, message),
  overLimit: (message: string) => q('OverLimit', 'OverLimit', 403, message),
  // Common errors SQS uses for parameter problems (not in the model's error list; same codes on both protocols).
  invalidParameterValue: (message: string) => new AwsError('InvalidParameterValue', message),
  invalidParameter: (name: string, value: unknown, reason: string) =>
    new AwsError('InvalidParameterValue', `Value ${String(value)} for parameter ${name} is invalid. Reason: ${reason}`),
  missingParameter: (name: string) =>
    new AwsError('MissingParameter', `The request must contain the parameter ${name}.`),
};
