// restXml: the REST binding layer (rest.ts) with XML bodies (S3 and friends). Element names come from the
// model's xmlName traits, lists and maps are wrapped or flattened as xmlFlattened says, and errors are
// `<Error><Code/><Message/><RequestId/></Error>`.
import { createRequire } from 'node:module';
import type { XMLParser } from 'fast-xml-parser';
import { AwsError } from './errors.js';
import type { MemberModel, ServiceModel } from './model.js';
import { escapeXml } from './query.js';
import type { BodyReader, BodyWriter } from './rest.js';
import { isRecord, parseTimestamp, shapeOf } from './shapes.js';

let parser: XMLParser | undefined;

/** Loaded on the first XML body: the parser and its entity tables cost startup time most runs never need. */
function xmlParser(): XMLParser {
  if (!parser) {
    const fxp = createRequire(import.meta.url)('fast-xml-parser') as typeof import('fast-xml-parser');
    parser = new fxp.XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      parseTagValue: false,
      trimValues: false,
      removeNSPrefix: true,
      isArray: () => true,
    });
  }
  return parser;
}

type XmlNode = Record<string, unknown>;

function structureName(model: ServiceModel, shape: string): string {
  const s = shapeOf(model, shape);
  return (s.type === 'structure' || s.type === 'union' ? s.xmlName : undefined) ?? shape;
}

export const readXmlBody: BodyReader = (model, shape, body) => {
  let doc: XmlNode;
  try {
    doc = xmlParser().parse(body.toString('utf8')) as XmlNode;
  } catch {
    throw AwsError400('MalformedXML');
  }
  const root = Object.entries(doc).find(([k]) => !k.startsWith('?'));
  if (!root) throw AwsError400('MalformedXML');
  const node = (root[1] as unknown[])[0];
  return (readNode(model, shape, node) as Record<string, unknown> | undefined) ?? {};
};

function AwsError400(code: string): AwsError {
  return new AwsError(
    code,
    'The XML you provided was not well-formed or did not validate against our published schema',
  );
}

function text(node: unknown): string {
  if (typeof node === 'string') return node;
  if (isRecord(node) && typeof node['#text'] === 'string') return node['#text'];
  return '';
}

function readNode(model: ServiceModel, target: string, node: unknown): unknown {
  const shape = shapeOf(model, target);
  switch (shape.type) {
    case 'structure':
    case 'union': {
      if (!isRecord(node)) return {};
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members)) {
        if (member.http) continue;
        const wire = member.xmlName ?? name;
        if (member.xmlAttribute) {
          // The parser drops namespace prefixes (`xsi:type` arrives as `type`) and wraps every value in an array.
          const raw = node[`@_${wire}`] ?? node[`@_${wire.slice(wire.indexOf(':') + 1)}`];
          const a: unknown = Array.isArray(raw) ? raw[0] : raw;
          if (typeof a === 'string') out[name] = scalar(shape.type, member, model, a);
          continue;
        }
        const children = node[wire] as unknown[] | undefined;
        if (!children) continue;
        const t = shapeOf(model, member.target);
        if (t.type === 'list' && member.xmlFlattened) {
          out[name] = children.map((c) => readNode(model, t.member.target, c));
        } else if (t.type === 'map' && member.xmlFlattened) {
          out[name] = readMapEntries(model, t.key, t.value, children);
        } else {
          out[name] = readNode(model, member.target, children[0]);
        }
      }
      return out;
    }
    case 'list': {
      if (!isRecord(node)) return [];
      const items = (node[shape.member.xmlName ?? 'member'] as unknown[] | undefined) ?? [];
      return items.map((c) => readNode(model, shape.member.target, c));
    }
    case 'map': {
      if (!isRecord(node)) return {};
      return readMapEntries(model, shape.key, shape.value, (node.entry as unknown[] | undefined) ?? []);
    }
    default:
      return scalar(shape.type, undefined, model, text(node));
  }
}

function readMapEntries(model: ServiceModel, key: MemberModel, value: MemberModel, entries: unknown[]) {
  const out: Record<string, unknown> = {};
  for (const e of entries) {
    if (!isRecord(e)) continue;
    const k = text((e[key.xmlName ?? 'key'] as unknown[] | undefined)?.[0]);
    out[k] = readNode(model, value.target, (e[value.xmlName ?? 'value'] as unknown[] | undefined)?.[0]);
  }
  return out;
}

function scalar(type: string, member: MemberModel | undefined, model: ServiceModel, raw: string): unknown {
  const t = member ? shapeOf(model, member.target).type : type;
  switch (t) {
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
    case 'intEnum':
    case 'float':
    case 'double': {
      // A value that is not a number does not validate against the schema: S3 answers MalformedXML.
      const n = Number(raw);
      if (raw.trim() === '' || Number.isNaN(n)) throw AwsError400('MalformedXML');
      return n;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw AwsError400('MalformedXML');
      return raw === 'true';
    case 'blob':
      return Buffer.from(raw, 'base64');
    case 'timestamp':
      return parseTimestamp(raw) ?? raw;
    default:
      return raw;
  }
}

export const writeXmlBody: BodyWriter = (model, shape, value) => {
  const name = structureName(model, shape);
  const ns = model.xmlNamespace ? ` xmlns="${model.xmlNamespace}"` : '';
  const { attrs, inner } = writeStructure(model, shape, value);
  return {
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<${name}${ns}${attrs}>${inner}</${name}>`,
    contentType: 'application/xml',
  };
};

function writeStructure(model: ServiceModel, target: string, value: Record<string, unknown>) {
  const shape = shapeOf(model, target);
  let attrs = '';
  let inner = '';
  if (shape.type !== 'structure' && shape.type !== 'union') return { attrs, inner };
  for (const [name, member] of Object.entries(shape.members)) {
    const v = value[name];
    if (v === undefined || v === null || member.http) continue;
    const wire = member.xmlName ?? name;
    if (member.xmlAttribute) attrs += ` ${wire}="${escapeXml(scalarText(v))}"`;
    else inner += writeMember(model, member, wire, v);
  }
  return { attrs, inner };
}

function writeMember(model: ServiceModel, member: MemberModel, name: string, value: unknown): string {
  const shape = shapeOf(model, member.target);
  const ns = member.xmlNamespace
    ? ` xmlns${member.xmlNamespace.prefix ? `:${member.xmlNamespace.prefix}` : ''}="${member.xmlNamespace.uri}"`
    : '';
  switch (shape.type) {
    case 'structure':
    case 'union': {
      if (!isRecord(value)) return '';
      const { attrs, inner } = writeStructure(model, member.target, value);
      return `<${name}${ns}${attrs}>${inner}</${name}>`;
    }
    case 'list': {
      if (!Array.isArray(value)) return '';
      if (member.xmlFlattened) return value.map((v) => writeMember(model, shape.member, name, v)).join('');
      const item = shape.member.xmlName ?? 'member';
      return `<${name}${ns}>${value.map((v) => writeMember(model, shape.member, item, v)).join('')}</${name}>`;
    }
    case 'map': {
      if (!isRecord(value)) return '';
      const k = shape.key.xmlName ?? 'key';
      const vName = shape.value.xmlName ?? 'value';
      const entries = Object.entries(value).map(
        ([key, v]) => `<${k}>${escapeXml(key)}</${k}>${writeMember(model, shape.value, vName, v)}`,
      );
      if (member.xmlFlattened) return entries.map((e) => `<${name}>${e}</${name}>`).join('');
      return `<${name}${ns}>${entries.map((e) => `<entry>${e}</entry>`).join('')}</${name}>`;
    }
    default:
      return `<${name}${ns}>${escapeXml(scalarText(value))}</${name}>`;
  }
}

function scalarText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return String(value);
}

export function serializeRestXmlError(
  err: AwsError,
  requestId: string,
): { status: number; headers: Record<string, string>; body: string } {
  let fields = '';
  for (const [k, v] of Object.entries(err.fields ?? {})) fields += `<${k}>${escapeXml(scalarText(v))}</${k}>`;
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(err.code)}</Code>` +
    `<Message>${escapeXml(err.message)}</Message>${fields}<RequestId>${requestId}</RequestId></Error>`;
  return { status: err.status, headers: { ...err.headers, 'content-type': 'application/xml' }, body };
}
