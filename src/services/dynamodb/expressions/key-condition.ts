import type { KeyAttributeDefinition } from '../values/validate.js';
import type { AttributeValue, Item } from '../values/types.js';
import type { Comparator, Condition, Operand } from './ast.js';
import type { ExpressionAttributes } from './attributes.js';
import { parseCondition } from './condition-parser.js';
import { DynamoValidationError, INVALID_PARAM, invalidExpression } from './errors.js';
import { evaluateCondition } from './evaluate.js';

// KeyConditionExpression: the condition grammar restricted to "pk = :v [AND sort-key-condition]",
// where the sort key condition is =, <, <=, >, >=, BETWEEN or begins_with.

export interface KeySchema {
  partitionKey: KeyAttributeDefinition;
  sortKey?: KeyAttributeDefinition;
}

export type SortKeyOperator = '=' | '<' | '<=' | '>' | '>=' | 'BETWEEN' | 'BEGINS_WITH';

export interface KeyCondition {
  partitionKey: { name: string; value: AttributeValue };
  sortKey?: { name: string; op: SortKeyOperator; values: AttributeValue[] };
}

const KIND = 'KeyConditionExpression';
const FLIPPED: Record<Comparator, Comparator> = { '=': '=', '<>': '<>', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

interface Term {
  name: string;
  op: SortKeyOperator;
  values: AttributeValue[];
}

function invalidOperator(op: string): DynamoValidationError {
  return new DynamoValidationError(`Invalid operator used in KeyConditionExpression: ${op}`);
}

function keyName(op: Operand): string | undefined {
  if (op.kind !== 'path') return undefined;
  if (op.path.elements.length !== 1) {
    throw invalidExpression(KIND, 'KeyConditionExpressions cannot have conditions on nested attributes');
  }
  const el = op.path.elements[0]!;
  return el.kind === 'name' ? el.name : undefined;
}

function literal(op: Operand): AttributeValue {
  if (op.kind !== 'value') throw new DynamoValidationError('Query key condition not supported');
  return op.value;
}

function toTerms(c: Condition, out: Term[]): void {
  switch (c.kind) {
    case 'and':
      toTerms(c.left, out);
      toTerms(c.right, out);
      return;
    case 'or':
    case 'not':
      throw invalidOperator(c.kind.toUpperCase());
    case 'in':
      throw invalidOperator('IN');
    case 'compare': {
      if (c.op === '<>') throw invalidOperator('<>');
      const leftName = keyName(c.left);
      const name = leftName ?? keyName(c.right);
      if (name === undefined) throw new DynamoValidationError('Query key condition not supported');
      const op = leftName !== undefined ? c.op : FLIPPED[c.op];
      out.push({ name, op: op as SortKeyOperator, values: [literal(leftName !== undefined ? c.right : c.left)] });
      return;
    }
    case 'between': {
      const name = keyName(c.operand);
      if (name === undefined) throw new DynamoValidationError('Query key condition not supported');
      out.push({ name, op: 'BETWEEN', values: [literal(c.low), literal(c.high)] });
      return;
    }
    case 'function': {
      if (c.name !== 'begins_with') throw invalidOperator(c.name);
      const name = keyName(c.args[0]!);
      if (name === undefined) throw new DynamoValidationError('Query key condition not supported');
      out.push({ name, op: 'BEGINS_WITH', values: [literal(c.args[1]!)] });
      return;
    }
  }
}

function checkTypes(def: KeyAttributeDefinition, values: AttributeValue[]): void {
  if (values.some((v) => !(def.type in v))) {
    throw new DynamoValidationError(`${INVALID_PARAM}Condition parameter type does not match schema type`);
  }
}

/** Builds a KeyCondition from terms on named attributes (shared with legacy KeyConditions). */
export function keyConditionFromTerms(terms: Term[], schema: KeySchema): KeyCondition {
  const names = terms.map((t) => t.name);
  if (new Set(names).size !== names.length) {
    throw invalidExpression(KIND, 'KeyConditionExpressions must only contain one condition per key');
  }
  const pk = terms.find((t) => t.name === schema.partitionKey.name);
  if (!pk) throw new DynamoValidationError(`Query condition missed key schema element: ${schema.partitionKey.name}`);
  const others = terms.filter((t) => t !== pk);
  const sk = others.find((t) => t.name === schema.sortKey?.name);
  if (others.some((t) => t !== sk)) {
    throw new DynamoValidationError(
      schema.sortKey && !sk
        ? `Query condition missed key schema element: ${schema.sortKey.name}`
        : 'Query key condition not supported',
    );
  }
  if (pk.op !== '=') throw new DynamoValidationError('Query key condition not supported');
  checkTypes(schema.partitionKey, pk.values);
  const result: KeyCondition = { partitionKey: { name: pk.name, value: pk.values[0]! } };
  if (sk && schema.sortKey) {
    checkTypes(schema.sortKey, sk.values);
    if (sk.op === 'BEGINS_WITH' && schema.sortKey.type === 'N') {
      throw invalidExpression(
        KIND,
        'Incorrect operand type for operator or function; operator or function: begins_with, operand type: N',
      );
    }
    result.sortKey = { name: sk.name, op: sk.op, values: sk.values };
  }
  return result;
}

export function parseKeyCondition(expression: string, attrs: ExpressionAttributes, schema: KeySchema): KeyCondition {
  const cond = parseCondition(expression, attrs, KIND);
  const terms: Term[] = [];
  toTerms(cond, terms);
  return keyConditionFromTerms(terms, schema);
}

/** Whether an item satisfies the key condition (partition equality and the sort key bound). */
export function matchesKeyCondition(kc: KeyCondition, item: Item): boolean {
  const path = (name: string): Operand => ({ kind: 'path', path: { elements: [{ kind: 'name', name }] } });
  const val = (value: AttributeValue): Operand => ({ kind: 'value', value, ref: '' });
  const pk: Condition = {
    kind: 'compare',
    op: '=',
    left: path(kc.partitionKey.name),
    right: val(kc.partitionKey.value),
  };
  if (!evaluateCondition(pk, item)) return false;
  const sk = kc.sortKey;
  if (!sk) return true;
  const target = path(sk.name);
  const [a, b] = sk.values.map(val);
  if (sk.op === 'BETWEEN') return evaluateCondition({ kind: 'between', operand: target, low: a!, high: b! }, item);
  if (sk.op === 'BEGINS_WITH')
    return evaluateCondition({ kind: 'function', name: 'begins_with', args: [target, a!] }, item);
  return evaluateCondition({ kind: 'compare', op: sk.op, left: target, right: a! }, item);
}
