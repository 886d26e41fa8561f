// PutEvents: validates each entry, then accepts the valid ones in one group commit that also schedules every
// matching target's delivery job, so an acknowledged event is never lost.
import type { HandlerTable } from '../types.js';
import type { Operations, PutEventsResultEntry } from './api.js';
import type { EventsService } from './service.js';
import { busArn, busRef, type BusRef } from './arns.js';
import { EventsErrors } from './errors.js';
import { checkEntry, entrySize, envelope, MAX_REQUEST_BYTES } from './envelope.js';
import { routeEvent } from './router.js';
import { DeliveryBatches } from './delivery.js';
import { mayPutEvents } from './forward.js';

type PutOps = Pick<Operations, 'PutEvents'>;

interface Accepted {
  bus: BusRef;
  event: Record<string, unknown>;
  index: number;
}

export function putEventsHandlers(svc: EventsService): HandlerTable<PutOps> {
  return {
    async PutEvents(input, ctx) {
      if (input.EndpointId !== undefined) throw EventsErrors.validation('EndpointId is not supported.');
      const total = input.Entries.reduce((n, e) => n + entrySize(e), 0);
      if (total > MAX_REQUEST_BYTES) {
        throw EventsErrors.validation('Total size of the entries in the request is over the limit.');
      }
      const now = svc.now();
      const results: PutEventsResultEntry[] = [];
      const accepted: Accepted[] = [];
      const buses = new Map<string, ReturnType<EventsService['bus']>>();
      input.Entries.forEach((entry, index) => {
        const checked = checkEntry(entry);
        if ('error' in checked) {
          results.push(checked.error);
          return;
        }
        let bus: BusRef;
        try {
          bus = busRef(entry.EventBusName, ctx);
        } catch (err) {
          results.push({ ErrorCode: 'ValidationException', ErrorMessage: (err as Error).message });
          return;
        }
        // Entries of one call mostly name the same bus: look each bus up once per call.
        const busKey = `${bus.accountId}\u0000${bus.region}\u0000${bus.name}`;
        const row = buses.has(busKey) ? buses.get(busKey) : svc.bus(bus);
        buses.set(busKey, row);
        if (!row) {
          results.push({
            ErrorCode: 'ResourceNotFoundException',
            ErrorMessage: `Event bus ${bus.name} does not exist.`,
          });
          return;
        }
        if (bus.region !== ctx.region || !mayPutEvents(ctx.accountId, bus, row.policy)) {
          results.push({
            ErrorCode: 'AccessDeniedException',
            ErrorMessage: `User: ${ctx.principal.arn} is not authorized to perform: events:PutEvents on resource: ${busArn(bus)}`,
          });
          return;
        }
        const event = envelope(entry, checked.detail, ctx.accountId, ctx.region, now);
        results.push({ EventId: String(event.id) });
        accepted.push({ bus, event, index });
      });
      if (accepted.length > 0) {
        await svc.core.store.commit(() => {
          const batches = new DeliveryBatches();
          for (const a of accepted)
            routeEvent(svc, a.bus, { event: a.event, json: JSON.stringify(a.event), ingestion: now }, (job) =>
              batches.add(job),
            );
          batches.schedule(svc);
        });
      }
      const failed = results.filter((r) => r.ErrorCode !== undefined).length;
      return { FailedEntryCount: failed, Entries: results };
    },
  };
}
