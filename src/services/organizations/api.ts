// Organizations API shapes as handlers see them (the generator's types).
import type { Operations as GeneratedOperations } from '../../../generated/organizations/types.js';

export type {
  Account,
  Child,
  ConstraintViolationExceptionReason,
  CreateAccountStatus,
  DelegatedAdministrator,
  EffectivePolicyType,
  Handshake,
  InvalidInputExceptionReason,
  Organization,
  OrganizationalUnit,
  Parent,
  Policy,
  PolicySummary,
  PolicyTargetSummary,
  PolicyType,
  Root,
  Tag,
} from '../../../generated/organizations/types.js';
export type Operations = GeneratedOperations;
