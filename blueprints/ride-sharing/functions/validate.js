// A small JSON Schema (draft-07) validator for the subset the event schemas use: type, required, properties,
// additionalProperties: false, enum, minimum/maximum/exclusiveMinimum, minLength, pattern, items, minItems and
// local $ref (#/definitions/...). Schemas are read from schemas/<DetailType>.json beside this file.
const fs = require('node:fs');
const path = require('node:path');

const cache = new Map();

function load(detailType) {
  if (!cache.has(detailType)) {
    const file = path.join(__dirname, 'schemas', `${detailType}.json`);
    cache.set(detailType, fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null);
  }
  return cache.get(detailType);
}

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function check(root, schema, value, at, errors) {
  if (schema.$ref) {
    const name = schema.$ref.replace(/^#\/definitions\//, '');
    return check(root, root.definitions[name], value, at, errors);
  }
  const where = at || '/';
  const actual = typeOf(value);
  if (schema.type) {
    const ok = schema.type === actual || (schema.type === 'number' && actual === 'integer');
    if (!ok) return errors.push(`${where} must be ${schema.type} (got ${actual})`);
  }
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${where} must be one of ${schema.enum.join(', ')}`);
  if (actual === 'number' || actual === 'integer') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${where} must be >= ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${where} must be <= ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
      errors.push(`${where} must be > ${schema.exclusiveMinimum}`);
    }
  }
  if (actual === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) errors.push(`${where} is too short`);
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) errors.push(`${where} must match ${schema.pattern}`);
  }
  if (actual === 'array') {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${where} has too few items`);
    if (schema.items) value.forEach((v, i) => check(root, schema.items, v, `${at}/${i}`, errors));
  }
  if (actual === 'object') {
    for (const name of schema.required || []) {
      if (!(name in value)) errors.push(`${where} is missing required property '${name}'`);
    }
    const props = schema.properties || {};
    for (const [name, v] of Object.entries(value)) {
      if (props[name]) check(root, props[name], v, `${at}/${name}`, errors);
      else if (schema.additionalProperties === false) errors.push(`${where} has unknown property '${name}'`);
    }
  }
  return errors.length;
}

/** The list of violations of schemas/<detailType>.json by `detail` (empty: valid). Unknown types are invalid. */
function validate(detailType, detail) {
  const schema = load(detailType);
  if (!schema) return [`no schema for detail-type '${detailType}'`];
  const errors = [];
  check(schema, schema, detail, '', errors);
  return errors;
}

module.exports = { validate };
