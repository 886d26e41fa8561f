export {
  FilterPolicyError,
  compileFilterPolicy,
  matchesBody,
  matchesMessage,
  matchesMessageAttributes,
  type CompiledFilterPolicy,
  type FilterPolicyOperation,
  type FilterPolicyScope,
  type MessageAttribute,
} from './policy.js';
