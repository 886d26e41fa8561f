// Public API of the DynamoDB expression library (pure: no I/O, no service wiring).
export { DynamoValidationError, type ExpressionKind } from './errors.js';
export type * from './ast.js';
export { formatPathList } from './ast.js';
export { ExpressionAttributes, createExpressionAttributes } from './attributes.js';
export { parseCondition } from './condition-parser.js';
export { evaluateCondition, resolveOperand, sizeOf } from './evaluate.js';
export { parseUpdate } from './update-parser.js';
export { applyUpdate, MISSING_ATTRIBUTE, WRONG_OPERAND_TYPE } from './update-apply.js';
export { parseProjection, project } from './projection.js';
export {
  parseKeyCondition,
  matchesKeyCondition,
  type KeyCondition,
  type KeySchema,
  type SortKeyOperator,
} from './key-condition.js';
export {
  expectedToCondition,
  filterToCondition,
  keyConditionsToKeyCondition,
  legacyConditionToAst,
  type ExpectedAttributeValue,
  type LegacyCondition,
} from './legacy-conditions.js';
export { attributeUpdatesToAst, type AttributeValueUpdate } from './legacy-updates.js';
export { checkParameterMix } from './mixing.js';
export { getPath, setPath, removePath, INVALID_UPDATE_PATH } from './paths.js';
export { isReservedWord, RESERVED_WORD_COUNT } from './reserved.js';
