// What Query and Scan share: request parsing (expressions or legacy parameters, Select rules, index checks),
// and the page loop with Limit, the 1 MB page size, filtering and LastEvaluatedKey.
import type { Condition, DocumentPath } from './expressions/ast.js';
import {
  checkParameterMix,
  createExpressionAttributes,
  filterToCondition,
  evaluateCondition,
  parseCondition,
  parseProjection,
  project,
  type ExpressionAttributes,
  type LegacyCondition,
} from './expressions/index.js';
import type { Item } from './values/types.js';
import { DdbErrors, validating } from './errors.js';
import { unwire } from './wire.js';
import { keyAttributeNames, type IndexInfo, type TableInfo } from './table.js';
import { keyOf } from './rows.js';
import type { RangeRow } from './store.js';

export const PAGE_BYTES = 1024 * 1024;

export interface ReadInput {
  IndexName?: string;
  Select?: string;
  AttributesToGet?: string[];
  Limit?: number;
  ConsistentRead?: boolean;
  ConditionalOperator?: string;
  ExclusiveStartKey?: Record<string, unknown>;
  ProjectionExpression?: string;
  FilterExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
  ReturnConsumedCapacity?: string;
}

export interface ReadPlan {
  table: TableInfo;
  index?: IndexInfo;
  attrs: ExpressionAttributes;
  filter?: Condition;
  projection?: DocumentPath[];
  select: string;
  limit: number;
}

export function resolveIndex(table: TableInfo, input: ReadInput): IndexInfo | undefined {
  if (input.IndexName === undefined) return undefined;
  const index = table.indexes.get(input.IndexName);
  if (!index) throw DdbErrors.validation(`The table does not have the specified index: ${input.IndexName}`);
  if (index.kind === 'GSI' && input.ConsistentRead) {
    throw DdbErrors.validation('Consistent reads are not supported on global secondary indexes');
  }
  return index;
}

/** Common parsing; `legacyFilter` is QueryFilter or ScanFilter. Key conditions are parsed by the caller. */
export function planRead(
  table: TableInfo,
  input: ReadInput,
  legacyFilter: Record<string, unknown> | undefined,
  parseKeys?: (attrs: ExpressionAttributes) => void,
): ReadPlan {
  return validating(() => {
    checkParameterMix(input as Record<string, unknown>);
    const index = resolveIndex(table, input);
    const attrs = createExpressionAttributes(input.ExpressionAttributeNames, unwire(input.ExpressionAttributeValues));
    parseKeys?.(attrs);
    let filter: Condition | undefined;
    if (input.FilterExpression !== undefined)
      filter = parseCondition(input.FilterExpression, attrs, 'FilterExpression');
    else if (legacyFilter) {
      filter = filterToCondition(unwire(legacyFilter) as Record<string, LegacyCondition>, input.ConditionalOperator);
    }
    let projection: DocumentPath[] | undefined;
    if (input.ProjectionExpression !== undefined) projection = parseProjection(input.ProjectionExpression, attrs);
    else if (input.AttributesToGet) {
      projection = input.AttributesToGet.map((name) => ({ elements: [{ kind: 'name' as const, name }] }));
    }
    attrs.assertAllUsed();
    const select = checkSelect(input, index, projection !== undefined);
    return {
      table,
      ...(index ? { index } : {}),
      attrs,
      ...(filter ? { filter } : {}),
      ...(projection ? { projection } : {}),
      select,
      limit: input.Limit ?? Infinity,
    };
  });
}

function checkSelect(input: ReadInput, index: IndexInfo | undefined, projected: boolean): string {
  const sel = input.Select;
  const what = input.ProjectionExpression !== undefined ? 'ProjectionExpression' : 'AttributesToGet';
  if (sel === undefined)
    return projected ? 'SPECIFIC_ATTRIBUTES' : index ? 'ALL_PROJECTED_ATTRIBUTES' : 'ALL_ATTRIBUTES';
  if (sel === 'SPECIFIC_ATTRIBUTES') {
    if (!projected) {
      throw DdbErrors.validation(
        'One or more parameter values were invalid: Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES',
      );
    }
    return sel;
  }
  if (projected) {
    throw DdbErrors.validation(
      `One or more parameter values were invalid: Cannot specify the ${what} when choosing to get ${sel}`,
    );
  }
  if (sel === 'ALL_PROJECTED_ATTRIBUTES' && !index) {
    throw DdbErrors.validation(
      'One or more parameter values were invalid: Select type ALL_PROJECTED_ATTRIBUTES is only valid when querying an index',
    );
  }
  if (sel === 'ALL_ATTRIBUTES' && index?.kind === 'GSI' && index.projection.ProjectionType !== 'ALL') {
    throw DdbErrors.validation(
      `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${index.name} because its projection type is not ALL`,
    );
  }
  return sel;
}

/** The attributes an index row exposes. LSIs fetch the rest from the table when asked for all attributes. */
export function indexView(plan: ReadPlan, item: Item): Item {
  const index = plan.index;
  if (!index || index.projection.ProjectionType === 'ALL') return item;
  if (index.kind === 'LSI' && plan.select === 'ALL_ATTRIBUTES') return item;
  const keep = new Set(keyAttributeNames(plan.table, index));
  for (const n of index.projection.NonKeyAttributes ?? []) keep.add(n);
  // LSIs fetch unprojected attributes asked for by name from the table.
  if (index.kind === 'LSI' && plan.projection) return item;
  const out: Item = {};
  for (const [k, v] of Object.entries(item)) if (keep.has(k)) out[k] = v;
  return out;
}

export interface Page {
  items: Item[];
  count: number;
  scanned: number;
  bytes: number;
  lastKey?: Item;
}

/** Walks rows until Limit items were evaluated or 1 MB was read; filter and projection per item. */
export function readPage(plan: ReadPlan, rows: Iterable<RangeRow>): Page {
  const page: Page = { items: [], count: 0, scanned: 0, bytes: 0 };
  let last: Item | undefined;
  let stopped = false;
  for (const row of rows) {
    if (page.scanned >= plan.limit || (page.bytes >= PAGE_BYTES && page.scanned > 0)) {
      stopped = true;
      break;
    }
    const full = JSON.parse(row.item) as Item;
    const item = indexView(plan, full);
    page.scanned++;
    page.bytes += row.size;
    last = full;
    if (plan.filter && !evaluateCondition(plan.filter, item)) continue;
    page.count++;
    if (plan.select !== 'COUNT') page.items.push(plan.projection ? project(item, plan.projection) : item);
  }
  // Like AWS, a page that ends on Limit or the size cap names its last key even when nothing follows.
  if (last && (stopped || page.scanned >= plan.limit || page.bytes >= PAGE_BYTES)) {
    page.lastKey = lastEvaluatedKey(plan, last);
  }
  return page;
}

export function lastEvaluatedKey(plan: ReadPlan, item: Item): Item {
  const key = keyOf(plan.table.keys, item);
  if (plan.index) Object.assign(key, keyOf(plan.index.keys, item));
  return key;
}
