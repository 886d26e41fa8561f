// On-demand backups: CreateBackup copies the table definition and its items in one transaction (a consistent
// snapshot); RestoreTableFromBackup creates a new table from it. Backups outlive their table, as on AWS.
import { randomBytes } from 'node:crypto';
import type { HandlerTable, RequestContext } from '../types.js';
import type { BackupDescription, BackupDetails, BackupSummary } from '../../../generated/dynamodb/types.js';
import type { Operations } from './api.js';
import { itemSize } from './values/size.js';
import type { Item } from './values/types.js';
import { BackupStore, type BackupRow } from './backup-store.js';
import { backupNotFound, restoreTable, tableInUse, tableNotFound } from './restore.js';
import { describeTable } from './describe.js';
import type { TableMeta } from './table.js';
import type { Ddb } from './parts.js';

type H = Pick<
  HandlerTable<Operations>,
  'CreateBackup' | 'DescribeBackup' | 'ListBackups' | 'DeleteBackup' | 'RestoreTableFromBackup'
>;

interface Snapshot {
  meta: TableMeta;
}

const throughput = (m: TableMeta, t = m.throughput) => ({
  ReadCapacityUnits: m.billingMode === 'PROVISIONED' ? t.read : 0,
  WriteCapacityUnits: m.billingMode === 'PROVISIONED' ? t.write : 0,
});

function details(b: BackupRow, status: BackupDetails['BackupStatus']): BackupDetails {
  return {
    BackupArn: b.arn,
    BackupName: b.name,
    BackupSizeBytes: b.size,
    BackupStatus: status,
    BackupType: 'USER',
    BackupCreationDateTime: new Date(b.created_at),
  };
}

function description(b: BackupRow, status: BackupDetails['BackupStatus'] = 'AVAILABLE'): BackupDescription {
  const m = (JSON.parse(b.meta) as Snapshot).meta;
  return {
    BackupDetails: details(b, status),
    SourceTableDetails: {
      TableName: m.name,
      TableId: m.tableId,
      TableArn: m.arn,
      TableSizeBytes: b.size,
      KeySchema: m.keySchema,
      TableCreationDateTime: new Date(m.createdAt),
      ProvisionedThroughput: throughput(m),
      ItemCount: b.item_count,
      BillingMode: m.billingMode,
    },
    SourceTableFeatureDetails: {
      ...(m.lsis.length > 0
        ? {
            LocalSecondaryIndexes: m.lsis.map((l) => ({
              IndexName: l.name,
              KeySchema: l.keySchema,
              Projection: l.projection,
            })),
          }
        : {}),
      ...(m.gsis.length > 0
        ? {
            GlobalSecondaryIndexes: m.gsis.map((g) => ({
              IndexName: g.name,
              KeySchema: g.keySchema,
              Projection: g.projection,
              ProvisionedThroughput: throughput(m, g.throughput ?? m.throughput),
            })),
          }
        : {}),
      ...(m.stream.enabled
        ? { StreamDescription: { StreamEnabled: true, StreamViewType: m.stream.viewType as 'NEW_AND_OLD_IMAGES' } }
        : {}),
      ...(m.ttl
        ? {
            TimeToLiveDescription: {
              TimeToLiveStatus: m.ttl.enabled ? ('ENABLED' as const) : ('DISABLED' as const),
              AttributeName: m.ttl.attributeName,
            },
          }
        : {}),
      ...(m.sse?.enabled ? { SSEDescription: { Status: 'ENABLED' as const, SSEType: 'KMS' as const } } : {}),
    },
  };
}

export function backupHandlers(d: Ddb): H {
  const { svc } = d;
  const store = new BackupStore(svc.core.store.db);
  const backup = (arn: string, ctx: RequestContext): BackupRow => {
    const b = store.byArn(arn);
    // Backups of another account are invisible, like missing ones.
    if (!b || b.account_id !== ctx.accountId) throw backupNotFound(arn);
    return b;
  };

  return {
    CreateBackup(input, ctx) {
      const t = svc.lookup(svc.ref(input.TableName, ctx));
      if (!t) throw tableNotFound(input.TableName);
      if (svc.status(t) !== 'ACTIVE') throw tableInUse(t.name);
      const now = svc.now();
      const suffix = `${String(now).padStart(14, '0')}-${randomBytes(4).toString('hex')}`;
      const row = svc.tx(() => {
        const items = [...svc.store.baseItems(t.id)];
        let size = 0;
        for (const json of items) size += itemSize(JSON.parse(json) as Item);
        const r: Omit<BackupRow, 'id'> = {
          arn: `${t.meta.arn}/backup/${suffix}`,
          account_id: t.accountId,
          region: t.region,
          name: input.BackupName,
          table_name: t.name,
          created_at: now,
          size,
          item_count: items.length,
          meta: JSON.stringify({ meta: t.meta } satisfies Snapshot),
        };
        const id = store.insert(r);
        items.forEach((json, n) => store.putItem(id, n, json));
        return { ...r, id };
      });
      return { BackupDetails: details(row, 'CREATING') };
    },

    DescribeBackup(input, ctx) {
      return { BackupDescription: description(backup(input.BackupArn, ctx)) };
    },

    DeleteBackup(input, ctx) {
      const b = backup(input.BackupArn, ctx);
      svc.tx(() => store.remove(b.id));
      return { BackupDescription: description(b, 'DELETED') };
    },

    ListBackups(input, ctx) {
      const type = input.BackupType ?? 'USER';
      let rows = store.list(ctx.accountId, ctx.region);
      if (type === 'SYSTEM' || type === 'AWS_BACKUP') rows = [];
      if (input.TableName !== undefined) {
        const name = svc.ref(input.TableName, ctx).name;
        rows = rows.filter((r) => r.table_name === name);
      }
      const lower = input.TimeRangeLowerBound?.getTime();
      const upper = input.TimeRangeUpperBound?.getTime();
      // The lower bound is inclusive and the upper exclusive, as documented.
      if (lower !== undefined) rows = rows.filter((r) => r.created_at >= lower);
      if (upper !== undefined) rows = rows.filter((r) => r.created_at < upper);
      if (input.ExclusiveStartBackupArn !== undefined) {
        const i = rows.findIndex((r) => r.arn === input.ExclusiveStartBackupArn);
        rows = i >= 0 ? rows.slice(i + 1) : rows;
      }
      const limit = input.Limit ?? 100;
      const page = rows.slice(0, limit);
      const summaries: BackupSummary[] = page.map((r) => {
        const m = (JSON.parse(r.meta) as Snapshot).meta;
        return {
          TableName: r.table_name,
          TableId: m.tableId,
          TableArn: m.arn,
          BackupArn: r.arn,
          BackupName: r.name,
          BackupCreationDateTime: new Date(r.created_at),
          BackupStatus: 'AVAILABLE',
          BackupType: 'USER',
          BackupSizeBytes: r.size,
        };
      });
      return {
        BackupSummaries: summaries,
        ...(rows.length > limit ? { LastEvaluatedBackupArn: page[page.length - 1]!.arn } : {}),
      };
    },

    RestoreTableFromBackup(input, ctx) {
      const b = backup(input.BackupArn, ctx);
      const src = (JSON.parse(b.meta) as Snapshot).meta;
      const items = store.items(b.id).map((json) => JSON.parse(json) as Item);
      const t = restoreTable(d, ctx, input.TargetTableName, src, input, items, {
        sourceBackupArn: b.arn,
        sourceTableArn: src.arn,
        at: svc.now(),
      });
      return { TableDescription: describeTable(svc, t, { status: 'CREATING' }) };
    },
  };
}
