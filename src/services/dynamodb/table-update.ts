// UpdateTable: billing mode, provisioned throughput, streams, GSI create/delete/update (a new GSI is
// backfilled in the same transaction), deletion protection, table class and SSE.
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import { DdbErrors } from './errors.js';
import { checkKeySchema, checkProjection, MAX_GSIS } from './table-validate.js';
import { describeTable } from './describe.js';
import { TRANSITION_MS } from './service.js';
import { tableInfo, type KeyElement, type Projection, type TableMeta, type Throughput } from './table.js';
import type { Ddb } from './parts.js';
import { updateReplicas } from './replicas.js';

const INVALID = 'One or more parameter values were invalid: ';
const fail = (m: string): never => {
  throw DdbErrors.validation(m);
};

interface PtIn {
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

function applyThroughput(cur: Throughput, pt: PtIn, now: number, what: string): Throughput {
  const read = pt.ReadCapacityUnits ?? cur.read;
  const write = pt.WriteCapacityUnits ?? cur.write;
  if (read === cur.read && write === cur.write) {
    fail(
      `The provisioned throughput for the ${what} will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the ${what}: ${cur.read}. Requested ReadCapacityUnits: ${read}. Current WriteCapacityUnits provisioned for the ${what}: ${cur.write}. Requested WriteCapacityUnits: ${write}. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.`,
    );
  }
  const next: Throughput = { ...cur, read, write };
  if (read > cur.read || write > cur.write) next.lastIncrease = now;
  if (read < cur.read || write < cur.write) {
    next.lastDecrease = now;
    next.decreases = cur.decreases + 1;
  }
  return next;
}

export function updateTableHandler(d: Ddb): Pick<HandlerTable<Operations>, 'UpdateTable'> {
  const { svc } = d;
  return {
    UpdateTable(input, ctx) {
      const t = svc.describeTarget(input.TableName, ctx);
      if (input.ReplicaUpdates && input.ReplicaUpdates.length > 0) {
        return { TableDescription: updateReplicas(d, t, input.ReplicaUpdates) };
      }
      const now = svc.now();
      const meta: TableMeta = structuredClone(t.meta);
      let changed = false;
      if (input.AttributeDefinitions) {
        for (const a of input.AttributeDefinitions) {
          const existing = meta.attributeDefinitions.find((x) => x.AttributeName === a.AttributeName);
          if (existing && existing.AttributeType !== a.AttributeType) {
            fail(`${INVALID}Cannot change the type of an existing attribute: ${a.AttributeName}`);
          }
          if (!existing)
            meta.attributeDefinitions.push({ AttributeName: a.AttributeName, AttributeType: a.AttributeType });
        }
      }
      const billing = input.BillingMode ?? meta.billingMode;
      if (input.BillingMode && input.BillingMode !== meta.billingMode) {
        changed = true;
        meta.billingMode = input.BillingMode;
        meta.billingModeChangedAt = now;
        if (billing === 'PROVISIONED' && !input.ProvisionedThroughput) {
          fail(
            `${INVALID}ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED`,
          );
        }
        if (billing === 'PAY_PER_REQUEST') {
          meta.throughput = { read: 0, write: 0, decreases: 0 };
          for (const g of meta.gsis) g.throughput = { read: 0, write: 0, decreases: 0 };
        }
      } else if (input.BillingMode) {
        changed = true;
      }
      if (input.ProvisionedThroughput) {
        if (billing === 'PAY_PER_REQUEST') {
          fail(
            `${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`,
          );
        }
        meta.throughput =
          input.BillingMode && input.BillingMode !== t.meta.billingMode
            ? {
                read: input.ProvisionedThroughput.ReadCapacityUnits ?? 0,
                write: input.ProvisionedThroughput.WriteCapacityUnits ?? 0,
                decreases: 0,
              }
            : applyThroughput(meta.throughput, input.ProvisionedThroughput, now, 'table');
        changed = true;
      }
      const newIndexes: string[] = [];
      for (const u of input.GlobalSecondaryIndexUpdates ?? []) {
        changed = true;
        if (u.Create) {
          const c = u.Create;
          if (meta.gsis.some((g) => g.name === c.IndexName) || meta.lsis.some((l) => l.name === c.IndexName)) {
            fail(`${INVALID}Index already exists: ${c.IndexName}`);
          }
          if (meta.gsis.length >= MAX_GSIS)
            throw DdbErrors.limitExceeded(
              `Subscriber limit exceeded: Number of global secondary indexes exceeds the per-table limit of ${MAX_GSIS}`,
            );
          const ks = c.KeySchema as KeyElement[];
          checkKeySchema(ks, 'Index KeySchema');
          for (const k of ks) {
            if (!meta.attributeDefinitions.some((a) => a.AttributeName === k.AttributeName)) {
              fail(
                `${INVALID}Some index key attributes are not defined in AttributeDefinitions. Keys: [${ks.map((x) => x.AttributeName).join(', ')}], AttributeDefinitions: [${meta.attributeDefinitions.map((a) => a.AttributeName).join(', ')}]`,
              );
            }
          }
          if (billing === 'PROVISIONED' && !c.ProvisionedThroughput) {
            fail(`${INVALID}ProvisionedThroughput is not specified for index: ${c.IndexName}`);
          }
          if (billing === 'PAY_PER_REQUEST' && c.ProvisionedThroughput) {
            fail(
              `${INVALID}ProvisionedThroughput should not be specified for index: ${c.IndexName} when BillingMode is PAY_PER_REQUEST`,
            );
          }
          meta.gsis.push({
            name: c.IndexName,
            keySchema: ks,
            projection: checkProjection(c.Projection as Projection),
            status: 'CREATING',
            readyAt: now + TRANSITION_MS,
            throughput: {
              read: c.ProvisionedThroughput?.ReadCapacityUnits ?? 0,
              write: c.ProvisionedThroughput?.WriteCapacityUnits ?? 0,
              decreases: 0,
            },
          });
          newIndexes.push(c.IndexName);
        } else if (u.Delete) {
          const g = meta.gsis.find((x) => x.name === u.Delete!.IndexName);
          if (!g)
            throw DdbErrors.resourceNotFound(
              `Requested resource not found: Index: ${u.Delete.IndexName} not found for table: ${t.name}`,
            );
          g.status = 'DELETING';
          g.readyAt = now + TRANSITION_MS;
        } else if (u.Update) {
          const g = meta.gsis.find((x) => x.name === u.Update!.IndexName);
          if (!g)
            throw DdbErrors.resourceNotFound(
              `Requested resource not found: Index: ${u.Update.IndexName} not found for table: ${t.name}`,
            );
          if (u.Update.ProvisionedThroughput) {
            if (billing === 'PAY_PER_REQUEST') {
              fail(
                `${INVALID}ProvisionedThroughput should not be specified for index: ${g.name} when BillingMode is PAY_PER_REQUEST`,
              );
            }
            g.throughput = applyThroughput(
              g.throughput ?? { read: 0, write: 0, decreases: 0 },
              u.Update.ProvisionedThroughput,
              now,
              'index',
            );
            g.status = 'UPDATING';
            g.readyAt = now + TRANSITION_MS;
          }
        }
      }
      const ss = input.StreamSpecification;
      let enableStream: string | undefined;
      let disableStream: string | undefined;
      if (ss) {
        changed = true;
        if (ss.StreamEnabled) {
          if (!ss.StreamViewType) fail(`${INVALID}StreamViewType is required when StreamEnabled is true`);
          if (meta.stream.enabled) fail(`Table already has an enabled stream: TableName: ${t.name}`);
          enableStream = ss.StreamViewType;
        } else {
          if (!meta.stream.enabled) fail(`Table ${t.name} does not have an enabled stream`);
          if (meta.replicas) fail(`${INVALID}Disabling Stream is not allowed for a Global Table replica.`);
          disableStream = meta.stream.arn;
          meta.stream = { ...meta.stream, enabled: false };
        }
      }
      if (input.DeletionProtectionEnabled !== undefined) {
        meta.deletionProtection = input.DeletionProtectionEnabled;
        changed = true;
      }
      if (input.TableClass) {
        meta.tableClass = input.TableClass;
        changed = true;
      }
      if (input.SSESpecification) {
        const s = input.SSESpecification;
        meta.sse =
          s.Enabled === false
            ? { enabled: false }
            : { enabled: true, type: s.SSEType ?? 'KMS', ...(s.KMSMasterKeyId ? { kmsKeyArn: s.KMSMasterKeyId } : {}) };
        changed = true;
      }
      if (!changed) {
        fail(
          'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required',
        );
      }
      meta.status = 'UPDATING';
      meta.readyAt = now + TRANSITION_MS;
      const updated = svc.tx(() => {
        if (disableStream) d.streams.disable(disableStream);
        if (enableStream)
          meta.stream = d.streams.enable({ id: t.id, accountId: t.accountId, region: t.region, meta }, enableStream);
        const info = tableInfo(t.id, t.accountId, t.region, meta);
        for (const name of newIndexes) d.writer.backfill(info, info.indexes.get(name)!);
        const saved = svc.saveMeta(t, meta);
        svc.scheduleSettle(saved, meta.readyAt);
        return saved;
      });
      return { TableDescription: describeTable(svc, updated, { status: 'UPDATING' }) };
    },
  };
}
