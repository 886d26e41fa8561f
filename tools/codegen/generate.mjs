#!/usr/bin/env node
// Generates generated/<service>/{model,types,index}.ts from AWS Smithy JSON models.
//
//   node tools/codegen/generate.mjs [--check] [--out <dir>] [service ...]
//
// With no services, generates every service in tools/codegen/services.json. A service named on the command line
// that is not in services.json is looked up as <name>-YYYY-MM-DD.json (or <name>.json) in the models folder.
// --check regenerates in memory and exits 1 if anything under the output folder differs (CI drift detection).
// --out writes (or checks) somewhere other than generated/ (used to try other models without committing them).
// Models folder: $ATOLL_MODELS_DIR, else ../shared/aws-models relative to the repository root.
//
// Plain Node, no dependencies. The output is formatted by this script the way prettier (printWidth 120, single
// quotes, trailing commas) would format it, so regenerating never depends on a formatter's version.

import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const GENERATOR = 'tools/codegen/generate.mjs';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const WIDTH = 120;
const PRELUDE = 'smithy.api';
const UNIT = 'smithy.api#Unit';

// ---------------------------------------------------------------------------------------------------------------
// Command line

function main(argv) {
  let check = false;
  let outRoot = path.join(REPO, 'generated');
  const names = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') check = true;
    else if (arg === '--out') outRoot = path.resolve(argv[++i] ?? fail('--out needs a folder'));
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write('usage: node tools/codegen/generate.mjs [--check] [--out <dir>] [service ...]\n');
      return 0;
    } else if (arg.startsWith('-')) fail(`unknown option ${arg}`);
    else names.push(arg);
  }

  const modelsDir = path.resolve(REPO, process.env.ATOLL_MODELS_DIR ?? path.join('..', 'shared', 'aws-models'));
  const config = JSON.parse(readFileSync(path.join(HERE, 'services.json'), 'utf8'));
  const selected = names.length > 0 ? names : Object.keys(config).sort();

  const files = new Map(); // path relative to outRoot -> content
  for (const name of selected) {
    const options = resolveService(name, config, modelsDir);
    const modelFile = path.join(modelsDir, options.model);
    if (!existsSync(modelFile))
      fail(`model ${modelFile} not found (models folder: $ATOLL_MODELS_DIR or ../shared/aws-models)`);
    const model = JSON.parse(readFileSync(modelFile, 'utf8'));
    for (const [file, text] of Object.entries(generateService(model, options))) files.set(`${name}/${file}`, text);
  }

  if (!check) {
    for (const [rel, text] of files) {
      const file = path.join(outRoot, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      const old = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
      if (old !== text) writeFileSync(file, text);
      process.stdout.write(`${old === text ? 'unchanged' : 'wrote'} ${path.relative(REPO, file)}\n`);
    }
    return 0;
  }

  const problems = [];
  for (const [rel, text] of files) {
    const file = path.join(outRoot, rel);
    if (!existsSync(file)) problems.push(`missing: ${rel}`);
    else if (readFileSync(file, 'utf8') !== text) problems.push(`differs: ${rel}`);
  }
  // Files the generator would not write: inside generated service folders, and (for a full check) whole folders of
  // services that are no longer listed in services.json.
  const dirs = names.length > 0 ? selected : existsSync(outRoot) ? readdirSync(outRoot) : [];
  for (const dir of dirs) {
    const full = path.join(outRoot, dir);
    if (!existsSync(full) || !isDirectory(full)) continue;
    for (const file of readdirSync(full, { recursive: true })) {
      const rel = `${dir}/${String(file).split(path.sep).join('/')}`;
      if (!files.has(rel) && !isDirectory(path.join(outRoot, rel))) problems.push(`not generated: ${rel}`);
    }
  }
  if (problems.length > 0) {
    process.stderr.write(`generated code is out of date (run: node ${GENERATOR}):\n  ${problems.join('\n  ')}\n`);
    return 1;
  }
  process.stdout.write(`generated code is up to date (${files.size} files)\n`);
  return 0;
}

function isDirectory(file) {
  return statSync(file).isDirectory();
}

function fail(message) {
  process.stderr.write(`generate: ${message}\n`);
  process.exit(2);
}

/** services.json values are a model file name or { model, xmlNamespace?, service? }. */
function resolveService(name, config, modelsDir) {
  const entry = config[name];
  if (typeof entry === 'string') return { model: entry };
  if (entry && typeof entry === 'object') return { ...entry };
  if (!existsSync(modelsDir)) fail(`models folder ${modelsDir} not found (set ATOLL_MODELS_DIR)`);
  const all = readdirSync(modelsDir).filter((f) => f.endsWith('.json'));
  const matches = all.filter(
    (f) => f === name || f === `${name}.json` || new RegExp(`^${escapeRe(name)}-\\d{4}-\\d{2}-\\d{2}\\.json$`).test(f),
  );
  if (matches.length !== 1)
    fail(`no single model for ${name} in ${modelsDir} (found: ${matches.join(', ') || 'none'})`);
  return { model: matches[0] };
}

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------------------------
// Smithy model -> runtime model (src/protocol/model.ts)

const PRELUDE_TYPES = {
  String: 'string',
  Blob: 'blob',
  Boolean: 'boolean',
  PrimitiveBoolean: 'boolean',
  Byte: 'byte',
  PrimitiveByte: 'byte',
  Short: 'short',
  PrimitiveShort: 'short',
  Integer: 'integer',
  PrimitiveInteger: 'integer',
  Long: 'long',
  PrimitiveLong: 'long',
  Float: 'float',
  PrimitiveFloat: 'float',
  Double: 'double',
  PrimitiveDouble: 'double',
  BigInteger: 'bigInteger',
  BigDecimal: 'bigDecimal',
  Timestamp: 'timestamp',
  Document: 'document',
};

const SCALARS = new Set([
  'string',
  'enum',
  'integer',
  'long',
  'short',
  'byte',
  'intEnum',
  'float',
  'double',
  'bigInteger',
  'bigDecimal',
  'boolean',
  'blob',
  'timestamp',
  'document',
]);

const PROTOCOL_TRAITS = ['awsJson1_0', 'awsJson1_1', 'awsQuery', 'restXml', 'restJson1', 'ec2Query'];

function analyze(smithy, options) {
  const shapes = smithy.shapes;
  const serviceIds = Object.keys(shapes).filter((id) => shapes[id].type === 'service');
  const serviceId = options.service ?? (serviceIds.length === 1 ? serviceIds[0] : undefined);
  if (!serviceId || !shapes[serviceId])
    fail(`${options.model}: expected one service shape, found ${serviceIds.join(', ')}`);
  const service = shapes[serviceId];
  const namespace = serviceId.split('#')[0];

  const shapeOf = (id) => {
    if (id.startsWith(`${PRELUDE}#`)) {
      const name = id.slice(PRELUDE.length + 1);
      if (name === 'Unit') return { type: 'structure', members: {} };
      if (!PRELUDE_TYPES[name]) fail(`${options.model}: unknown prelude shape ${id}`);
      return { type: PRELUDE_TYPES[name] };
    }
    const shape = shapes[id];
    if (!shape) fail(`${options.model}: missing shape ${id}`);
    return shape;
  };
  const keyOf = (id) => (id.startsWith(`${namespace}#`) ? id.slice(namespace.length + 1) : id);
  const localOf = (id) => id.slice(id.indexOf('#') + 1);

  // Every operation, including those bound through (nested) resources.
  const operationIds = new Set();
  const seenResources = new Set();
  const walk = (container) => {
    for (const ref of container.operations ?? []) operationIds.add(ref.target);
    for (const ref of container.collectionOperations ?? []) operationIds.add(ref.target);
    for (const lifecycle of ['create', 'put', 'read', 'update', 'delete', 'list']) {
      if (container[lifecycle]) operationIds.add(container[lifecycle].target);
    }
    for (const ref of container.resources ?? []) {
      if (seenResources.has(ref.target)) continue;
      seenResources.add(ref.target);
      walk(shapeOf(ref.target));
    }
  };
  walk(service);

  const serviceErrors = (service.errors ?? []).map((ref) => ref.target);

  // Closure of shapes reachable from the operations.
  const reachable = new Set();
  const visit = (id) => {
    if (id === UNIT || reachable.has(id)) return;
    reachable.add(id);
    const shape = shapeOf(id);
    if (shape.type === 'structure' || shape.type === 'union') {
      for (const member of Object.values(shape.members ?? {})) visit(member.target);
    } else if (shape.type === 'list' || shape.type === 'set') {
      visit(shape.member.target);
    } else if (shape.type === 'map') {
      visit(shape.key.target);
      visit(shape.value.target);
    }
  };
  for (const id of operationIds) {
    const op = shapeOf(id);
    if (op.type !== 'operation') fail(`${options.model}: ${id} is not an operation`);
    if (op.input) visit(op.input.target);
    if (op.output) visit(op.output.target);
    for (const ref of op.errors ?? []) visit(ref.target);
  }
  for (const id of serviceErrors) visit(id);

  const keys = new Map([...reachable].map((id) => [id, keyOf(id)]));
  const dup = findDuplicate([...keys.values()]);
  if (dup) fail(`${options.model}: two shapes map to the key ${dup}`);

  return {
    smithy,
    options,
    serviceId,
    service,
    namespace,
    operationIds,
    serviceErrors,
    reachable,
    shapeOf,
    keyOf,
    localOf,
  };
}

function findDuplicate(values) {
  const seen = new Set();
  for (const v of values) {
    if (seen.has(v)) return v;
    seen.add(v);
  }
  return undefined;
}

function constraintsOf(traits, shape) {
  const c = {};
  const length = traits['smithy.api#length'];
  if (length?.min !== undefined) c.lengthMin = length.min;
  if (length?.max !== undefined) c.lengthMax = length.max;
  const range = traits['smithy.api#range'];
  if (range?.min !== undefined) c.rangeMin = range.min;
  if (range?.max !== undefined) c.rangeMax = range.max;
  if (traits['smithy.api#pattern'] !== undefined) c.pattern = traits['smithy.api#pattern'];
  if (shape) {
    const values = enumValuesOf(shape);
    if (values) c.enumValues = values;
    const intValues = intEnumValuesOf(shape);
    if (intValues) c.intEnumValues = intValues;
  }
  return Object.keys(c).length > 0 ? c : undefined;
}

/** String enum values: Smithy 2 enum shapes (member enumValue, defaulting to the member name) or Smithy 1 enum trait. */
function enumValuesOf(shape) {
  if (shape.type === 'enum') {
    return Object.entries(shape.members ?? {}).map(([name, m]) => m.traits?.['smithy.api#enumValue'] ?? name);
  }
  if (shape.type === 'string' && Array.isArray(shape.traits?.['smithy.api#enum'])) {
    return shape.traits['smithy.api#enum'].map((e) => e.value);
  }
  return undefined;
}

function intEnumValuesOf(shape) {
  if (shape.type !== 'intEnum') return undefined;
  return Object.values(shape.members ?? {}).map((m) => m.traits?.['smithy.api#enumValue']);
}

function memberModel(a, member) {
  const t = member.traits ?? {};
  const m = { target: a.keyOf(member.target) };
  if (t['smithy.api#required'] !== undefined) m.required = true;
  // A null default means "no default" (it undoes the target shape's default), so it is left out.
  if (t['smithy.api#default'] !== undefined && t['smithy.api#default'] !== null) m.default = t['smithy.api#default'];
  if (t['smithy.api#xmlName'] !== undefined) m.xmlName = t['smithy.api#xmlName'];
  if (t['smithy.api#xmlFlattened'] !== undefined) m.xmlFlattened = true;
  if (t['smithy.api#xmlAttribute'] !== undefined) m.xmlAttribute = true;
  if (t['smithy.api#xmlNamespace'] !== undefined) m.xmlNamespace = t['smithy.api#xmlNamespace'];
  if (t['aws.protocols#ec2QueryName'] !== undefined) m.queryName = t['aws.protocols#ec2QueryName'];
  if (t['smithy.api#jsonName'] !== undefined) m.jsonName = t['smithy.api#jsonName'];
  if (t['smithy.api#timestampFormat'] !== undefined) m.timestampFormat = t['smithy.api#timestampFormat'];
  const http = httpBinding(t);
  if (http) m.http = http;
  if (t['smithy.api#idempotencyToken'] !== undefined) m.idempotencyToken = true;
  const constraints = constraintsOf(t);
  if (constraints) m.constraints = constraints;
  return m;
}

function httpBinding(t) {
  if (t['smithy.api#httpHeader'] !== undefined) return { location: 'header', name: t['smithy.api#httpHeader'] };
  if (t['smithy.api#httpQuery'] !== undefined) return { location: 'query', name: t['smithy.api#httpQuery'] };
  if (t['smithy.api#httpLabel'] !== undefined) return { location: 'label' };
  if (t['smithy.api#httpPayload'] !== undefined) return { location: 'payload' };
  if (t['smithy.api#httpPrefixHeaders'] !== undefined) {
    return { location: 'prefixHeaders', name: t['smithy.api#httpPrefixHeaders'] };
  }
  if (t['smithy.api#httpQueryParams'] !== undefined) return { location: 'queryParams' };
  if (t['smithy.api#httpResponseCode'] !== undefined) return { location: 'responseCode' };
  return undefined;
}

function shapeModel(a, id) {
  const shape = a.shapeOf(id);
  const t = shape.traits ?? {};
  switch (shape.type) {
    case 'structure':
    case 'union': {
      const s = { type: shape.type, members: {} };
      // Members keep model order: it is the XML/query serialization order.
      for (const [name, member] of Object.entries(shape.members ?? {})) s.members[name] = memberModel(a, member);
      if (t['smithy.api#error'] !== undefined) s.error = errorTraits(a, id, t);
      if (t['smithy.api#xmlName'] !== undefined) s.xmlName = t['smithy.api#xmlName'];
      return s;
    }
    case 'list':
    case 'set': {
      const s = { type: 'list', member: memberModel(a, shape.member) };
      const constraints = constraintsOf(t);
      if (constraints) s.constraints = constraints;
      if (t['smithy.api#sparse'] !== undefined) s.sparse = true;
      return s;
    }
    case 'map': {
      const s = { type: 'map', key: memberModel(a, shape.key), value: memberModel(a, shape.value) };
      const constraints = constraintsOf(t);
      if (constraints) s.constraints = constraints;
      if (t['smithy.api#sparse'] !== undefined) s.sparse = true;
      return s;
    }
    default: {
      if (!SCALARS.has(shape.type)) fail(`${a.options.model}: ${id} has unsupported type ${shape.type}`);
      const isEnum = shape.type === 'enum' || (shape.type === 'string' && t['smithy.api#enum'] !== undefined);
      const s = { type: isEnum ? 'enum' : shape.type };
      const constraints = constraintsOf(t, shape);
      if (constraints) s.constraints = constraints;
      if (t['smithy.api#timestampFormat'] !== undefined) s.timestampFormat = t['smithy.api#timestampFormat'];
      return s;
    }
  }
}

function errorTraits(a, id, t) {
  const fault = t['smithy.api#error'];
  const queryError = t['aws.protocols#awsQueryError'];
  const e = { code: a.localOf(id) };
  if (queryError?.code !== undefined) e.queryCode = queryError.code;
  e.httpStatus = t['smithy.api#httpError'] ?? queryError?.httpResponseCode ?? (fault === 'server' ? 500 : 400);
  e.fault = fault;
  return e;
}

function operationModel(a, id) {
  const op = a.shapeOf(id);
  const o = { name: a.localOf(id) };
  if (op.input && op.input.target !== UNIT) o.input = a.keyOf(op.input.target);
  if (op.output && op.output.target !== UNIT) o.output = a.keyOf(op.output.target);
  const errors = [];
  for (const ref of [...(op.errors ?? []).map((r) => r.target), ...a.serviceErrors]) {
    const key = a.keyOf(ref);
    if (!errors.includes(key)) errors.push(key);
  }
  o.errors = errors;
  const http = op.traits?.['smithy.api#http'];
  if (http) {
    o.http = { method: http.method, uri: http.uri };
    if (http.code !== undefined) o.http.code = http.code;
  }
  return o;
}

function serviceModel(a) {
  const t = a.service.traits ?? {};
  const api = t['aws.api#service'] ?? {};
  const shapeName = a.localOf(a.serviceId);
  const endpointPrefix = api.endpointPrefix ?? api.arnNamespace ?? shapeName.toLowerCase();
  const arnNamespace = api.arnNamespace ?? endpointPrefix;
  const protocols = Object.keys(t)
    .filter((k) => k.startsWith('aws.protocols#') && PROTOCOL_TRAITS.includes(k.slice('aws.protocols#'.length)))
    .map((k) => k.slice('aws.protocols#'.length));
  const awsQueryCompatible = t['aws.protocols#awsQueryCompatible'] !== undefined;
  if (awsQueryCompatible && !protocols.includes('awsQuery')) protocols.push('awsQuery');

  const m = {
    shapeName,
    namespace: a.namespace,
    sdkId: api.sdkId ?? shapeName,
    endpointPrefix,
    signingName: t['aws.auth#sigv4']?.name ?? arnNamespace,
    arnNamespace,
    version: a.service.version ?? '',
    protocols,
    awsQueryCompatible,
  };
  const xmlNamespace =
    a.options.xmlNamespace ??
    t['smithy.api#xmlNamespace']?.uri ??
    (protocols.includes('awsQuery') || protocols.includes('ec2Query')
      ? `https://${endpointPrefix}.amazonaws.com/doc/${m.version}/`
      : undefined);
  if (xmlNamespace !== undefined) m.xmlNamespace = xmlNamespace;

  m.operations = {};
  for (const id of [...a.operationIds].sort(byKey(a.localOf))) m.operations[a.localOf(id)] = operationModel(a, id);
  m.shapes = {};
  for (const id of [...a.reachable].sort(byKey(a.keyOf))) m.shapes[a.keyOf(id)] = shapeModel(a, id);
  return m;
}

function byKey(fn) {
  return (x, y) => compare(fn(x), fn(y));
}

/** Code-unit order, so the output does not depend on the locale. */
function compare(x, y) {
  return x < y ? -1 : x > y ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// TypeScript types

const RESERVED_TYPE_NAMES = new Set([
  // Names types.ts declares itself.
  'OperationName',
  'Operations',
  'ErrorName',
  // Globals the generated types use, or that would be confusing to shadow.
  'Array',
  'ArrayBuffer',
  'BigInt',
  'Boolean',
  'Buffer',
  'Date',
  'Error',
  'Function',
  'Iterable',
  'Iterator',
  'JSON',
  'Map',
  'Math',
  'Number',
  'Object',
  'Omit',
  'Partial',
  'Pick',
  'Promise',
  'RangeError',
  'Readonly',
  'Record',
  'RegExp',
  'Required',
  'Set',
  'String',
  'Symbol',
  'TypeError',
  'Uint8Array',
  'URL',
  'WeakMap',
  'WeakSet',
  // TypeScript type keywords and reserved words.
  'any',
  'bigint',
  'boolean',
  'never',
  'number',
  'object',
  'string',
  'symbol',
  'undefined',
  'unknown',
  'void',
  'null',
  'type',
  'interface',
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'new',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'while',
  'with',
  'implements',
  'let',
  'package',
  'private',
  'protected',
  'public',
  'static',
  'yield',
]);

/**
 * Type names: the local shape name, unless it is reserved (a TS built-in or keyword, or a name types.ts declares)
 * or already taken, in which case `Shape` is appended until it is free.
 */
function typeNames(ids, localOf) {
  const names = new Map();
  const taken = new Set();
  const sorted = [...ids].sort(byKey((id) => `${localOf(id)}\u0000${id}`));
  const later = [];
  for (const id of sorted) {
    const local = localOf(id);
    if (RESERVED_TYPE_NAMES.has(local) || taken.has(local)) later.push(id);
    else {
      names.set(id, local);
      taken.add(local);
    }
  }
  for (const id of later) {
    let name = `${localOf(id)}Shape`;
    while (RESERVED_TYPE_NAMES.has(name) || taken.has(name)) name += 'Shape';
    names.set(id, name);
    taken.add(name);
  }
  return names;
}

function generateTypes(a, m, header) {
  const named = [...a.reachable].filter((id) => {
    const type = a.shapeOf(id).type;
    return type === 'structure' || type === 'union' || type === 'intEnum' || enumValuesOf(a.shapeOf(id)) !== undefined;
  });
  const names = typeNames(named, a.localOf);

  const typeOf = (id) => {
    if (id === UNIT) return 'Record<string, never>';
    if (names.has(id)) return names.get(id);
    const shape = a.shapeOf(id);
    switch (shape.type) {
      case 'string':
        return 'string';
      case 'boolean':
        return 'boolean';
      case 'blob':
        return 'Uint8Array';
      case 'timestamp':
        return 'Date';
      case 'document':
        return 'unknown';
      case 'byte':
      case 'short':
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
      case 'bigInteger':
      case 'bigDecimal':
        return 'number';
      case 'list':
      case 'set': {
        const sparse = shape.traits?.['smithy.api#sparse'] !== undefined;
        const item = typeOf(shape.member.target);
        return sparse ? `(${item} | null)[]` : `${item}[]`;
      }
      case 'map': {
        const sparse = shape.traits?.['smithy.api#sparse'] !== undefined;
        return `Record<string, ${typeOf(shape.value.target)}${sparse ? ' | null' : ''}>`;
      }
      default:
        fail(`${a.options.model}: no TypeScript type for ${id} (${shape.type})`);
    }
  };

  const blocks = [];
  for (const id of [...named].sort(byKey((x) => names.get(x)))) {
    const shape = a.shapeOf(id);
    const name = names.get(id);
    if (shape.type === 'structure' || shape.type === 'union') {
      const members = Object.entries(shape.members ?? {});
      const doc = shape.type === 'union' ? '/** Union: exactly one member is set. */\n' : '';
      if (members.length === 0) {
        blocks.push(`${doc}export type ${name} = Record<string, never>;`);
        continue;
      }
      const lines = members.map(([member, ref]) => {
        const optional = shape.type === 'union' || ref.traits?.['smithy.api#required'] === undefined;
        return `  ${member}${optional ? '?' : ''}: ${typeOf(ref.target)};`;
      });
      blocks.push(`${doc}export interface ${name} {\n${lines.join('\n')}\n}`);
    } else if (shape.type === 'intEnum') {
      blocks.push(unionAlias(name, intEnumValuesOf(shape).map(String)));
    } else {
      blocks.push(unionAlias(name, enumValuesOf(shape).map(quote)));
    }
  }

  const opIds = [...a.operationIds].sort(byKey(a.localOf));
  blocks.push(
    unionAlias(
      'OperationName',
      opIds.map((id) => quote(a.localOf(id))),
    ),
  );
  const opLines = opIds.map((id) => {
    const op = a.shapeOf(id);
    const input = op.input && op.input.target !== UNIT ? typeOf(op.input.target) : 'Record<string, never>';
    const output = op.output && op.output.target !== UNIT ? typeOf(op.output.target) : 'void';
    const flat = `  ${a.localOf(id)}: { input: ${input}; output: ${output} };`;
    if (flat.length <= WIDTH) return flat;
    return `  ${a.localOf(id)}: {\n    input: ${input};\n    output: ${output};\n  };`;
  });
  blocks.push(`export interface Operations {\n${opLines.join('\n')}\n}`);
  const errorNames = [
    ...new Set(
      Object.values(m.shapes)
        .filter((s) => s.error)
        .map((s) => s.error.code),
    ),
  ].sort(compare);
  blocks.push(unionAlias('ErrorName', errorNames.map(quote)));

  return `${header}\n${blocks.join('\n\n')}\n`;
}

function unionAlias(name, literals) {
  if (literals.length === 0) return `export type ${name} = never;`;
  const flat = `export type ${name} = ${literals.join(' | ')};`;
  if (flat.length <= WIDTH) return flat;
  // prettier: the union moves to the next line if it fits there, else one member per line.
  const next = `  ${literals.join(' | ')};`;
  if (next.length <= WIDTH) return `export type ${name} =\n${next}`;
  return `export type ${name} =\n${literals.map((l) => `  | ${l}`).join('\n')};`;
}

// ---------------------------------------------------------------------------------------------------------------
// Printing JS values the way prettier formats them

function quote(s) {
  // prettier: single quotes unless the string has more single than double quotes.
  const singles = (s.match(/'/g) ?? []).length;
  const doubles = (s.match(/"/g) ?? []).length;
  const q = singles > doubles ? '"' : "'";
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return q + out + q;
}

function printKey(key) {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : quote(key);
}

function printFlat(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(printFlat).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, v]) => `${printKey(k)}: ${printFlat(v)}`).join(', ')} }`;
  }
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`cannot print ${typeof value}`);
}

/**
 * Prints `value` starting at column `column` (where the value's first character goes) with `indent` spaces of
 * indentation for its own lines, followed by `tail` characters on the same line (`,` or `;`).
 */
function printValue(value, indent, column, tail) {
  const flat = printFlat(value);
  if (column + flat.length + tail <= WIDTH || value === null || typeof value !== 'object') return flat;
  const pad = ' '.repeat(indent + 2);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => `${pad}${printValue(v, indent + 2, indent + 2, 1)},`);
    return `[\n${items.join('\n')}\n${' '.repeat(indent)}]`;
  }
  const entries = Object.entries(value);
  const lines = entries.map(([k, v]) => printProperty(k, v, indent + 2));
  return `{\n${lines.join('\n')}\n${' '.repeat(indent)}}`;
}

function printProperty(key, value, indent) {
  const pad = ' '.repeat(indent);
  const k = printKey(key);
  const start = indent + k.length + 2;
  // prettier moves a string that does not fit onto its own line, unless the key is shorter than 5 characters.
  if (typeof value === 'string' && k.length >= 5 && start + quote(value).length + 1 > WIDTH) {
    return `${pad}${k}:\n${pad}  ${quote(value)},`;
  }
  return `${pad}${k}: ${printValue(value, indent, start, 1)},`;
}

// ---------------------------------------------------------------------------------------------------------------

function generateService(smithy, options) {
  const a = analyze(smithy, options);
  const m = serviceModel(a);
  const header = `// DO NOT EDIT: generated by ${GENERATOR} from ${options.model}\n`;
  // meta.ts is the model without its shapes: all the router needs, so a service's shapes and code load only
  // when it is first used.
  const { shapes, ...meta } = m;
  const metaTs =
    `${header}import type { ServiceMeta } from '../../src/protocol/model.js';\n\n` +
    `export const meta: ServiceMeta = ${printValue(meta, 0, 'export const meta: ServiceMeta = '.length, 1)};\n`;
  const modelTs =
    `${header}import type { ServiceModel } from '../../src/protocol/model.js';\nimport { meta } from './meta.js';\n\n` +
    `export const model: ServiceModel = {\n  ...meta,\n  shapes: ${printValue(shapes, 2, '  shapes: '.length, 1)},\n};\n`;
  const typesTs = generateTypes(a, m, header);
  const indexTs = `${header}export { model } from './model.js';\nexport * from './types.js';\n`;
  return { 'meta.ts': metaTs, 'model.ts': modelTs, 'types.ts': typesTs, 'index.ts': indexTs };
}

process.exitCode = main(process.argv.slice(2));
