/**
 * Compiles pattern JSON (EventBridge event patterns and SNS filter policies share the grammar) into branches of
 * dot-joined paths → matchers, validating while streaming, in the same order AWS's engine does, so the first error
 * reported (and its position) is AWS's.
 */
import { JsonTokens } from './json-tokens.js';
import { type Dialect, parseMatchExpression } from './compile-operators.js';
import { type Branch, type Matcher, stringMatcher } from './matchers.js';
import { comparable } from './numbers.js';

export type { Dialect } from './compile-operators.js';

export interface LeafInfo {
  /** Number of match values in the leaf's array. */
  values: number;
  /** How many keys deep the leaf is (1 for a top-level key). */
  depth: number;
}

export interface Compiled {
  branches: Branch[];
  /** Per branch, the leaves (for SNS's key-count and complexity limits). */
  leaves: Map<string, LeafInfo>[];
  /** Stars per wildcard operand (for EventBridge's complexity limit). */
  wildcardStars: number[];
}

// Operator names may not be field names inside $or, where they would be ambiguous.
const RESERVED_IN_OR = new Set([
  'anything-but',
  'cidr',
  'equals-ignore-case',
  'exact',
  'exists',
  'numeric',
  'prefix',
  'suffix',
  'wildcard',
]);

interface Rule {
  fields: Branch;
  leaves: Map<string, LeafInfo>;
}

interface Ctx {
  t: JsonTokens;
  dialect: Dialect;
  wildcardStars: number[];
}

export function compile(src: string, dialect: Dialect): Compiled {
  const t = new JsonTokens(src);
  const ctx: Ctx = { t, dialect, wildcardStars: [] };
  if (t.next() !== 'START_OBJECT') throw t.fail('Filter is not an object');
  const rules: Rule[] = [];
  parseObject(ctx, rules, [], false);
  // Like AWS, content after the top-level object is never read.
  return {
    branches: rules.map((r) => r.fields),
    leaves: rules.map((r) => r.leaves),
    wildcardStars: ctx.wildcardStars,
  };
}

function parseObject(ctx: Ctx, rules: Rule[], path: string[], insideOr: boolean): void {
  const { t } = ctx;
  let fields = 0;
  while (t.next() !== 'END_OBJECT') {
    fields++;
    const name = t.currentName();
    if (name === '$or') {
      parseOr(ctx, rules, path);
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(name)) {
      throw t.fail(`${name} is Ruler reserved fieldName which cannot be used inside $or.`);
    }
    const token = t.next();
    if (token === 'START_OBJECT') parseObject(ctx, rules, [...path, name], insideOr);
    else if (token === 'START_ARRAY') writeLeaf(ctx, rules, [...path, name]);
    else throw t.fail(`"${name}" must be an object or an array`);
  }
  if (fields === 0) throw t.fail('Empty objects are not allowed');
}

function parseOr(ctx: Ctx, rules: Rule[], path: string[]): void {
  const { t } = ctx;
  const before = rules.splice(0, rules.length);
  if (t.next() !== 'START_ARRAY') throw t.fail('It must be an Array followed with $or.');
  let branches = 0;
  for (let token = t.next(); token !== 'END_ARRAY'; token = t.next()) {
    branches++;
    if (token !== 'START_OBJECT') throw t.fail('Only JSON object is allowed in array of $or relationship.');
    const forked = before.map(copyRule);
    if (forked.length === 0) forked.push(emptyRule());
    parseObject(ctx, forked, path, true);
    rules.push(...forked);
  }
  if (branches < 2) throw t.fail('There must have at least 2 Objects in $or relationship.');
}

function writeLeaf(ctx: Ctx, rules: Rule[], path: string[]): void {
  const { t, dialect } = ctx;
  const matchers: Matcher[] = [];
  for (let token = t.next(); token !== 'END_ARRAY'; token = t.next()) {
    if (token === 'START_OBJECT') {
      matchers.push(parseMatchExpression(t, dialect, ctx.wildcardStars));
    } else if (token === 'STRING') {
      matchers.push(stringMatcher(t.text()));
    } else if (token === 'NUMBER') {
      const text = t.text();
      matchers.push({ type: 'number', text, value: comparable(text, dialect.limits) });
    } else if (token === 'TRUE' || token === 'FALSE' || token === 'NULL') {
      matchers.push({ type: 'literal', value: token === 'NULL' ? null : token === 'TRUE' });
    } else {
      throw t.fail('Match value must be String, number, true, false, or null');
    }
  }
  if (matchers.length === 0) throw t.fail('Empty arrays are not allowed');
  if (rules.length === 0) rules.push(emptyRule());
  const name = path.join('.');
  for (const rule of rules) {
    rule.fields.set(name, matchers);
    rule.leaves.set(name, { values: matchers.length, depth: path.length });
  }
}

function emptyRule(): Rule {
  return { fields: new Map(), leaves: new Map() };
}

function copyRule(r: Rule): Rule {
  return { fields: new Map(r.fields), leaves: new Map(r.leaves) };
}
