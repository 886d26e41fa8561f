// The positive (non-negated) test of each operator family for one policy value against one request value.
import { cidrContains } from './ip.js';
import type { ConditionOperatorName, ConditionScalar } from './types.js';
import { literal } from './variables.js';
import { arnMatch, globMatch } from './wildcard.js';

function toNumber(v: ConditionScalar | string): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || !/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v)) return undefined;
  return Number(v);
}

/** Dates are ISO 8601 strings or epoch seconds (IAM accepts both in policies and in aws:EpochTime). */
export function toEpochMs(v: ConditionScalar | string): number | undefined {
  if (typeof v === 'number') return v * 1000;
  if (typeof v !== 'string') return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}

function compare(order: number | undefined, op: string): boolean {
  if (order === undefined) return false;
  if (op.endsWith('LessThanEquals')) return order <= 0;
  if (op.endsWith('LessThan')) return order < 0;
  if (op.endsWith('GreaterThanEquals')) return order >= 0;
  if (op.endsWith('GreaterThan')) return order > 0;
  return order === 0;
}

function order(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : Math.sign(a - b);
}

/** `op` is a positive operator; `policy` a resolved policy value; `request` one request context value. */
export function positiveMatch(op: ConditionOperatorName, policy: string, request: ConditionScalar): boolean {
  const text = String(request);
  switch (op) {
    case 'StringEquals':
      return text === literal(policy);
    case 'StringEqualsIgnoreCase':
      return text.toLowerCase() === literal(policy).toLowerCase();
    case 'StringLike':
      return globMatch(policy, text);
    case 'NumericEquals':
    case 'NumericLessThan':
    case 'NumericLessThanEquals':
    case 'NumericGreaterThan':
    case 'NumericGreaterThanEquals':
      return compare(order(toNumber(request), toNumber(policy)), op);
    case 'DateEquals':
    case 'DateLessThan':
    case 'DateLessThanEquals':
    case 'DateGreaterThan':
    case 'DateGreaterThanEquals':
      return compare(order(toEpochMs(request), toEpochMs(policy)), op);
    case 'Bool':
      return text.toLowerCase() === policy.toLowerCase();
    case 'BinaryEquals':
      return text === policy;
    case 'IpAddress':
      return cidrContains(policy, text);
    case 'ArnEquals':
    case 'ArnLike':
      return arnMatch(policy, text);
    default:
      return false;
  }
}
