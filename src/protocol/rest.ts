// REST protocols (restJson1, restXml): the HTTP binding layer shared by both. An operation is named by its method
// and its `http.uri` template; members travel in labels, query parameters, headers, the status code or the
// payload (smithy.api#http* traits), and whatever is left unbound goes in a JSON or XML body, written by the
// protocol's body codec (rest-json.ts, rest-xml.ts).
import type { MemberModel, OperationModel, ServiceModel } from './model.js';
export { RestRoutes, type RestMatch } from './rest-routes.js';
import { AwsError, CommonErrors } from './errors.js';
import { isRecord, parseTimestamp, scalarFromString, shapeOf } from './shapes.js';

// ---- request binding ----

export interface RestRequest {
  headers: Record<string, string | string[] | undefined>;
  query: URLSearchParams;
  labels: Record<string, string>;
  body: Buffer;
}

/** Reads the members of a structure that live in the body (the protocol's codec). */
export type BodyReader = (model: ServiceModel, shape: string, body: Buffer) => Record<string, unknown>;

function badValue(where: string, value: string): AwsError {
  return CommonErrors.serializationException(`Cannot convert '${value}' from ${where} to the member's type.`);
}

/** Converts one string from a label, query parameter or header to the member's type. */
function coerce(model: ServiceModel, member: MemberModel, raw: string, where: string, header: boolean): unknown {
  const shape = shapeOf(model, member.target);
  const format =
    member.timestampFormat ??
    ('timestampFormat' in shape ? shape.timestampFormat : undefined) ??
    (header ? 'http-date' : 'date-time');
  return scalarFromString(shape.type, raw, () => badValue(where, raw), {
    allowNaN: true,
    time: (v) => (format === 'epoch-seconds' ? parseTimestamp(Number(v)) : parseTimestamp(v)),
  });
}

function headerValues(headers: RestRequest['headers'], name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Splits a list header: comma-separated, with double-quoted items that may contain commas. */
function splitHeaderList(value: string): string[] {
  const out: string[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|([^,]*?))\s*(?:,|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value)) !== null && m.index < value.length) {
    out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? ''));
    if (re.lastIndex >= value.length) break;
  }
  return out;
}

/** Builds an operation's input from the HTTP request, as the model's binding traits place each member. */
export function parseRestInput(
  model: ServiceModel,
  operation: OperationModel,
  req: RestRequest,
  readBody: BodyReader,
): Record<string, unknown> {
  if (!operation.input) return {};
  const shape = shapeOf(model, operation.input);
  if (shape.type !== 'structure') return {};
  const input: Record<string, unknown> = {};
  const boundQuery = new Set<string>();
  let hasBodyMembers = false;
  let queryParamsMember: [string, MemberModel] | undefined;
  for (const [name, member] of Object.entries(shape.members)) {
    const http = member.http;
    if (!http) {
      hasBodyMembers = true;
      continue;
    }
    switch (http.location) {
      case 'label': {
        const raw = req.labels[name];
        if (raw !== undefined) input[name] = coerce(model, member, raw, 'label', false);
        break;
      }
      case 'query': {
        const key = http.name ?? name;
        boundQuery.add(key);
        const all = req.query.getAll(key);
        if (all.length === 0) break;
        const target = shapeOf(model, member.target);
        input[name] =
          target.type === 'list'
            ? all.map((v) => coerce(model, target.member, v, 'query', false))
            : coerce(model, member, all[0]!, 'query', false);
        break;
      }
      case 'queryParams':
        queryParamsMember = [name, member];
        break;
      case 'header': {
        const raw = headerValues(req.headers, http.name ?? name);
        if (raw === undefined) break;
        const target = shapeOf(model, member.target);
        input[name] =
          target.type === 'list'
            ? splitHeaderList(raw).map((v) => coerce(model, target.member, v, 'header', true))
            : coerce(model, member, raw, 'header', true);
        break;
      }
      case 'prefixHeaders': {
        const prefix = (http.name ?? '').toLowerCase();
        const map: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) {
          if (v !== undefined && k.startsWith(prefix))
            map[k.slice(prefix.length)] = Array.isArray(v) ? v.join(', ') : v;
        }
        if (Object.keys(map).length > 0) input[name] = map;
        break;
      }
      case 'payload': {
        const target = shapeOf(model, member.target);
        if (target.type === 'blob') {
          if (req.body.length > 0) input[name] = req.body;
        } else if (target.type === 'string' || target.type === 'enum') {
          if (req.body.length > 0) input[name] = req.body.toString('utf8');
        } else if (target.type === 'structure' || target.type === 'union') {
          if (req.body.length > 0) input[name] = readBody(model, member.target, req.body);
        } else if (target.type === 'document') {
          if (req.body.length > 0) input[name] = readBody(model, member.target, req.body);
        }
        break;
      }
      case 'responseCode':
        break;
    }
  }
  if (queryParamsMember) {
    const [name, member] = queryParamsMember;
    const target = shapeOf(model, member.target);
    const listValued = target.type === 'map' && shapeOf(model, target.value.target).type === 'list';
    const map: Record<string, string | string[]> = {};
    for (const key of new Set(req.query.keys())) {
      if (boundQuery.has(key)) continue;
      map[key] = listValued ? req.query.getAll(key) : req.query.get(key)!;
    }
    if (Object.keys(map).length > 0) input[name] = map;
  }
  if (hasBodyMembers && req.body.length > 0) {
    const body = readBody(model, operation.input, req.body);
    for (const [name, member] of Object.entries(shape.members)) {
      if (!member.http && body[name] !== undefined) input[name] = body[name];
    }
  }
  return input;
}

// ---- response binding ----

export interface RestResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** Writes the body members of a structure value (the protocol's codec); returns body and content type. */
export type BodyWriter = (
  model: ServiceModel,
  shape: string,
  value: Record<string, unknown>,
) => { body: string; contentType: string };

function headerText(model: ServiceModel, member: MemberModel, value: unknown): string {
  if (value instanceof Date) {
    const shape = shapeOf(model, member.target);
    const format = member.timestampFormat ?? (shape.type === 'timestamp' ? shape.timestampFormat : undefined);
    if (format === 'epoch-seconds') return String(value.getTime() / 1000);
    if (format === 'date-time') return value.toISOString();
    return value.toUTCString();
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return String(value);
}

/**
 * Serializes a structure (operation output or error) by its binding traits: status code, headers, then either
 * the payload member as-is or the unbound members through the body writer.
 */
export function serializeRestStructure(
  model: ServiceModel,
  shapeName: string | undefined,
  value: unknown,
  defaultStatus: number,
  writeBody: BodyWriter,
): RestResponse {
  const headers: Record<string, string> = {};
  let status = defaultStatus;
  if (!shapeName) return { status, headers, body: '' };
  const shape = shapeOf(model, shapeName);
  if (shape.type !== 'structure') return { status, headers, body: '' };
  const record = isRecord(value) ? value : {};
  const bodyValue: Record<string, unknown> = {};
  let bodyMembers = false;
  let payload: RestResponse['body'] | undefined;
  for (const [name, member] of Object.entries(shape.members)) {
    const v = record[name];
    const http = member.http;
    if (!http) {
      bodyMembers = true;
      if (v !== undefined && v !== null) bodyValue[name] = v;
      continue;
    }
    if (v === undefined || v === null) continue;
    switch (http.location) {
      case 'responseCode':
        if (typeof v === 'number') status = v;
        break;
      case 'header': {
        const key = http.name ?? name;
        headers[key] = Array.isArray(v)
          ? v.map((x) => headerText(model, member, x)).join(', ')
          : headerText(model, member, v);
        break;
      }
      case 'prefixHeaders':
        if (isRecord(v)) for (const [k, x] of Object.entries(v)) headers[`${http.name ?? ''}${k}`] = String(x);
        break;
      case 'payload': {
        const target = shapeOf(model, member.target);
        if (v instanceof Uint8Array) {
          payload = Buffer.from(v);
          headers['content-type'] = 'application/octet-stream';
        } else if (typeof v === 'string' && target.type !== 'structure') {
          payload = v;
          headers['content-type'] = 'text/plain';
        } else if (isRecord(v)) {
          const out = writeBody(model, member.target, v);
          payload = out.body;
          headers['content-type'] = out.contentType;
        }
        break;
      }
      default:
        break;
    }
  }
  if (payload !== undefined) return { status, headers, body: payload };
  if (!bodyMembers || status === 204 || status === 304) return { status, headers, body: '' };
  const out = writeBody(model, shapeName, bodyValue);
  headers['content-type'] = out.contentType;
  return { status, headers, body: out.body };
}

/** The output of an operation as an HTTP response. */
export function serializeRestOutput(
  model: ServiceModel,
  operation: OperationModel,
  output: unknown,
  writeBody: BodyWriter,
): RestResponse {
  return serializeRestStructure(model, operation.output, output, operation.http?.code ?? 200, writeBody);
}
