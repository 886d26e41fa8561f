// Items as the service handles them: the protocol layer decodes blobs to bytes, while the value library
// (and storage) keep them as base64 text, so requests are converted back once at the handler boundary.
// Also the key and item checks every data-plane operation shares.
import { DdbErrors, validating } from './errors.js';
import { validateAttributeValue, validateItem, validateKeyAttribute } from './values/validate.js';
import { typeOf, type Item } from './values/types.js';
import { INVALID_PARAM } from './expressions/errors.js';
import { rowKey, type RowKey } from './rows.js';
import type { TableInfo } from './table.js';

/** Deep copy with every Uint8Array turned into base64 text (idempotent for already-textual input). */
export function unwire<T>(v: T): T {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64') as T;
  if (Array.isArray(v)) return v.map((x: unknown) => unwire(x)) as T;
  if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = unwire(x);
    return out as T;
  }
  return v;
}

export interface ValidKey {
  item: Item;
  row: RowKey;
}

/** A request's Key: exactly the table's key attributes, of the schema's types. */
export function validateKey(table: TableInfo, raw: unknown): ValidKey {
  return validating(() => {
    const rec = (raw ?? {}) as Record<string, unknown>;
    const item: Item = {};
    for (const [k, v] of Object.entries(rec)) item[k] = validateAttributeValue(v);
    const names = Object.keys(item);
    const { hash, range } = table.keys;
    const expected = range ? 2 : 1;
    if (names.length !== expected || item[hash.name] === undefined || (range && item[range.name] === undefined)) {
      throw DdbErrors.keyMismatch();
    }
    for (const def of range ? [hash, range] : [hash]) {
      const v = item[def.name]!;
      if (!(def.type in v)) throw DdbErrors.keyMismatch();
      validateKeyAttribute(def, v);
    }
    return { item, row: rowKey(table.keys, item)! };
  });
}

/** Secondary index key attributes present in an item must have the index's type and not be empty. */
export function checkIndexKeys(table: TableInfo, item: Item): void {
  for (const index of table.indexes.values()) {
    for (const def of index.keys.range ? [index.keys.hash, index.keys.range] : [index.keys.hash]) {
      const v = item[def.name];
      if (v === undefined) continue;
      if (def.name === table.keys.hash.name || def.name === table.keys.range?.name) continue;
      if (!(def.type in v)) {
        throw DdbErrors.validation(
          `${INVALID_PARAM}Type mismatch for Index Key ${def.name} Expected: ${def.type} Actual: ${typeOf(v)} IndexName: ${index.name}`,
        );
      }
      if (('S' in v && v.S === '') || ('B' in v && v.B === '')) {
        throw DdbErrors.validation(
          `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${'S' in v ? 'string' : 'binary'} value. IndexName: ${index.name}, IndexKey: ${def.name}`,
        );
      }
    }
  }
}

/** A whole item to store (PutItem): values, size, table key and index keys. */
export function validateNewItem(table: TableInfo, raw: unknown): ValidKey {
  return validating(() => {
    const item = validateItem(raw ?? {});
    const { hash, range } = table.keys;
    validateKeyAttribute(hash, item[hash.name]);
    if (range) validateKeyAttribute(range, item[range.name]);
    checkIndexKeys(table, item);
    return { item, row: rowKey(table.keys, item)! };
  });
}
