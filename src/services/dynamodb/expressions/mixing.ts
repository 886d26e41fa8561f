import { DynamoValidationError } from './errors.js';

// A request may use either the expression parameters or the legacy ones, never both; and
// ExpressionAttributeNames/Values only make sense alongside expressions.

const NON_EXPRESSION = [
  'AttributesToGet',
  'Expected',
  'AttributeUpdates',
  'KeyConditions',
  'QueryFilter',
  'ScanFilter',
  'ConditionalOperator',
];
const EXPRESSION = [
  'ProjectionExpression',
  'ConditionExpression',
  'UpdateExpression',
  'KeyConditionExpression',
  'FilterExpression',
];

function present(request: Record<string, unknown>, keys: string[]): string[] {
  return keys.filter((k) => request[k] !== undefined && request[k] !== null);
}

/** Throws AWS's messages for mixed legacy/expression parameters in one request body. */
export function checkParameterMix(request: Record<string, unknown>): void {
  const legacy = present(request, NON_EXPRESSION);
  const expr = present(request, EXPRESSION);
  if (legacy.length > 0 && expr.length > 0) {
    throw new DynamoValidationError(
      `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${legacy.join(', ')}} Expression parameters: {${expr.join(', ')}}`,
    );
  }
  if (expr.length === 0) {
    if (request.ExpressionAttributeNames !== undefined) {
      throw new DynamoValidationError('ExpressionAttributeNames can only be specified when using expressions');
    }
    if (request.ExpressionAttributeValues !== undefined) {
      throw new DynamoValidationError('ExpressionAttributeValues can only be specified when using expressions');
    }
  }
}
