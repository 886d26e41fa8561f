/**
 * Match expressions (`{"prefix": ...}`, `{"numeric": [...]}`, `{"anything-but": ...}`, ...): one place for every
 * operator, with each service's dialect deciding which ones exist and the numeric range.
 */
import { parseCidr } from './cidr.js';
import { CompileError } from './errors.js';
import type { JsonTokens, Token } from './json-tokens.js';
import type { Bound, Matcher } from './matchers.js';
import { type NumberLimits, comparable } from './numbers.js';
import { parseWildcard } from './wildcard.js';

export interface Dialect {
  limits: NumberLimits;
  /** Operators the service does not support; they fail as unrecognized. */
  unsupported: ReadonlySet<string>;
}

type Anything = 'values' | 'prefix' | 'suffix' | 'equals-ignore-case' | 'wildcard';

/** Parses `{ op: operand }` after its START_OBJECT. */
export function parseMatchExpression(t: JsonTokens, dialect: Dialect, wildcardStars: number[]): Matcher {
  if (t.next() !== 'FIELD_NAME') throw t.fail('Match expression name not found');
  const op = t.currentName();
  const known = ['exact', 'prefix', 'suffix', 'numeric', 'anything-but', 'exists', 'cidr', 'equals-ignore-case'];
  if (!known.includes(op) && op !== 'wildcard') throw t.fail(`Unrecognized match type ${op}`);
  if (dialect.unsupported.has(op)) throw t.fail(`Unrecognized match type ${op}`);
  const token = t.next();
  switch (op) {
    case 'exact':
      return closeOne(t, { type: 'string', value: stringOperand(t, token, 'exact match pattern must be a string') });
    case 'prefix':
    case 'suffix': {
      if (token === 'START_OBJECT') return caseInsensitiveAffix(t, op);
      const value = stringOperand(t, token, `${op} match pattern must be a string`);
      return closeOne(t, { type: op, value, ignoreCase: false });
    }
    case 'equals-ignore-case': {
      const value = stringOperand(t, token, 'equals-ignore-case match pattern must be a string');
      return closeOne(t, { type: 'equals-ignore-case', value, ignoreCase: true });
    }
    case 'wildcard': {
      const value = stringOperand(t, token, 'wildcard match pattern must be a string');
      const wildcard = atLocation(t, () => parseWildcard(value));
      wildcardStars.push(wildcard.stars);
      return closeOne(t, { type: 'wildcard', wildcard });
    }
    case 'cidr': {
      // AWS really does name the wrong operator here.
      const value = stringOperand(t, token, 'prefix match pattern must be a string');
      return closeOne(t, { type: 'cidr', range: parseCidr(value) });
    }
    case 'exists':
      if (token !== 'TRUE' && token !== 'FALSE') throw t.fail('exists match pattern must be either true or false.');
      return closeOne(t, { type: 'exists', value: token === 'TRUE' });
    case 'numeric': {
      if (token !== 'START_ARRAY') throw t.fail('Value of numeric must be an array.');
      const m = parseNumeric(t, dialect.limits);
      if (t.next() !== 'END_OBJECT') throw t.fail('Too many elements in numeric expression');
      return m;
    }
    default:
      return parseAnythingBut(t, token, dialect, wildcardStars);
  }
}

function stringOperand(t: JsonTokens, token: Token | undefined, error: string): string {
  if (token !== 'STRING') throw t.fail(error);
  return t.text();
}

function closeOne(t: JsonTokens, m: Matcher): Matcher {
  if (t.next() !== 'END_OBJECT') throw t.fail('Only one key allowed in match expression');
  return m;
}

/** Runs a check that fails without a position and gives its error the parser's current position, as AWS does. */
function atLocation<T>(t: JsonTokens, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof CompileError && e.location === '') throw t.fail(e.reason);
    throw e;
  }
}

/** `{"prefix": {"equals-ignore-case": "x"}}` and the suffix twin. */
function caseInsensitiveAffix(t: JsonTokens, op: 'prefix' | 'suffix'): Matcher {
  const Name = op === 'prefix' ? 'Prefix' : 'Suffix';
  if (t.next() !== 'FIELD_NAME') throw t.fail(`${Name} expression name not found`);
  const inner = t.currentName();
  if (inner !== 'equals-ignore-case') throw t.fail(`Unsupported ${op} pattern: ${inner}`);
  const value = stringOperand(t, t.next(), 'equals-ignore-case match pattern must be a string');
  if (t.next() !== 'END_OBJECT') throw t.fail('Only one key allowed in match expression');
  return closeOne(t, { type: op, value, ignoreCase: true });
}

function parseAnythingBut(t: JsonTokens, first: Token | undefined, dialect: Dialect, stars: number[]): Matcher {
  let kind: Anything = 'values';
  let token = first;
  if (token === 'START_OBJECT') {
    if (t.next() !== 'FIELD_NAME') throw t.fail('Anything-But expression name not found');
    const inner = t.currentName();
    const allowed = ['equals-ignore-case', 'prefix', 'suffix', 'wildcard'].filter((k) => !dialect.unsupported.has(k));
    if (!allowed.includes(inner)) throw t.fail(`Unsupported anything-but pattern: ${inner}`);
    kind = inner as Anything;
    token = t.next();
  }
  if (token !== 'START_ARRAY' && token !== 'STRING' && token !== 'NUMBER') {
    throw t.fail('Value of anything-but must be an array or single string/number value.');
  }
  let values: Matcher[];
  if (kind === 'values') {
    values = token === 'START_ARRAY' ? anythingButList(t, dialect.limits) : [anythingButValue(t, token, dialect)];
  } else {
    values = token === 'START_ARRAY' ? anythingButSetList(t, kind) : [anythingButSetValue(t, token, kind)];
    if (kind === 'wildcard') {
      for (const v of values) if (v.type === 'wildcard') stars.push(v.wildcard.stars);
    }
  }
  if (t.next() !== 'END_OBJECT') throw t.fail('Too many elements in numeric expression');
  if (kind !== 'values' && t.next() !== 'END_OBJECT') throw t.fail('Too many elements in numeric expression');
  return { type: 'anything-but', values };
}

function numberMatcher(text: string, limits: NumberLimits): Matcher {
  const value = comparable(text, limits);
  if (value === undefined) throw new CompileError(limits.outOfRange);
  return { type: 'number', text, value };
}

function anythingButValue(t: JsonTokens, token: Token, dialect: Dialect): Matcher {
  // A single out-of-range number escapes AWS's parser error handling, so it has no position.
  return token === 'STRING' ? { type: 'string', value: t.text() } : numberMatcher(t.text(), dialect.limits);
}

function anythingButList(t: JsonTokens, limits: NumberLimits): Matcher[] {
  const values: Matcher[] = [];
  let strings = false;
  let numbers = false;
  try {
    for (let token = t.next(); token !== 'END_ARRAY'; token = t.next()) {
      if (token === 'STRING') {
        values.push({ type: 'string', value: t.text() });
        strings = true;
      } else if (token === 'NUMBER') {
        values.push(numberMatcher(t.text(), limits));
        numbers = true;
      } else throw t.fail('Inside anything but list, start|null|boolean is not supported.');
    }
  } catch (e) {
    throw listError(t, e);
  }
  if (strings === numbers) {
    throw t.fail('Inside anything but list, either all values are number or string, mixed type is not supported');
  }
  return values;
}

/**
 * AWS re-raises errors from inside anything-but lists with the position appended again; failures that had no
 * position (a number out of range) get it once.
 */
function listError(t: JsonTokens, e: unknown): unknown {
  if (!(e instanceof CompileError)) return e;
  return e.location === '' ? t.fail(e.reason) : e.rewrapped();
}

function setMatcher(t: JsonTokens, kind: Exclude<Anything, 'values'>, value: string): Matcher {
  if ((kind === 'prefix' || kind === 'suffix') && value === '') throw t.fail('Null prefix/suffix not allowed');
  if (kind === 'wildcard') return { type: 'wildcard', wildcard: parseWildcard(value) };
  if (kind === 'equals-ignore-case') return { type: 'equals-ignore-case', value, ignoreCase: true };
  return { type: kind, value, ignoreCase: false };
}

function setTypeError(kind: Exclude<Anything, 'values'>): string {
  if (kind === 'equals-ignore-case') {
    return 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.';
  }
  return kind === 'wildcard'
    ? 'wildcard match pattern must be a string'
    : 'prefix/suffix match pattern must be a string';
}

function anythingButSetValue(t: JsonTokens, token: Token, kind: Exclude<Anything, 'values'>): Matcher {
  if (token !== 'STRING') throw t.fail(setTypeError(kind));
  const value = t.text();
  return kind === 'wildcard' ? atLocation(t, () => setMatcher(t, kind, value)) : setMatcher(t, kind, value);
}

function anythingButSetList(t: JsonTokens, kind: Exclude<Anything, 'values'>): Matcher[] {
  const texts: string[] = [];
  try {
    for (let token = t.next(); token !== 'END_ARRAY'; token = t.next()) {
      if (token !== 'STRING') throw t.fail(setTypeError(kind));
      const value = t.text();
      if ((kind === 'prefix' || kind === 'suffix') && value === '') throw t.fail('Null prefix/suffix not allowed');
      texts.push(value);
    }
  } catch (e) {
    throw listError(t, e);
  }
  // Wildcards in a list are checked once the list is read, so errors point past its end.
  return texts.map((v) => (kind === 'wildcard' ? atLocation(t, () => setMatcher(t, kind, v)) : setMatcher(t, kind, v)));
}

/** `["=", 5]`, `[">", 0]`, `[">=", 0, "<", 10]` ...; messages and their positions follow AWS's reading order. */
function parseNumeric(t: JsonTokens, limits: NumberLimits): Matcher {
  if (t.next() !== 'STRING') throw t.fail(`Invalid member in numeric match: ${t.text()}`);
  const op = t.text();
  let token = t.next();
  const operand = (name: string): string => {
    if (token !== 'NUMBER') throw t.fail(`Value of ${name} must be numeric`);
    return t.text();
  };
  // Range values are checked only after the following token has been read.
  const bound = (text: string, inclusive: boolean): Bound => {
    const value = comparable(text, limits);
    if (value === undefined) throw t.fail(limits.outOfRange);
    return { value, inclusive };
  };
  const end = () => {
    if (t.next() !== 'END_ARRAY') throw t.fail('Too many elements in numeric expression');
  };
  if (op === '=') {
    const v = operand('equals');
    end();
    return { type: 'numeric', lower: bound(v, true), upper: bound(v, true) };
  }
  if (op === '<' || op === '<=') {
    const v = operand(op);
    end();
    return { type: 'numeric', upper: bound(v, op === '<=') };
  }
  if (op !== '>' && op !== '>=') throw t.fail(`Unrecognized numeric range operator: ${op}`);
  const bottom = operand(op);
  token = t.next();
  if (token === 'END_ARRAY') return { type: 'numeric', lower: bound(bottom, op === '>=') };
  if (token !== 'STRING') throw t.fail(`Bad value in numeric range: ${t.text()}`);
  const topOp = t.text();
  if (topOp !== '<' && topOp !== '<=') throw t.fail(`Bad numeric range operator: ${topOp}`);
  token = t.next();
  const top = operand(topOp);
  if (t.next() !== 'END_ARRAY') throw t.fail('Too many terms in numeric range expression');
  const lower = bound(bottom, op === '>=');
  const upper = bound(top, topOp === '<=');
  if (lower.value >= upper.value) throw t.fail('Bottom must be less than top');
  return { type: 'numeric', lower, upper };
}
