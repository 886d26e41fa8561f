// Document errors carry a stable reason next to AWS's message, so each service can keep IAM's wording or swap in its
// own (S3 says "Invalid principal in policy" where IAM appends the offending value, Organizations has one message).

export type PolicyErrorReason =
  | 'Syntax'
  | 'LegacyParsing'
  | 'UnknownField'
  | 'PrincipalProhibited'
  | 'PrincipalRequired'
  | 'InvalidPrincipal'
  | 'ResourceProhibited'
  | 'ResourceRequired'
  | 'ActionRequired'
  | 'InvalidAction'
  | 'InvalidResource'
  | 'InvalidEffect'
  | 'InvalidCondition'
  | 'ConflictingElements'
  | 'PolicyTypeRequirement'
  | 'SizeExceeded';

export type PolicyErrorCode = 'MalformedPolicyDocument' | 'LimitExceeded';

export class PolicyDocumentError extends Error {
  override readonly name = 'PolicyDocumentError';
  constructor(
    message: string,
    readonly reason: PolicyErrorReason,
    readonly code: PolicyErrorCode = 'MalformedPolicyDocument',
  ) {
    super(message);
  }
}

export const SYNTAX_ERROR = 'Syntax errors in policy.';
export const LEGACY_PARSING_ERROR = 'The policy failed legacy parsing';
/** AWS Organizations reports every SCP/RCP content problem with this one sentence. */
export const ORGANIZATIONS_POLICY_ERROR =
  'The provided policy document does not meet the requirements of the specified policy type.';
