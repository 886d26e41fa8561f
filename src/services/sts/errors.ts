// STS's named errors (query codes from the model; ValidationError / AccessDenied as STS words them).
import { AwsError } from '../../protocol/errors.js';

export const StsErrors = {
  validation: (message: string) =>
    new AwsError('ValidationException', message, { status: 400, queryCode: 'ValidationError' }),
  accessDenied: (message: string) => new AwsError('AccessDenied', message, { status: 403 }),
  malformedPolicy: (message: string) =>
    new AwsError('MalformedPolicyDocumentException', message, { status: 400, queryCode: 'MalformedPolicyDocument' }),
  packedPolicyTooLarge: (message: string) =>
    new AwsError('PackedPolicyTooLargeException', message, { status: 400, queryCode: 'PackedPolicyTooLarge' }),
  missingAuth: () =>
    new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', { status: 403 }),
};
