// Schema inference from EventBridge events (discoverers and GetDiscoveredSchema) and the OpenApi3 to
// JSONSchemaDraft4 conversion (ExportSchema). Events are read into a small type tree that merges across events
// (properties unite, `required` keeps what every event had), then written in AWS's discovered-schema layout:
// an `AWSEvent` envelope whose `detail` refers to a component named after the detail-type.

type Node =
  | { kind: 'object'; props: Map<string, Node>; required: Set<string> }
  | { kind: 'array'; items: Node | undefined }
  | { kind: 'string'; dateTime: boolean }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'null' };

type Json = Record<string, unknown>;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function nodeOf(value: unknown): Node {
  if (Array.isArray(value)) {
    let items: Node | undefined;
    for (const v of value) items = items ? merge(items, nodeOf(v)) : nodeOf(v);
    return { kind: 'array', items };
  }
  if (isObject(value)) {
    const props = new Map<string, Node>();
    for (const [k, v] of Object.entries(value)) props.set(k, nodeOf(v));
    return { kind: 'object', props, required: new Set(props.keys()) };
  }
  if (typeof value === 'string') return { kind: 'string', dateTime: DATE_TIME.test(value) };
  if (typeof value === 'number') return { kind: 'number' };
  if (typeof value === 'boolean') return { kind: 'boolean' };
  return { kind: 'null' };
}

export function merge(a: Node, b: Node): Node {
  if (a.kind === 'null') return b;
  if (b.kind === 'null' || a.kind !== b.kind) return a;
  if (a.kind === 'object' && b.kind === 'object') {
    const props = new Map(a.props);
    for (const [k, v] of b.props) props.set(k, props.has(k) ? merge(props.get(k)!, v) : v);
    const required = new Set([...a.required].filter((k) => b.required.has(k)));
    return { kind: 'object', props, required };
  }
  if (a.kind === 'array' && b.kind === 'array') {
    return { kind: 'array', items: a.items && b.items ? merge(a.items, b.items) : (a.items ?? b.items) };
  }
  if (a.kind === 'string' && b.kind === 'string') return { kind: 'string', dateTime: a.dateTime && b.dateTime };
  return a;
}

/** `Ride Requested` -> `RideRequested`; `pickup_location` -> `PickupLocation`: AWS's component naming. */
export function pascal(s: string): string {
  const words = s.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  const name = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return name === '' ? 'Object' : /^[0-9]/.test(name) ? `_${name}` : name;
}

/** The discovered schema's name: `<source>@<DetailType>` (detail-type without spaces and punctuation). */
export function discoveredName(source: string, detailType: string): string {
  return `${source}@${pascal(detailType)}`;
}

class Writer {
  readonly defs: Record<string, Json> = {};

  constructor(private readonly refPrefix: string) {}

  /** Writes `node`; objects become named definitions (suffixed when a name is already taken). */
  write(node: Node, name: string): Json {
    switch (node.kind) {
      case 'object': {
        let defName = name;
        for (let i = 1; this.defs[defName] !== undefined; i++) defName = `${name}_${i}`;
        this.defs[defName] = {};
        this.defs[defName] = this.objectBody(node);
        return { $ref: `${this.refPrefix}${defName}` };
      }
      case 'array':
        return { type: 'array', items: node.items ? this.write(node.items, name) : { type: 'object' } };
      case 'string':
        return node.dateTime ? { type: 'string', format: 'date-time' } : { type: 'string' };
      case 'number':
        return { type: 'number' };
      case 'boolean':
        return { type: 'boolean' };
      case 'null':
        return {};
    }
  }

  objectBody(node: Extract<Node, { kind: 'object' }>): Json {
    const properties: Json = {};
    for (const k of [...node.props.keys()].sort()) properties[k] = this.write(node.props.get(k)!, pascal(k));
    const required = [...node.required].sort();
    return { type: 'object', ...(required.length > 0 ? { required } : {}), properties };
  }
}

const ENVELOPE_REQUIRED = [
  'account',
  'detail',
  'detail-type',
  'id',
  'region',
  'resources',
  'source',
  'time',
  'version',
];

/** The envelope part of AWSEvent, with `detail` referring to the detail-type's component. */
function awsEvent(w: Writer, detail: Node, source: string, detailType: string): Json {
  return {
    type: 'object',
    required: ENVELOPE_REQUIRED,
    'x-amazon-events-detail-type': detailType,
    'x-amazon-events-source': source,
    properties: {
      account: { type: 'string' },
      detail: w.write(detail, pascal(detailType)),
      'detail-type': { type: 'string' },
      id: { type: 'string' },
      region: { type: 'string' },
      resources: { type: 'array', items: { type: 'string' } },
      source: { type: 'string' },
      time: { type: 'string', format: 'date-time' },
      version: { type: 'string' },
    },
  };
}

export interface Inferred {
  source: string;
  detailType: string;
  detail: Node;
}

/** Reads events (parsed JSON) into one merged detail tree; they must share source and detail-type. */
export function inferEvents(events: unknown[]): Inferred | string {
  let acc: Inferred | undefined;
  for (const ev of events) {
    if (!isObject(ev)) return 'Events must be JSON objects.';
    const source = ev.source;
    const detailType = ev['detail-type'];
    if (typeof source !== 'string' || typeof detailType !== 'string') {
      return 'Events must have a source and a detail-type.';
    }
    const detail = nodeOf(isObject(ev.detail) ? ev.detail : {});
    if (!acc) acc = { source, detailType, detail };
    else if (acc.source !== source || acc.detailType !== detailType) {
      return 'All events must have the same source and detail-type.';
    } else acc.detail = merge(acc.detail, detail);
  }
  return acc ?? 'Events must not be empty.';
}

export function toOpenApi3(inf: Inferred): string {
  const w = new Writer('#/components/schemas/');
  const event = awsEvent(w, inf.detail, inf.source, inf.detailType);
  const doc = {
    openapi: '3.0.0',
    info: { version: '1.0.0', title: pascal(inf.detailType) },
    paths: {},
    components: { schemas: { AWSEvent: event, ...w.defs } },
  };
  return JSON.stringify(doc, null, 2);
}

export function toJsonSchemaDraft4(inf: Inferred): string {
  const w = new Writer('#/definitions/');
  const event = awsEvent(w, inf.detail, inf.source, inf.detailType);
  const doc = {
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: 'AWSEvent',
    definitions: w.defs,
    ...event,
  };
  return JSON.stringify(doc, null, 2);
}

/** The detail tree of an OpenApi3 document this module wrote (for merging the next event into it). */
export function detailOf(openApi: string): Node | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(openApi);
  } catch {
    return undefined;
  }
  const schemas = isObject(doc) && isObject(doc.components) ? doc.components.schemas : undefined;
  if (!isObject(schemas) || !isObject(schemas.AWSEvent) || !isObject(schemas.AWSEvent.properties)) return undefined;
  const read = (s: unknown, depth: number): Node => {
    if (!isObject(s) || depth > 64) return { kind: 'null' };
    if (typeof s.$ref === 'string') return read(schemas[s.$ref.replace('#/components/schemas/', '')], depth + 1);
    if (s.type === 'object') {
      const props = new Map<string, Node>();
      if (isObject(s.properties)) for (const [k, v] of Object.entries(s.properties)) props.set(k, read(v, depth + 1));
      const req = Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : [];
      return { kind: 'object', props, required: new Set(req) };
    }
    if (s.type === 'array') return { kind: 'array', items: isObject(s.items) ? read(s.items, depth + 1) : undefined };
    if (s.type === 'string') return { kind: 'string', dateTime: s.format === 'date-time' };
    if (s.type === 'number' || s.type === 'integer') return { kind: 'number' };
    if (s.type === 'boolean') return { kind: 'boolean' };
    return { kind: 'null' };
  };
  return read(schemas.AWSEvent.properties.detail, 0);
}

/**
 * ExportSchema: an OpenApi3 document as one JSON Schema draft-04 document. The root is `AWSEvent` (or the
 * component named by info.title, or the first); the other components become definitions.
 */
export function openApiToDraft4(content: string): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch {
    return undefined;
  }
  if (!isObject(doc) || !isObject(doc.components) || !isObject(doc.components.schemas)) return undefined;
  const schemas = doc.components.schemas;
  const names = Object.keys(schemas);
  const title = isObject(doc.info) && typeof doc.info.title === 'string' ? doc.info.title : undefined;
  const root = names.includes('AWSEvent') ? 'AWSEvent' : title && names.includes(title) ? title : names[0];
  if (root === undefined || !isObject(schemas[root])) return undefined;
  const rewrite = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rewrite);
    if (!isObject(v)) return v;
    const out: Json = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'nullable') continue;
      out[k] =
        k === '$ref' && typeof x === 'string' ? x.replace('#/components/schemas/', '#/definitions/') : rewrite(x);
    }
    return out;
  };
  const definitions: Json = {};
  for (const n of names) if (n !== root) definitions[n] = rewrite(schemas[n]);
  const body = rewrite(schemas[root]) as Json;
  const out = {
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: root,
    ...(names.length > 1 ? { definitions } : {}),
    ...body,
  };
  return JSON.stringify(out, null, 2);
}
