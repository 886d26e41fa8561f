// The contract between the policy engine and every service that asks it for a decision. Plain data only: the engine
// never looks anything up, so callers resolve users, roles, attached policies and organization chains beforehand.

/** Where a policy document is used; decides which elements are required or prohibited, and its size quota. */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'scp' | 'rcp' | 'boundary' | 'session';

export type PolicyVersion = '2008-10-17' | '2012-10-17';

export type Effect = 'Allow' | 'Deny';

/** An Action/NotAction or Resource/NotResource element: the listed patterns, or everything but them. */
export interface PatternElement {
  negated: boolean;
  values: string[];
}

/** A Principal value: everyone ("*" or {"AWS": "*"}), or lists per principal kind. */
export interface PrincipalSpec {
  /** True for "*" and for {"AWS": "*"}, which IAM documents as equivalent. */
  any: boolean;
  aws: string[];
  service: string[];
  federated: string[];
  canonicalUser: string[];
}

export interface PrincipalElement {
  negated: boolean;
  spec: PrincipalSpec;
}

export type ConditionOperatorName =
  | 'StringEquals'
  | 'StringNotEquals'
  | 'StringEqualsIgnoreCase'
  | 'StringNotEqualsIgnoreCase'
  | 'StringLike'
  | 'StringNotLike'
  | 'NumericEquals'
  | 'NumericNotEquals'
  | 'NumericLessThan'
  | 'NumericLessThanEquals'
  | 'NumericGreaterThan'
  | 'NumericGreaterThanEquals'
  | 'DateEquals'
  | 'DateNotEquals'
  | 'DateLessThan'
  | 'DateLessThanEquals'
  | 'DateGreaterThan'
  | 'DateGreaterThanEquals'
  | 'Bool'
  | 'BinaryEquals'
  | 'IpAddress'
  | 'NotIpAddress'
  | 'ArnEquals'
  | 'ArnLike'
  | 'ArnNotEquals'
  | 'ArnNotLike'
  | 'Null';

export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

/** One key test inside a Condition block: `"ForAnyValue:StringLikeIfExists": { "aws:TagKeys": [...] }`. */
export interface ConditionClause {
  /** The operator as written in the document, for reporting. */
  raw: string;
  operator: ConditionOperatorName;
  qualifier?: SetQualifier;
  ifExists: boolean;
  /** Lower-cased: condition key names are case-insensitive. */
  key: string;
  /** Policy values, as strings (JSON numbers and booleans are accepted and stringified, as IAM does). */
  values: string[];
}

export interface Statement {
  /** Position in the document (0-based), used when Sid is absent. */
  index: number;
  sid?: string;
  effect: Effect;
  principal?: PrincipalElement;
  action: PatternElement;
  /** Absent in trust policies, where the role itself is the resource. */
  resource?: PatternElement;
  conditions: ConditionClause[];
}

export interface Policy {
  kind: PolicyKind;
  version: PolicyVersion;
  /** Caller-chosen identifier for reporting (policy ARN, inline policy name, "bucket policy", ...). */
  name?: string;
  /** The document's own optional Id element. */
  id?: string;
  statements: Statement[];
}

// ---- request side ----

export type ConditionScalar = string | number | boolean;
/** Arrays are multivalued context keys (aws:TagKeys, aws:CalledVia, ...). */
export type ConditionValue = ConditionScalar | readonly ConditionScalar[];
export type ConditionContext = Record<string, ConditionValue | undefined>;

export type PrincipalType =
  'Root' | 'User' | 'AssumedRole' | 'FederatedUser' | 'WebIdentity' | 'SAML' | 'Service' | 'Anonymous';

export interface AuthzPrincipal {
  /**
   * The caller's own ARN: `arn:aws:iam::A:root`, `arn:aws:iam::A:user/path/name`,
   * `arn:aws:sts::A:assumed-role/Role/Session`, `arn:aws:sts::A:federated-user/name`; the service principal name for
   * 'Service' (`sns.amazonaws.com`); the provider for 'WebIdentity'/'SAML'; '*' or '' for 'Anonymous'.
   */
  arn: string;
  accountId: string;
  type: PrincipalType;
  /** Unique id: AIDA... for users, AROA... for roles (sessions append `:session` in aws:userid). */
  userId?: string;
  /** IAM user name (users), or the caller-chosen name of a federated user. */
  username?: string;
  /** Sessions: the IAM role ARN including its path (`arn:aws:iam::A:role/path/Role`). */
  roleArn?: string;
  /** Federated-user sessions (GetFederationToken): the IAM user that created the session. */
  parentUserArn?: string;
  /** S3 canonical user id, matched by {"CanonicalUser": ...}. */
  canonicalUserId?: string;
  /** Principal tags, including session tags (which override same-named role tags). */
  tags?: Record<string, string>;
  isServiceLinkedRole?: boolean;
  orgId?: string;
  orgPaths?: string[];
}

export interface AuthzRequest {
  principal: AuthzPrincipal;
  /** `service:Action`, e.g. 'sqs:SendMessage'. Matched case-insensitively. */
  action: string;
  /** Resource ARN, or '*' for actions with no resource. */
  resource: string;
  /** Defaults to the ARN's account field, else the principal's account (S3 ARNs carry none: pass it). */
  resourceAccountId?: string;
  /** Condition context: global keys (see buildGlobalContext) plus service keys. Keys are case-insensitive. */
  context: ConditionContext;
}

export interface PolicySet {
  /** Every identity-based policy of the principal: user inline + managed + groups', or the role's. */
  identity: Policy[];
  /** The resource-based policy (bucket policy, queue policy, key policy, role trust policy, ...). */
  resource?: Policy | Policy[];
  /**
   * True for resources whose policy must itself allow the request (role trust policies and KMS key policies): an
   * identity-based allow alone never suffices there.
   */
  resourcePolicyRequired?: boolean;
  /** The principal's permissions boundary (users and roles, inherited by their sessions). */
  boundary?: Policy;
  /** Session policies passed to AssumeRole, AssumeRoleWith... or GetFederationToken. Present (even empty) means the session has some. */
  session?: Policy[];
  /** SCPs of the principal's account, one array per level from the root through OUs to the account. */
  scps?: Policy[][];
  /** RCPs of the resource's account, one array per level from the root through OUs to the account. */
  rcps?: Policy[][];
  /** The principal's account is the organization's management account (SCPs do not apply). */
  principalInManagementAccount?: boolean;
  /** The resource's account is the organization's management account (RCPs do not apply). */
  resourceInManagementAccount?: boolean;
}

// ---- result side ----

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

export type PolicyType =
  'identity-based' | 'resource-based' | 'permissions boundary' | 'session' | 'service control' | 'resource control';

export interface MatchedStatement {
  policyType: PolicyType;
  policyName?: string;
  sid?: string;
  index: number;
  effect: Effect;
}

export interface EvaluationResult {
  decision: Decision;
  /** Statements that applied to the request (for Allow: the allowing ones; for ExplicitDeny: the denying ones). */
  matchedStatements: MatchedStatement[];
  /** The policy type responsible for a deny, as AWS names it in AccessDenied messages. */
  deniedBy?: PolicyType;
  /** Human-readable explanation of the decision. */
  reason: string;
}
