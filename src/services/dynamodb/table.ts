// A table's definition as stored (TableMeta, JSON in ddb_tables.meta) and the derived runtime view
// (TableInfo) the data plane uses: key definitions of the table and of each index.
import type { KeyAttributeDefinition } from './values/validate.js';

export interface KeyElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

export interface Projection {
  ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  NonKeyAttributes?: string[];
}

export interface Throughput {
  read: number;
  write: number;
  lastIncrease?: number;
  lastDecrease?: number;
  decreases: number;
}

export interface IndexMeta {
  name: string;
  keySchema: KeyElement[];
  projection: Projection;
  /** GSIs only. */
  status?: 'CREATING' | 'ACTIVE' | 'UPDATING' | 'DELETING';
  readyAt?: number;
  throughput?: Throughput;
}

export interface StreamMeta {
  enabled: boolean;
  viewType?: string;
  label?: string;
  arn?: string;
}

export interface TableMeta {
  name: string;
  tableId: string;
  arn: string;
  createdAt: number;
  status: 'CREATING' | 'ACTIVE' | 'UPDATING';
  readyAt: number;
  keySchema: KeyElement[];
  attributeDefinitions: Array<{ AttributeName: string; AttributeType: 'S' | 'N' | 'B' }>;
  billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  billingModeChangedAt?: number;
  throughput: Throughput;
  lsis: IndexMeta[];
  gsis: IndexMeta[];
  stream: StreamMeta;
  sse?: { enabled: boolean; type?: string; kmsKeyArn?: string };
  tableClass: string;
  deletionProtection: boolean;
  ttl?: { attributeName: string; enabled: boolean };
  tags: Record<string, string>;
  /** Point-in-time recovery: on since `since` (epoch ms), keeping `periodDays` of changes. */
  pitr?: { enabled: boolean; since?: number; periodDays?: number };
  /** Set on tables created by a restore (RestoreSummary). */
  restore?: { sourceBackupArn?: string; sourceTableArn: string; at: number };
  /** Global table (2019.11.21): every region of the replication group, this one included. */
  replicas?: string[];
}

export interface KeyDef {
  hash: KeyAttributeDefinition;
  range?: KeyAttributeDefinition;
}

export interface IndexInfo {
  name: string;
  kind: 'GSI' | 'LSI';
  keys: KeyDef;
  projection: Projection;
  meta: IndexMeta;
}

export interface TableInfo {
  id: number;
  accountId: string;
  region: string;
  name: string;
  meta: TableMeta;
  keys: KeyDef;
  /** Secondary indexes that hold data (GSIs being deleted are gone). */
  indexes: Map<string, IndexInfo>;
}

export function keyDef(keySchema: KeyElement[], attrs: TableMeta['attributeDefinitions']): KeyDef {
  const typeOf = (name: string) => attrs.find((a) => a.AttributeName === name)?.AttributeType ?? 'S';
  const hash = keySchema.find((k) => k.KeyType === 'HASH')!;
  const range = keySchema.find((k) => k.KeyType === 'RANGE');
  return {
    hash: { name: hash.AttributeName, type: typeOf(hash.AttributeName) },
    ...(range ? { range: { name: range.AttributeName, type: typeOf(range.AttributeName) } } : {}),
  };
}

export function tableInfo(id: number, accountId: string, region: string, meta: TableMeta): TableInfo {
  const indexes = new Map<string, IndexInfo>();
  for (const m of meta.lsis) {
    indexes.set(m.name, {
      name: m.name,
      kind: 'LSI',
      keys: keyDef(m.keySchema, meta.attributeDefinitions),
      projection: m.projection,
      meta: m,
    });
  }
  for (const m of meta.gsis) {
    if (m.status === 'DELETING') continue;
    indexes.set(m.name, {
      name: m.name,
      kind: 'GSI',
      keys: keyDef(m.keySchema, meta.attributeDefinitions),
      projection: m.projection,
      meta: m,
    });
  }
  return {
    id,
    accountId,
    region,
    name: meta.name,
    meta,
    keys: keyDef(meta.keySchema, meta.attributeDefinitions),
    indexes,
  };
}

/** Attribute names every projection of this index keeps: the table's and the index's keys. */
export function keyAttributeNames(table: TableInfo, index?: IndexInfo): string[] {
  const names = [table.keys.hash.name];
  if (table.keys.range) names.push(table.keys.range.name);
  if (index) {
    if (!names.includes(index.keys.hash.name)) names.push(index.keys.hash.name);
    if (index.keys.range && !names.includes(index.keys.range.name)) names.push(index.keys.range.name);
  }
  return names;
}
