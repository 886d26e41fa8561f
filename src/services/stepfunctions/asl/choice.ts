/** Choice rule evaluation for JSONPath states (comparison operators, And/Or/Not). */
import { runtimeError } from './errors.js';
import { type JsonObject, type JsonValue, isObject } from './json.js';
import { type PathRoots, evaluatePath } from './jsonpath.js';

export const COMPARISON_OPERATORS = [
  'StringEquals',
  'StringLessThan',
  'StringGreaterThan',
  'StringLessThanEquals',
  'StringGreaterThanEquals',
  'StringMatches',
  'NumericEquals',
  'NumericLessThan',
  'NumericGreaterThan',
  'NumericLessThanEquals',
  'NumericGreaterThanEquals',
  'BooleanEquals',
  'TimestampEquals',
  'TimestampLessThan',
  'TimestampGreaterThan',
  'TimestampLessThanEquals',
  'TimestampGreaterThanEquals',
  'IsNull',
  'IsPresent',
  'IsNumeric',
  'IsString',
  'IsBoolean',
  'IsTimestamp',
] as const;

/** Operators that also exist in a `...Path` form comparing against another path's value. */
export const PATH_OPERATORS = COMPARISON_OPERATORS.filter((o) => !o.startsWith('Is') && o !== 'StringMatches').map(
  (o) => `${o}Path`,
);

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 timestamp (uppercase T and Z, as ASL requires); null when invalid. */
export function parseTimestamp(v: unknown): number | null {
  if (typeof v !== 'string' || !RFC3339.test(v)) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

/** `*` matches any run of characters; `\*` is a literal star and `\\` a literal backslash. */
export function stringMatches(value: string, pattern: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) {
      re += escapeRegex(pattern[++i] as string);
    } else if (c === '*') re += '[\\s\\S]*';
    else re += escapeRegex(c);
  }
  return new RegExp(`${re}$`).test(value);
}

function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function findOperator(rule: JsonObject): string | undefined {
  return Object.keys(rule).find(
    (k) => (COMPARISON_OPERATORS as readonly string[]).includes(k) || PATH_OPERATORS.includes(k),
  );
}

function invalidPath(path: string): Error {
  return runtimeError(`Invalid path '${path}': The choice state's condition path references an invalid value.`);
}

export function evaluateRule(rule: JsonObject, roots: PathRoots): boolean {
  if (Array.isArray(rule.And)) return rule.And.every((r) => evaluateRule(r as JsonObject, roots));
  if (Array.isArray(rule.Or)) return rule.Or.some((r) => evaluateRule(r as JsonObject, roots));
  if (isObject(rule.Not)) return !evaluateRule(rule.Not, roots);
  const variable = rule.Variable as string;
  const op = findOperator(rule);
  if (!op) return false;
  const resolved = evaluatePath(variable, roots);
  if (op === 'IsPresent') return resolved.found === rule.IsPresent;
  if (!resolved.found) throw invalidPath(variable);
  const v = resolved.value;
  let operand: JsonValue = rule[op] as JsonValue;
  let base = op;
  if (op.endsWith('Path') && op !== 'IsPresent') {
    base = op.slice(0, -4);
    const r = evaluatePath(operand as string, roots);
    if (!r.found) throw invalidPath(operand as string);
    operand = r.value;
  }
  return compare(base, v, operand);
}

function compare(op: string, v: JsonValue, operand: JsonValue): boolean {
  switch (op) {
    case 'IsNull':
      return (v === null) === operand;
    case 'IsNumeric':
      return (typeof v === 'number') === operand;
    case 'IsString':
      return (typeof v === 'string') === operand;
    case 'IsBoolean':
      return (typeof v === 'boolean') === operand;
    case 'IsTimestamp':
      return (parseTimestamp(v) !== null) === operand;
    case 'StringMatches':
      return typeof v === 'string' && typeof operand === 'string' && stringMatches(v, operand);
    case 'BooleanEquals':
      return typeof v === 'boolean' && v === operand;
  }
  if (op.startsWith('String')) {
    if (typeof v !== 'string' || typeof operand !== 'string') return false;
    return ordered(op.slice(6), v < operand ? -1 : v > operand ? 1 : 0);
  }
  if (op.startsWith('Numeric')) {
    if (typeof v !== 'number' || typeof operand !== 'number') return false;
    return ordered(op.slice(7), v - operand);
  }
  if (op.startsWith('Timestamp')) {
    const a = parseTimestamp(v);
    const b = parseTimestamp(operand);
    if (a === null || b === null) return false;
    return ordered(op.slice(9), a - b);
  }
  return false;
}

function ordered(kind: string, diff: number): boolean {
  switch (kind) {
    case 'Equals':
      return diff === 0;
    case 'LessThan':
      return diff < 0;
    case 'GreaterThan':
      return diff > 0;
    case 'LessThanEquals':
      return diff <= 0;
    case 'GreaterThanEquals':
      return diff >= 0;
  }
  return false;
}
