// DynamoDB's named errors with AWS's codes and messages. Data-plane errors carry the versioned namespace
// AWS puts in `__type`; validation errors are coral's.
import { AwsError, CommonErrors } from '../../protocol/errors.js';
import { DynamoValidationError } from './expressions/errors.js';

const NS = 'com.amazonaws.dynamodb.v20120810';
const e = (code: string, message: string, fields?: Record<string, unknown>) =>
  new AwsError(code, message, { status: 400, jsonNamespace: NS, ...(fields ? { fields } : {}) });

export const DdbErrors = {
  validation: (message: string) => CommonErrors.validationError(message),
  resourceNotFound: (message = 'Requested resource not found') => e('ResourceNotFoundException', message),
  tableNotFound: (name: string) =>
    e('ResourceNotFoundException', `Requested resource not found: Table: ${name} not found`),
  resourceInUse: (message: string) => e('ResourceInUseException', message),
  conditionalCheckFailed: (item?: Record<string, unknown>) =>
    e('ConditionalCheckFailedException', 'The conditional request failed', item ? { Item: item } : undefined),
  transactionCanceled: (reasons: Array<{ Code: string; Message?: string; Item?: unknown }>) =>
    e(
      'TransactionCanceledException',
      `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
      { CancellationReasons: reasons },
    ),
  idempotentMismatch: () =>
    e(
      'IdempotentParameterMismatchException',
      'Request parameters do not match with the request parameters of the previous request',
    ),
  limitExceeded: (message: string) => e('LimitExceededException', message),
  keyMismatch: () => CommonErrors.validationError('The provided key element does not match the schema'),
};

/** Runs fn, turning the expression library's validation failures into ValidationException. */
export function validating<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DynamoValidationError) throw DdbErrors.validation(err.message);
    throw err;
  }
}

/** Maps a library validation error thrown anywhere (async-safe variant for handler wrappers). */
export function asAwsError(err: unknown): unknown {
  return err instanceof DynamoValidationError ? DdbErrors.validation(err.message) : err;
}
