// Public surface of the policy engine: parse documents, build the global condition context, evaluate requests.
export { parsePolicy, type ParseOptions } from './parse.js';
export { evaluate, accessDeniedMessage, resourceAccountOf } from './evaluate.js';
export { buildGlobalContext, type GlobalContextInput } from './context.js';
export {
  PolicyDocumentError,
  type PolicyErrorCode,
  type PolicyErrorReason,
  SYNTAX_ERROR,
  LEGACY_PARSING_ERROR,
  ORGANIZATIONS_POLICY_ERROR,
} from './errors.js';
export { POLICY_SIZE_LIMITS, policySize, checkPolicySize, type PolicySizeClass, type SizeCheck } from './limits.js';
export { FULL_AWS_ACCESS_SCP, FULL_AWS_ACCESS_RCP } from './managed.js';
export { actionMatch, resourceMatch, arnMatch, globMatch } from './wildcard.js';
export type { PrincipalValidator } from './parse-elements.js';
export type * from './types.js';
export { tracePolicies, type PolicyTrace, type StatementTrace, type ConditionTrace } from './trace.js';
