// The DynamoDB data model as it appears on the JSON wire: binary values stay base64 strings so items
// round-trip unchanged; helpers decode them only where byte semantics matter (comparison, size).

export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] }
  | { M: Record<string, AttributeValue> }
  | { L: AttributeValue[] }
  | { NULL: true }
  | { BOOL: boolean };

export type Item = Record<string, AttributeValue>;

export type TypeCode = 'S' | 'N' | 'B' | 'SS' | 'NS' | 'BS' | 'M' | 'L' | 'NULL' | 'BOOL';

export const TYPE_CODES: readonly TypeCode[] = ['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL'];

/** The single type key of a (validated) AttributeValue. */
export function typeOf(v: AttributeValue): TypeCode {
  return Object.keys(v)[0] as TypeCode;
}

/** Names AWS uses for types in "operand type" messages of ADD/DELETE (e.g. "STRING", "NUMBER_SET"). */
export const LONG_TYPE_NAMES: Record<TypeCode, string> = {
  S: 'STRING',
  N: 'NUMBER',
  B: 'BINARY',
  SS: 'STRING_SET',
  NS: 'NUMBER_SET',
  BS: 'BINARY_SET',
  M: 'MAP',
  L: 'LIST',
  NULL: 'NULL',
  BOOL: 'BOOLEAN',
};

export function isSetType(t: TypeCode): t is 'SS' | 'NS' | 'BS' {
  return t === 'SS' || t === 'NS' || t === 'BS';
}

export function decodeBinary(b64: string): Buffer {
  return Buffer.from(b64, 'base64');
}
