// Amazon DynamoDB: tables with LSIs/GSIs, items with expressions, Query/Scan, batches, transactions, TTL and
// the writing side of streams, all durable in the core store. This file only assembles the handler modules.
import type { HandlerTable, ServiceDefinition, ServiceInstance } from '../types.js';
import { model } from '../../../generated/dynamodb/model.js';
import type { Operations } from './api.js';
import { migrations } from './schema.js';
import { DdbService } from './service.js';
import { ItemWriter } from './rows.js';
import { StreamWriter } from './streams.js';
import { TtlSweeper } from './ttl.js';
import { asAwsError } from './errors.js';
import { tableHandlers } from './tables.js';
import { updateTableHandler } from './table-update.js';
import { miscHandlers } from './table-misc.js';
import { itemHandlers } from './items.js';
import { queryHandlers } from './query.js';
import { batchHandlers } from './batch.js';
import { transactHandlers } from './transact.js';
import { partiqlHandlers } from './partiql/handlers.js';
import { backupHandlers } from './backups.js';
import { PitrLog, pitrHandlers } from './pitr.js';
import { Replicator } from './replication.js';
import { notImplementedHandlers } from './not-implemented.js';
import { authorization } from './authz.js';
import type { Ddb } from './parts.js';

/** Library validation failures thrown anywhere in a handler become ValidationException. */
function guarded(handlers: Record<string, (input: never, ctx: never) => unknown>) {
  const out: Record<string, (input: never, ctx: never) => unknown> = {};
  for (const [name, fn] of Object.entries(handlers)) {
    out[name] = (input, ctx) => {
      try {
        const r = fn(input, ctx);
        return r instanceof Promise ? r.catch((e: unknown) => Promise.reject(asAwsError(e))) : r;
      } catch (e) {
        throw asAwsError(e);
      }
    };
  }
  return out;
}

export const dynamodb: ServiceDefinition = {
  name: 'dynamodb',
  model,
  migrations,
  validationStyle: 'coral',
  authorization,
  create(core): ServiceInstance {
    const svc = new DdbService(core);
    const streams = new StreamWriter(svc);
    const ttl = new TtlSweeper(svc);
    const pitr = new PitrLog(svc);
    const replicator = new Replicator(svc);
    const writer = new ItemWriter(svc, {
      onChange: (table, oldItem, newItem, service) => {
        streams.record(table, oldItem, newItem, service);
        pitr.record(table, oldItem, newItem);
        replicator.record(table, oldItem, newItem);
      },
      onTtl: (table, at) => ttl.ensure(table, at),
    });
    ttl.writer = writer;
    replicator.writer = writer;
    const d: Ddb = { svc, writer, streams, ttl, pitr, replicator };
    const handlers: HandlerTable<Operations> = {
      ...tableHandlers(d),
      ...updateTableHandler(d),
      ...miscHandlers(d),
      ...itemHandlers(d),
      ...queryHandlers(d),
      ...batchHandlers(d),
      ...transactHandlers(d),
      ...partiqlHandlers(d),
      ...backupHandlers(d),
      ...pitrHandlers(d, pitr),
      ...notImplementedHandlers(),
    };
    return {
      handlers: guarded(
        handlers as unknown as Record<string, (input: never, ctx: never) => unknown>,
      ) as ServiceInstance['handlers'],
      resourceTags: (arn) => {
        const m = /^arn:aws[\w-]*:dynamodb:([a-z0-9-]+):(\d{12}):table\/([A-Za-z0-9_.-]+)/.exec(arn);
        return m ? svc.lookup({ region: m[1]!, accountId: m[2]!, name: m[3]! })?.meta.tags : undefined;
      },
    };
  },
};
