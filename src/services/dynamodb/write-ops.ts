// The four write actions (put, update, delete, condition check) split into a pure "prepare" step (all request
// validation, before anything is read) and an "apply" step run inside a transaction, so PutItem, BatchWriteItem
// and TransactWriteItems share one implementation.
import type { Condition, DocumentPath, UpdateExpressionAst } from './expressions/ast.js';
import {
  applyUpdate,
  attributeUpdatesToAst,
  checkParameterMix,
  createExpressionAttributes,
  evaluateCondition,
  expectedToCondition,
  parseCondition,
  parseUpdate,
  type AttributeValueUpdate,
  type ExpectedAttributeValue,
} from './expressions/index.js';
import { cloneItem } from './expressions/paths.js';
import { DynamoValidationError, INVALID_PARAM } from './expressions/errors.js';
import { itemSize, MAX_ITEM_SIZE } from './values/size.js';
import type { Item } from './values/types.js';
import { DdbErrors, validating } from './errors.js';
import { checkIndexKeys, unwire, validateKey, validateNewItem, type ValidKey } from './wire.js';
import { rowKey } from './rows.js';
import type { TableInfo } from './table.js';
import type { Ddb } from './parts.js';

export type WriteKind = 'Put' | 'Update' | 'Delete' | 'ConditionCheck';

export interface PreparedWrite {
  kind: WriteKind;
  table: TableInfo;
  key: ValidKey;
  condition?: Condition;
  item?: Item;
  update?: UpdateExpressionAst;
  returnOldOnFailure: boolean;
  /** Cancellation reason when the condition fails, if not ConditionalCheckFailed (PartiQL INSERT: DuplicateItem). */
  failure?: { Code: string; Message: string };
  /** The caller never looks at the old item (PutItem without ALL_OLD or capacity): see needsOld(). */
  blind?: boolean;
}

/** Thrown by apply() when the condition does not hold; carries the current item for ALL_OLD. */
export class ConditionFailed extends Error {
  constructor(readonly item: Item | undefined) {
    super('The conditional request failed');
  }
}

interface ExprInput {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
  Expected?: Record<string, unknown>;
  ConditionalOperator?: string;
  UpdateExpression?: string;
  AttributeUpdates?: Record<string, unknown>;
  ReturnValuesOnConditionCheckFailure?: string;
}

function parseExpressions(input: ExprInput, kind: WriteKind): { condition?: Condition; update?: UpdateExpressionAst } {
  return validating(() => {
    checkParameterMix(input as Record<string, unknown>);
    const attrs = createExpressionAttributes(input.ExpressionAttributeNames, unwire(input.ExpressionAttributeValues));
    let update: UpdateExpressionAst | undefined;
    if (kind === 'Update') {
      if (input.UpdateExpression !== undefined) update = parseUpdate(input.UpdateExpression, attrs);
      else if (input.AttributeUpdates) {
        update = attributeUpdatesToAst(unwire(input.AttributeUpdates) as Record<string, AttributeValueUpdate>);
      } else update = { actions: [] };
    }
    let condition: Condition | undefined;
    if (input.ConditionExpression !== undefined) {
      condition = parseCondition(input.ConditionExpression, attrs, 'ConditionExpression');
    } else if (input.Expected) {
      condition = expectedToCondition(
        unwire(input.Expected) as Record<string, ExpectedAttributeValue>,
        input.ConditionalOperator,
      );
    }
    attrs.assertAllUsed();
    return { ...(condition ? { condition } : {}), ...(update ? { update } : {}) };
  });
}

export function checkKeyNotUpdated(table: TableInfo, update: UpdateExpressionAst): void {
  const keyNames = [table.keys.hash.name, table.keys.range?.name];
  for (const a of update.actions) {
    const first = a.path.elements[0];
    if (first?.kind === 'name' && keyNames.includes(first.name)) {
      throw DdbErrors.validation(
        `${INVALID_PARAM}Cannot update attribute ${first.name}. This attribute is part of the key`,
      );
    }
  }
}

export function prepareWrite(
  d: Ddb,
  kind: WriteKind,
  table: TableInfo,
  input: ExprInput & { Item?: unknown; Key?: unknown },
): PreparedWrite {
  const exprs = parseExpressions(input, kind);
  const key = kind === 'Put' ? validateNewItem(table, unwire(input.Item)) : validateKey(table, unwire(input.Key));
  if (exprs.update) checkKeyNotUpdated(table, exprs.update);
  if (kind === 'ConditionCheck' && !exprs.condition) {
    throw DdbErrors.validation('The ConditionExpression is required for a ConditionCheck');
  }
  void d;
  return {
    kind,
    table,
    key,
    ...(exprs.condition ? { condition: exprs.condition } : {}),
    ...(kind === 'Put' ? { item: key.item } : {}),
    ...(exprs.update ? { update: exprs.update } : {}),
    returnOldOnFailure: input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD',
  };
}

export interface Applied {
  old: Item | undefined;
  next: Item | undefined;
  /** Write capacity units consumed on the table, and per index touched. */
  units: number;
  indexUnits: Map<string, number>;
}

/** The new item a prepared write produces from the current one (no I/O). */
export function nextItem(p: PreparedWrite, old: Item | undefined): Item | undefined {
  if (p.kind === 'Put') return p.item;
  if (p.kind === 'Delete') return undefined;
  if (p.kind === 'ConditionCheck') return old;
  const base = old ?? cloneItem(p.key.item);
  const next = validating(() => applyUpdate(p.update!, base));
  if (itemSize(next) > MAX_ITEM_SIZE) {
    throw DdbErrors.validation('Item size to update has exceeded the maximum allowed size');
  }
  validating(() => checkIndexKeys(p.table, next));
  return next;
}

export function conditionHolds(p: PreparedWrite, old: Item | undefined): boolean {
  return !p.condition || evaluateCondition(p.condition, old ?? {});
}

/**
 * Whether a write must read the item it replaces: always, except for an unconditional blind put on a table
 * without indexes, stream, PITR or replicas, where the old item changes nothing (saves a probe and a JSON.parse).
 */
function needsOld(p: PreparedWrite): boolean {
  if (!p.blind || p.kind !== 'Put' || p.condition) return true;
  const m = p.table.meta;
  return p.table.indexes.size > 0 || m.stream.enabled || m.pitr?.enabled === true || m.replicas !== undefined;
}

/** Reads, checks and writes; call inside a transaction. */
export function applyWrite(d: Ddb, p: PreparedWrite, transactional = false): Applied {
  const old = needsOld(p) ? d.writer.get(p.table, p.key.row) : undefined;
  if (!conditionHolds(p, old)) throw new ConditionFailed(old);
  const next = nextItem(p, old);
  if (p.kind !== 'ConditionCheck') d.writer.write(p.table, p.key.row, old, next);
  const size = Math.max(old ? itemSize(old) : 0, next ? itemSize(next) : 0);
  const indexUnits = new Map<string, number>();
  if (p.kind !== 'ConditionCheck') {
    for (const index of p.table.indexes.values()) {
      const touched = (old && rowKey(index.keys, old)) || (next && rowKey(index.keys, next));
      if (touched) indexUnits.set(index.name, writeUnitsOf(size, transactional));
    }
  }
  return { old, next, units: writeUnitsOf(size, transactional), indexUnits };
}

function writeUnitsOf(bytes: number, transactional: boolean): number {
  return Math.max(1, Math.ceil(bytes / 1024)) * (transactional ? 2 : 1);
}

/** Paths an update touches (UPDATED_OLD / UPDATED_NEW project onto these). */
export function updatedPaths(update: UpdateExpressionAst | undefined): DocumentPath[] {
  return (update?.actions ?? []).map((a) => a.path);
}

export { DynamoValidationError };
