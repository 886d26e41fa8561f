// PartiQL INSERT/UPDATE/DELETE/EXISTS as the service's prepared writes, so conditions, index rows, stream records
// and transactions go through the same code as PutItem/UpdateItem/DeleteItem/ConditionCheck.
// INSERT carries an implicit "item does not exist" condition (DuplicateItem) and UPDATE an "item exists" one.
import type { RequestContext } from '../../types.js';
import type { Condition } from '../expressions/ast.js';
import { DdbErrors, validating } from '../errors.js';
import { validateKey, validateNewItem } from '../wire.js';
import { checkKeyNotUpdated, type PreparedWrite } from '../write-ops.js';
import type { TableInfo } from '../table.js';
import type { Ddb } from '../parts.js';
import { andAll, type Statement } from './parser.js';
import { pinnedKey, resolveSelectTarget } from './select.js';

export const DUPLICATE = 'Duplicate primary key exists in table';
const MISSING_KEY = 'Where clause does not contain a mandatory equality on all key attributes';

const exists = (table: TableInfo, not: boolean): Condition => ({
  kind: 'function',
  name: not ? 'attribute_not_exists' : 'attribute_exists',
  args: [{ kind: 'path', path: { elements: [{ kind: 'name', name: table.keys.hash.name }] } }],
});

/** The full primary key from the WHERE clause (required), and what else the clause asks. */
export function whereKey(table: TableInfo, where: Condition | undefined) {
  const names = [table.keys.hash.name, ...(table.keys.range ? [table.keys.range.name] : [])];
  const { key, rest } = pinnedKey(where, names);
  if (names.some((n) => key[n] === undefined)) throw DdbErrors.validation(MISSING_KEY);
  return { key: validateKey(table, key), rest };
}

export function prepareStatement(
  d: Ddb,
  s: Exclude<Statement, { kind: 'select' }>,
  ctx: RequestContext,
  returnOld: boolean,
): PreparedWrite {
  const base = { returnOldOnFailure: returnOld };
  switch (s.kind) {
    case 'insert': {
      const table = d.svc.dataTable(s.table, ctx);
      const key = validateNewItem(table, s.item);
      return {
        ...base,
        kind: 'Put',
        table,
        key,
        item: key.item,
        condition: exists(table, true),
        failure: { Code: 'DuplicateItem', Message: DUPLICATE },
      };
    }
    case 'update': {
      const table = d.svc.dataTable(s.table, ctx);
      const { key, rest } = whereKey(table, s.where);
      const update = { actions: s.actions };
      validating(() => checkKeyNotUpdated(table, update));
      return { ...base, kind: 'Update', table, key, update, condition: andAll([exists(table, false), ...rest])! };
    }
    case 'delete': {
      const table = d.svc.dataTable(s.table, ctx);
      const { key, rest } = whereKey(table, s.where);
      const condition = andAll(rest);
      return { ...base, kind: 'Delete', table, key, ...(condition ? { condition } : {}) };
    }
    case 'exists': {
      const { table, index } = resolveSelectTarget(d, s.select, ctx);
      if (index) throw DdbErrors.validation('EXISTS is not supported on an index');
      const { key, rest } = whereKey(table, s.select.where);
      return { ...base, kind: 'ConditionCheck', table, key, condition: andAll([exists(table, false), ...rest])! };
    }
  }
}
