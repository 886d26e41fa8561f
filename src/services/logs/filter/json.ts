// JSON filter patterns: `{ $.level = "ERROR" && ($.latency > 100 || $.retry IS TRUE) }`. Selectors walk object
// keys and array indexes ($.a.b[0], [*] for any element); a selector that reaches nothing never matches, except
// with NOT EXISTS.
import { FilterPatternError } from './errors.js';
import { lex, Tokens, type Op } from './lexer.js';
import { checkOperator, compare, valueFrom, type FieldValue, type Value } from './values.js';

type Step = { key: string } | { index: number } | { any: true };

type Node =
  | { k: 'and' | 'or'; a: Node; b: Node }
  | { k: 'cmp'; path: Step[]; op: Op; value: Value }
  | { k: 'is'; path: Step[]; what: 'NULL' | 'TRUE' | 'FALSE' }
  | { k: 'notExists'; path: Step[] };

export type JsonMatcher = (message: string) => boolean;

export function compileJson(pattern: string): JsonMatcher {
  const body = pattern.trim();
  if (!body.startsWith('{') || !body.endsWith('}')) throw new FilterPatternError('unbalanced braces');
  const toks = new Tokens(lex(body.slice(1, -1)));
  const root = parseOr(toks);
  if (!toks.done()) throw new FilterPatternError('unexpected token after expression');
  return (message) => {
    const trimmed = message.trimStart();
    if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return false;
    let doc: unknown;
    try {
      doc = JSON.parse(message);
    } catch {
      return false;
    }
    return evaluate(root, doc);
  };
}

function parseOr(toks: Tokens): Node {
  let left = parseAnd(toks);
  while (toks.peek()?.t === 'or') {
    toks.next();
    left = { k: 'or', a: left, b: parseAnd(toks) };
  }
  return left;
}

function parseAnd(toks: Tokens): Node {
  let left = parseUnary(toks);
  while (toks.peek()?.t === 'and') {
    toks.next();
    left = { k: 'and', a: left, b: parseUnary(toks) };
  }
  return left;
}

function parseUnary(toks: Tokens): Node {
  const tok = toks.next();
  if (tok.t === 'lparen') {
    const inner = parseOr(toks);
    if (toks.next().t !== 'rparen') throw new FilterPatternError('expected )');
    return inner;
  }
  if (tok.t !== 'selector') throw new FilterPatternError('expected a $. selector');
  const path = parsePath(tok.text);
  const next = toks.next();
  if (next.t === 'op') {
    const value = valueFrom(toks.next());
    checkOperator(next.op, value);
    return { k: 'cmp', path, op: next.op, value };
  }
  if (next.t === 'word' && next.text.toUpperCase() === 'IS') {
    const what = toks.next();
    const w = what.t === 'word' ? what.text.toUpperCase() : '';
    if (w !== 'NULL' && w !== 'TRUE' && w !== 'FALSE') throw new FilterPatternError('expected NULL, TRUE or FALSE');
    return { k: 'is', path, what: w };
  }
  if (next.t === 'word' && next.text.toUpperCase() === 'NOT') {
    const what = toks.next();
    if (what.t !== 'word' || what.text.toUpperCase() !== 'EXISTS') throw new FilterPatternError('expected EXISTS');
    return { k: 'notExists', path };
  }
  throw new FilterPatternError('expected an operator after the selector');
}

function parsePath(text: string): Step[] {
  const steps: Step[] = [];
  const re = /\.([^.[\]]+)|\[(\d+|\*)\]/gy;
  re.lastIndex = 1; // after '$'
  let m: RegExpExecArray | null;
  while (re.lastIndex < text.length && (m = re.exec(text)) !== null) {
    if (m[1] !== undefined) steps.push(m[1] === '*' ? { any: true } : { key: m[1] });
    else steps.push(m[2] === '*' ? { any: true } : { index: Number(m[2]) });
  }
  if (re.lastIndex !== text.length || steps.length === 0) throw new FilterPatternError(`invalid selector ${text}`);
  return steps;
}

/** Every value the path reaches (several when it crosses a wildcard step). */
function resolve(doc: unknown, path: Step[]): unknown[] {
  let current: unknown[] = [doc];
  for (const step of path) {
    const next: unknown[] = [];
    for (const v of current) {
      if ('key' in step) {
        if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, step.key)) {
          next.push((v as Record<string, unknown>)[step.key]);
        }
      } else if ('index' in step) {
        if (Array.isArray(v) && step.index < v.length) next.push(v[step.index]);
      } else if (Array.isArray(v)) {
        next.push(...(v as unknown[]));
      } else if (v !== null && typeof v === 'object') {
        next.push(...Object.values(v));
      }
    }
    current = next;
  }
  return current;
}

function evaluate(node: Node, doc: unknown): boolean {
  switch (node.k) {
    case 'and':
      return evaluate(node.a, doc) && evaluate(node.b, doc);
    case 'or':
      return evaluate(node.a, doc) || evaluate(node.b, doc);
    case 'notExists':
      return resolve(doc, node.path).length === 0;
    case 'is': {
      const want = node.what === 'NULL' ? null : node.what === 'TRUE';
      return resolve(doc, node.path).some((v) => v === want);
    }
    case 'cmp':
      return resolve(doc, node.path).some((v) => isScalar(v) && compare(v, node.op, node.value));
  }
}

function isScalar(v: unknown): v is FieldValue {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}
