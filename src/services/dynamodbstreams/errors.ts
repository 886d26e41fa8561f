// DynamoDB Streams' named errors (same JSON namespace as DynamoDB's data plane).
import { AwsError, CommonErrors } from '../../protocol/errors.js';

const NS = 'com.amazonaws.dynamodb.v20120810';
const e = (code: string, message: string) => new AwsError(code, message, { status: 400, jsonNamespace: NS });

export const StreamErrors = {
  resourceNotFound: (message: string) => e('ResourceNotFoundException', message),
  streamNotFound: (arn: string) =>
    e('ResourceNotFoundException', `Requested resource not found: Stream: ${arn} not found`),
  expiredIterator: () => e('ExpiredIteratorException', 'Shard iterator has expired'),
  trimmed: () =>
    e('TrimmedDataAccessException', 'The operation attempted to read past the oldest stream record in a shard.'),
  validation: (message: string) => CommonErrors.validationError(message),
};
