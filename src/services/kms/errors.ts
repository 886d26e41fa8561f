// KMS's named errors. The Smithy model gives some of them 404/409, but KMS answers every client error with HTTP 400
// (SDK logs of real calls show "Status Code: 400; Error Code: NotFoundException"), so all use 400 here.
import { AwsError } from '../../protocol/errors.js';

const e = (code: string, message: string) => new AwsError(code, message, { status: 400 });

export const KmsErrors = {
  keyNotFound: (arn: string) => e('NotFoundException', `Key '${arn}' does not exist`),
  aliasNotFound: (aliasArn: string) => e('NotFoundException', `Alias ${aliasArn} is not found.`),
  notFound: (message: string) => e('NotFoundException', message),
  invalidArn: (message: string) => e('InvalidArnException', message),
  disabled: (arn: string) => e('DisabledException', `${arn} is disabled.`),
  invalidState: (message: string) => e('KMSInvalidStateException', message),
  pendingDeletion: (arn: string) => e('KMSInvalidStateException', `${arn} is pending deletion.`),
  invalidKeyUsage: (message: string) => e('InvalidKeyUsageException', message),
  invalidCiphertext: () => e('InvalidCiphertextException', ''),
  incorrectKey: () =>
    e('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.'),
  invalidSignature: () => e('KMSInvalidSignatureException', ''),
  invalidMac: () => e('KMSInvalidMacException', ''),
  aliasName: (message: string) => e('InvalidAliasNameException', message),
  alreadyExists: (message: string) => e('AlreadyExistsException', message),
  malformedPolicy: (message: string) => e('MalformedPolicyDocumentException', message),
  unsupported: (message: string) => e('UnsupportedOperationException', message),
  tag: (message: string) => e('TagException', message),
  limit: (message: string) => e('LimitExceededException', message),
  invalidGrantId: () => e('InvalidGrantIdException', 'Grant id is invalid.'),
  invalidGrantToken: () => e('InvalidGrantTokenException', 'Grant token is invalid.'),
  invalidMarker: () => e('InvalidMarkerException', 'Invalid marker.'),
  validation: (message: string) =>
    new AwsError('ValidationException', message, { status: 400, jsonNamespace: 'com.amazon.coral.validate' }),
  dryRun: () =>
    new AwsError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.', {
      status: 412,
    }),
};
