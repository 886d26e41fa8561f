// TableDescription as DescribeTable, CreateTable, UpdateTable and DeleteTable return it.
import type { TableDescription } from '../../../generated/dynamodb/types.js';
import type { IndexMeta, TableInfo, TableMeta, Throughput } from './table.js';
import type { DdbService } from './service.js';

function throughput(t: Throughput | undefined) {
  return {
    ...(t?.lastIncrease ? { LastIncreaseDateTime: new Date(t.lastIncrease) } : {}),
    ...(t?.lastDecrease ? { LastDecreaseDateTime: new Date(t.lastDecrease) } : {}),
    NumberOfDecreasesToday: t?.decreases ?? 0,
    ReadCapacityUnits: t?.read ?? 0,
    WriteCapacityUnits: t?.write ?? 0,
  };
}

function gsiStatus(g: IndexMeta, now: number): string {
  if (g.status === 'CREATING' || g.status === 'UPDATING') return (g.readyAt ?? 0) <= now ? 'ACTIVE' : g.status;
  return g.status ?? 'ACTIVE';
}

export function describeTable(
  svc: DdbService,
  t: TableInfo,
  opts: { status?: string; counts?: boolean } = {},
): TableDescription {
  const m: TableMeta = t.meta;
  const now = svc.now();
  const counts = opts.counts !== false;
  const stats = (idx: string) => (counts ? svc.store.stats(t.id, idx) : { n: 0, bytes: 0 });
  const base = stats('');
  const d: TableDescription = {
    AttributeDefinitions: m.attributeDefinitions,
    TableName: m.name,
    KeySchema: m.keySchema,
    TableStatus: (opts.status ?? svc.status(t)) as TableDescription['TableStatus'],
    CreationDateTime: new Date(m.createdAt),
    ProvisionedThroughput: throughput(m.billingMode === 'PROVISIONED' ? m.throughput : undefined),
    TableSizeBytes: base.bytes,
    ItemCount: base.n,
    TableArn: m.arn,
    TableId: m.tableId,
  };
  if (m.billingMode === 'PAY_PER_REQUEST' || m.billingModeChangedAt) {
    d.BillingModeSummary = {
      BillingMode: m.billingMode,
      ...(m.billingMode === 'PAY_PER_REQUEST'
        ? { LastUpdateToPayPerRequestDateTime: new Date(m.billingModeChangedAt ?? m.createdAt) }
        : {}),
    };
  }
  if (m.lsis.length > 0) {
    d.LocalSecondaryIndexes = m.lsis.map((l) => {
      const s = stats(l.name);
      return {
        IndexName: l.name,
        KeySchema: l.keySchema,
        Projection: l.projection,
        IndexSizeBytes: s.bytes,
        ItemCount: s.n,
        IndexArn: `${m.arn}/index/${l.name}`,
      };
    });
  }
  if (m.gsis.length > 0) {
    d.GlobalSecondaryIndexes = m.gsis.map((g) => {
      const s = stats(g.name);
      // A create/update response shows the transitional states it started, like AWS's.
      const status = opts.status ? (g.status ?? 'ACTIVE') : gsiStatus(g, now);
      return {
        IndexName: g.name,
        KeySchema: g.keySchema,
        Projection: g.projection,
        IndexStatus: status as 'ACTIVE',
        ...(status === 'CREATING' ? { Backfilling: false } : {}),
        ProvisionedThroughput: throughput(m.billingMode === 'PROVISIONED' ? g.throughput : undefined),
        IndexSizeBytes: s.bytes,
        ItemCount: s.n,
        IndexArn: `${m.arn}/index/${g.name}`,
      };
    });
  }
  if (m.stream.enabled) {
    d.StreamSpecification = { StreamEnabled: true, StreamViewType: m.stream.viewType as 'KEYS_ONLY' };
  }
  if (m.stream.label && m.stream.arn) {
    d.LatestStreamLabel = m.stream.label;
    d.LatestStreamArn = m.stream.arn;
  }
  if (m.sse?.enabled) {
    d.SSEDescription = {
      Status: 'ENABLED',
      SSEType: (m.sse.type ?? 'KMS') as 'KMS',
      KMSMasterKeyArn: m.sse.kmsKeyArn ?? `arn:aws:kms:${t.region}:${t.accountId}:key/aws-managed-dynamodb`,
    };
  }
  if (m.tableClass !== 'STANDARD') {
    d.TableClassSummary = { TableClass: m.tableClass as 'STANDARD' };
  }
  if (m.replicas) {
    d.GlobalTableVersion = '2019.11.21';
    d.Replicas = m.replicas
      .filter((r) => r !== t.region)
      .map((region) => {
        const r = svc.lookup({ accountId: t.accountId, region, name: t.name });
        return { RegionName: region, ReplicaStatus: (r ? svc.status(r) : 'DELETING') as 'ACTIVE' };
      });
  }
  if (m.restore) {
    d.RestoreSummary = {
      ...(m.restore.sourceBackupArn ? { SourceBackupArn: m.restore.sourceBackupArn } : {}),
      SourceTableArn: m.restore.sourceTableArn,
      RestoreDateTime: new Date(m.restore.at),
      RestoreInProgress: d.TableStatus === 'CREATING',
    };
  }
  d.DeletionProtectionEnabled = m.deletionProtection;
  return d;
}
