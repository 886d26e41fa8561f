import { DynamoValidationError, INVALID_PARAM } from '../expressions/errors.js';
import { setMemberEquals } from './compare.js';
import { formatDecimal, parseNumber } from './decimal.js';
import { MAX_ITEM_SIZE, itemSize } from './size.js';
import { TYPE_CODES, type AttributeValue, type Item, type TypeCode } from './types.js';

// Validation of untrusted AttributeValues (the JSON body), returning a normalized copy: numbers in
// canonical form, so stored items compare and print like AWS's.

export const MAX_NESTING_DEPTH = 32;

const EMPTY_SET_MESSAGES: Record<'SS' | 'NS' | 'BS', string> = {
  // AWS's wording, including the article and the doubled space.
  SS: `${INVALID_PARAM}An string set  may not be empty`,
  NS: `${INVALID_PARAM}An number set  may not be empty`,
  BS: `${INVALID_PARAM}Binary sets should not be empty`,
};

function fail(message: string): never {
  throw new DynamoValidationError(message);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

function checkBinary(b: unknown): string {
  if (typeof b !== 'string' || b.length % 4 === 1 || !BASE64_RE.test(b)) {
    fail('Invalid Binary value: the value is not valid base64');
  }
  return b;
}

function checkSet(type: 'SS' | 'NS' | 'BS', raw: unknown): string[] {
  if (!Array.isArray(raw)) fail(`${INVALID_PARAM}Supplied AttributeValue has an invalid ${type} value`);
  if (raw.length === 0) fail(EMPTY_SET_MESSAGES[type]);
  const members = raw.map((m: unknown) => {
    if (type === 'NS') {
      if (typeof m !== 'string') fail('The parameter cannot be converted to a numeric value');
      return formatDecimal(parseNumber(m));
    }
    if (type === 'BS') return checkBinary(m);
    if (typeof m !== 'string') fail(`${INVALID_PARAM}Supplied AttributeValue has an invalid SS value`);
    return m;
  });
  for (let i = 1; i < members.length; i++) {
    for (let j = 0; j < i; j++) {
      if (setMemberEquals(type, members[i]!, members[j]!)) {
        fail(`${INVALID_PARAM}Input collection [${(raw as string[]).join(', ')}] contains duplicates.`);
      }
    }
  }
  return members;
}

/** Validates one AttributeValue; `depth` counts enclosing documents (AWS allows 32 levels). */
export function validateAttributeValue(raw: unknown, depth = 0): AttributeValue {
  if (!isRecord(raw)) fail('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  const keys = Object.keys(raw).filter((k) => raw[k] !== undefined && raw[k] !== null);
  const known = keys.filter((k): k is TypeCode => (TYPE_CODES as readonly string[]).includes(k));
  if (known.length === 0) {
    fail('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  }
  if (known.length > 1) {
    fail(
      'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
    );
  }
  if (depth > MAX_NESTING_DEPTH) fail('Nesting Levels have exceeded supported limits');
  const type = known[0]!;
  const v = raw[type];
  switch (type) {
    case 'S':
      if (typeof v !== 'string') fail(`${INVALID_PARAM}Supplied AttributeValue has an invalid S value`);
      return { S: v };
    case 'N':
      if (typeof v !== 'string') fail('The parameter cannot be converted to a numeric value');
      return { N: formatDecimal(parseNumber(v)) };
    case 'B':
      return { B: checkBinary(v) };
    case 'BOOL':
      if (typeof v !== 'boolean') fail(`${INVALID_PARAM}Supplied AttributeValue has an invalid BOOL value`);
      return { BOOL: v };
    case 'NULL':
      if (v !== true) fail(`${INVALID_PARAM}Null attribute value types must have the value of true`);
      return { NULL: true };
    case 'SS':
      return { SS: checkSet('SS', v) };
    case 'NS':
      return { NS: checkSet('NS', v) };
    case 'BS':
      return { BS: checkSet('BS', v) };
    case 'L':
      if (!Array.isArray(v)) fail(`${INVALID_PARAM}Supplied AttributeValue has an invalid L value`);
      return { L: v.map((e: unknown) => validateAttributeValue(e, depth + 1)) };
    case 'M': {
      if (!isRecord(v)) fail(`${INVALID_PARAM}Supplied AttributeValue has an invalid M value`);
      const out: Record<string, AttributeValue> = {};
      for (const [k, e] of Object.entries(v)) out[k] = validateAttributeValue(e, depth + 1);
      return { M: out };
    }
  }
}

/** Validates every attribute of an item and its total size. */
export function validateItem(raw: unknown): Item {
  if (!isRecord(raw)) fail(`${INVALID_PARAM}Missing the key`);
  const out: Item = {};
  for (const [name, v] of Object.entries(raw)) out[name] = validateAttributeValue(v);
  if (itemSize(out) > MAX_ITEM_SIZE) fail('Item size has exceeded the maximum allowed size');
  return out;
}

export interface KeyAttributeDefinition {
  name: string;
  type: 'S' | 'N' | 'B';
}

/** Checks a key attribute value against its schema (type, and no empty string/binary). */
export function validateKeyAttribute(def: KeyAttributeDefinition, v: AttributeValue | undefined): void {
  if (v === undefined) fail(`${INVALID_PARAM}Missing the key ${def.name} in the item`);
  if (!(def.type in v)) {
    const actual = Object.keys(v)[0];
    fail(`${INVALID_PARAM}Type mismatch for key ${def.name} expected: ${def.type} actual: ${actual}`);
  }
  if ('S' in v && v.S === '') {
    fail(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: ${def.name}`,
    );
  }
  if ('B' in v && v.B === '') {
    fail(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: ${def.name}`,
    );
  }
}
