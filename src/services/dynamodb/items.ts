// PutItem, GetItem, UpdateItem, DeleteItem. Writes go through store.commit (group commit): the response is
// sent only once the change, its index rows and its stream record are durable.
import type { HandlerTable } from '../types.js';
import type { ConsumedCapacity, ItemCollectionMetrics } from '../../../generated/dynamodb/types.js';
import type { Operations } from './api.js';
import { checkParameterMix, createExpressionAttributes, parseProjection, project } from './expressions/index.js';
import type { DocumentPath } from './expressions/ast.js';
import { itemSize } from './values/size.js';
import type { Item } from './values/types.js';
import { DdbErrors, validating } from './errors.js';
import { unwire, validateKey } from './wire.js';
import { CapacityMeter, readUnits } from './capacity.js';
import {
  applyWrite,
  ConditionFailed,
  prepareWrite,
  updatedPaths,
  type Applied,
  type PreparedWrite,
} from './write-ops.js';
import type { TableInfo } from './table.js';
import type { Ddb } from './parts.js';

type H = Pick<HandlerTable<Operations>, 'PutItem' | 'GetItem' | 'UpdateItem' | 'DeleteItem'>;

// The SDK types Item values with Uint8Array blobs; the service hands back base64 text, which the JSON
// serializer passes through. One cast at the boundary.
type WireItem = Record<string, never>;
export const out = (item: Item): WireItem => item as unknown as WireItem;

/** ProjectionExpression or legacy AttributesToGet as paths (undefined: whole item). */
export function projectionOf(input: {
  ProjectionExpression?: string;
  AttributesToGet?: string[];
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}): DocumentPath[] | undefined {
  return validating(() => {
    checkParameterMix(input as Record<string, unknown>);
    if (input.ExpressionAttributeValues !== undefined) {
      // GetItem-style requests have no expression that could use values.
      createExpressionAttributes(undefined, unwire(input.ExpressionAttributeValues)).assertAllUsed();
    }
    const attrs = createExpressionAttributes(input.ExpressionAttributeNames, undefined);
    let paths: DocumentPath[] | undefined;
    if (input.ProjectionExpression !== undefined) paths = parseProjection(input.ProjectionExpression, attrs);
    else if (input.AttributesToGet) {
      if (new Set(input.AttributesToGet).size !== input.AttributesToGet.length) {
        throw DdbErrors.validation(
          `One or more parameter values were invalid: Duplicate value in attribute name: ${input.AttributesToGet.find((a, i) => input.AttributesToGet!.indexOf(a) !== i)}`,
        );
      }
      paths = input.AttributesToGet.map((name) => ({ elements: [{ kind: 'name' as const, name }] }));
    }
    attrs.assertAllUsed();
    return paths;
  });
}

export function writeCapacity(table: TableInfo, a: Applied, mode: string | undefined): ConsumedCapacity | undefined {
  const m = new CapacityMeter(table, 'write');
  m.table = a.units;
  for (const [k, v] of a.indexUnits) m.addIndex(k, v);
  return m.result(mode);
}

export function collectionMetrics(
  table: TableInfo,
  item: Item | undefined,
  mode: string | undefined,
): ItemCollectionMetrics | undefined {
  const hasLsi = [...table.indexes.values()].some((i) => i.kind === 'LSI');
  if (mode !== 'SIZE' || !hasLsi || !item) return undefined;
  const h = table.keys.hash.name;
  return { ItemCollectionKey: out({ [h]: item[h]! }), SizeEstimateRangeGB: [0, 1] };
}

function checkReturnValues(rv: string | undefined, allowed: string[], op: string): void {
  if (rv !== undefined && !allowed.includes(rv)) {
    throw DdbErrors.validation(
      op === 'UpdateItem'
        ? `ReturnValues is not valid for UpdateItem: ${rv}`
        : 'ReturnValues can only be ALL_OLD or NONE',
    );
  }
}

export function itemHandlers(d: Ddb): H {
  const { svc } = d;

  async function runWrite(p: PreparedWrite): Promise<Applied> {
    try {
      return await svc.commit(() => applyWrite(d, p));
    } catch (err) {
      if (err instanceof ConditionFailed) {
        throw DdbErrors.conditionalCheckFailed(p.returnOldOnFailure && err.item ? out(err.item) : undefined);
      }
      throw err;
    }
  }

  return {
    async PutItem(input, ctx) {
      checkReturnValues(input.ReturnValues, ['NONE', 'ALL_OLD'], 'PutItem');
      const table = svc.dataTable(input.TableName, ctx);
      const p = prepareWrite(d, 'Put', table, input);
      p.blind =
        input.ReturnValues !== 'ALL_OLD' &&
        input.ReturnConsumedCapacity === undefined &&
        input.ReturnItemCollectionMetrics === undefined;
      const a = await runWrite(p);
      const cc = writeCapacity(table, a, input.ReturnConsumedCapacity);
      const icm = collectionMetrics(table, a.next, input.ReturnItemCollectionMetrics);
      return {
        ...(input.ReturnValues === 'ALL_OLD' && a.old ? { Attributes: out(a.old) } : {}),
        ...(cc ? { ConsumedCapacity: cc } : {}),
        ...(icm ? { ItemCollectionMetrics: icm } : {}),
      };
    },

    async DeleteItem(input, ctx) {
      checkReturnValues(input.ReturnValues, ['NONE', 'ALL_OLD'], 'DeleteItem');
      const table = svc.dataTable(input.TableName, ctx);
      const a = await runWrite(prepareWrite(d, 'Delete', table, input));
      const cc = writeCapacity(table, a, input.ReturnConsumedCapacity);
      const icm = collectionMetrics(table, a.old, input.ReturnItemCollectionMetrics);
      return {
        ...(input.ReturnValues === 'ALL_OLD' && a.old ? { Attributes: out(a.old) } : {}),
        ...(cc ? { ConsumedCapacity: cc } : {}),
        ...(icm ? { ItemCollectionMetrics: icm } : {}),
      };
    },

    async UpdateItem(input, ctx) {
      checkReturnValues(input.ReturnValues, ['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'], 'UpdateItem');
      const table = svc.dataTable(input.TableName, ctx);
      const p = prepareWrite(d, 'Update', table, input);
      const a = await runWrite(p);
      let attributes: Item | undefined;
      const paths = updatedPaths(p.update);
      switch (input.ReturnValues) {
        case 'ALL_OLD':
          attributes = a.old;
          break;
        case 'ALL_NEW':
          attributes = a.next;
          break;
        case 'UPDATED_OLD':
          attributes = a.old ? project(a.old, paths) : undefined;
          break;
        case 'UPDATED_NEW':
          attributes = a.next ? project(a.next, paths) : undefined;
          break;
      }
      const cc = writeCapacity(table, a, input.ReturnConsumedCapacity);
      const icm = collectionMetrics(table, a.next, input.ReturnItemCollectionMetrics);
      return {
        ...(attributes && Object.keys(attributes).length > 0 ? { Attributes: out(attributes) } : {}),
        ...(cc ? { ConsumedCapacity: cc } : {}),
        ...(icm ? { ItemCollectionMetrics: icm } : {}),
      };
    },

    GetItem(input, ctx) {
      const table = svc.dataTable(input.TableName, ctx);
      // Most GetItems name no projection: skip the expression machinery then.
      const plain =
        input.ProjectionExpression === undefined &&
        input.AttributesToGet === undefined &&
        input.ExpressionAttributeNames === undefined &&
        (input as { ExpressionAttributeValues?: unknown }).ExpressionAttributeValues === undefined;
      const paths = plain ? undefined : projectionOf(input);
      const key = validateKey(table, unwire(input.Key));
      const item = d.writer.get(table, key.row);
      let cc: ConsumedCapacity | undefined;
      if (input.ReturnConsumedCapacity === 'TOTAL' || input.ReturnConsumedCapacity === 'INDEXES') {
        const m = new CapacityMeter(table, 'read');
        m.table = readUnits(item ? itemSize(item) : 0, input.ConsistentRead === true);
        cc = m.result(input.ReturnConsumedCapacity);
      }
      const result = item && paths ? project(item, paths) : item;
      return {
        ...(result ? { Item: out(result) } : {}),
        ...(cc ? { ConsumedCapacity: cc } : {}),
      };
    },
  };
}
