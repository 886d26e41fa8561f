// awsJson1_0 / awsJson1_1: JSON bodies, X-Amz-Target dispatch, `__type` errors.
import type { MemberModel, ServiceMeta, ServiceModel } from './model.js';
import { AwsError, CommonErrors } from './errors.js';
import { isRecord, needsConversion, parseTimestamp, shapeOf } from './shapes.js';

/** The coral name of a JSON value's kind, as AWS puts it in SerializationException messages. */
function jsonKind(value: unknown): string {
  if (typeof value === 'string') return 'STRING_VALUE';
  if (typeof value === 'number') return 'NUMBER_VALUE';
  if (typeof value === 'boolean') return value ? 'TRUE_VALUE' : 'FALSE_VALUE';
  if (Array.isArray(value)) return 'START_ARRAY';
  return 'START_OBJECT';
}

function mismatch(value: unknown, expected: string): AwsError {
  const kind = jsonKind(value);
  if (kind === 'START_ARRAY') return CommonErrors.serializationException('Start of list found where not expected');
  if (kind === 'START_OBJECT')
    return CommonErrors.serializationException('Start of structure or map found where not expected.');
  return CommonErrors.serializationException(`${kind} cannot be converted to ${expected}`);
}

/** Parses a JSON request body into the operation's input, converting blobs and timestamps. */
export function parseJsonInput(
  model: ServiceModel,
  inputShape: string | undefined,
  body: Buffer,
): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw CommonErrors.serializationException('Unable to parse request body as JSON.');
  }
  if (parsed === null) return {};
  if (!isRecord(parsed)) throw mismatch(parsed, 'Structure');
  if (!inputShape) return {};
  return readJson(model, inputShape, parsed) as Record<string, unknown>;
}

/**
 * restJson1 honours the jsonName trait (Schemas sends `tags` for its Tags members): wire name -> member name, or
 * undefined when the structure renames nothing. The awsJson protocols ignore the trait.
 */
const renames = new WeakMap<object, Map<string, string> | null>();
function wireNames(members: Record<string, MemberModel>): Map<string, string> | undefined {
  let map = renames.get(members);
  if (map === undefined) {
    map = null;
    for (const [name, m] of Object.entries(members)) {
      if (m.jsonName === undefined) continue;
      map ??= new Map();
      map.set(m.jsonName, name);
    }
    renames.set(members, map);
  }
  return map ?? undefined;
}

function readJson(model: ServiceModel, target: string, value: unknown): unknown {
  const shape = shapeOf(model, target);
  switch (shape.type) {
    case 'structure':
    case 'union': {
      if (!isRecord(value)) throw mismatch(value, 'Structure');
      const out: Record<string, unknown> = {};
      const renamed = model.protocols[0] === 'restJson1' ? wireNames(shape.members) : undefined;
      for (const key of Object.keys(value)) {
        const name = renamed?.get(key) ?? key;
        const member = shape.members[name];
        const v = value[key];
        // Unknown members are ignored and explicit nulls mean "absent", as AWS's JSON services do.
        if (!member || v === null || v === undefined) continue;
        out[name] = readJson(model, member.target, v);
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(value)) throw mismatch(value, 'List');
      return value.map((v) => (v === null ? null : readJson(model, shape.member.target, v)));
    }
    case 'map': {
      if (!isRecord(value)) throw mismatch(value, 'Map');
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = v === null ? null : readJson(model, shape.value.target, v);
      return out;
    }
    case 'string':
    case 'enum':
      if (typeof value !== 'string') throw mismatch(value, 'String');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw mismatch(value, 'Boolean');
      return value;
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
    case 'intEnum':
    case 'bigInteger':
      if (typeof value !== 'number') throw mismatch(value, 'Integer');
      if (!Number.isInteger(value))
        throw CommonErrors.serializationException(`NUMBER_VALUE cannot be converted to Integer`);
      return value;
    case 'float':
    case 'double':
    case 'bigDecimal':
      if (typeof value === 'number') return value;
      if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value);
      throw mismatch(value, 'Double');
    case 'blob': {
      if (typeof value !== 'string') throw mismatch(value, 'Blob');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 === 1) {
        throw CommonErrors.serializationException('Base64 encoded value could not be decoded.');
      }
      return Buffer.from(value, 'base64');
    }
    case 'timestamp': {
      const d = parseTimestamp(value);
      if (!d) throw mismatch(value, 'Timestamp');
      return d;
    }
    case 'document':
      return value;
  }
}

/** Serializes an operation's output; walks the value only when the shape holds blobs or timestamps. */
export function serializeJsonOutput(model: ServiceModel, outputShape: string | undefined, output: unknown): string {
  if (!outputShape || output === undefined || output === null) return '{}';
  if (!needsConversion(model, outputShape)) return JSON.stringify(output);
  return JSON.stringify(writeJson(model, outputShape, output));
}

function writeJson(model: ServiceModel, target: string, value: unknown): unknown {
  if (value === undefined || value === null) return value;
  const shape = shapeOf(model, target);
  switch (shape.type) {
    case 'structure':
    case 'union': {
      if (!isRecord(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined) continue;
        const member = shape.members[k];
        const wire = member?.jsonName !== undefined && model.protocols[0] === 'restJson1' ? member.jsonName : k;
        out[wire] = member ? writeJson(model, member.target, v) : v;
      }
      return out;
    }
    case 'list':
      return Array.isArray(value) ? value.map((v) => writeJson(model, shape.member.target, v)) : value;
    case 'map': {
      if (!isRecord(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = writeJson(model, shape.value.target, v);
      return out;
    }
    case 'blob':
      return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
    case 'timestamp':
      // Epoch seconds unless the shape says otherwise (Schemas' timestamps are ISO-8601 `date-time`).
      if (!(value instanceof Date)) return value;
      return shape.timestampFormat === 'date-time' ? value.toISOString() : value.getTime() / 1000;
    default:
      return value;
  }
}

/** JSON error body. Query-compatible services also tell the query error code in x-amzn-query-error. */
export function serializeJsonError(
  model: ServiceMeta | undefined,
  err: AwsError,
): { status: number; headers: Record<string, string>; body: string } {
  const ns = err.jsonNamespace ?? model?.namespace ?? 'com.amazon.coral.service';
  const headers: Record<string, string> = { ...err.headers };
  if (model?.awsQueryCompatible) {
    headers['x-amzn-query-error'] = `${err.queryCode ?? err.code};${err.fault === 'server' ? 'Receiver' : 'Sender'}`;
  }
  const body: Record<string, unknown> = { __type: `${ns}#${err.code}`, message: err.message, ...err.fields };
  return { status: err.status, headers, body: JSON.stringify(body) };
}
