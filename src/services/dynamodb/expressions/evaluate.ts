import { compareScalars, valuesEqual, setMemberEquals } from '../values/compare.js';
import { decodeBinary, typeOf, type AttributeValue, type Item } from '../values/types.js';
import type { Comparator, Condition, Operand } from './ast.js';
import { getPath } from './paths.js';

// Condition evaluation. Comparisons between different types, or with a missing operand, are simply
// false (never errors); size() of a type without a size yields "missing".

/** size() per the developer guide: string length (UTF-8 bytes), binary bytes, element counts. */
export function sizeOf(v: AttributeValue): number | undefined {
  if ('S' in v) return Buffer.byteLength(v.S, 'utf8');
  if ('B' in v) return decodeBinary(v.B).length;
  if ('SS' in v) return v.SS.length;
  if ('NS' in v) return v.NS.length;
  if ('BS' in v) return v.BS.length;
  if ('L' in v) return v.L.length;
  if ('M' in v) return Object.keys(v.M).length;
  return undefined;
}

export function resolveOperand(op: Operand, item: Item): AttributeValue | undefined {
  switch (op.kind) {
    case 'path':
      return getPath(item, op.path);
    case 'value':
      return op.value;
    case 'call': {
      if (op.name !== 'size') return undefined;
      const target = resolveOperand(op.args[0]!, item);
      const n = target === undefined ? undefined : sizeOf(target);
      return n === undefined ? undefined : { N: String(n) };
    }
    case 'arith':
      return undefined;
  }
}

function compare(op: Comparator, a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  if (op === '<>') return a === undefined || b === undefined || !valuesEqual(a, b);
  if (a === undefined || b === undefined) return false;
  if (op === '=') return valuesEqual(a, b);
  const order = compareScalars(a, b);
  if (order === undefined) return false;
  switch (op) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    default:
      return order >= 0;
  }
}

function beginsWith(target: AttributeValue | undefined, prefix: AttributeValue | undefined): boolean {
  if (!target || !prefix) return false;
  if ('S' in target && 'S' in prefix) return target.S.startsWith(prefix.S);
  if ('B' in target && 'B' in prefix) {
    const t = decodeBinary(target.B);
    const p = decodeBinary(prefix.B);
    return t.length >= p.length && t.subarray(0, p.length).equals(p);
  }
  return false;
}

function contains(target: AttributeValue | undefined, needle: AttributeValue | undefined): boolean {
  if (!target || !needle) return false;
  if ('S' in target) return 'S' in needle && target.S.includes(needle.S);
  if ('B' in target) return 'B' in needle && decodeBinary(target.B).includes(decodeBinary(needle.B));
  if ('SS' in target) return 'S' in needle && target.SS.some((m) => setMemberEquals('SS', m, needle.S));
  if ('NS' in target) return 'N' in needle && target.NS.some((m) => setMemberEquals('NS', m, needle.N));
  if ('BS' in target) return 'B' in needle && target.BS.some((m) => setMemberEquals('BS', m, needle.B));
  if ('L' in target) return target.L.some((e) => valuesEqual(e, needle));
  return false;
}

export function evaluateCondition(cond: Condition, item: Item): boolean {
  switch (cond.kind) {
    case 'and':
      return evaluateCondition(cond.left, item) && evaluateCondition(cond.right, item);
    case 'or':
      return evaluateCondition(cond.left, item) || evaluateCondition(cond.right, item);
    case 'not':
      return !evaluateCondition(cond.operand, item);
    case 'compare':
      return compare(cond.op, resolveOperand(cond.left, item), resolveOperand(cond.right, item));
    case 'between': {
      const v = resolveOperand(cond.operand, item);
      return compare('>=', v, resolveOperand(cond.low, item)) && compare('<=', v, resolveOperand(cond.high, item));
    }
    case 'in': {
      const v = resolveOperand(cond.operand, item);
      return cond.list.some((o) => compare('=', v, resolveOperand(o, item)));
    }
    case 'function': {
      const [a, b] = cond.args.map((o) => resolveOperand(o, item));
      switch (cond.name) {
        case 'attribute_exists':
          return a !== undefined;
        case 'attribute_not_exists':
          return a === undefined;
        case 'attribute_type':
          return a !== undefined && b !== undefined && 'S' in b && typeOf(a) === b.S;
        case 'begins_with':
          return beginsWith(a, b);
        case 'contains':
          return contains(a, b);
        default:
          return false;
      }
    }
  }
}
