// Space-delimited filter patterns: `[ip, user, ..., status_code = 5*, bytes > 1000]`. The event is split on
// spaces, with text inside "..." or [...] kept as one field (without its delimiters); `...` stands for any
// number of fields. A slot's conditions may use && and || and name any slot of the pattern.
import { FilterPatternError } from './errors.js';
import { lex, Tokens, type Op } from './lexer.js';
import { checkOperator, compare, valueFrom, type Value } from './values.js';

type Cond = { k: 'and' | 'or'; a: Cond; b: Cond } | { k: 'cmp'; name: string; op: Op; value: Value };
type Slot = { ellipsis: true } | { ellipsis: false; name: string; cond: Cond | undefined };

export type DelimitedMatcher = (message: string) => Record<string, string> | undefined;

export function compileDelimited(pattern: string): DelimitedMatcher {
  const body = pattern.trim();
  if (!body.startsWith('[') || !body.endsWith(']')) throw new FilterPatternError('unbalanced brackets');
  const toks = new Tokens(lex(body.slice(1, -1)));
  const slots: Slot[] = [];
  while (!toks.done()) {
    slots.push(parseSlot(toks));
    const sep = toks.peek();
    if (sep === undefined) break;
    if (sep.t !== 'comma') throw new FilterPatternError('expected , between fields');
    toks.next();
    if (toks.done()) throw new FilterPatternError('trailing ,');
  }
  if (slots.length === 0) throw new FilterPatternError('no fields');
  const names = new Set(slots.flatMap((s) => (s.ellipsis ? [] : [s.name])));
  for (const s of slots) if (!s.ellipsis && s.cond) checkNames(s.cond, names);
  return (message) => {
    const fields = splitFields(message);
    const bound = new Map<string, string>();
    return align(slots, 0, fields, 0, bound) ? Object.fromEntries([...bound].map(([k, v]) => [`$${k}`, v])) : undefined;
  };
}

function parseSlot(toks: Tokens): Slot {
  const tok = toks.next();
  if (tok.t !== 'word') throw new FilterPatternError('expected a field name');
  if (tok.text === '...') return { ellipsis: true };
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(tok.text)) throw new FilterPatternError(`invalid field name ${tok.text}`);
  const next = toks.peek();
  if (next === undefined || next.t === 'comma') return { ellipsis: false, name: tok.text, cond: undefined };
  return { ellipsis: false, name: tok.text, cond: parseOr(toks, tok.text) };
}

function parseOr(toks: Tokens, name: string): Cond {
  let left = parseAnd(toks, name);
  while (toks.peek()?.t === 'or') {
    toks.next();
    left = { k: 'or', a: left, b: parseAnd(toks, undefined) };
  }
  return left;
}

function parseAnd(toks: Tokens, name: string | undefined): Cond {
  let left = parseCmp(toks, name);
  while (toks.peek()?.t === 'and') {
    toks.next();
    left = { k: 'and', a: left, b: parseCmp(toks, undefined) };
  }
  return left;
}

/** The slot's own first comparison omits the field name it already follows (`status = 5*`). */
function parseCmp(toks: Tokens, implicit: string | undefined): Cond {
  let name = implicit;
  if (name === undefined) {
    const tok = toks.next();
    if (tok.t !== 'word') throw new FilterPatternError('expected a field name');
    name = tok.text;
  }
  const op = toks.next();
  if (op.t !== 'op') throw new FilterPatternError('expected an operator');
  const value = valueFrom(toks.next());
  checkOperator(op.op, value);
  return { k: 'cmp', name, op: op.op, value };
}

function checkNames(cond: Cond, names: Set<string>): void {
  if (cond.k === 'cmp') {
    if (!names.has(cond.name)) throw new FilterPatternError(`unknown field ${cond.name}`);
  } else {
    checkNames(cond.a, names);
    checkNames(cond.b, names);
  }
}

export function splitFields(message: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < message.length) {
    const c = message[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i += 1;
      continue;
    }
    const close = c === '"' ? '"' : c === '[' ? ']' : undefined;
    if (close !== undefined) {
      const end = message.indexOf(close, i + 1);
      if (end >= 0) {
        out.push(message.slice(i + 1, end));
        i = end + 1;
        continue;
      }
    }
    let j = i;
    while (j < message.length && !/\s/.test(message[j]!)) j += 1;
    out.push(message.slice(i, j));
    i = j;
  }
  return out;
}

/** Backtracking over the ellipses; conditions are checked once every named slot is bound. */
function align(slots: Slot[], si: number, fields: string[], fi: number, bound: Map<string, string>): boolean {
  if (si === slots.length) {
    if (fi !== fields.length) return false;
    return slots.every((s) => s.ellipsis || !s.cond || holds(s.cond, bound));
  }
  const slot = slots[si]!;
  if (slot.ellipsis) {
    for (let skip = fields.length - fi; skip >= 0; skip -= 1) {
      if (align(slots, si + 1, fields, fi + skip, bound)) return true;
    }
    return false;
  }
  if (fi >= fields.length) return false;
  bound.set(slot.name, fields[fi]!);
  if (align(slots, si + 1, fields, fi + 1, bound)) return true;
  bound.delete(slot.name);
  return false;
}

function holds(cond: Cond, bound: Map<string, string>): boolean {
  if (cond.k !== 'cmp') {
    return cond.k === 'and'
      ? holds(cond.a, bound) && holds(cond.b, bound)
      : holds(cond.a, bound) || holds(cond.b, bound);
  }
  const v = bound.get(cond.name);
  return v !== undefined && compare(v, cond.op, cond.value);
}
