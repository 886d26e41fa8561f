// requestParameters / responseElements as CloudTrail writes them: the API's members in lowerCamelCase (map keys
// untouched), binary payloads left out, secrets hidden, oversized payloads dropped.
import type { ServiceModel } from '../../protocol/model.js';

/** Members never written to a record (credentials). */
const OMITTED = new Set(['SecretAccessKey']);
/** Members written as HIDDEN_DUE_TO_SECURITY_REASONS. */
const HIDDEN = new Set(['Password', 'NewPassword', 'OldPassword', 'PrivateKey', 'SecretString', 'SecretBinary']);
export const HIDDEN_VALUE = 'HIDDEN_DUE_TO_SECURITY_REASONS';
/** Larger parameter payloads are not kept in the record (AWS truncates oversized records). */
export const MAX_PARAMETERS_BYTES = 100 * 1024;

/** Member names seen so far -> their record names (a model's member names are few; every call reuses them). */
const camelCache = new Map<string, string>();
const CAMEL_CACHE_MAX = 10_000;

/** S3BucketName -> s3BucketName, KMSKeyId -> kmsKeyId, TagsList -> tagsList. */
export function lowerCamel(name: string): string {
  let out = camelCache.get(name);
  if (out === undefined) {
    out = toLowerCamel(name);
    if (camelCache.size < CAMEL_CACHE_MAX) camelCache.set(name, out);
  }
  return out;
}

function toLowerCamel(name: string): string {
  const m = /^[A-Z0-9]+/.exec(name);
  if (!m) return name;
  const run = m[0];
  if (run.length === name.length) return name.toLowerCase();
  if (run.length === 1) return name[0]!.toLowerCase() + name.slice(1);
  return run.slice(0, -1).toLowerCase() + name.slice(run.length - 1);
}

export function toRecordValue(model: ServiceModel | undefined, shapeName: string | undefined, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Uint8Array) return undefined;
  if (value instanceof Date) return value.toISOString().replace('.000Z', 'Z');
  const shape = shapeName ? model?.shapes[shapeName] : undefined;
  if (Array.isArray(value)) {
    const member = shape?.type === 'list' ? shape.member.target : undefined;
    return value.map((v) => toRecordValue(model, member, v) ?? null);
  }
  if (typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (shape?.type === 'map') {
    for (const [k, v] of Object.entries(obj)) {
      const conv = toRecordValue(model, shape.value.target, v);
      if (conv !== undefined) out[k] = conv;
    }
    return out;
  }
  const members = shape?.type === 'structure' || shape?.type === 'union' ? shape.members : undefined;
  for (const [k, v] of Object.entries(obj)) {
    if (OMITTED.has(k)) continue;
    if (HIDDEN.has(k) && v !== undefined) {
      out[lowerCamel(k)] = HIDDEN_VALUE;
      continue;
    }
    // Without a model, nested objects may be maps: keep their keys as given.
    const conv =
      members || v instanceof Date || v instanceof Uint8Array ? toRecordValue(model, members?.[k]?.target, v) : v;
    if (conv !== undefined) out[lowerCamel(k)] = conv;
  }
  return out;
}

/** The parameters object of a record: null when empty. Size is checked when the record is written (oversized). */
export function recordParameters(model: ServiceModel | undefined, shape: string | undefined, value: unknown): unknown {
  const conv = toRecordValue(model, shape, value);
  if (conv === undefined || (typeof conv === 'object' && conv !== null && Object.keys(conv).length === 0)) return null;
  return conv;
}

/** Whether a parameters object is too large to keep in its record. */
export function oversized(params: unknown): boolean {
  return params !== null && JSON.stringify(params).length > MAX_PARAMETERS_BYTES;
}
