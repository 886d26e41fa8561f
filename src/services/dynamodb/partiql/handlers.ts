// ExecuteStatement, BatchExecuteStatement and ExecuteTransaction (PartiQL for DynamoDB).
import { createHash } from 'node:crypto';
import type { HandlerTable, RequestContext } from '../../types.js';
import type { BatchStatementResponse, ConsumedCapacity } from '../../../../generated/dynamodb/types.js';
import type { Operations } from '../api.js';
import { AwsError } from '../../../protocol/errors.js';
import { evaluateCondition, project } from '../expressions/index.js';
import { validateAttributeValue } from '../values/validate.js';
import { itemSize } from '../values/size.js';
import type { Item } from '../values/types.js';
import { DdbErrors, validating } from '../errors.js';
import { unwire } from '../wire.js';
import { CapacityMeter, readUnits } from '../capacity.js';
import { applyWrite, ConditionFailed, updatedPaths, type Applied, type PreparedWrite } from '../write-ops.js';
import { out, writeCapacity } from '../items.js';
import { checkDistinctItems, commitTransaction } from '../transact.js';
import type { Ddb } from '../parts.js';
import { andAll, parseStatement, type Returning, type SelectStmt, type Statement } from './parser.js';
import { resolveSelectTarget, runSelect } from './select.js';
import { DUPLICATE, prepareStatement, whereKey } from './writes.js';

type H = Pick<HandlerTable<Operations>, 'ExecuteStatement' | 'BatchExecuteStatement' | 'ExecuteTransaction'>;

const TOKEN_TTL_MS = 10 * 60_000;
const MIXED = 'Transaction request cannot include both read and write statements';
const BATCH_MIXED = 'Batch request cannot include both read and write statements';

function parse(text: string, params: unknown[] | undefined): Statement {
  return validating(() => {
    const values = (unwire(params) ?? []).map((v) => validateAttributeValue(v));
    return parseStatement(text, values);
  });
}

const duplicate = () =>
  new AwsError('DuplicateItemException', DUPLICATE, {
    status: 400,
    jsonNamespace: 'com.amazonaws.dynamodb.v20120810',
  });

/** Attributes a RETURNING clause asks for. */
function returned(rv: Returning | undefined, p: PreparedWrite, a: Applied): Item | undefined {
  const paths = updatedPaths(p.update);
  switch (rv) {
    case 'ALL_OLD':
      return a.old;
    case 'ALL_NEW':
      return a.next;
    case 'UPDATED_OLD':
      return a.old && project(a.old, paths);
    case 'UPDATED_NEW':
      return a.next && project(a.next, paths);
    default:
      return undefined;
  }
}

/** A batch or transaction read: a single item by its full primary key. */
function getOne(d: Ddb, s: SelectStmt, ctx: RequestContext) {
  const { table, index } = resolveSelectTarget(d, s, ctx);
  if (index) throw DdbErrors.validation('Select statements in batch and transaction operations cannot use an index');
  const { key, rest } = whereKey(table, s.where);
  const filter = andAll(rest);
  return () => {
    const item = d.writer.get(table, key.row);
    const hit = item && (!filter || evaluateCondition(filter, item)) ? item : undefined;
    return {
      table,
      key,
      item: hit && s.projection ? project(hit, s.projection) : hit,
      bytes: item ? itemSize(item) : 0,
    };
  };
}

function errorCode(err: unknown): { Code: string; Message: string } {
  if (err instanceof ConditionFailed) return { Code: 'ConditionalCheckFailed', Message: err.message };
  if (!(err instanceof AwsError)) throw err;
  const code = err.code.replace(/Exception$/, '');
  return { Code: code === 'Validation' ? 'ValidationError' : code, Message: err.message };
}

function fingerprint(v: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(v, (_k, x: unknown) => (x instanceof Uint8Array ? Buffer.from(x).toString('base64') : x)))
    .digest('hex');
}

export function partiqlHandlers(d: Ddb): H {
  const { svc } = d;

  return {
    async ExecuteStatement(input, ctx) {
      const s = parse(input.Statement, input.Parameters);
      const mode = input.ReturnConsumedCapacity;
      if (s.kind === 'exists') {
        throw DdbErrors.validation('EXISTS function is only supported in transactions');
      }
      if (s.kind === 'select') {
        const r = runSelect(d, s, ctx, {
          ...(input.Limit !== undefined ? { limit: input.Limit } : {}),
          ...(input.NextToken !== undefined ? { nextToken: input.NextToken } : {}),
          consistent: input.ConsistentRead === true,
        });
        const m = new CapacityMeter(r.table, 'read');
        const units = readUnits(r.bytes, input.ConsistentRead === true);
        if (r.index) m.addIndex(r.index.name, units);
        else m.table = units;
        const cc = m.result(mode);
        return {
          Items: r.items.map(out),
          ...(r.nextToken ? { NextToken: r.nextToken } : {}),
          ...(r.lastKey ? { LastEvaluatedKey: out(r.lastKey) } : {}),
          ...(cc ? { ConsumedCapacity: cc } : {}),
        };
      }
      const p = prepareStatement(d, s, ctx, input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD');
      let a: Applied;
      try {
        a = await svc.commit(() => applyWrite(d, p));
      } catch (err) {
        if (!(err instanceof ConditionFailed)) throw err;
        if (s.kind === 'insert') throw duplicate();
        throw DdbErrors.conditionalCheckFailed(p.returnOldOnFailure && err.item ? out(err.item) : undefined);
      }
      const attrs = s.kind === 'update' || s.kind === 'delete' ? returned(s.returning, p, a) : undefined;
      const cc = writeCapacity(p.table, a, mode);
      return {
        Items: attrs && Object.keys(attrs).length > 0 ? [out(attrs)] : [],
        ...(cc ? { ConsumedCapacity: cc } : {}),
      };
    },

    async BatchExecuteStatement(input, ctx) {
      const parsed = input.Statements.map((st) => {
        try {
          return { s: parse(st.Statement, st.Parameters) };
        } catch (err) {
          return { err: errorCode(err) };
        }
      });
      const kinds = new Set(parsed.flatMap((p) => (p.s ? [p.s.kind === 'select' ? 'read' : 'write'] : [])));
      if (kinds.size > 1) throw DdbErrors.validation(BATCH_MIXED);
      const meters = new Map<string, CapacityMeter>();
      const meter = (table: PreparedWrite['table'], kind: 'read' | 'write') => {
        let m = meters.get(table.name);
        if (!m) meters.set(table.name, (m = new CapacityMeter(table, kind)));
        return m;
      };
      const responses: BatchStatementResponse[] = [];
      for (const [i, p] of parsed.entries()) {
        if (!p.s) {
          responses.push({ Error: p.err as BatchStatementResponse['Error'] });
          continue;
        }
        const s = p.s;
        const req = input.Statements[i]!;
        try {
          if (s.kind === 'exists') throw DdbErrors.validation('EXISTS function is only supported in transactions');
          if (s.kind === 'select') {
            const r = getOne(d, s, ctx)();
            meter(r.table, 'read').table += readUnits(r.bytes, req.ConsistentRead === true);
            responses.push({ TableName: r.table.name, ...(r.item ? { Item: out(r.item) } : {}) });
            continue;
          }
          const w = prepareStatement(d, s, ctx, req.ReturnValuesOnConditionCheckFailure === 'ALL_OLD');
          try {
            const a = await svc.commit(() => applyWrite(d, w));
            meter(w.table, 'write').table += a.units;
            responses.push({ TableName: w.table.name });
          } catch (err) {
            if (!(err instanceof ConditionFailed)) throw err;
            const e = s.kind === 'insert' ? { Code: 'DuplicateItem', Message: DUPLICATE } : errorCode(err);
            responses.push({
              TableName: w.table.name,
              Error: {
                ...e,
                ...(w.returnOldOnFailure && err.item ? { Item: out(err.item) } : {}),
              } as BatchStatementResponse['Error'],
            });
          }
        } catch (err) {
          responses.push({ Error: errorCode(err) as BatchStatementResponse['Error'] });
        }
      }
      const mode = input.ReturnConsumedCapacity;
      const cc: ConsumedCapacity[] | undefined =
        mode === 'TOTAL' || mode === 'INDEXES' ? [...meters.values()].map((m) => m.result(mode)!) : undefined;
      return { Responses: responses, ...(cc ? { ConsumedCapacity: cc } : {}) };
    },

    async ExecuteTransaction(input, ctx) {
      const token = input.ClientRequestToken;
      const fp = token ? fingerprint({ ...input, ClientRequestToken: undefined }) : '';
      if (token) {
        const prior = svc.store.token(ctx.accountId, ctx.region, `partiql/${token}`, svc.now());
        if (prior) {
          if (prior.fingerprint !== fp) throw DdbErrors.idempotentMismatch();
          return JSON.parse(prior.response) as Record<string, never>;
        }
      }
      const statements = input.TransactStatements.map((st) => parse(st.Statement, st.Parameters));
      const reads = statements.filter((s) => s.kind === 'select').length;
      if (reads > 0 && reads < statements.length) throw DdbErrors.validation(MIXED);
      if (reads > 0) {
        const gets = statements.map((s) => getOne(d, s as SelectStmt, ctx));
        const meters = new Map<string, CapacityMeter>();
        const results = svc.tx(() => gets.map((g) => g()));
        checkDistinctItems(results);
        for (const r of results) {
          let m = meters.get(r.table.name);
          if (!m) meters.set(r.table.name, (m = new CapacityMeter(r.table, 'read')));
          m.table += readUnits(r.bytes, true, true);
        }
        const mode = input.ReturnConsumedCapacity;
        const cc =
          mode === 'TOTAL' || mode === 'INDEXES' ? [...meters.values()].map((m) => m.result(mode)!) : undefined;
        return {
          Responses: results.map((r) => (r.item ? { Item: out(r.item) } : {})),
          ...(cc ? { ConsumedCapacity: cc } : {}),
        };
      }
      const prepared = statements.map((s, i) =>
        prepareStatement(
          d,
          s as Exclude<Statement, { kind: 'select' }>,
          ctx,
          input.TransactStatements[i]!.ReturnValuesOnConditionCheckFailure === 'ALL_OLD',
        ),
      );
      return commitTransaction(d, prepared, input.ReturnConsumedCapacity, (res) => {
        if (!token) return;
        svc.store.sweepTokens(svc.now());
        const exp = svc.now() + TOKEN_TTL_MS;
        svc.store.putToken(ctx.accountId, ctx.region, `partiql/${token}`, fp, JSON.stringify(res), exp);
      });
    },
  };
}
