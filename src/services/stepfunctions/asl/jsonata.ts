/** JSONata evaluation (`{% ... %}` templates) with the functions Step Functions adds, deterministic via injection. */
import { createHash } from 'node:crypto';
import jsonata from 'jsonata';
import { ERR, StatesError } from './errors.js';
import { seeded } from './intrinsics.js';
import { type JsonObject, type JsonValue, isObject } from './json.js';

export interface JsonataEnv {
  /** The `$states` reserved variable: input, context, and result / errorOutput where available. */
  states: JsonObject;
  variables: Record<string, JsonValue>;
  now: Date;
  random: () => number;
  uuid: () => string;
}

export function isJsonataTemplate(v: unknown): v is string {
  return typeof v === 'string' && v.startsWith('{%') && v.endsWith('%}') && v.length >= 4;
}

export function jsonataBody(v: string): string {
  return v.slice(2, -2);
}

const compiled = new Map<string, jsonata.Expression>();

export function compileJsonata(expr: string): jsonata.Expression {
  let e = compiled.get(expr);
  if (!e) {
    e = jsonata(expr);
    if (compiled.size > 2000) compiled.clear();
    compiled.set(expr, e);
  }
  return e;
}

/** Returns a syntax error message, or null when the expression parses. */
export function jsonataSyntaxError(expr: string): string | null {
  try {
    compileJsonata(expr);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

function queryError(expr: string, field: string, detail: string): StatesError {
  return new StatesError(
    ERR.QueryEvaluationError,
    `The JSONata expression '${expr}' specified for the field '${field}' ${detail}`,
  );
}

function num(fn: string, v: unknown): number {
  if (typeof v !== 'number') throw new Error(`${fn}: arguments must be numbers`);
  return v;
}

function bindings(env: JsonataEnv): Record<string, unknown> {
  const algos: Record<string, string> = {
    MD5: 'md5',
    'SHA-1': 'sha1',
    'SHA-256': 'sha256',
    'SHA-384': 'sha384',
    'SHA-512': 'sha512',
  };
  return {
    ...env.variables,
    states: env.states,
    now: () => env.now.toISOString(),
    millis: () => env.now.getTime(),
    uuid: () => env.uuid(),
    random: (seed?: unknown) => (seed === undefined ? env.random() : seeded(num('$random', seed))),
    parse: (s: unknown) => {
      if (typeof s !== 'string') throw new Error('$parse: argument must be a string');
      return JSON.parse(s) as unknown;
    },
    partition: (arr: unknown, size: unknown) => {
      if (!Array.isArray(arr)) throw new Error('$partition: first argument must be an array');
      const n = num('$partition', size);
      if (!Number.isInteger(n) || n <= 0) throw new Error('$partition: size must be a positive integer');
      const out: unknown[] = [];
      for (let i = 0; i < arr.length; i += n) out.push(arr.slice(i, i + n));
      return out;
    },
    range: (start: unknown, end: unknown, stepArg?: unknown) => {
      const s = num('$range', start);
      const e = num('$range', end);
      const st = stepArg === undefined ? 1 : num('$range', stepArg);
      if (st === 0) throw new Error('$range: step must be non-zero');
      const out: number[] = [];
      for (let v = s; st > 0 ? v <= e : v >= e; v += st) {
        out.push(v);
        if (out.length > 1000) throw new Error('$range: the array cannot contain more than 1000 items');
      }
      return out;
    },
    hash: (data: unknown, alg: unknown) => {
      const a = algos[String(alg)];
      if (!a) throw new Error(`$hash: unsupported algorithm ${String(alg)}`);
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      return createHash(a).update(text, 'utf8').digest('hex');
    },
    eval: () => {
      throw new Error('The $eval function is not supported by Step Functions');
    },
  };
}

/** Evaluates one `{% expr %}` string. `field` names the field for error messages. */
export async function evaluateJsonata(template: string, env: JsonataEnv, field: string): Promise<JsonValue> {
  const expr = jsonataBody(template).trim();
  let result: unknown;
  try {
    result = await compileJsonata(expr).evaluate(null, bindings(env));
  } catch (e) {
    throw queryError(expr, field, `threw an error during evaluation: ${(e as Error).message}`);
  }
  if (result === undefined) throw queryError(expr, field, 'returned nothing (undefined)');
  if (typeof result === 'function') throw queryError(expr, field, 'returned a function, which is not valid JSON');
  return JSON.parse(JSON.stringify(result)) as JsonValue;
}

/** Evaluates every `{% %}` string inside a value (objects and arrays at any depth); other values are literal. */
export async function resolveJsonata(value: JsonValue, env: JsonataEnv, field: string): Promise<JsonValue> {
  if (isJsonataTemplate(value)) return evaluateJsonata(value, env, field);
  if (Array.isArray(value)) {
    const out: JsonValue[] = [];
    for (let i = 0; i < value.length; i++) out.push(await resolveJsonata(value[i] as JsonValue, env, `${field}[${i}]`));
    return out;
  }
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = await resolveJsonata(v, env, `${field}/${k}`);
    return out;
  }
  return value;
}
