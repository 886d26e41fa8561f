// Restoring into a new table (RestoreTableFromBackup, RestoreTableToPointInTime): the source definition with the
// request's overrides goes through CreateTable's validation, then the items are written with their index rows.
// As on AWS, streams, TTL, PITR, tags and deletion protection are not carried over.
import { randomUUID } from 'node:crypto';
import type { CreateTableInput, RestoreTableFromBackupInput } from '../../../generated/dynamodb/types.js';
import type { RequestContext } from '../types.js';
import type { Item } from './values/types.js';
import { buildTableMeta, checkTableName } from './table-validate.js';
import { TRANSITION_MS } from './service.js';
import { rowKey } from './rows.js';
import type { TableInfo, TableMeta } from './table.js';
import type { Ddb } from './parts.js';
import { AwsError } from '../../protocol/errors.js';

export type Overrides = Pick<
  RestoreTableFromBackupInput,
  | 'BillingModeOverride'
  | 'GlobalSecondaryIndexOverride'
  | 'LocalSecondaryIndexOverride'
  | 'ProvisionedThroughputOverride'
  | 'SSESpecificationOverride'
>;

const NS = 'com.amazonaws.dynamodb.v20120810';
export const tableAlreadyExists = (name: string) =>
  new AwsError('TableAlreadyExistsException', `Table already exists: ${name}`, { status: 400, jsonNamespace: NS });

function createInput(src: TableMeta, name: string, o: Overrides): CreateTableInput {
  const billing = o.BillingModeOverride ?? src.billingMode;
  const pt = (t: TableMeta['throughput'] | undefined) =>
    billing === 'PROVISIONED'
      ? { ReadCapacityUnits: Math.max(1, t?.read ?? 1), WriteCapacityUnits: Math.max(1, t?.write ?? 1) }
      : undefined;
  const gsis =
    o.GlobalSecondaryIndexOverride ??
    src.gsis
      .filter((g) => g.status !== 'DELETING')
      .map((g) => {
        const p = pt(g.throughput ?? src.throughput);
        return {
          IndexName: g.name,
          KeySchema: g.keySchema,
          Projection: g.projection,
          ...(p ? { ProvisionedThroughput: p } : {}),
        };
      });
  const lsis =
    o.LocalSecondaryIndexOverride ??
    src.lsis.map((l) => ({ IndexName: l.name, KeySchema: l.keySchema, Projection: l.projection }));
  const used = new Set(src.keySchema.map((k) => k.AttributeName));
  for (const i of [...gsis, ...lsis]) for (const k of i.KeySchema ?? []) used.add(k.AttributeName!);
  const throughput = o.ProvisionedThroughputOverride ?? pt(src.throughput);
  const sse = o.SSESpecificationOverride ?? (src.sse?.enabled ? { Enabled: true, SSEType: 'KMS' as const } : undefined);
  return {
    TableName: name,
    KeySchema: src.keySchema,
    AttributeDefinitions: src.attributeDefinitions.filter((a) => used.has(a.AttributeName)),
    BillingMode: billing,
    ...(billing === 'PROVISIONED' && throughput ? { ProvisionedThroughput: throughput } : {}),
    ...(gsis.length > 0 ? { GlobalSecondaryIndexes: gsis } : {}),
    ...(lsis.length > 0 ? { LocalSecondaryIndexes: lsis } : {}),
    ...(sse ? { SSESpecification: sse } : {}),
    TableClass: src.tableClass as 'STANDARD',
  };
}

/** Creates the target table with `items`; throws TableAlreadyExistsException when the name is taken. */
export function restoreTable(
  d: Ddb,
  ctx: RequestContext,
  targetName: string,
  src: TableMeta,
  o: Overrides,
  items: Item[],
  restore: NonNullable<TableMeta['restore']>,
): TableInfo {
  const { svc } = d;
  const ref = svc.ref(targetName, ctx);
  checkTableName(ref.name);
  if (svc.lookup(ref)) throw tableAlreadyExists(ref.name);
  const base = buildTableMeta(createInput(src, ref.name, o));
  const now = svc.now();
  const meta: TableMeta = {
    ...base,
    tableId: randomUUID(),
    arn: `arn:aws:dynamodb:${ref.region}:${ref.accountId}:table/${ref.name}`,
    createdAt: now,
    readyAt: now + TRANSITION_MS,
    restore,
  };
  for (const g of meta.gsis) g.readyAt = meta.readyAt;
  return svc.tx(() => {
    const id = svc.store.insertTable(ref.accountId, ref.region, meta);
    const t = svc.created(id, ref.accountId, ref.region, meta);
    for (const item of items) {
      const key = rowKey(t.keys, item);
      if (key) d.writer.write(t, key, undefined, item);
    }
    svc.scheduleSettle(t, meta.readyAt);
    return t;
  });
}

export const backupNotFound = (arn: string) =>
  new AwsError('BackupNotFoundException', `Backup not found: ${arn}`, { status: 400, jsonNamespace: NS });
export const tableNotFound = (name: string) =>
  new AwsError('TableNotFoundException', `Table not found: ${name}`, { status: 400, jsonNamespace: NS });
export const tableInUse = (name: string) =>
  new AwsError('TableInUseException', `Table is being updated: ${name}`, { status: 400, jsonNamespace: NS });
