/** Intrinsic functions (`States.*`) for JSONPath payload templates, parsed and evaluated without I/O. */
import { createHash } from 'node:crypto';
import { runtimeError } from './errors.js';
import { type JsonValue, isObject, jsonEquals } from './json.js';
import { type PathRoots, evaluatePath, tryParsePath } from './jsonpath.js';

export type IntrinsicArg =
  | { k: 'call'; name: string; args: IntrinsicArg[] }
  | { k: 'str'; raw: string }
  | { k: 'lit'; value: JsonValue }
  | { k: 'path'; path: string };

export const INTRINSIC_FUNCTIONS = [
  'States.Format',
  'States.StringToJson',
  'States.JsonToString',
  'States.Array',
  'States.ArrayPartition',
  'States.ArrayContains',
  'States.ArrayRange',
  'States.ArrayGetItem',
  'States.ArrayLength',
  'States.ArrayUnique',
  'States.Base64Encode',
  'States.Base64Decode',
  'States.Hash',
  'States.JsonMerge',
  'States.MathRandom',
  'States.MathAdd',
  'States.StringSplit',
  'States.UUID',
] as const;

const MAX_NESTING = 10;

export class IntrinsicSyntaxError extends Error {}

export function looksLikeIntrinsic(text: string): boolean {
  return /^\s*States\.[A-Za-z0-9]+\s*\(/.test(text);
}

export function parseIntrinsic(text: string): IntrinsicArg & { k: 'call' } {
  const p = new Parser(text);
  const call = p.parseCall(0);
  p.ws();
  if (!p.done()) throw new IntrinsicSyntaxError(`Unexpected trailing characters in ${text}`);
  return call;
}

class Parser {
  i = 0;
  constructor(private readonly s: string) {}
  done(): boolean {
    return this.i >= this.s.length;
  }
  ws(): void {
    while (!this.done() && /\s/.test(this.s[this.i] as string)) this.i++;
  }
  parseCall(depth: number): IntrinsicArg & { k: 'call' } {
    if (depth >= MAX_NESTING) throw new IntrinsicSyntaxError('Intrinsic functions can be nested at most 10 deep');
    this.ws();
    const m = /^States\.[A-Za-z0-9]+/.exec(this.s.slice(this.i));
    if (!m) throw new IntrinsicSyntaxError(`Expected an intrinsic function at ${this.i}`);
    const name = m[0];
    if (!(INTRINSIC_FUNCTIONS as readonly string[]).includes(name)) {
      throw new IntrinsicSyntaxError(`Unknown intrinsic function ${name}`);
    }
    this.i += name.length;
    this.ws();
    if (this.s[this.i] !== '(') throw new IntrinsicSyntaxError(`Expected '(' after ${name}`);
    this.i++;
    const args: IntrinsicArg[] = [];
    this.ws();
    if (this.s[this.i] === ')') {
      this.i++;
      return { k: 'call', name, args };
    }
    for (;;) {
      args.push(this.parseArg(depth));
      this.ws();
      const c = this.s[this.i];
      this.i++;
      if (c === ')') return { k: 'call', name, args };
      if (c !== ',') throw new IntrinsicSyntaxError(`Expected ',' or ')' in ${name}`);
    }
  }
  parseArg(depth: number): IntrinsicArg {
    this.ws();
    const rest = this.s.slice(this.i);
    if (rest.startsWith("'")) {
      let j = 1;
      let raw = '';
      while (j < rest.length && rest[j] !== "'") {
        if (rest[j] === '\\') {
          raw += rest.slice(j, j + 2);
          j += 2;
        } else raw += rest[j++];
      }
      if (j >= rest.length) throw new IntrinsicSyntaxError('Unterminated string literal');
      this.i += j + 1;
      return { k: 'str', raw };
    }
    if (rest.startsWith('States.')) return this.parseCall(depth + 1);
    if (rest.startsWith('$')) {
      let j = 0;
      let bracket = 0;
      let quote: string | null = null;
      for (; j < rest.length; j++) {
        const c = rest[j];
        if (quote) {
          if (c === '\\') j++;
          else if (c === quote) quote = null;
        } else if (c === "'" || c === '"') quote = c;
        else if (c === '[' || c === '(') bracket++;
        else if (c === ']' || c === ')') {
          if (bracket === 0) break;
          bracket--;
        } else if ((c === ',' || /\s/.test(c as string)) && bracket === 0) break;
      }
      const path = rest.slice(0, j);
      if (!tryParsePath(path)) throw new IntrinsicSyntaxError(`Invalid path ${path}`);
      this.i += j;
      return { k: 'path', path };
    }
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(rest);
    if (!m) throw new IntrinsicSyntaxError(`Invalid argument at ${this.i}`);
    this.i += m[0].length;
    return { k: 'lit', value: JSON.parse(m[0]) as JsonValue };
  }
}

/** Removes the intrinsic-literal escapes `\'`, `\{`, `\}` and `\\`. */
function unescape(raw: string): string {
  return raw.replace(/\\(.)/g, '$1');
}

export interface IntrinsicEnv {
  roots: PathRoots;
  random: () => number;
  uuid: () => string;
}

type Value = JsonValue;

const parsedCalls = new Map<string, IntrinsicArg & { k: 'call' }>();

/** Parses once per distinct text (a loop evaluates the same intrinsic on every pass); results are not mutated. */
function parseCached(text: string): IntrinsicArg & { k: 'call' } {
  const hit = parsedCalls.get(text);
  if (hit) return hit;
  const call = parseIntrinsic(text);
  if (parsedCalls.size > 5000) parsedCalls.clear();
  parsedCalls.set(text, call);
  return call;
}

export function evaluateIntrinsic(text: string, env: IntrinsicEnv): JsonValue {
  return evalCall(parseCached(text), env);
}

function evalArg(a: IntrinsicArg, env: IntrinsicEnv): Value {
  switch (a.k) {
    case 'str':
      return unescape(a.raw);
    case 'lit':
      return a.value;
    case 'call':
      return evalCall(a, env);
    case 'path': {
      const r = evaluatePath(a.path, env.roots);
      if (!r.found) throw runtimeError(`The JSONPath '${a.path}' could not be found in the input`);
      return r.value;
    }
  }
}

function fail(name: string, msg: string): never {
  throw runtimeError(`Invalid arguments in ${name}: ${msg}`);
}

function arity(name: string, args: unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    fail(name, `expected ${expected} argument(s) but received ${args.length}`);
  }
}

function int(name: string, v: Value, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(name, `${what} must be an integer`);
  return v;
}

function arr(name: string, v: Value, what: string): JsonValue[] {
  if (!Array.isArray(v)) fail(name, `${what} must be an array`);
  return v;
}

function str(name: string, v: Value, what: string): string {
  if (typeof v !== 'string') fail(name, `${what} must be a string`);
  return v;
}

const MAX_STRING = 10000;

function evalCall(call: IntrinsicArg & { k: 'call' }, env: IntrinsicEnv): Value {
  const { name } = call;
  if (name === 'States.Format') {
    if (call.args.length === 0) fail(name, 'expected at least 1 argument');
    const tmpl = call.args[0] as IntrinsicArg;
    if (tmpl.k !== 'str' && tmpl.k !== 'path') fail(name, 'the first argument must be a string');
    const values = call.args.slice(1).map((a) => evalArg(a, env));
    const raw = tmpl.k === 'str' ? tmpl.raw : str(name, evalArg(tmpl, env), 'the first argument');
    return format(raw, values);
  }
  const args = call.args.map((a) => evalArg(a, env));
  switch (name) {
    case 'States.StringToJson': {
      arity(name, args, 1);
      const s = str(name, args[0] as Value, 'the argument');
      try {
        return JSON.parse(s) as JsonValue;
      } catch {
        return fail(name, 'the argument is not a valid JSON string');
      }
    }
    case 'States.JsonToString':
      arity(name, args, 1);
      return JSON.stringify(args[0]);
    case 'States.Array':
      return args;
    case 'States.ArrayPartition': {
      arity(name, args, 2);
      const a = arr(name, args[0] as Value, 'the first argument');
      const size = int(name, args[1] as Value, 'the chunk size');
      if (size <= 0) fail(name, 'the chunk size must be greater than 0');
      const out: JsonValue[] = [];
      for (let i = 0; i < a.length; i += size) out.push(a.slice(i, i + size));
      return out;
    }
    case 'States.ArrayContains': {
      arity(name, args, 2);
      const a = arr(name, args[0] as Value, 'the first argument');
      return a.some((x) => jsonEquals(x, args[1] as Value));
    }
    case 'States.ArrayRange': {
      arity(name, args, 3);
      const start = int(name, args[0] as Value, 'the first argument');
      const end = int(name, args[1] as Value, 'the second argument');
      const stepN = int(name, args[2] as Value, 'the third argument');
      if (stepN === 0) fail(name, 'the step must be a non-zero value');
      const out: number[] = [];
      for (let v = start; stepN > 0 ? v <= end : v >= end; v += stepN) {
        out.push(v);
        if (out.length > 1000) fail(name, 'the array cannot contain more than 1000 items');
      }
      return out;
    }
    case 'States.ArrayGetItem': {
      arity(name, args, 2);
      const a = arr(name, args[0] as Value, 'the first argument');
      const idx = int(name, args[1] as Value, 'the index');
      if (idx < 0 || idx >= a.length) fail(name, `index ${idx} is out of bounds`);
      return a[idx] as JsonValue;
    }
    case 'States.ArrayLength':
      arity(name, args, 1);
      return arr(name, args[0] as Value, 'the argument').length;
    case 'States.ArrayUnique': {
      arity(name, args, 1);
      const out: JsonValue[] = [];
      for (const x of arr(name, args[0] as Value, 'the argument')) if (!out.some((y) => jsonEquals(x, y))) out.push(x);
      return out;
    }
    case 'States.Base64Encode': {
      arity(name, args, 1);
      const s = str(name, args[0] as Value, 'the argument');
      if (s.length > MAX_STRING) fail(name, 'the input string cannot exceed 10000 characters');
      return Buffer.from(s, 'utf8').toString('base64');
    }
    case 'States.Base64Decode': {
      arity(name, args, 1);
      const s = str(name, args[0] as Value, 'the argument');
      if (s.length > MAX_STRING) fail(name, 'the input string cannot exceed 10000 characters');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 === 1) fail(name, 'the argument is not valid base64');
      return Buffer.from(s, 'base64').toString('utf8');
    }
    case 'States.Hash': {
      arity(name, args, 2);
      const data = args[0] as Value;
      const alg = str(name, args[1] as Value, 'the algorithm');
      const algos: Record<string, string> = {
        MD5: 'md5',
        'SHA-1': 'sha1',
        'SHA-256': 'sha256',
        'SHA-384': 'sha384',
        'SHA-512': 'sha512',
      };
      const node = algos[alg];
      if (!node) fail(name, `unsupported algorithm ${alg}; supported: MD5, SHA-1, SHA-256, SHA-384, SHA-512`);
      if (data === null) fail(name, 'the data cannot be null');
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      if (text.length > MAX_STRING) fail(name, 'the data cannot exceed 10000 characters');
      return createHash(node).update(text, 'utf8').digest('hex');
    }
    case 'States.JsonMerge': {
      arity(name, args, 3);
      const [a, b, deep] = args;
      if (!isObject(a) || !isObject(b)) fail(name, 'the first two arguments must be JSON objects');
      if (deep !== false) fail(name, 'deep merging is not supported; the third argument must be false');
      return { ...a, ...b };
    }
    case 'States.MathRandom': {
      arity(name, args, 2, 3);
      const start = roundInt(name, args[0] as Value, 'the start');
      const end = roundInt(name, args[1] as Value, 'the end');
      if (end <= start) fail(name, 'the end must be greater than the start');
      const r = args.length === 3 ? seeded(roundInt(name, args[2] as Value, 'the seed')) : env.random();
      return start + Math.floor(r * (end - start));
    }
    case 'States.MathAdd': {
      arity(name, args, 2);
      const a = roundInt(name, args[0] as Value, 'the first argument');
      const b = roundInt(name, args[1] as Value, 'the second argument');
      for (const v of [a, b, a + b]) {
        if (v < -2147483648 || v > 2147483647) fail(name, 'values must be in the range -2147483648 to 2147483647');
      }
      return a + b;
    }
    case 'States.StringSplit': {
      arity(name, args, 2);
      const s = str(name, args[0] as Value, 'the first argument');
      const delims = str(name, args[1] as Value, 'the delimiter');
      if (delims === '') return [s];
      const out: string[] = [];
      let cur = '';
      for (const ch of s) {
        if (delims.includes(ch)) {
          if (cur) out.push(cur);
          cur = '';
        } else cur += ch;
      }
      if (cur) out.push(cur);
      return out;
    }
    case 'States.UUID':
      arity(name, args, 0);
      return env.uuid();
  }
  return fail(name, 'unknown function');
}

function roundInt(name: string, v: Value, what: string): number {
  if (typeof v !== 'number') fail(name, `${what} must be a number`);
  return Math.round(v);
}

/** A small deterministic PRNG (mulberry32) so a seed always yields the same value. */
export function seeded(seed: number): number {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function format(raw: string, values: Value[]): string {
  let out = '';
  let used = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && i + 1 < raw.length) {
      out += raw[++i];
    } else if (c === '{' && raw[i + 1] === '}') {
      if (used >= values.length) fail('States.Format', 'the number of arguments does not match the placeholders');
      const v = values[used++] as Value;
      out += typeof v === 'string' ? v : JSON.stringify(v);
      i++;
    } else out += c;
  }
  if (used !== values.length) fail('States.Format', 'the number of arguments does not match the placeholders');
  return out;
}
