// One error type for every service and protocol. Handlers throw AwsError values built by named constructors
// (the common ones here, service ones in each service's errors.ts); the protocol serializers turn them into
// JSON `__type`, query `<ErrorResponse>` or REST-XML `<Error>` bodies.

export interface AwsErrorOptions {
  /** HTTP status; AWS uses 400 for almost every client error. */
  status?: number;
  /** Sender (client) or Receiver (server) fault: query `<Type>` and x-amzn-query-error suffix. */
  fault?: 'client' | 'server';
  /**
   * Code the query protocol shows when it differs from the JSON code (awsQueryError trait),
   * e.g. QueueDoesNotExist -> AWS.SimpleQueueService.NonExistentQueue.
   */
  queryCode?: string;
  /** Namespace for the JSON `__type` (defaults to the service's namespace). */
  jsonNamespace?: string;
  /** Extra headers AWS sends with this error (e.g. Retry-After). */
  headers?: Record<string, string>;
  /** Extra body fields (JSON) / elements (XML) some errors carry. */
  fields?: Record<string, unknown>;
}

export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fault: 'client' | 'server';
  readonly queryCode: string | undefined;
  readonly jsonNamespace: string | undefined;
  readonly headers: Record<string, string> | undefined;
  readonly fields: Record<string, unknown> | undefined;

  constructor(code: string, message: string, opts: AwsErrorOptions = {}) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = opts.status ?? 400;
    this.fault = opts.fault ?? (this.status >= 500 ? 'server' : 'client');
    this.queryCode = opts.queryCode;
    this.jsonNamespace = opts.jsonNamespace;
    this.headers = opts.headers;
    this.fields = opts.fields;
  }
}

/** Errors shared by all AWS services ("Common Errors" in every API reference). */
export const CommonErrors = {
  accessDenied: (message = 'Access to the resource is denied.') =>
    new AwsError('AccessDenied', message, { status: 403, jsonNamespace: 'com.amazon.coral.service' }),
  incompleteSignature: (message: string) => new AwsError('IncompleteSignature', message, { status: 400 }),
  internalFailure: (message = 'We encountered an internal error. Please try again.') =>
    new AwsError('InternalFailure', message, { status: 500, fault: 'server' }),
  invalidAction: (action: string) =>
    new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`, { status: 400 }),
  unknownOperation: () =>
    new AwsError('UnknownOperationException', '', { status: 400, jsonNamespace: 'com.amazon.coral.service' }),
  invalidParameterCombination: (message: string) => new AwsError('InvalidParameterCombination', message),
  invalidParameterValue: (message: string) => new AwsError('InvalidParameterValue', message),
  invalidQueryParameter: (message: string) => new AwsError('InvalidQueryParameter', message),
  malformedQueryString: (message: string) => new AwsError('MalformedQueryString', message, { status: 404 }),
  missingAction: () => new AwsError('MissingAction', 'The request must contain the parameter Action.'),
  missingParameter: (message: string) => new AwsError('MissingParameter', message),
  serializationException: (message = 'Start of structure or map found where not expected.') =>
    new AwsError('SerializationException', message, { jsonNamespace: 'com.amazon.coral.service' }),
  validationError: (message: string) =>
    new AwsError('ValidationException', message, {
      queryCode: 'ValidationError',
      jsonNamespace: 'com.amazon.coral.validate',
    }),
  notImplemented: (operation: string) =>
    new AwsError(
      'NotImplemented',
      `atoll does not implement ${operation} yet (see the coverage table in the README).`,
      {
        status: 501,
        fault: 'server',
      },
    ),
  unsupportedMediaType: () =>
    new AwsError('UnsupportedMediaType', 'The request content type is not supported.', { status: 415 }),
  requestEntityTooLarge: (limit: number) =>
    new AwsError('RequestEntityTooLarge', `Request body must be no larger than ${limit} bytes.`, { status: 413 }),
  throttling: (message = 'Rate exceeded') => new AwsError('ThrottlingException', message, { status: 400 }),
  serviceUnavailable: (message = 'The service is shutting down.') =>
    new AwsError('ServiceUnavailable', message, { status: 503, fault: 'server' }),
};

/** Turns anything thrown by a handler into an AwsError, logging unexpected ones as internal failures. */
export function toAwsError(err: unknown): AwsError {
  if (err instanceof AwsError) return err;
  return CommonErrors.internalFailure();
}
