// Publish's MessageAttributes: AWS's validation (type prefixes, values per type, number limits) and the
// {Type, Value} form SNS carries them in afterwards.
import type { MessageAttributeValue } from './api.js';
import { SnsErrors } from './errors.js';
import type { SnsAttribute } from './envelope.js';

const invalid = (message: string) => SnsErrors.invalidParameterValue(message);

function checkName(name: string): void {
  const bad =
    name.length === 0 ||
    name.length > 256 ||
    !/^[A-Za-z0-9_.-]+$/.test(name) ||
    name.startsWith('.') ||
    name.endsWith('.') ||
    name.includes('..') ||
    /^(aws|amazon)\./i.test(name);
  if (bad) throw invalid(`Invalid message attribute name: ${name}`);
}

function checkNumber(name: string, value: string): void {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw invalid(`Could not cast message attribute '${name}' value to number.`);
  const decimals = /\.(\d+)$/.exec(value.trim())?.[1]?.replace(/0+$/, '').length ?? 0;
  if (Math.abs(n) > 1e9 || decimals > 5) {
    throw invalid(
      `Value ${value} for message attribute '${name}' is not valid: numbers must be within -10^9 and 10^9 with at most 5 decimal places.`,
    );
  }
}

function checkStringArray(name: string, value: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  const ok =
    Array.isArray(parsed) && parsed.every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x));
  if (!ok) throw invalid(`The message attribute '${name}' with type 'String.Array' has an invalid value: ${value}`);
}

/** Validates the map and converts it to SNS's {Type, Value} form (Binary base64). */
export function checkMessageAttributes(
  attrs: Record<string, MessageAttributeValue> | undefined,
): Record<string, SnsAttribute> {
  const out: Record<string, SnsAttribute> = {};
  for (const [name, a] of Object.entries(attrs ?? {})) {
    checkName(name);
    const type = a.DataType;
    const base = /^(String|Number|Binary)(\..+)?$/.exec(type)?.[1];
    if (!base) {
      throw invalid(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    }
    if (base === 'Binary') {
      if (a.BinaryValue === undefined) {
        if (a.StringValue !== undefined)
          throw invalid(`The message attribute '${name}' with type 'Binary' must use field 'Binary'.`);
        throw invalid(
          `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`,
        );
      }
      out[name] = { Type: type, Value: Buffer.from(a.BinaryValue).toString('base64') };
      continue;
    }
    if (a.StringValue === undefined || a.StringValue === '') {
      if (a.BinaryValue !== undefined)
        throw invalid(`The message attribute '${name}' with type '${base}' must use field 'String'.`);
      throw invalid(
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`,
      );
    }
    if (base === 'Number') checkNumber(name, a.StringValue);
    if (type === 'String.Array') checkStringArray(name, a.StringValue);
    out[name] = { Type: type, Value: a.StringValue };
  }
  return out;
}

/** Bytes the attributes add to the message size (names, types and values). */
export function attributesSize(attrs: Record<string, SnsAttribute>): number {
  let n = 0;
  for (const [k, a] of Object.entries(attrs)) {
    n += Buffer.byteLength(k) + Buffer.byteLength(a.Type);
    n += a.Type.startsWith('Binary') ? Buffer.from(a.Value, 'base64').length : Buffer.byteLength(a.Value);
  }
  return n;
}
