/**
 * The JSONPath subset Step Functions accepts: dot and bracket member access, indexes (negative from the end),
 * wildcards, deep scan, unions, slices and filter expressions `[?(@.x > 1)]`. Paths rooted at `$$` address the
 * context object and `$name` a workflow variable. A definite path yields one value; any other yields an array of
 * matches, as Step Functions' (Jayway-style) evaluator does.
 */
import { ERR, StatesError } from './errors.js';
import { type JsonValue, isObject, jsonEquals } from './json.js';

export type Segment =
  | { t: 'prop'; name: string }
  | { t: 'index'; index: number }
  | { t: 'wild' }
  | { t: 'deep'; name: string | null }
  | { t: 'union'; keys: (string | number)[] }
  | { t: 'slice'; start: number | null; end: number | null; step: number | null }
  | { t: 'filter'; expr: FilterExpr };

export type PathRoot = { kind: 'input' } | { kind: 'context' } | { kind: 'variable'; name: string };

export interface ParsedPath {
  text: string;
  root: PathRoot;
  segments: Segment[];
  /** True when the path names at most one node (only member and index steps). */
  definite: boolean;
}

type Operand = { k: 'path'; rel: boolean; root: PathRoot; segments: Segment[] } | { k: 'lit'; value: JsonValue };
export type FilterExpr =
  | { k: 'or' | 'and'; l: FilterExpr; r: FilterExpr }
  | { k: 'not'; e: FilterExpr }
  | { k: 'exists'; o: Operand }
  | { k: 'cmp'; op: string; l: Operand; r: Operand };

export class PathSyntaxError extends Error {}

const cache = new Map<string, ParsedPath>();

export function parsePath(text: string): ParsedPath {
  const hit = cache.get(text);
  if (hit) return hit;
  const parsed = parseUncached(text);
  if (cache.size > 5000) cache.clear();
  cache.set(text, parsed);
  return parsed;
}

export function tryParsePath(text: string): ParsedPath | null {
  try {
    return parsePath(text);
  } catch {
    return null;
  }
}

function parseUncached(text: string): ParsedPath {
  if (!text.startsWith('$')) throw new PathSyntaxError(`Path must start with '$': ${text}`);
  let root: PathRoot;
  let i: number;
  if (text.startsWith('$$')) {
    root = { kind: 'context' };
    i = 2;
  } else {
    const m = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(text);
    if (m) {
      root = { kind: 'variable', name: m[1] as string };
      i = m[0].length;
    } else {
      root = { kind: 'input' };
      i = 1;
    }
  }
  const segments = parseSegments(text, i);
  return { text, root, segments, definite: segments.every((s) => s.t === 'prop' || s.t === 'index') };
}

function parseSegments(text: string, start: number): Segment[] {
  const out: Segment[] = [];
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === '.' && text[i + 1] === '.') {
      i += 2;
      if (text[i] === '*') {
        out.push({ t: 'deep', name: null });
        i++;
      } else {
        const name = readName(text, i);
        if (!name) throw new PathSyntaxError(`Invalid deep scan in ${text}`);
        out.push({ t: 'deep', name });
        i += name.length;
      }
    } else if (c === '.') {
      i++;
      if (text[i] === '*') {
        out.push({ t: 'wild' });
        i++;
      } else {
        const name = readName(text, i);
        if (!name) throw new PathSyntaxError(`Empty member name in ${text}`);
        out.push({ t: 'prop', name });
        i += name.length;
      }
    } else if (c === '[') {
      const end = findBracketEnd(text, i);
      out.push(parseBracket(text.slice(i + 1, end).trim(), text));
      i = end + 1;
    } else {
      throw new PathSyntaxError(`Unexpected '${c}' in ${text}`);
    }
  }
  return out;
}

function readName(text: string, i: number): string {
  let j = i;
  while (j < text.length && text[j] !== '.' && text[j] !== '[') j++;
  return text.slice(i, j);
}

function findBracketEnd(text: string, open: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let j = open; j < text.length; j++) {
    const c = text[j];
    if (quote) {
      if (c === '\\') j++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '[') depth++;
    else if (c === ']') {
      depth--;
      if (depth === 0) return j;
    }
  }
  throw new PathSyntaxError(`Unclosed '[' in ${text}`);
}

function parseBracket(body: string, text: string): Segment {
  if (body === '*') return { t: 'wild' };
  if (body.startsWith('?')) {
    const inner = body.slice(1).trim();
    if (!inner.startsWith('(') || !inner.endsWith(')')) throw new PathSyntaxError(`Invalid filter in ${text}`);
    return { t: 'filter', expr: new FilterParser(inner.slice(1, -1), text).parseAll() };
  }
  if (body.startsWith("'") || body.startsWith('"')) {
    const keys = splitTopLevel(body).map((k) => unquote(k.trim(), text));
    return keys.length === 1 ? { t: 'prop', name: keys[0] as string } : { t: 'union', keys };
  }
  if (body.includes(':')) {
    const parts = body.split(':').map((p) => p.trim());
    if (parts.length > 3) throw new PathSyntaxError(`Invalid slice in ${text}`);
    const num = (p: string | undefined): number | null => {
      if (p === undefined || p === '') return null;
      if (!/^-?\d+$/.test(p)) throw new PathSyntaxError(`Invalid slice in ${text}`);
      return Number(p);
    };
    return { t: 'slice', start: num(parts[0]), end: num(parts[1]), step: num(parts[2]) };
  }
  const items = body.split(',').map((p) => p.trim());
  if (!items.every((p) => /^-?\d+$/.test(p))) throw new PathSyntaxError(`Invalid index in ${text}`);
  if (items.length === 1) return { t: 'index', index: Number(items[0]) };
  return { t: 'union', keys: items.map(Number) };
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let quote: string | null = null;
  let cur = '';
  for (let j = 0; j < body.length; j++) {
    const c = body[j] as string;
    if (quote) {
      cur += c;
      if (c === '\\') cur += body[++j] ?? '';
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
      cur += c;
    } else if (c === ',') {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

function unquote(s: string, text: string): string {
  const q = s[0];
  if ((q !== "'" && q !== '"') || s[s.length - 1] !== q || s.length < 2)
    throw new PathSyntaxError(`Bad key in ${text}`);
  return s.slice(1, -1).replace(/\\(.)/g, '$1');
}

class FilterParser {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly text: string,
  ) {}

  parseAll(): FilterExpr {
    const e = this.parseOr();
    this.ws();
    if (this.i < this.s.length) throw new PathSyntaxError(`Unexpected input in filter of ${this.text}`);
    return e;
  }
  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i] as string)) this.i++;
  }
  private eat(tok: string): boolean {
    this.ws();
    if (this.s.startsWith(tok, this.i)) {
      this.i += tok.length;
      return true;
    }
    return false;
  }
  private parseOr(): FilterExpr {
    let l = this.parseAnd();
    while (this.eat('||')) l = { k: 'or', l, r: this.parseAnd() };
    return l;
  }
  private parseAnd(): FilterExpr {
    let l = this.parseNot();
    while (this.eat('&&')) l = { k: 'and', l, r: this.parseNot() };
    return l;
  }
  private parseNot(): FilterExpr {
    this.ws();
    if (this.s[this.i] === '!' && this.s[this.i + 1] !== '=') {
      this.i++;
      return { k: 'not', e: this.parseNot() };
    }
    if (this.eat('(')) {
      const e = this.parseOr();
      if (!this.eat(')')) throw new PathSyntaxError(`Unbalanced parentheses in ${this.text}`);
      return e;
    }
    const l = this.operand();
    this.ws();
    for (const op of ['==', '!=', '<=', '>=', '<', '>']) {
      if (this.s.startsWith(op, this.i)) {
        this.i += op.length;
        return { k: 'cmp', op, l, r: this.operand() };
      }
    }
    return { k: 'exists', o: l };
  }
  private operand(): Operand {
    this.ws();
    const rest = this.s.slice(this.i);
    const c = rest[0];
    if (c === '@' || c === '$') {
      let j = 1;
      if (c === '$' && rest[1] === '$') j = 2;
      while (j < rest.length) {
        const ch = rest[j] as string;
        if (ch === '[') {
          j = findBracketEnd(rest, j) + 1;
        } else if (/[\s=!<>&|)]/.test(ch)) break;
        else j++;
      }
      const token = rest.slice(0, j);
      this.i += j;
      if (c === '@') return { k: 'path', rel: true, root: { kind: 'input' }, segments: parseSegments(token, 1) };
      const p = parsePath(token);
      return { k: 'path', rel: false, root: p.root, segments: p.segments };
    }
    if (c === "'" || c === '"') {
      let j = 1;
      while (j < rest.length && rest[j] !== c) j += rest[j] === '\\' ? 2 : 1;
      this.i += j + 1;
      return { k: 'lit', value: rest.slice(1, j).replace(/\\(.)/g, '$1') };
    }
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(rest);
    if (!m) throw new PathSyntaxError(`Invalid filter operand in ${this.text}`);
    this.i += m[0].length;
    return { k: 'lit', value: JSON.parse(m[0]) as JsonValue };
  }
}

export interface PathRoots {
  input: JsonValue;
  context?: JsonValue;
  variables?: (name: string) => JsonValue | undefined;
}

export type PathResult = { found: true; value: JsonValue } | { found: false };

const MISSING = Symbol('missing');
type Node = JsonValue | typeof MISSING;

function rootValue(root: PathRoot, roots: PathRoots): Node {
  if (root.kind === 'input') return roots.input;
  if (root.kind === 'context') return roots.context === undefined ? MISSING : roots.context;
  const v = roots.variables?.(root.name);
  return v === undefined ? MISSING : v;
}

function step(nodes: JsonValue[], seg: Segment, roots: PathRoots): JsonValue[] {
  const out: JsonValue[] = [];
  for (const n of nodes) {
    switch (seg.t) {
      case 'prop':
        if (isObject(n) && seg.name in n) out.push(n[seg.name] as JsonValue);
        break;
      case 'index':
        if (Array.isArray(n)) {
          const idx = seg.index < 0 ? n.length + seg.index : seg.index;
          if (idx >= 0 && idx < n.length) out.push(n[idx] as JsonValue);
        }
        break;
      case 'wild':
        if (Array.isArray(n)) out.push(...n);
        else if (isObject(n)) out.push(...Object.values(n));
        break;
      case 'deep':
        deepScan(n, seg.name, out);
        break;
      case 'union':
        for (const k of seg.keys) {
          if (typeof k === 'number' && Array.isArray(n)) {
            const idx = k < 0 ? n.length + k : k;
            if (idx >= 0 && idx < n.length) out.push(n[idx] as JsonValue);
          } else if (typeof k === 'string' && isObject(n) && k in n) out.push(n[k] as JsonValue);
        }
        break;
      case 'slice':
        if (Array.isArray(n)) out.push(...slice(n, seg.start, seg.end, seg.step));
        break;
      case 'filter': {
        const items = Array.isArray(n) ? n : isObject(n) ? Object.values(n) : [];
        for (const item of items) if (evalFilter(seg.expr, item, roots)) out.push(item);
        break;
      }
    }
  }
  return out;
}

function deepScan(n: JsonValue, name: string | null, out: JsonValue[]): void {
  if (Array.isArray(n)) {
    if (name === null) out.push(...n);
    for (const c of n) deepScan(c, name, out);
  } else if (isObject(n)) {
    if (name === null) out.push(...Object.values(n));
    else if (name in n) out.push(n[name] as JsonValue);
    for (const c of Object.values(n)) deepScan(c, name, out);
  }
}

function slice(arr: JsonValue[], start: number | null, end: number | null, stepN: number | null): JsonValue[] {
  const len = arr.length;
  const st = stepN ?? 1;
  if (st === 0) return [];
  const norm = (v: number): number => (v < 0 ? Math.max(len + v, 0) : Math.min(v, len));
  const out: JsonValue[] = [];
  if (st > 0) {
    for (let i = start === null ? 0 : norm(start); i < (end === null ? len : norm(end)); i += st)
      out.push(arr[i] as JsonValue);
  } else {
    const s = start === null ? len - 1 : Math.min(norm(start), len - 1);
    const e = end === null ? -1 : norm(end);
    for (let i = s; i > e; i += st) out.push(arr[i] as JsonValue);
  }
  return out;
}

function operandValue(o: Operand, current: JsonValue, roots: PathRoots): Node {
  if (o.k === 'lit') return o.value;
  let nodes: Node = o.rel ? current : rootValue(o.root, roots);
  if (nodes === MISSING) return MISSING;
  let list: JsonValue[] = [nodes];
  for (const seg of o.segments) list = step(list, seg, roots);
  const definite = o.segments.every((s) => s.t === 'prop' || s.t === 'index');
  if (definite) nodes = list.length ? (list[0] as JsonValue) : MISSING;
  else nodes = list;
  return nodes;
}

function evalFilter(e: FilterExpr, current: JsonValue, roots: PathRoots): boolean {
  switch (e.k) {
    case 'or':
      return evalFilter(e.l, current, roots) || evalFilter(e.r, current, roots);
    case 'and':
      return evalFilter(e.l, current, roots) && evalFilter(e.r, current, roots);
    case 'not':
      return !evalFilter(e.e, current, roots);
    case 'exists': {
      const v = operandValue(e.o, current, roots);
      if (e.o.k === 'lit') return v !== false && v !== null;
      return v !== MISSING;
    }
    case 'cmp': {
      const l = operandValue(e.l, current, roots);
      const r = operandValue(e.r, current, roots);
      if (l === MISSING || r === MISSING) return e.op === '!=' && !(l === MISSING && r === MISSING);
      switch (e.op) {
        case '==':
          return jsonEquals(l, r);
        case '!=':
          return !jsonEquals(l, r);
        default: {
          const comparable =
            (typeof l === 'number' && typeof r === 'number') || (typeof l === 'string' && typeof r === 'string');
          if (!comparable) return false;
          const a = l as number | string;
          const b = r as number | string;
          return e.op === '<' ? a < b : e.op === '<=' ? a <= b : e.op === '>' ? a > b : a >= b;
        }
      }
    }
  }
}

/** Evaluates a JSONPath against the state input, context object or variables. */
export function evaluatePath(path: string | ParsedPath, roots: PathRoots): PathResult {
  const p = typeof path === 'string' ? parsePath(path) : path;
  const root = rootValue(p.root, roots);
  if (root === MISSING) return { found: false };
  let nodes: JsonValue[] = [root];
  for (const seg of p.segments) nodes = step(nodes, seg, roots);
  if (p.definite) return nodes.length ? { found: true, value: nodes[0] as JsonValue } : { found: false };
  return { found: true, value: nodes };
}

/** A reference path names a single node using only member and index steps. */
export function isReferencePath(text: string, roots: PathRoot['kind'][] = ['input']): boolean {
  const p = tryParsePath(text);
  return p !== null && p.definite && roots.includes(p.root.kind);
}

/** Writes `value` into `target` at a `$`-rooted reference path (ResultPath), creating missing objects. */
export function setPath(target: JsonValue, path: string, value: JsonValue): JsonValue {
  const p = parsePath(path);
  if (p.segments.length === 0) return value;
  const fail = (): StatesError =>
    new StatesError(
      ERR.ResultPathMatchFailure,
      `Unable to apply ResultPath "${path}" to input ${JSON.stringify(target)}`,
    );
  if (!isObject(target) && !Array.isArray(target)) throw fail();
  const root: JsonValue = JSON.parse(JSON.stringify(target)) as JsonValue;
  let cur: JsonValue = root;
  p.segments.forEach((seg, idx) => {
    const last = idx === p.segments.length - 1;
    if (seg.t === 'prop') {
      if (!isObject(cur)) throw fail();
      if (last) cur[seg.name] = value;
      else {
        const next: JsonValue | undefined = cur[seg.name];
        if (next === undefined || next === null) cur[seg.name] = {};
        cur = cur[seg.name] as JsonValue;
      }
    } else if (seg.t === 'index') {
      if (!Array.isArray(cur)) throw fail();
      const i = seg.index < 0 ? cur.length + seg.index : seg.index;
      if (i < 0 || i >= cur.length) throw fail();
      if (last) cur[i] = value;
      else cur = cur[i] as JsonValue;
    } else throw fail();
  });
  return root;
}
