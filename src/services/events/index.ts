// Amazon EventBridge: buses, rules (event patterns and schedules), targets with durable at-least-once delivery,
// archives and replays. Handlers are split by concern; this file only assembles them.
import type { HandlerTable, ServiceDefinition, ServiceInstance } from '../types.js';
import { model } from '../../../generated/events/model.js';
import type { Operations } from './api.js';
import { migrations } from './schema.js';
import { EventsService } from './service.js';
import { Delivery } from './delivery.js';
import { Scheduled } from './scheduled.js';
import { busHandlers } from './buses.js';
import { permissionHandlers } from './permissions.js';
import { ruleHandlers } from './rules.js';
import { targetHandlers } from './targets.js';
import { putEventsHandlers } from './put-events.js';
import { tagHandlers, resourceTags } from './tags.js';
import { archiveHandlers } from './archives.js';
import { replayHandlers } from './replays.js';
import { notImplementedHandlers } from './not-implemented.js';
import { authorization } from './authz.js';
import { parseBusArn } from './arns.js';

export const events: ServiceDefinition = {
  name: 'events',
  model,
  migrations,
  validationStyle: 'coral',
  authorization,
  create(core): ServiceInstance {
    const svc = new EventsService(core);
    new Delivery(svc);
    const scheduled = new Scheduled(svc);
    const handlers: HandlerTable<Operations> = {
      ...busHandlers(svc),
      ...permissionHandlers(svc),
      ...ruleHandlers(svc, scheduled),
      ...targetHandlers(svc),
      ...putEventsHandlers(svc),
      ...tagHandlers(svc),
      ...archiveHandlers(svc),
      ...replayHandlers(svc),
      ...notImplementedHandlers(),
    };
    return {
      handlers: handlers as unknown as ServiceInstance['handlers'],
      resourcePolicy(arn) {
        const bus = parseBusArn(arn);
        return bus ? (svc.bus(bus)?.policy ?? undefined) : undefined;
      },
      resourceTags: (arn) => resourceTags(svc, arn),
    };
  },
};
