// BatchGetItem and BatchWriteItem. Every request of a batch is validated before any is run; the writes of a
// batch share one group commit. atoll never throttles, so UnprocessedItems is always empty and
// UnprocessedKeys only holds keys past the 16 MB response cap.
import type { HandlerTable } from '../types.js';
import type { ConsumedCapacity, ItemCollectionMetrics, KeysAndAttributes } from '../../../generated/dynamodb/types.js';
import type { Operations } from './api.js';
import { project } from './expressions/index.js';
import { itemSize } from './values/size.js';
import { DdbErrors } from './errors.js';
import { unwire, validateKey, type ValidKey } from './wire.js';
import { CapacityMeter, readUnits } from './capacity.js';
import { applyWrite, prepareWrite, type PreparedWrite } from './write-ops.js';
import { collectionMetrics, out, projectionOf } from './items.js';
import type { TableInfo } from './table.js';
import type { Ddb } from './parts.js';

type H = Pick<HandlerTable<Operations>, 'BatchGetItem' | 'BatchWriteItem'>;

const MAX_GET_KEYS = 100;
const MAX_WRITES = 25;
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
const DUPLICATES = 'Provided list of item keys contains duplicates';

const keyId = (k: ValidKey) => `${k.row.pk.toString('hex')}/${k.row.sk.toString('hex')}`;

export function batchHandlers(d: Ddb): H {
  const { svc } = d;
  const tableFor = (name: string, ctx: Parameters<typeof svc.dataTable>[1]): TableInfo => svc.dataTable(name, ctx);
  return {
    BatchGetItem(input, ctx) {
      const entries = Object.entries(input.RequestItems);
      const total = entries.reduce((n, [, r]) => n + (r.Keys?.length ?? 0), 0);
      if (total > MAX_GET_KEYS) throw DdbErrors.validation('Too many items requested for the BatchGetItem call');
      const plans = entries.map(([name, req]) => {
        const table = tableFor(name, ctx);
        const paths = projectionOf(req);
        const keys = req.Keys.map((k) => validateKey(table, unwire(k)));
        const seen = new Set<string>();
        for (const k of keys) {
          const id = keyId(k);
          if (seen.has(id)) throw DdbErrors.validation(DUPLICATES);
          seen.add(id);
        }
        return { name, table, req, paths, keys };
      });
      const responses: Record<string, Record<string, never>[]> = {};
      const unprocessed: Record<string, KeysAndAttributes> = {};
      const capacity: ConsumedCapacity[] = [];
      let bytes = 0;
      for (const p of plans) {
        const found: Record<string, never>[] = [];
        const meter = new CapacityMeter(p.table, 'read');
        const left: typeof p.req.Keys = [];
        p.keys.forEach((k, i) => {
          if (bytes > MAX_RESPONSE_BYTES) {
            left.push(p.req.Keys[i]!);
            return;
          }
          const item = d.writer.get(p.table, k.row);
          const size = item ? itemSize(item) : 0;
          bytes += size;
          meter.table += readUnits(size, p.req.ConsistentRead === true);
          if (item) found.push(out(p.paths ? project(item, p.paths) : item));
        });
        responses[p.name] = found;
        if (left.length > 0) unprocessed[p.name] = { ...p.req, Keys: left };
        const cc = meter.result(input.ReturnConsumedCapacity);
        if (cc) capacity.push(cc);
      }
      return {
        Responses: responses,
        UnprocessedKeys: unprocessed,
        ...(input.ReturnConsumedCapacity === 'TOTAL' || input.ReturnConsumedCapacity === 'INDEXES'
          ? { ConsumedCapacity: capacity }
          : {}),
      };
    },

    async BatchWriteItem(input, ctx) {
      const entries = Object.entries(input.RequestItems);
      const total = entries.reduce((n, [, r]) => n + r.length, 0);
      if (total > MAX_WRITES) throw DdbErrors.validation('Too many items requested for the BatchWriteItem call');
      const prepared: PreparedWrite[] = [];
      for (const [name, requests] of entries) {
        const table = tableFor(name, ctx);
        const seen = new Set<string>();
        for (const r of requests) {
          if ((r.PutRequest ? 1 : 0) + (r.DeleteRequest ? 1 : 0) !== 1) {
            throw DdbErrors.validation(
              'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
            );
          }
          const p = r.PutRequest
            ? prepareWrite(d, 'Put', table, { Item: r.PutRequest.Item })
            : prepareWrite(d, 'Delete', table, { Key: r.DeleteRequest!.Key });
          const id = keyId(p.key);
          if (seen.has(id)) throw DdbErrors.validation(DUPLICATES);
          seen.add(id);
          prepared.push(p);
        }
      }
      const results = await svc.commit(() => prepared.map((p) => applyWrite(d, p)));
      const meters = new Map<string, CapacityMeter>();
      const metrics: Record<string, ItemCollectionMetrics[]> = {};
      results.forEach((a, i) => {
        const p = prepared[i]!;
        let m = meters.get(p.table.name);
        if (!m) meters.set(p.table.name, (m = new CapacityMeter(p.table, 'write')));
        m.table += a.units;
        for (const [k, v] of a.indexUnits) m.addIndex(k, v);
        const icm = collectionMetrics(p.table, a.next ?? a.old, input.ReturnItemCollectionMetrics);
        if (icm) (metrics[p.table.name] ??= []).push(icm);
      });
      const capacity = [...meters.values()]
        .map((m) => m.result(input.ReturnConsumedCapacity))
        .filter((c) => c !== undefined);
      return {
        UnprocessedItems: {},
        ...(Object.keys(metrics).length > 0 ? { ItemCollectionMetrics: metrics } : {}),
        ...(capacity.length > 0 ? { ConsumedCapacity: capacity } : {}),
      };
    },
  };
}
