/**
 * Authentication errors, with the codes/messages AWS answers.
 *
 * AWS uses two vocabularies for the same failures: Query/XML services (SQS, SNS, STS, IAM, ...) answer with
 * `SignatureDoesNotMatch`, `IncompleteSignature`, `InvalidClientTokenId`, `MissingAuthenticationToken`, while JSON
 * ("coral") services answer with `InvalidSignatureException`, `IncompleteSignatureException`,
 * `UnrecognizedClientException`, `MissingAuthenticationTokenException`. `code` carries the Query name and `jsonCode`
 * the JSON name, so each protocol layer picks the one it needs. S3 has its own codes/messages; those are emitted
 * directly when the credential scope service is `s3` (jsonCode then equals code).
 */

export type AuthErrorKind =
  | 'incomplete' // malformed / missing signature parts
  | 'mismatch' // signature (or signature-adjacent check) failed
  | 'expired' // clock skew / presigned URL expiry
  | 'token' // security token not recognised
  | 'missing'; // unrecognised auth scheme

const JSON_CODES: Record<string, string> = {
  SignatureDoesNotMatch: 'InvalidSignatureException',
  IncompleteSignature: 'IncompleteSignatureException',
  InvalidClientTokenId: 'UnrecognizedClientException',
  MissingAuthenticationToken: 'MissingAuthenticationTokenException',
  ExpiredToken: 'ExpiredTokenException',
};

export class AuthError extends Error {
  /** Error code for JSON-protocol services (`__type`). */
  public readonly jsonCode: string;
  public readonly kind: AuthErrorKind;
  /** For SignatureDoesNotMatch: the canonical request / string-to-sign atoll computed (debug logging only). */
  public canonicalRequest?: string;
  public stringToSign?: string;

  constructor(
    public code: string,
    message: string,
    public httpStatus: number,
    kind: AuthErrorKind = 'mismatch',
  ) {
    super(message);
    this.name = 'AuthError';
    this.kind = kind;
    this.jsonCode = JSON_CODES[code] ?? code;
  }
}

export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
export const S3_SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';

export function incomplete(message: string, s3: boolean, presigned: boolean): AuthError {
  if (s3) {
    return presigned
      ? new AuthError('AuthorizationQueryParametersError', message, 400, 'incomplete')
      : new AuthError('AuthorizationHeaderMalformed', message, 400, 'incomplete');
  }
  return new AuthError('IncompleteSignature', message, 400, 'incomplete');
}

export function signatureMismatch(s3: boolean, message?: string): AuthError {
  return new AuthError(
    'SignatureDoesNotMatch',
    message ?? (s3 ? S3_SIGNATURE_MISMATCH_MESSAGE : SIGNATURE_MISMATCH_MESSAGE),
    403,
    'mismatch',
  );
}

export function invalidToken(s3: boolean): AuthError {
  if (s3) return new AuthError('InvalidToken', 'The provided token is malformed or otherwise invalid.', 400, 'token');
  return new AuthError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403, 'token');
}

export function missingAuth(): AuthError {
  return new AuthError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403, 'missing');
}

/** Temporary credentials past their expiration. */
export function expiredToken(): AuthError {
  return new AuthError('ExpiredToken', 'The security token included in the request is expired', 403, 'token');
}
