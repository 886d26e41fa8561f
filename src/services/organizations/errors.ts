// Organizations' named errors. Codes are the model's shape names, statuses its httpError traits; messages follow
// AWS's wording. InvalidInputException and ConstraintViolationException carry a Reason field.
import { AwsError } from '../../protocol/errors.js';
import type { ConstraintViolationExceptionReason, InvalidInputExceptionReason } from './api.js';

const e = (code: string, status: number, message: string, fields?: Record<string, unknown>) =>
  new AwsError(code, message, fields ? { status, fields } : { status });

/** AWS's sentence for each InvalidInputException reason (from the API reference). */
const INPUT_MESSAGES: Partial<Record<InvalidInputExceptionReason, string>> = {
  DUPLICATE_TAG_KEY: 'Tag keys must be unique among the tags attached to the same entity.',
  IMMUTABLE_POLICY: "You specified a policy that is managed by AWS and can't be modified.",
  INPUT_REQUIRED: 'You must include a value for all required parameters.',
  INVALID_ENUM: 'You specified an invalid value.',
  INVALID_ENUM_POLICY_TYPE: 'You specified an invalid policy type string.',
  INVALID_LIST_MEMBER: 'You provided a list to a parameter that contains at least one invalid value.',
  INVALID_NEXT_TOKEN: 'You specified an invalid value for nextToken.',
  INVALID_PARTY_TYPE_TARGET: 'You specified the wrong type of entity (account, organization, or email) as a party.',
  INVALID_PATTERN: 'You provided a value that does not match the required pattern.',
  INVALID_PATTERN_TARGET_ID: "You specified a policy target ID that doesn't match the required pattern.",
  INVALID_ROLE_NAME: "You provided a role name that isn't valid.",
  INVALID_SYSTEM_TAGS_PARAMETER:
    "You specified a tag key that is a system tag. You can't add, edit, or delete system tag keys because they're reserved for AWS use.",
  MAX_LENGTH_EXCEEDED: 'You provided a string parameter that is longer than allowed.',
  MAX_VALUE_EXCEEDED: 'You provided a numeric parameter that has a larger value than allowed.',
  MIN_LENGTH_EXCEEDED: 'You provided a string parameter that is shorter than allowed.',
  MIN_VALUE_EXCEEDED: 'You provided a numeric parameter that has a smaller value than allowed.',
  MOVING_ACCOUNT_BETWEEN_DIFFERENT_ROOTS: 'You can move an account only between entities in the same root.',
  NON_DETACHABLE_POLICY: "You can't detach this AWS Managed Policy.",
  TARGET_NOT_SUPPORTED: "You can't perform the specified operation on that target entity.",
  UNRECOGNIZED_SERVICE_PRINCIPAL: "You specified a service principal that isn't recognized.",
};

/** AWS's sentence for each ConstraintViolationException reason used here. */
const CONSTRAINT_MESSAGES: Partial<Record<ConstraintViolationExceptionReason, string>> = {
  ACCOUNT_CANNOT_LEAVE_ORGANIZATION:
    "You attempted to remove the management account from the organization. You can't remove the management account. Instead, after you remove all member accounts, delete the organization itself.",
  CANNOT_CLOSE_MANAGEMENT_ACCOUNT:
    'You attempted to close the management account. To close the management account for the organization, you must first either remove or close all member accounts in the organization.',
  CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR:
    'You attempted to register the management account of the organization as a delegated administrator for an AWS service integrated with Organizations. You can designate only a member account as a delegated administrator.',
  CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR:
    'You cannot register a suspended account as a delegated administrator.',
  CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG:
    'You attempted to remove an account that is registered as a delegated administrator for a service integrated with your organization. To complete this operation, you must first deregister this account as a delegated administrator.',
  MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED:
    'You attempted to exceed the number of policies of a certain type that can be attached to an entity at one time.',
  MAX_TAG_LIMIT_EXCEEDED: 'You have exceeded the number of tags allowed on this resource.',
  MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED:
    'You attempted to detach a policy from an entity that would cause the entity to have fewer than the minimum number of policies of a certain type required.',
  ORGANIZATION_NOT_IN_ALL_FEATURES_MODE:
    "You attempted to perform an operation that requires the organization to be configured to support all features. An organization that supports only consolidated billing features can't perform this operation.",
  OU_DEPTH_LIMIT_EXCEEDED: 'You attempted to create an OU tree that is too many levels deep.',
  POLICY_CONTENT_LIMIT_EXCEEDED: 'You attempted to create a policy that is larger than the maximum size.',
};

export const OrgErrors = {
  notInUse: () => e('AWSOrganizationsNotInUseException', 404, 'Your account is not a member of an organization.'),
  accessDenied: () => e('AccessDeniedException', 403, "You don't have permissions to access this resource."),
  alreadyInOrganization: () =>
    e('AlreadyInOrganizationException', 409, 'The AWS account is already a member of an organization.'),
  organizationNotEmpty: () =>
    e(
      'OrganizationNotEmptyException',
      409,
      'To delete an organization you must first remove all member accounts (except the management account).',
    ),
  invalidInput: (reason: InvalidInputExceptionReason, message?: string) =>
    e('InvalidInputException', 400, message ?? INPUT_MESSAGES[reason] ?? 'You specified an invalid value.', {
      Reason: reason,
    }),
  constraint: (reason: ConstraintViolationExceptionReason) =>
    e('ConstraintViolationException', 409, CONSTRAINT_MESSAGES[reason] ?? 'You violated a constraint.', {
      Reason: reason,
    }),
  accountNotFound: () => e('AccountNotFoundException', 404, "You specified an account that doesn't exist."),
  accountAlreadyClosed: () =>
    e('AccountAlreadyClosedException', 409, 'You attempted to close an account that is already closed.'),
  accountAlreadyRegistered: () =>
    e(
      'AccountAlreadyRegisteredException',
      409,
      'The provided account is already a delegated administrator for your organization.',
    ),
  accountNotRegistered: () =>
    e(
      'AccountNotRegisteredException',
      409,
      'The provided account is not a registered delegated administrator for your organization.',
    ),
  childNotFound: () =>
    e(
      'ChildNotFoundException',
      404,
      "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
    ),
  parentNotFound: () =>
    e('ParentNotFoundException', 404, "We can't find a root or OU with the ParentId that you specified."),
  sourceParentNotFound: () =>
    e('SourceParentNotFoundException', 404, "We can't find a source root or OU with the ParentId that you specified."),
  destinationParentNotFound: () =>
    e(
      'DestinationParentNotFoundException',
      404,
      "We can't find the destination container (a root or OU) with the ParentId that you specified.",
    ),
  duplicateAccount: () =>
    e('DuplicateAccountException', 409, 'That account is already present in the specified destination.'),
  ouNotFound: () =>
    e(
      'OrganizationalUnitNotFoundException',
      404,
      "We can't find an OU with the OrganizationalUnitId that you specified.",
    ),
  ouNotEmpty: () =>
    e(
      'OrganizationalUnitNotEmptyException',
      409,
      'The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.',
    ),
  duplicateOu: () => e('DuplicateOrganizationalUnitException', 409, 'An OU with the same name already exists.'),
  rootNotFound: () => e('RootNotFoundException', 404, "We can't find a root with the RootId that you specified."),
  targetNotFound: () =>
    e(
      'TargetNotFoundException',
      404,
      "We can't find a root, OU, account, or policy with the TargetId that you specified.",
    ),
  policyNotFound: () =>
    e('PolicyNotFoundException', 404, "We can't find a policy with the PolicyId that you specified."),
  policyInUse: () =>
    e(
      'PolicyInUseException',
      409,
      'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.',
    ),
  policyNotAttached: () =>
    e('PolicyNotAttachedException', 409, "The policy isn't attached to the specified target in the specified root."),
  duplicatePolicyAttachment: () =>
    e('DuplicatePolicyAttachmentException', 409, 'The selected policy is already attached to the specified target.'),
  duplicatePolicy: () => e('DuplicatePolicyException', 409, 'A policy with the same name already exists.'),
  malformedPolicy: (message: string) => e('MalformedPolicyDocumentException', 400, message),
  policyTypeAlreadyEnabled: () =>
    e('PolicyTypeAlreadyEnabledException', 409, 'The specified policy type is already enabled in the specified root.'),
  policyTypeNotEnabled: () =>
    e(
      'PolicyTypeNotEnabledException',
      409,
      "The specified policy type isn't currently enabled in this root. You can't attach policies of the specified type to entities in a root until you enable that type in the root.",
    ),
  policyTypeNotAvailable: () =>
    e(
      'PolicyTypeNotAvailableForOrganizationException',
      409,
      "You can't use the specified policy type with the feature set currently enabled for this organization.",
    ),
  effectivePolicyNotFound: () =>
    e('EffectivePolicyNotFoundException', 400, 'No effective policy of this type is found for the target.'),
  createAccountStatusNotFound: () =>
    e(
      'CreateAccountStatusNotFoundException',
      404,
      "We can't find a create account request with the CreateAccountRequestId that you specified.",
    ),
  masterCannotLeave: () =>
    e(
      'MasterCannotLeaveOrganizationException',
      409,
      "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization of the management account.",
    ),
  handshakeNotFound: () =>
    e('HandshakeNotFoundException', 404, "We can't find a handshake with the HandshakeId that you specified."),
  handshakeAlreadyInState: () =>
    e('HandshakeAlreadyInStateException', 409, 'The specified handshake is already in the requested state.'),
  invalidHandshakeTransition: () =>
    e(
      'InvalidHandshakeTransitionException',
      409,
      "You can't perform the operation on the handshake in its current state.",
    ),
  duplicateHandshake: () =>
    e('DuplicateHandshakeException', 409, 'A handshake with the same action and target already exists.'),
  handshakeConstraint: (reason: string, message: string) =>
    e('HandshakeConstraintViolationException', 409, message, { Reason: reason }),
  resourcePolicyNotFound: () =>
    e(
      'ResourcePolicyNotFoundException',
      404,
      "We can't find a resource policy request with the parameter that you specified.",
    ),
};
