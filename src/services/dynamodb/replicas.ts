// UpdateTable ReplicaUpdates (global tables 2019.11.21): Create makes the same table in another region of the
// account, seeded with the current items; Delete removes a region's replica. Every member records the whole group.
// Replication needs a NEW_AND_OLD_IMAGES stream: it is turned on when the table has none (as AWS does today), and
// a table streaming another view type is refused.
import { randomUUID } from 'node:crypto';
import type { ReplicationGroupUpdate, TableDescription } from '../../../generated/dynamodb/types.js';
import type { Item } from './values/types.js';
import { DdbErrors } from './errors.js';
import { describeTable } from './describe.js';
import { TRANSITION_MS } from './service.js';
import { rowKey } from './rows.js';
import type { TableInfo, TableMeta } from './table.js';
import type { Ddb } from './parts.js';

const INVALID = 'One or more parameter values were invalid: ';
const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Removes a table's rows and side state (DeleteTable and replica deletion). Call inside a transaction. */
export function dropTable(d: Ddb, t: TableInfo): void {
  if (t.meta.stream.enabled) d.streams.disable(t.meta.stream.arn);
  if (t.meta.ttl?.enabled) d.ttl.disable(t);
  if (t.meta.pitr?.enabled) d.pitr.store.dropLog(t.id);
  if (t.meta.replicas) d.replicator.dropClock(t);
  d.svc.core.scheduler.cancel(`dynamodb/lifecycle/${t.id}`);
  d.svc.store.deleteTable(t.id);
  d.svc.forget(t);
}

/** Records `group` in every member still present (inside a transaction). */
function setGroup(d: Ddb, t: TableInfo, group: string[]): void {
  for (const region of new Set([...group, ...(t.meta.replicas ?? [])])) {
    const m = d.svc.lookup({ accountId: t.accountId, region, name: t.name });
    if (!m) continue;
    const meta: TableMeta = structuredClone(m.meta);
    if (group.length > 1 && group.includes(region)) meta.replicas = [...group].sort();
    else delete meta.replicas;
    d.svc.saveMeta(m, meta);
  }
}

/** A deleted table leaves its replication group (DeleteTable). Call inside a transaction. */
export function leaveGroup(d: Ddb, t: TableInfo): void {
  if (!t.meta.replicas) return;
  setGroup(
    d,
    t,
    t.meta.replicas.filter((r) => r !== t.region),
  );
}

function createReplica(d: Ddb, t: TableInfo, region: string): TableInfo {
  const { svc } = d;
  const group = t.meta.replicas ?? [t.region];
  if (!REGION_RE.test(region)) throw DdbErrors.validation(`${INVALID}Invalid region: ${region}`);
  const ref = { accountId: t.accountId, region, name: t.name };
  if (group.includes(region) || svc.lookup(ref)) {
    throw DdbErrors.validation(
      `Failed to create a the new replica of table with name: '${t.name}' because one or more replicas already existed as tables.`,
    );
  }
  let source = t;
  if (!t.meta.stream.enabled) {
    const meta: TableMeta = structuredClone(t.meta);
    meta.stream = d.streams.enable({ id: t.id, accountId: t.accountId, region: t.region, meta }, 'NEW_AND_OLD_IMAGES');
    source = svc.saveMeta(t, meta);
  }
  const now = svc.now();
  const meta: TableMeta = {
    ...structuredClone(source.meta),
    tableId: randomUUID(),
    arn: `arn:aws:dynamodb:${region}:${t.accountId}:table/${t.name}`,
    createdAt: now,
    status: 'CREATING',
    readyAt: now + TRANSITION_MS,
    stream: { enabled: false },
    tags: {},
    deletionProtection: false,
  };
  delete meta.pitr;
  delete meta.restore;
  for (const g of meta.gsis) g.readyAt = meta.readyAt;
  const id = svc.store.insertTable(t.accountId, region, meta);
  meta.stream = d.streams.enable({ id, accountId: t.accountId, region, meta }, 'NEW_AND_OLD_IMAGES');
  svc.store.updateMeta(id, meta);
  const replica = svc.created(id, t.accountId, region, meta);
  d.replicator.withoutReplication(() => {
    for (const json of [...svc.store.baseItems(t.id)]) {
      const item = JSON.parse(json) as Item;
      const key = rowKey(replica.keys, item);
      if (key) d.writer.write(replica, key, undefined, item);
    }
  });
  svc.scheduleSettle(replica, meta.readyAt);
  setGroup(d, source, [...group, region]);
  return replica;
}

function deleteReplica(d: Ddb, t: TableInfo, region: string): void {
  const group = t.meta.replicas ?? [t.region];
  const replica = d.svc.lookup({ accountId: t.accountId, region, name: t.name });
  if (region === t.region || !group.includes(region) || !replica) {
    throw DdbErrors.validation(`${INVALID}Replica in region ${region} for table ${t.name} does not exist`);
  }
  dropTable(d, replica);
  setGroup(
    d,
    t,
    group.filter((r) => r !== region),
  );
}

export function updateReplicas(d: Ddb, t: TableInfo, updates: ReplicationGroupUpdate[]): TableDescription {
  const { svc } = d;
  if (t.meta.stream.enabled && t.meta.stream.viewType !== 'NEW_AND_OLD_IMAGES') {
    throw DdbErrors.validation(
      `${INVALID}Table ${t.name} must have DynamoDB Streams enabled with StreamViewType set to NEW_AND_OLD_IMAGES to add replicas`,
    );
  }
  for (const u of updates) {
    if ([u.Create, u.Update, u.Delete].filter((x) => x !== undefined).length !== 1) {
      throw DdbErrors.validation(`${INVALID}Only one of Create, Update or Delete can be specified in a ReplicaUpdate`);
    }
  }
  svc.tx(() => {
    for (const u of updates) {
      const current = svc.lookup({ accountId: t.accountId, region: t.region, name: t.name })!;
      if (u.Create) createReplica(d, current, u.Create.RegionName);
      else if (u.Delete) deleteReplica(d, current, u.Delete.RegionName);
      else if (!(current.meta.replicas ?? []).includes(u.Update!.RegionName)) {
        throw DdbErrors.validation(
          `${INVALID}Replica in region ${u.Update!.RegionName} for table ${t.name} does not exist`,
        );
      }
    }
  });
  const after = svc.lookup({ accountId: t.accountId, region: t.region, name: t.name })!;
  const desc = describeTable(svc, after, { status: 'UPDATING' });
  // The response shows the replicas this call started as CREATING, like AWS's.
  const created = new Set(updates.flatMap((u) => (u.Create ? [u.Create.RegionName] : [])));
  for (const r of desc.Replicas ?? []) if (created.has(r.RegionName!)) r.ReplicaStatus = 'CREATING';
  return desc;
}
