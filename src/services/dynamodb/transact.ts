// TransactWriteItems and TransactGetItems: all actions are checked against the items as they are, then all
// writes commit together, or none does (TransactionCanceledException with one reason per action, in order).
// ClientRequestToken makes a write transaction idempotent for 10 minutes.
import { createHash } from 'node:crypto';
import type { HandlerTable } from '../types.js';
import type { ConsumedCapacity, CancellationReason } from '../../../generated/dynamodb/types.js';
import type { Operations } from './api.js';
import { project } from './expressions/index.js';
import { itemSize } from './values/size.js';
import type { Item } from './values/types.js';
import { AwsError } from '../../protocol/errors.js';
import { DdbErrors } from './errors.js';
import { unwire, validateKey } from './wire.js';
import { CapacityMeter, readUnits } from './capacity.js';
import { conditionHolds, nextItem, prepareWrite, type PreparedWrite, type WriteKind } from './write-ops.js';
import { out, projectionOf } from './items.js';
import type { Ddb } from './parts.js';

type H = Pick<HandlerTable<Operations>, 'TransactGetItems' | 'TransactWriteItems'>;

const TOKEN_TTL_MS = 10 * 60_000;
const MAX_TX_BYTES = 4 * 1024 * 1024;
const SAME_ITEM = 'Transaction request cannot include multiple operations on one item';
const KINDS: WriteKind[] = ['ConditionCheck', 'Put', 'Delete', 'Update'];

const capacityOf = (metersIn: Map<string, CapacityMeter>, mode: string | undefined): ConsumedCapacity[] | undefined => {
  if (mode !== 'TOTAL' && mode !== 'INDEXES') return undefined;
  return [...metersIn.values()].map((m) => m.result(mode)!);
};

const itemId = (p: { table: { id: number }; key: { row: { pk: Buffer; sk: Buffer } } }) =>
  `${p.table.id}/${p.key.row.pk.toString('hex')}/${p.key.row.sk.toString('hex')}`;

/** One item at most once per transaction (TransactWriteItems, TransactGetItems, ExecuteTransaction). */
export function checkDistinctItems(items: Array<Parameters<typeof itemId>[0]>): void {
  const ids = new Set<string>();
  for (const p of items) {
    const id = itemId(p);
    if (ids.has(id)) throw DdbErrors.validation(SAME_ITEM);
    ids.add(id);
  }
}

/**
 * Checks every prepared write against the current items and commits all of them, or none
 * (TransactionCanceledException with one reason per action). `persist` runs inside the commit (idempotency token).
 */
export async function commitTransaction(
  d: Ddb,
  prepared: PreparedWrite[],
  mode: string | undefined,
  persist?: (res: { ConsumedCapacity?: ConsumedCapacity[] }) => void,
): Promise<{ ConsumedCapacity?: ConsumedCapacity[] }> {
  checkDistinctItems(prepared);
  let bytes = 0;
  for (const p of prepared) if (p.item) bytes += itemSize(p.item);
  if (bytes > MAX_TX_BYTES) throw DdbErrors.validation('Transaction request cannot be larger than 4 MB');
  const meters = new Map<string, CapacityMeter>();
  return d.svc.commit(() => {
    const olds = prepared.map((p) => d.writer.get(p.table, p.key.row));
    const nexts: Array<Item | undefined> = [];
    const reasons: CancellationReason[] = [];
    let failed = false;
    prepared.forEach((p, i) => {
      const old = olds[i];
      if (!conditionHolds(p, old)) {
        failed = true;
        reasons.push({
          ...(p.failure ?? { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }),
          ...(p.returnOldOnFailure && old ? { Item: out(old) } : {}),
        });
        nexts.push(undefined);
        return;
      }
      try {
        nexts.push(nextItem(p, old));
        reasons.push({ Code: 'None' });
      } catch (err) {
        if (!(err instanceof AwsError) || err.code !== 'ValidationException') throw err;
        failed = true;
        reasons.push({ Code: 'ValidationError', Message: err.message });
        nexts.push(undefined);
      }
    });
    if (failed) throw DdbErrors.transactionCanceled(reasons as Array<{ Code: string }>);
    prepared.forEach((p, i) => {
      if (p.kind !== 'ConditionCheck') d.writer.write(p.table, p.key.row, olds[i], nexts[i]);
      let m = meters.get(p.table.name);
      if (!m) meters.set(p.table.name, (m = new CapacityMeter(p.table, 'write')));
      const size = Math.max(olds[i] ? itemSize(olds[i]!) : 0, nexts[i] ? itemSize(nexts[i]!) : 0);
      m.table += Math.max(1, Math.ceil(size / 1024)) * 2;
    });
    const cc = capacityOf(meters, mode);
    const res = cc ? { ConsumedCapacity: cc } : {};
    persist?.(res);
    return res;
  });
}

export function transactHandlers(d: Ddb): H {
  const { svc } = d;
  return {
    async TransactWriteItems(input, ctx) {
      const token = input.ClientRequestToken;
      const fingerprint = token
        ? createHash('sha256')
            .update(
              JSON.stringify({ ...input, ClientRequestToken: undefined }, (_k, v: unknown) =>
                v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v,
              ),
            )
            .digest('hex')
        : '';
      if (token) {
        const prior = svc.store.token(ctx.accountId, ctx.region, token, svc.now());
        if (prior) {
          if (prior.fingerprint !== fingerprint) throw DdbErrors.idempotentMismatch();
          return JSON.parse(prior.response) as Record<string, never>;
        }
      }
      const prepared: PreparedWrite[] = input.TransactItems.map((entry) => {
        const kinds = KINDS.filter((k) => entry[k] !== undefined);
        if (kinds.length !== 1) {
          throw DdbErrors.validation('TransactItems can only contain one of Check, Put, Update or Delete');
        }
        const kind = kinds[0]!;
        const body = entry[kind]!;
        return prepareWrite(d, kind, svc.dataTable(body.TableName, ctx), body);
      });
      const response = await commitTransaction(d, prepared, input.ReturnConsumedCapacity, (res) => {
        if (!token) return;
        svc.store.sweepTokens(svc.now());
        svc.store.putToken(
          ctx.accountId,
          ctx.region,
          token,
          fingerprint,
          JSON.stringify(res),
          svc.now() + TOKEN_TTL_MS,
        );
      });
      return response;
    },

    TransactGetItems(input, ctx) {
      const gets = input.TransactItems.map((entry) => {
        const g = entry.Get;
        const table = svc.dataTable(g.TableName, ctx);
        return { table, key: validateKey(table, unwire(g.Key)), paths: projectionOf(g) };
      });
      checkDistinctItems(gets);
      const meters = new Map<string, CapacityMeter>();
      const responses = svc.tx(() =>
        gets.map((g) => {
          const item = d.writer.get(g.table, g.key.row);
          let m = meters.get(g.table.name);
          if (!m) meters.set(g.table.name, (m = new CapacityMeter(g.table, 'read')));
          m.table += readUnits(item ? itemSize(item) : 0, true, true);
          return item ? { Item: out(g.paths ? project(item, g.paths) : item) } : {};
        }),
      );
      const cc = capacityOf(meters, input.ReturnConsumedCapacity);
      return { Responses: responses, ...(cc ? { ConsumedCapacity: cc } : {}) };
    },
  };
}
