// Query (one partition, sort-key range walked in the storage index, either direction) and Scan (hash-ordered
// walk; parallel segments are hash ranges).
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import {
  keyConditionsToKeyCondition,
  parseKeyCondition,
  type KeyCondition,
  type LegacyCondition,
} from './expressions/index.js';
import { compareScalars } from './values/compare.js';
import { validateAttributeValue } from './values/validate.js';
import type { AttributeValue, Item } from './values/types.js';
import { DdbErrors, validating } from './errors.js';
import { unwire } from './wire.js';
import { encodeKeyValue, EMPTY_KEY, hashKey, prefixUpperBound, tableKeyBlob } from './keys.js';
import { rowKey } from './rows.js';
import { CapacityMeter, readUnits } from './capacity.js';
import { planRead, readPage, type Page, type ReadPlan } from './reads.js';
import type { Bound } from './store.js';
import type { KeyDef } from './table.js';
import { out } from './items.js';
import type { Ddb } from './parts.js';

type H = Pick<HandlerTable<Operations>, 'Query' | 'Scan'>;

const BAD_START = 'The provided starting key is invalid: The provided key element does not match the schema';

/** ExclusiveStartKey: exactly the table's (and the index's) key attributes. */
function startKey(
  plan: ReadPlan,
  raw: Record<string, unknown> | undefined,
): { base: Item; row: { hash: number; pk: Buffer; sk: Buffer; tk: Buffer } } | undefined {
  if (raw === undefined) return undefined;
  return validating(() => {
    const item: Item = {};
    for (const [k, v] of Object.entries(unwire(raw))) item[k] = validateAttributeValue(v);
    const defs: KeyDef[] = [plan.table.keys, ...(plan.index ? [plan.index.keys] : [])];
    const names = new Set<string>();
    for (const kd of defs)
      for (const def of kd.range ? [kd.hash, kd.range] : [kd.hash]) {
        names.add(def.name);
        const v = item[def.name];
        if (!v || !(def.type in v)) throw DdbErrors.validation(BAD_START);
      }
    if (Object.keys(item).length !== names.size) throw DdbErrors.validation(BAD_START);
    const base = rowKey(plan.table.keys, item)!;
    if (!plan.index) return { base: item, row: { ...base, tk: EMPTY_KEY } };
    const idx = rowKey(plan.index.keys, item)!;
    return { base: item, row: { ...idx, tk: tableKeyBlob(base.pk, base.sk) } };
  });
}

function sortBounds(kc: KeyCondition): { lower?: Bound; upper?: Bound } {
  const sk = kc.sortKey;
  if (!sk) return {};
  const [a, b] = sk.values as [AttributeValue, AttributeValue | undefined];
  const v = encodeKeyValue(a);
  switch (sk.op) {
    case '=':
      return { lower: { value: v, inclusive: true }, upper: { value: v, inclusive: true } };
    case '<':
      return { upper: { value: v, inclusive: false } };
    case '<=':
      return { upper: { value: v, inclusive: true } };
    case '>':
      return { lower: { value: v, inclusive: false } };
    case '>=':
      return { lower: { value: v, inclusive: true } };
    case 'BETWEEN': {
      if ((compareScalars(a, b!) ?? 0) > 0) {
        const show = (x: AttributeValue) => `AttributeValue: {${Object.keys(x)[0]}:${Object.values(x)[0] as string}}`;
        throw DdbErrors.validation(
          `Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: ${show(a)}, upper bound operand: ${show(b!)}`,
        );
      }
      return { lower: { value: v, inclusive: true }, upper: { value: encodeKeyValue(b), inclusive: true } };
    }
    case 'BEGINS_WITH': {
      const up = prefixUpperBound(v);
      return { lower: { value: v, inclusive: true }, ...(up ? { upper: { value: up, inclusive: false } } : {}) };
    }
  }
}

function respond(plan: ReadPlan, page: Page, consistent: boolean, mode: string | undefined) {
  const m = new CapacityMeter(plan.table, 'read');
  const units = readUnits(page.bytes, consistent);
  if (plan.index) m.addIndex(plan.index.name, units);
  else m.table = units;
  const cc = m.result(mode);
  return {
    ...(plan.select === 'COUNT' ? {} : { Items: page.items.map(out) }),
    Count: page.count,
    ScannedCount: page.scanned,
    ...(page.lastKey ? { LastEvaluatedKey: out(page.lastKey) } : {}),
    ...(cc ? { ConsumedCapacity: cc } : {}),
  };
}

/** Filters may not name the key attributes of what is queried. */
function checkFilterKeys(plan: ReadPlan, kc: KeyCondition, input: { FilterExpression?: string }): void {
  if (!plan.filter || input.FilterExpression === undefined) return;
  const keys = [kc.partitionKey.name, ...(kc.sortKey ? [kc.sortKey.name] : [])];
  const keyDef = plan.index?.keys ?? plan.table.keys;
  if (keyDef.range) keys.push(keyDef.range.name);
  const text = JSON.stringify(plan.filter);
  for (const k of keys) {
    if (text.includes(`{"kind":"path","path":{"elements":[{"kind":"name","name":${JSON.stringify(k)}}]}}`)) {
      throw DdbErrors.validation(
        `Filter Expression can only contain non-primary key attributes: Primary key attribute: ${k}`,
      );
    }
  }
}

export function queryHandlers(d: Ddb): H {
  const { svc } = d;
  return {
    Query(input, ctx) {
      const table = svc.dataTable(input.TableName, ctx);
      if (input.KeyConditionExpression === undefined && input.KeyConditions === undefined) {
        throw DdbErrors.validation(
          'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
        );
      }
      let kc: KeyCondition | undefined;
      const plan = planRead(table, input, input.QueryFilter, (attrs) => {
        const index = input.IndexName ? table.indexes.get(input.IndexName) : undefined;
        const keys = (index ?? table).keys;
        const schema = { partitionKey: keys.hash, ...(keys.range ? { sortKey: keys.range } : {}) };
        kc =
          input.KeyConditionExpression !== undefined
            ? parseKeyCondition(input.KeyConditionExpression, attrs, schema)
            : keyConditionsToKeyCondition(unwire(input.KeyConditions) as Record<string, LegacyCondition>, schema);
      });
      const cond = kc!;
      checkFilterKeys(plan, cond, input);
      const bounds = sortBounds(cond);
      const pk = encodeKeyValue(cond.partitionKey.value);
      const start = startKey(plan, input.ExclusiveStartKey);
      const forward = input.ScanIndexForward !== false;
      const rows = svc.store.range({
        tableId: table.id,
        idx: plan.index?.name ?? '',
        hash: hashKey(pk),
        pk,
        ...bounds,
        ...(start ? { after: { sk: start.row.sk, tk: start.row.tk } } : {}),
        forward,
      });
      return respond(plan, readPage(plan, rows), input.ConsistentRead === true, input.ReturnConsumedCapacity);
    },

    Scan(input, ctx) {
      const table = svc.dataTable(input.TableName, ctx);
      const { Segment: seg, TotalSegments: total } = input;
      if (seg !== undefined && total === undefined) {
        throw DdbErrors.validation(
          'The TotalSegments parameter is required but was not present in the request when Segment parameter is present',
        );
      }
      if (total !== undefined && seg === undefined) {
        throw DdbErrors.validation(
          'The Segment parameter is required but was not present in the request when parameter TotalSegments is present',
        );
      }
      if (seg !== undefined && total !== undefined && seg >= total) {
        throw DdbErrors.validation(
          `The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${seg} is not less than TotalSegments: ${total}`,
        );
      }
      const plan = planRead(table, input, input.ScanFilter);
      const span = 2 ** 32;
      const from = seg !== undefined ? Math.floor((seg * span) / total!) : 0;
      const to = seg !== undefined ? Math.floor(((seg + 1) * span) / total!) : span;
      const start = startKey(plan, input.ExclusiveStartKey);
      if (start && (start.row.hash < from || start.row.hash >= to)) {
        throw DdbErrors.validation('The provided Exclusive start key does not map to the provided segment');
      }
      const rows = svc.store.scan({
        tableId: table.id,
        idx: plan.index?.name ?? '',
        hashFrom: from,
        hashTo: to,
        ...(start ? { after: start.row } : {}),
      });
      return respond(plan, readPage(plan, rows), input.ConsistentRead === true, input.ReturnConsumedCapacity);
    },
  };
}
