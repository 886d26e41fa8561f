// Table lifecycle: CreateTable, DescribeTable, ListTables, DeleteTable. Transitions (CREATING -> ACTIVE) are
// durable lifecycle jobs; the response always shows the transitional state first, as AWS's does.
import { randomUUID } from 'node:crypto';
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import { DdbErrors } from './errors.js';
import { buildTableMeta, checkTableName } from './table-validate.js';
import { describeTable } from './describe.js';
import { TRANSITION_MS } from './service.js';
import type { TableMeta } from './table.js';
import type { Ddb } from './parts.js';
import { dropTable, leaveGroup } from './replicas.js';

type H = Pick<HandlerTable<Operations>, 'CreateTable' | 'DescribeTable' | 'ListTables' | 'DeleteTable'>;

export function tableHandlers(d: Ddb): H {
  const { svc } = d;
  return {
    CreateTable(input, ctx) {
      const ref = svc.ref(input.TableName, ctx);
      checkTableName(ref.name);
      const base = buildTableMeta({ ...input, TableName: ref.name });
      if (svc.lookup(ref)) throw DdbErrors.resourceInUse(`Table already exists: ${ref.name}`);
      const now = svc.now();
      const meta: TableMeta = {
        ...base,
        tableId: randomUUID(),
        arn: `arn:aws:dynamodb:${ref.region}:${ref.accountId}:table/${ref.name}`,
        createdAt: now,
        readyAt: now + TRANSITION_MS,
      };
      for (const g of meta.gsis) g.readyAt = meta.readyAt;
      const table = svc.tx(() => {
        const id = svc.store.insertTable(ref.accountId, ref.region, meta);
        const spec = input.StreamSpecification;
        if (spec?.StreamEnabled && spec.StreamViewType) {
          meta.stream = d.streams.enable(
            { id, accountId: ref.accountId, region: ref.region, meta },
            spec.StreamViewType,
          );
          svc.store.updateMeta(id, meta);
        }
        const t = svc.created(id, ref.accountId, ref.region, meta);
        svc.scheduleSettle(t, meta.readyAt);
        return t;
      });
      return { TableDescription: describeTable(svc, table, { status: 'CREATING', counts: false }) };
    },

    DescribeTable(input, ctx) {
      return { Table: describeTable(svc, svc.describeTarget(input.TableName, ctx)) };
    },

    ListTables(input, ctx) {
      const limit = input.Limit ?? 100;
      const names = svc.store.tableNames(ctx.accountId, ctx.region, input.ExclusiveStartTableName ?? '', limit + 1);
      const page = names.slice(0, limit);
      return {
        TableNames: page,
        ...(names.length > limit ? { LastEvaluatedTableName: page[page.length - 1]! } : {}),
      };
    },

    DeleteTable(input, ctx) {
      const t = svc.describeTarget(input.TableName, ctx);
      if (t.meta.deletionProtection) {
        throw DdbErrors.validation(
          'Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.',
        );
      }
      const description = describeTable(svc, t, { status: 'DELETING' });
      svc.tx(() => {
        dropTable(d, t);
        leaveGroup(d, t);
      });
      return { TableDescription: description };
    },
  };
}
