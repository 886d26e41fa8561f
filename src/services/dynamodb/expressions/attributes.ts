import { validateAttributeValue } from '../values/validate.js';
import type { AttributeValue } from '../values/types.js';
import { DynamoValidationError } from './errors.js';

// ExpressionAttributeNames/Values of one request. Every expression of the request is parsed against
// the same instance so the "unused" check can run once, after all of them.

const NAME_KEY_RE = /^#[A-Za-z0-9_]+$/;
const VALUE_KEY_RE = /^:[A-Za-z0-9_]+$/;

export class ExpressionAttributes {
  readonly usedNames = new Set<string>();
  readonly usedValues = new Set<string>();

  constructor(
    readonly names: Record<string, string> = {},
    readonly values: Record<string, AttributeValue> = {},
  ) {}

  resolveName(ref: string): string | undefined {
    if (!Object.prototype.hasOwnProperty.call(this.names, ref)) return undefined;
    this.usedNames.add(ref);
    return this.names[ref];
  }

  resolveValue(ref: string): AttributeValue | undefined {
    if (!Object.prototype.hasOwnProperty.call(this.values, ref)) return undefined;
    this.usedValues.add(ref);
    return this.values[ref];
  }

  /** AWS rejects names/values that no expression of the request referenced. */
  assertAllUsed(): void {
    const unusedNames = Object.keys(this.names).filter((k) => !this.usedNames.has(k));
    if (unusedNames.length > 0) {
      throw new DynamoValidationError(
        `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`,
      );
    }
    const unusedValues = Object.keys(this.values).filter((k) => !this.usedValues.has(k));
    if (unusedValues.length > 0) {
      throw new DynamoValidationError(
        `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`,
      );
    }
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates the raw request maps (keys, emptiness, each value) and builds the resolver. */
export function createExpressionAttributes(rawNames?: unknown, rawValues?: unknown): ExpressionAttributes {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  if (rawNames !== undefined && rawNames !== null) {
    if (!isRecord(rawNames) || Object.keys(rawNames).length === 0) {
      throw new DynamoValidationError('ExpressionAttributeNames must not be empty');
    }
    for (const [k, v] of Object.entries(rawNames)) {
      if (!NAME_KEY_RE.test(k)) {
        throw new DynamoValidationError(`ExpressionAttributeNames contains invalid key: Syntax error; key: "${k}"`);
      }
      names[k] = String(v);
    }
  }
  if (rawValues !== undefined && rawValues !== null) {
    if (!isRecord(rawValues) || Object.keys(rawValues).length === 0) {
      throw new DynamoValidationError('ExpressionAttributeValues must not be empty');
    }
    for (const [k, v] of Object.entries(rawValues)) {
      if (!VALUE_KEY_RE.test(k)) {
        throw new DynamoValidationError(`ExpressionAttributeValues contains invalid key: Syntax error; key: "${k}"`);
      }
      try {
        values[k] = validateAttributeValue(v);
      } catch (e) {
        if (!(e instanceof DynamoValidationError)) throw e;
        throw new DynamoValidationError(`ExpressionAttributeValues contains invalid value: ${e.message} for key ${k}`);
      }
    }
  }
  return new ExpressionAttributes(names, values);
}
