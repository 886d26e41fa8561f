// Right-hand values of structured comparisons and how a field's value compares with them. Numbers compare
// numerically; strings compare exactly, with `*` as a wildcard; %regex% values match a regular expression.
import { FilterPatternError } from './errors.js';
import type { Op, Token } from './lexer.js';

export type Value =
  | { kind: 'number'; n: number; text: string }
  | { kind: 'string'; text: string; wildcard: RegExp | undefined }
  | { kind: 'regex'; re: RegExp };

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

export function valueFrom(tok: Token): Value {
  if (tok.t === 'regex') return { kind: 'regex', re: compileRegex(tok.source) };
  if (tok.t === 'string') return stringValue(tok.text);
  if (tok.t === 'word') {
    if (NUMBER.test(tok.text)) return { kind: 'number', n: Number(tok.text), text: tok.text };
    return stringValue(tok.text);
  }
  throw new FilterPatternError('expected a value');
}

function stringValue(text: string): Value {
  if (!text.includes('*')) return { kind: 'string', text, wildcard: undefined };
  const body = text
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return { kind: 'string', text, wildcard: new RegExp(`^${body}$`, 's') };
}

/** %regex% patterns: AWS supports a subset of the syntax, without groups. */
export function compileRegex(source: string): RegExp {
  if (source.includes('(') || source.includes(')')) throw new FilterPatternError('regex groups are not supported');
  try {
    return new RegExp(source);
  } catch {
    throw new FilterPatternError('invalid regular expression');
  }
}

/** Ordering operators only make sense against numbers: rejected when the pattern is parsed. */
export function checkOperator(op: Op, value: Value): void {
  if (op !== '=' && op !== '!=' && value.kind !== 'number') {
    throw new FilterPatternError(`operator ${op} needs a numeric value`);
  }
}

/** A field's value as parsed from the event: JSON scalars, or text for space-delimited fields. */
export type FieldValue = string | number | boolean | null;

export function compare(field: FieldValue, op: Op, value: Value): boolean {
  if (value.kind === 'number') {
    let n: number;
    if (typeof field === 'number') n = field;
    else if (typeof field === 'string' && NUMBER.test(field.trim())) n = Number(field);
    else return false;
    switch (op) {
      case '=':
        return n === value.n;
      case '!=':
        return n !== value.n;
      case '<':
        return n < value.n;
      case '<=':
        return n <= value.n;
      case '>':
        return n > value.n;
      case '>=':
        return n >= value.n;
    }
  }
  if (op !== '=' && op !== '!=') return false;
  if (typeof field !== 'string' && typeof field !== 'number') return false;
  const text = String(field);
  let eq: boolean;
  if (value.kind === 'regex') eq = value.re.test(text);
  else if (value.wildcard) eq = value.wildcard.test(text);
  else eq = text === value.text;
  return op === '=' ? eq : !eq;
}
