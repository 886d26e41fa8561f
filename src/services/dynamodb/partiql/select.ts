// PartiQL SELECT on the Query/Scan read path: an equality (or IN list) on the partition key of the table or index
// walks those partitions in sort order; anything else is a full scan. The whole WHERE clause is the filter, and
// Limit, the 1 MB page cap and LastEvaluatedKey come from the shared page loop. NextToken carries the resume key.
import type { RequestContext } from '../../types.js';
import type { Condition } from '../expressions/ast.js';
import { createExpressionAttributes } from '../expressions/index.js';
import type { AttributeValue, Item } from '../values/types.js';
import { DdbErrors } from '../errors.js';
import { encodeKeyValue, EMPTY_KEY, hashKey, tableKeyBlob } from '../keys.js';
import { rowKey } from '../rows.js';
import { readPage, type ReadPlan } from '../reads.js';
import type { IndexInfo, TableInfo } from '../table.js';
import type { Ddb } from '../parts.js';
import { conjuncts, type SelectStmt } from './parser.js';

export interface SelectResult {
  table: TableInfo;
  index?: IndexInfo;
  items: Item[];
  bytes: number;
  lastKey?: Item;
  nextToken?: string;
}

/** The value `name = v` pins in a conjunct (either side), if it is one. */
function equalityOn(c: Condition, name: string): AttributeValue | undefined {
  if (c.kind !== 'compare' || c.op !== '=') return undefined;
  const [p, v] = c.left.kind === 'path' ? [c.left, c.right] : [c.right, c.left];
  if (p.kind !== 'path' || v.kind !== 'value') return undefined;
  const els = p.path.elements;
  return els.length === 1 && els[0]!.kind === 'name' && els[0]!.name === name ? v.value : undefined;
}

/** Key attributes pinned by top-level equalities of a WHERE clause. */
export function pinnedKey(where: Condition | undefined, names: string[]): { key: Item; rest: Condition[] } {
  const key: Item = {};
  const rest: Condition[] = [];
  for (const c of where ? conjuncts(where) : []) {
    const hit = names.find((n) => key[n] === undefined && equalityOn(c, n) !== undefined);
    if (hit) key[hit] = equalityOn(c, hit)!;
    else rest.push(c);
  }
  return { key, rest };
}

function partitions(where: Condition | undefined, name: string): AttributeValue[] | undefined {
  for (const c of where ? conjuncts(where) : []) {
    const v = equalityOn(c, name);
    if (v) return [v];
    if (c.kind === 'in' && c.operand.kind === 'path' && c.list.every((o) => o.kind === 'value')) {
      const els = c.operand.path.elements;
      if (els.length === 1 && els[0]!.kind === 'name' && els[0]!.name === name) {
        return c.list.map((o) => (o as { value: AttributeValue }).value);
      }
    }
  }
  return undefined;
}

interface Resume {
  p: number;
  k: Item;
}

function decodeToken(token: string | undefined): Resume | undefined {
  if (token === undefined) return undefined;
  try {
    const r = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Resume;
    if (typeof r.p === 'number' && typeof r.k === 'object' && r.k !== null) return r;
  } catch {
    // falls through to the error below
  }
  throw DdbErrors.validation('Given NextToken is not valid');
}

export function resolveSelectTarget(d: Ddb, s: SelectStmt, ctx: RequestContext) {
  const table = d.svc.dataTable(s.table, ctx);
  let index: IndexInfo | undefined;
  if (s.index !== undefined) {
    index = table.indexes.get(s.index);
    if (!index) throw DdbErrors.validation(`The table does not have the specified index: ${s.index}`);
  }
  return { table, index };
}

export function runSelect(
  d: Ddb,
  s: SelectStmt,
  ctx: RequestContext,
  opts: { limit?: number; nextToken?: string; consistent?: boolean },
): SelectResult {
  const { table, index } = resolveSelectTarget(d, s, ctx);
  if (index?.kind === 'GSI' && opts.consistent) {
    throw DdbErrors.validation('Consistent reads are not supported on global secondary indexes');
  }
  const keys = (index ?? table).keys;
  const parts = partitions(s.where, keys.hash.name);
  if (s.orderBy && !parts) {
    throw DdbErrors.validation('Must have WHERE clause in the statement when using ORDER BY clause.');
  }
  if (s.orderBy && s.orderBy.path !== keys.range?.name) {
    throw DdbErrors.validation(`Order by is supported only on sort keys`);
  }
  const resume = decodeToken(opts.nextToken);
  const plan: ReadPlan = {
    table,
    ...(index ? { index } : {}),
    attrs: createExpressionAttributes(undefined, undefined),
    ...(s.where ? { filter: s.where } : {}),
    ...(s.projection ? { projection: s.projection } : {}),
    select: index ? 'ALL_PROJECTED_ATTRIBUTES' : 'ALL_ATTRIBUTES',
    limit: opts.limit ?? Infinity,
  };
  const after = (k: Item | undefined) => {
    if (!k) return undefined;
    const base = rowKey(table.keys, k);
    if (!base) throw DdbErrors.validation('Given NextToken is not valid');
    if (!index) return { ...base, tk: EMPTY_KEY };
    const ik = rowKey(index.keys, k);
    if (!ik) throw DdbErrors.validation('Given NextToken is not valid');
    return { ...ik, tk: tableKeyBlob(base.pk, base.sk) };
  };
  const out: SelectResult = { table, ...(index ? { index } : {}), items: [], bytes: 0 };
  const idx = index?.name ?? '';
  if (!parts) {
    const start = after(resume?.k);
    const rows = d.svc.store.scan({
      tableId: table.id,
      idx,
      hashFrom: 0,
      hashTo: 2 ** 32,
      ...(start ? { after: start } : {}),
    });
    const page = readPage(plan, rows);
    out.items = page.items;
    out.bytes = page.bytes;
    if (page.lastKey) out.lastKey = page.lastKey;
    if (page.lastKey) out.nextToken = encode({ p: 0, k: page.lastKey });
    return out;
  }
  let remaining = plan.limit;
  for (let p = resume?.p ?? 0; p < parts.length; p++) {
    const pk = encodeKeyValue(parts[p]);
    const start = resume && p === resume.p ? after(resume.k) : undefined;
    const forward = !s.orderBy?.desc;
    const rows = d.svc.store.range({
      tableId: table.id,
      idx,
      hash: hashKey(pk),
      pk,
      ...(start ? { after: { sk: start.sk, tk: start.tk } } : {}),
      forward,
    });
    const page = readPage({ ...plan, limit: remaining }, rows);
    out.items.push(...page.items);
    out.bytes += page.bytes;
    remaining -= page.scanned;
    if (page.lastKey) {
      out.lastKey = page.lastKey;
      out.nextToken = encode({ p, k: page.lastKey });
      break;
    }
  }
  return out;
}

const encode = (r: Resume) => Buffer.from(JSON.stringify(r)).toString('base64');
