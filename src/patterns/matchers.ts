/**
 * The operators shared by EventBridge event patterns and SNS filter policies, and how each tests one leaf value.
 *
 * Patterns and events are both seen as flat lists of dot-joined paths (so `{"a.b": [1]}` and `{"a": {"b": [1]}}`
 * are the same pattern), as AWS's engine sees them; see `match.ts` for how a branch is matched against an event.
 */
import { type IpRange, inRange, parseIp } from './cidr.js';
import { type NumberLimits, comparable } from './numbers.js';
import { type Wildcard, wildcardMatches } from './wildcard.js';

export interface Bound {
  value: bigint;
  inclusive: boolean;
}

export type Matcher =
  | { type: 'string'; value: string; ip?: Uint8Array }
  | { type: 'number'; text: string; value?: bigint }
  | { type: 'literal'; value: boolean | null }
  | { type: 'prefix' | 'suffix' | 'equals-ignore-case'; value: string; ignoreCase: boolean }
  | { type: 'wildcard'; wildcard: Wildcard }
  | { type: 'numeric'; lower?: Bound; upper?: Bound }
  | { type: 'cidr'; range: IpRange }
  | { type: 'exists'; value: boolean }
  | { type: 'anything-but'; values: Matcher[] };

/**
 * One alternative of a compiled pattern: dot-joined field paths and the matchers for each (any may match). `$or`
 * multiplies a pattern into several branches; the pattern matches when any branch does.
 */
export type Branch = Map<string, Matcher[]>;

export type Leaf = string | number | boolean | null;

export function stringMatcher(value: string): Matcher {
  const ip = parseIp(value);
  return ip ? { type: 'string', value, ip } : { type: 'string', value };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

const fold = (s: string) => s.toLowerCase();

/** Whether one leaf value satisfies a (non-exists) matcher. */
export function testLeaf(m: Matcher, v: Leaf, limits: NumberLimits): boolean {
  switch (m.type) {
    case 'string': {
      if (typeof v !== 'string') return false;
      if (v === m.value) return true;
      const ip = m.ip && parseIp(v);
      return !!ip && !!m.ip && sameBytes(ip, m.ip);
    }
    case 'number': {
      if (typeof v !== 'number') return false;
      const n = comparable(v, limits);
      return (m.value !== undefined && n === m.value) || Number(m.text) === v;
    }
    case 'literal':
      return v === m.value;
    case 'prefix':
      return typeof v === 'string' && (m.ignoreCase ? fold(v).startsWith(fold(m.value)) : v.startsWith(m.value));
    case 'suffix':
      return typeof v === 'string' && (m.ignoreCase ? fold(v).endsWith(fold(m.value)) : v.endsWith(m.value));
    case 'equals-ignore-case':
      return typeof v === 'string' && fold(v) === fold(m.value);
    case 'wildcard':
      return typeof v === 'string' && wildcardMatches(m.wildcard, v);
    case 'numeric': {
      if (typeof v !== 'number') return false;
      const n = comparable(v, limits);
      if (n === undefined) return false;
      if (m.lower && (m.lower.inclusive ? n < m.lower.value : n <= m.lower.value)) return false;
      if (m.upper && (m.upper.inclusive ? n > m.upper.value : n >= m.upper.value)) return false;
      return true;
    }
    case 'cidr':
      return typeof v === 'string' && inRange(m.range, v);
    case 'anything-but':
      return !m.values.some((inner) => testLeaf(inner, v, limits));
    case 'exists':
      return false; // decided per field, not per value
  }
}
