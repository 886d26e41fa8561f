/** JSONPath payload templates (Parameters, ItemSelector, ResultSelector, Assign): `.$` keys take paths or intrinsics. */
import { runtimeError, StatesError } from './errors.js';
import { type IntrinsicEnv, evaluateIntrinsic, looksLikeIntrinsic } from './intrinsics.js';
import { type JsonValue, isObject } from './json.js';
import { evaluatePath } from './jsonpath.js';

export function resolvePayload(template: JsonValue, env: IntrinsicEnv): JsonValue {
  if (Array.isArray(template)) return template.map((v) => resolvePayload(v, env));
  if (!isObject(template)) return template;
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') {
      out[key.slice(0, -2)] = resolveDynamic(key, value, env);
    } else {
      out[key] = resolvePayload(value, env);
    }
  }
  return out;
}

/** Resolves one `.$` value: an intrinsic function call or a path. */
export function resolveDynamic(field: string, expr: string, env: IntrinsicEnv): JsonValue {
  if (looksLikeIntrinsic(expr)) {
    try {
      return evaluateIntrinsic(expr, env);
    } catch (e) {
      if (e instanceof StatesError) throw e;
      throw runtimeError(
        `The value for the field '${field}' must be a valid intrinsic function: ${(e as Error).message}`,
      );
    }
  }
  let r;
  try {
    r = evaluatePath(expr, env.roots);
  } catch {
    throw runtimeError(
      `The value for the field '${field}' must be a valid JSONPath or a valid intrinsic function call`,
    );
  }
  if (!r.found) {
    throw runtimeError(
      `The JSONPath '${expr}' specified for the field '${field}' could not be found in the input '${JSON.stringify(env.roots.input)}'`,
    );
  }
  return r.value;
}
