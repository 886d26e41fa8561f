import { typeOf, type AttributeValue } from '../values/types.js';
import { validateAttributeValue } from '../values/validate.js';
import type { Condition, Operand } from './ast.js';
import { DynamoValidationError, INVALID_PARAM } from './errors.js';
import { keyConditionFromTerms, type KeyCondition, type KeySchema, type SortKeyOperator } from './key-condition.js';

// The legacy conditional parameters (Expected, QueryFilter, ScanFilter, KeyConditions), converted into
// the same trees the expression parser produces so one evaluator serves both.

export type ComparisonOperator =
  | 'EQ'
  | 'NE'
  | 'LE'
  | 'LT'
  | 'GE'
  | 'GT'
  | 'NOT_NULL'
  | 'NULL'
  | 'CONTAINS'
  | 'NOT_CONTAINS'
  | 'BEGINS_WITH'
  | 'IN'
  | 'BETWEEN';

export interface LegacyCondition {
  ComparisonOperator?: string;
  AttributeValueList?: unknown[];
}

export interface ExpectedAttributeValue extends LegacyCondition {
  Value?: unknown;
  Exists?: boolean;
}

const SCALAR = ['S', 'N', 'B'];
const VALUE_TYPES: Partial<Record<ComparisonOperator, string[]>> = {
  LE: SCALAR,
  LT: SCALAR,
  GE: SCALAR,
  GT: SCALAR,
  BETWEEN: SCALAR,
  IN: SCALAR,
  CONTAINS: SCALAR,
  NOT_CONTAINS: SCALAR,
  BEGINS_WITH: ['S', 'B'],
};
const ARITY: Record<ComparisonOperator, number | 'many'> = {
  EQ: 1,
  NE: 1,
  LE: 1,
  LT: 1,
  GE: 1,
  GT: 1,
  CONTAINS: 1,
  NOT_CONTAINS: 1,
  BEGINS_WITH: 1,
  NOT_NULL: 0,
  NULL: 0,
  BETWEEN: 2,
  IN: 'many',
};

function fail(detail: string): never {
  throw new DynamoValidationError(INVALID_PARAM + detail);
}

const pathOf = (name: string): Operand => ({ kind: 'path', path: { elements: [{ kind: 'name', name }] } });
const valueOf = (value: AttributeValue): Operand => ({ kind: 'value', value, ref: '' });

/** Validated operator and values of one legacy condition. */
function checkLegacy(attr: string, c: LegacyCondition): { op: ComparisonOperator; values: AttributeValue[] } {
  const op = c.ComparisonOperator as ComparisonOperator;
  if (!(op in ARITY)) fail(`Unsupported operator on ComparisonOperator: ${String(c.ComparisonOperator)}`);
  const values = (c.AttributeValueList ?? []).map((v) => validateAttributeValue(v));
  const arity = ARITY[op];
  if (arity === 'many' ? values.length === 0 : values.length !== arity) {
    fail(`Invalid number of argument(s) for the ${op} ComparisonOperator`);
  }
  const allowed = VALUE_TYPES[op];
  for (const v of values) {
    if (allowed && !allowed.includes(typeOf(v))) {
      fail(`ComparisonOperator ${op} is not valid for ${typeOf(v)} AttributeValue type`);
    }
  }
  if (attr === '') fail('Attribute name cannot be empty');
  return { op, values };
}

/** One legacy condition as an expression tree. */
export function legacyConditionToAst(attr: string, c: LegacyCondition): Condition {
  const { op, values } = checkLegacy(attr, c);
  const p = pathOf(attr);
  const [a, b] = values.map(valueOf);
  const cmp = (o: '=' | '<>' | '<' | '<=' | '>' | '>='): Condition => ({ kind: 'compare', op: o, left: p, right: a! });
  switch (op) {
    case 'EQ':
      return cmp('=');
    case 'NE':
      return cmp('<>');
    case 'LT':
      return cmp('<');
    case 'LE':
      return cmp('<=');
    case 'GT':
      return cmp('>');
    case 'GE':
      return cmp('>=');
    case 'NOT_NULL':
      return { kind: 'function', name: 'attribute_exists', args: [p] };
    case 'NULL':
      return { kind: 'function', name: 'attribute_not_exists', args: [p] };
    case 'CONTAINS':
      return { kind: 'function', name: 'contains', args: [p, a!] };
    case 'NOT_CONTAINS':
      return { kind: 'not', operand: { kind: 'function', name: 'contains', args: [p, a!] } };
    case 'BEGINS_WITH':
      return { kind: 'function', name: 'begins_with', args: [p, a!] };
    case 'IN':
      return { kind: 'in', operand: p, list: values.map(valueOf) };
    case 'BETWEEN':
      return { kind: 'between', operand: p, low: a!, high: b! };
  }
}

function combine(conds: Condition[], conditionalOperator: string | undefined): Condition | undefined {
  if (conditionalOperator !== undefined && conditionalOperator !== 'AND' && conditionalOperator !== 'OR') {
    fail(`Unsupported operator on ConditionalOperator: ${conditionalOperator}`);
  }
  const kind = conditionalOperator === 'OR' ? 'or' : 'and';
  return conds.reduce<Condition | undefined>((acc, c) => (acc ? { kind, left: acc, right: c } : c), undefined);
}

/** Expected + ConditionalOperator -> condition (undefined when Expected is empty). */
export function expectedToCondition(
  expected: Record<string, ExpectedAttributeValue>,
  conditionalOperator?: string,
): Condition | undefined {
  const conds = Object.entries(expected).map(([attr, e]): Condition => {
    if (e.ComparisonOperator !== undefined) {
      if (e.Exists !== undefined) fail(`Exists and ComparisonOperator cannot be used together for Attribute: ${attr}`);
      if (e.Value !== undefined) fail(`Value and ComparisonOperator cannot be used together for Attribute: ${attr}`);
      return legacyConditionToAst(attr, e);
    }
    if (e.AttributeValueList !== undefined) {
      fail(`AttributeValueList can only be used with a ComparisonOperator for Attribute: ${attr}`);
    }
    if (e.Exists === false) {
      if (e.Value !== undefined) fail(`Value cannot be used when Exists is false for Attribute: ${attr}`);
      return { kind: 'function', name: 'attribute_not_exists', args: [pathOf(attr)] };
    }
    if (e.Value === undefined) fail(`Value must be provided when Exists is true for Attribute: ${attr}`);
    return { kind: 'compare', op: '=', left: pathOf(attr), right: valueOf(validateAttributeValue(e.Value)) };
  });
  return combine(conds, conditionalOperator);
}

/** QueryFilter / ScanFilter + ConditionalOperator -> condition. */
export function filterToCondition(
  filter: Record<string, LegacyCondition>,
  conditionalOperator?: string,
): Condition | undefined {
  return combine(
    Object.entries(filter).map(([attr, c]) => legacyConditionToAst(attr, c)),
    conditionalOperator,
  );
}

const KEY_OPS: Partial<Record<ComparisonOperator, SortKeyOperator>> = {
  EQ: '=',
  LT: '<',
  LE: '<=',
  GT: '>',
  GE: '>=',
  BETWEEN: 'BETWEEN',
  BEGINS_WITH: 'BEGINS_WITH',
};

/** Legacy KeyConditions -> the same KeyCondition a KeyConditionExpression yields. */
export function keyConditionsToKeyCondition(
  keyConditions: Record<string, LegacyCondition>,
  schema: KeySchema,
): KeyCondition {
  const terms = Object.entries(keyConditions).map(([name, c]) => {
    const { op, values } = checkLegacy(name, c);
    const mapped = KEY_OPS[op];
    if (!mapped) fail(`Attempted conditional constraint is not an indexable operation`);
    return { name, op: mapped, values };
  });
  return keyConditionFromTerms(terms, schema);
}
