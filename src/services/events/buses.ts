// Event buses: create/describe/list/update/delete. The default bus exists implicitly everywhere.
import type { HandlerTable } from '../types.js';
import type { Operations, EventBus } from './api.js';
import { CommonErrors } from '../../protocol/errors.js';
import type { EventsService } from './service.js';
import type { BusRow } from './store.js';
import { busArn, busRef, DEFAULT_BUS } from './arns.js';
import { EventsErrors } from './errors.js';
import { page } from './paging.js';
import { tagsToObject } from './tags.js';

type BusOps = Pick<
  Operations,
  'CreateEventBus' | 'DeleteEventBus' | 'DescribeEventBus' | 'ListEventBuses' | 'UpdateEventBus'
>;

const date = (ms: number) => (ms > 0 ? new Date(ms) : undefined);

export function busHandlers(svc: EventsService): HandlerTable<BusOps> {
  return {
    CreateEventBus(input, ctx) {
      if (input.EventSourceName !== undefined)
        throw CommonErrors.notImplemented('CreateEventBus (partner event buses)');
      const ref = busRef(input.Name, ctx);
      if (input.Name.includes('/') || input.Name.startsWith('aws.')) {
        throw EventsErrors.validation(`Event bus name ${input.Name} is not valid.`);
      }
      const tags = tagsToObject(input.Tags ?? []);
      const now = svc.now();
      svc.tx(() => {
        if (svc.bus(ref)) throw EventsErrors.busExists(input.Name);
        svc.store.insertBus({
          account_id: ref.accountId,
          region: ref.region,
          name: ref.name,
          description: input.Description ?? null,
          kms_key: input.KmsKeyIdentifier ?? null,
          dlq_arn: input.DeadLetterConfig?.Arn ?? null,
          policy: null,
          tags: JSON.stringify(tags),
          created_at: now,
          modified_at: now,
        });
      });
      return {
        EventBusArn: busArn(ref),
        ...(input.Description !== undefined ? { Description: input.Description } : {}),
        ...(input.KmsKeyIdentifier !== undefined ? { KmsKeyIdentifier: input.KmsKeyIdentifier } : {}),
        ...(input.DeadLetterConfig !== undefined ? { DeadLetterConfig: input.DeadLetterConfig } : {}),
      };
    },

    DeleteEventBus(input, ctx) {
      const ref = busRef(input.Name, ctx);
      if (ref.name === DEFAULT_BUS) throw EventsErrors.validation('Cannot delete event bus default.');
      svc.tx(() => svc.store.deleteBus(ref.accountId, ref.region, ref.name));
      svc.invalidate(ref);
    },

    DescribeEventBus(input, ctx) {
      const ref = busRef(input.Name, ctx);
      const row = svc.requireBus(ref);
      return {
        Name: row.name,
        Arn: busArn(ref),
        ...describeFields(row),
        ...(row.policy ? { Policy: row.policy } : {}),
        ...(date(row.created_at) ? { CreationTime: new Date(row.created_at) } : {}),
        ...(date(row.modified_at) ? { LastModifiedTime: new Date(row.modified_at) } : {}),
      };
    },

    ListEventBuses(input, ctx) {
      const rows = svc.store.buses(ctx.accountId, ctx.region);
      const ref = { accountId: ctx.accountId, region: ctx.region, name: DEFAULT_BUS };
      const all = rows.some((r) => r.name === DEFAULT_BUS) ? rows : [svc.bus(ref)!, ...rows];
      all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const prefix = input.NamePrefix ?? '';
      const matching = all.filter((r) => r.name.startsWith(prefix));
      const p = page(matching, input.Limit, input.NextToken);
      return {
        EventBuses: p.items.map((r): EventBus => {
          const b: EventBus = {
            Name: r.name,
            Arn: busArn({ accountId: r.account_id, region: r.region, name: r.name }),
          };
          if (r.description) b.Description = r.description;
          if (r.policy) b.Policy = r.policy;
          if (r.created_at > 0) b.CreationTime = new Date(r.created_at);
          if (r.modified_at > 0) b.LastModifiedTime = new Date(r.modified_at);
          return b;
        }),
        ...(p.next ? { NextToken: p.next } : {}),
      };
    },

    UpdateEventBus(input, ctx) {
      const ref = busRef(input.Name, ctx);
      const row = svc.tx(() => {
        const current = svc.requireBus(ref);
        const next: BusRow = {
          ...current,
          description: input.Description !== undefined ? input.Description : current.description,
          kms_key: input.KmsKeyIdentifier !== undefined ? input.KmsKeyIdentifier : current.kms_key,
          dlq_arn: input.DeadLetterConfig !== undefined ? (input.DeadLetterConfig.Arn ?? null) : current.dlq_arn,
          modified_at: svc.now(),
        };
        svc.materialize(current);
        svc.store.updateBus(next);
        return next;
      });
      return { Arn: busArn(ref), Name: row.name, ...describeFields(row) };
    },
  };
}

function describeFields(row: BusRow): {
  Description?: string;
  KmsKeyIdentifier?: string;
  DeadLetterConfig?: { Arn: string };
} {
  return {
    ...(row.description ? { Description: row.description } : {}),
    ...(row.kms_key ? { KmsKeyIdentifier: row.kms_key } : {}),
    ...(row.dlq_arn ? { DeadLetterConfig: { Arn: row.dlq_arn } } : {}),
  };
}
