/** A request-validation failure; the service maps it to ValidationException with `message` verbatim. */
export class DynamoValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DynamoValidationError';
  }
}

/** An expression kind as named in AWS messages ("Invalid UpdateExpression: ..."). */
export type ExpressionKind =
  'ConditionExpression' | 'FilterExpression' | 'KeyConditionExpression' | 'UpdateExpression' | 'ProjectionExpression';

export function invalidExpression(kind: ExpressionKind, detail: string): DynamoValidationError {
  return new DynamoValidationError(`Invalid ${kind}: ${detail}`);
}

export const INVALID_PARAM = 'One or more parameter values were invalid: ';
