// Shape lookups shared by the protocol codecs and the validator.
import type { MemberModel, ServiceModel, ShapeModel } from './model.js';

export function shapeOf(model: ServiceModel, target: string): ShapeModel {
  const shape = model.shapes[target];
  if (!shape) throw new Error(`model ${model.sdkId} has no shape ${target}`);
  return shape;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

const conversionCache = new WeakMap<ServiceModel, Map<string, boolean>>();

/**
 * Whether values of this shape contain blobs, timestamps or renamed members anywhere (so JSON codecs must walk them).
 * Most SQS/EventBridge payloads don't, which lets the hot path skip the walk entirely.
 */
export function needsConversion(model: ServiceModel, target: string): boolean {
  let cache = conversionCache.get(model);
  if (!cache) {
    cache = new Map();
    conversionCache.set(model, cache);
  }
  const known = cache.get(target);
  if (known !== undefined) return known;
  cache.set(target, false); // breaks recursion for recursive shapes
  const shape = shapeOf(model, target);
  let result = false;
  switch (shape.type) {
    case 'blob':
    case 'timestamp':
      result = true;
      break;
    case 'structure':
    case 'union':
      // A jsonName trait renames the member on the wire (restJson1), so the value must be walked too.
      result = Object.values(shape.members).some(
        (m: MemberModel) => m.jsonName !== undefined || needsConversion(model, m.target),
      );
      break;
    case 'list':
      result = needsConversion(model, shape.member.target);
      break;
    case 'map':
      result = needsConversion(model, shape.value.target);
      break;
    default:
      result = false;
  }
  cache.set(target, result);
  return result;
}

/** AWS timestamps on the wire: epoch seconds (JSON), ISO-8601 (query/XML), HTTP date (headers). */
export function parseTimestamp(value: unknown): Date | undefined {
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'string') {
    if (/^-?\d+(\.\d+)?$/.test(value)) return new Date(Number(value) * 1000);
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return undefined;
}

export function isoTimestamp(d: Date): string {
  return d.toISOString();
}

/**
 * A scalar member's value from its string form on the wire (query parameters, REST labels, query strings and
 * headers). `bad` builds the protocol's own error; `time` parses timestamps in the binding's format.
 */
export function scalarFromString(
  type: string,
  raw: string,
  bad: () => Error,
  opts: { time?: (raw: string) => Date | undefined; allowNaN?: boolean } = {},
): unknown {
  switch (type) {
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
    case 'intEnum':
    case 'bigInteger':
      if (!/^[+-]?\d+$/.test(raw.trim())) throw bad();
      return Number(raw);
    case 'float':
    case 'double':
    case 'bigDecimal': {
      const n = Number(raw);
      if (raw.trim() === '' || (Number.isNaN(n) && !(opts.allowNaN && raw === 'NaN'))) throw bad();
      return n;
    }
    case 'boolean':
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      throw bad();
    case 'blob':
      return Buffer.from(raw, 'base64');
    case 'timestamp': {
      const d = (opts.time ?? parseTimestamp)(raw);
      if (!d || Number.isNaN(d.getTime())) throw bad();
      return d;
    }
    default:
      return raw;
  }
}
