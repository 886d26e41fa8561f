import type { AttributeValue } from '../../../src/services/dynamodb/values/types.js';
import {
  ExpressionAttributes,
  evaluateCondition,
  parseCondition,
  parseUpdate,
  applyUpdate,
  type ExpressionKind,
} from '../../../src/services/dynamodb/expressions/index.js';
import type { Item } from '../../../src/services/dynamodb/values/types.js';

export function attrs(names: Record<string, string> = {}, values: Record<string, AttributeValue> = {}) {
  return new ExpressionAttributes(names, values);
}

/** Parses and evaluates a condition against an item. */
export function check(
  expr: string,
  item: Item,
  values: Record<string, AttributeValue> = {},
  names: Record<string, string> = {},
): boolean {
  return evaluateCondition(parseCondition(expr, attrs(names, values)), item);
}

/** The message a parse throws (or '' when it parses). */
export function conditionError(
  expr: string,
  values: Record<string, AttributeValue> = {},
  names: Record<string, string> = {},
  kind: ExpressionKind = 'ConditionExpression',
): string {
  try {
    parseCondition(expr, attrs(names, values), kind);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

export function update(
  expr: string,
  item: Item,
  values: Record<string, AttributeValue> = {},
  names: Record<string, string> = {},
): Item {
  return applyUpdate(parseUpdate(expr, attrs(names, values)), item);
}

export function updateError(
  expr: string,
  item: Item = {},
  values: Record<string, AttributeValue> = {},
  names: Record<string, string> = {},
): string {
  try {
    update(expr, item, values, names);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}
