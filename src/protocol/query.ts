// awsQuery: form-encoded `Action=...&Version=...` requests, XML `<OpResponse><OpResult>` responses.
// Member names on the wire come from the model's xmlName/queryName traits; lists and maps are flattened or
// wrapped (`.member.N`, `.entry.N.key`) exactly as the model's xmlFlattened traits say.
import type { MemberModel, ServiceMeta, ServiceModel } from './model.js';
import { AwsError, CommonErrors } from './errors.js';
import { isRecord, isoTimestamp, scalarFromString, shapeOf } from './shapes.js';

export interface QueryParams {
  values: Map<string, string>;
  /** Every dotted prefix of every key, so "is anything under X?" is one lookup. */
  prefixes: Set<string>;
}

export function parseQueryParams(raw: string): QueryParams {
  const values = new Map<string, string>();
  const prefixes = new Set<string>();
  for (const [k, v] of new URLSearchParams(raw)) {
    if (!values.has(k)) values.set(k, v);
    let i = k.indexOf('.');
    while (i !== -1) {
      prefixes.add(k.slice(0, i));
      i = k.indexOf('.', i + 1);
    }
  }
  return { values, prefixes };
}

function has(params: QueryParams, key: string): boolean {
  return params.values.has(key) || params.prefixes.has(key);
}

function wireName(name: string, member: MemberModel): string {
  return member.queryName ?? member.xmlName ?? name;
}

export function readQueryInput(model: ServiceModel, inputShape: string | undefined, params: QueryParams) {
  if (!inputShape) return {};
  return readStructure(model, inputShape, '', params);
}

function readStructure(model: ServiceModel, target: string, prefix: string, params: QueryParams) {
  const shape = shapeOf(model, target);
  if (shape.type !== 'structure' && shape.type !== 'union') throw new Error(`${target} is not a structure`);
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(shape.members)) {
    const key = prefix + wireName(name, member);
    if (!has(params, key)) continue;
    const v = readValue(model, member, key, params);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

function readValue(model: ServiceModel, member: MemberModel, key: string, params: QueryParams): unknown {
  const shape = shapeOf(model, member.target);
  switch (shape.type) {
    case 'structure':
    case 'union':
      return readStructure(model, member.target, key + '.', params);
    case 'list': {
      const base = member.xmlFlattened ? key : `${key}.${shape.member.xmlName ?? 'member'}`;
      const out: unknown[] = [];
      // An empty list is sent as `Key=` with no entries.
      for (let n = 1; has(params, `${base}.${n}`); n++)
        out.push(readValue(model, shape.member, `${base}.${n}`, params));
      return out;
    }
    case 'map': {
      const base = member.xmlFlattened ? key : `${key}.entry`;
      const kName = shape.key.xmlName ?? 'key';
      const vName = shape.value.xmlName ?? 'value';
      const out: Record<string, unknown> = {};
      for (let n = 1; has(params, `${base}.${n}`); n++) {
        const k = params.values.get(`${base}.${n}.${kName}`);
        if (k === undefined) continue;
        out[k] = readValue(model, shape.value, `${base}.${n}.${vName}`, params);
      }
      return out;
    }
    default:
      return readScalar(shape.type, key, params.values.get(key));
  }
}

function invalid(key: string, value: string): AwsError {
  return CommonErrors.invalidParameterValue(`Value (${value}) for parameter ${key} is invalid.`);
}

function readScalar(type: string, key: string, value: string | undefined): unknown {
  if (value === undefined) return undefined;
  return scalarFromString(type, value, () => invalid(key, value));
}

// ---- XML responses ----

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#xD;',
};

export function escapeXml(s: string): string {
  return s.replace(/[&<>"'\r]/g, (c) => XML_ESCAPES[c] ?? c);
}

export function serializeQueryOutput(
  model: ServiceModel,
  operation: string,
  outputShape: string | undefined,
  output: unknown,
  requestId: string,
): string {
  const ns = model.xmlNamespace ? ` xmlns="${model.xmlNamespace}"` : '';
  let result = '';
  if (outputShape && isRecord(output))
    result = `<${operation}Result>${writeMembers(model, outputShape, output)}</${operation}Result>`;
  return (
    `<?xml version="1.0"?><${operation}Response${ns}>${result}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`
  );
}

function writeMembers(model: ServiceModel, target: string, value: Record<string, unknown>): string {
  const shape = shapeOf(model, target);
  if (shape.type !== 'structure' && shape.type !== 'union') return '';
  let xml = '';
  for (const [name, member] of Object.entries(shape.members)) {
    const v = value[name];
    if (v === undefined || v === null) continue;
    xml += writeMember(model, member, member.xmlName ?? name, v);
  }
  return xml;
}

function writeMember(model: ServiceModel, member: MemberModel, name: string, value: unknown): string {
  const shape = shapeOf(model, member.target);
  switch (shape.type) {
    case 'structure':
    case 'union':
      return isRecord(value) ? `<${name}>${writeMembers(model, member.target, value)}</${name}>` : '';
    case 'list': {
      if (!Array.isArray(value)) return '';
      if (member.xmlFlattened) return value.map((v) => writeMember(model, shape.member, name, v)).join('');
      const itemName = shape.member.xmlName ?? 'member';
      return `<${name}>${value.map((v) => writeMember(model, shape.member, itemName, v)).join('')}</${name}>`;
    }
    case 'map': {
      if (!isRecord(value)) return '';
      const kName = shape.key.xmlName ?? 'key';
      const vName = shape.value.xmlName ?? 'value';
      const entries = Object.entries(value)
        .map(([k, v]) => `<${kName}>${escapeXml(k)}</${kName}>${writeMember(model, shape.value, vName, v)}`)
        .map((e) => (member.xmlFlattened ? `<${name}>${e}</${name}>` : `<entry>${e}</entry>`))
        .join('');
      return member.xmlFlattened ? entries : `<${name}>${entries}</${name}>`;
    }
    default:
      return `<${name}>${escapeXml(scalarText(value))}</${name}>`;
  }
}

function scalarText(value: unknown): string {
  if (value instanceof Date) return isoTimestamp(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return String(value);
}

export function serializeQueryError(model: ServiceMeta | undefined, err: AwsError, requestId: string): string {
  const ns = model?.xmlNamespace ? ` xmlns="${model.xmlNamespace}"` : '';
  const type = err.fault === 'server' ? 'Receiver' : 'Sender';
  return (
    `<?xml version="1.0"?><ErrorResponse${ns}><Error><Type>${type}</Type>` +
    `<Code>${escapeXml(err.queryCode ?? err.code)}</Code><Message>${escapeXml(err.message)}</Message><Detail/></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
