// Amazon CloudWatch Logs: log groups and streams, events (PutLogEvents on group commit), the filter-pattern
// engine behind FilterLogEvents, metric and subscription filters (durable deliveries to Lambda), retention
// expiry on the scheduler, tags and resource policies. Handlers are split by concern; this file assembles them.
import type { ServiceDefinition, ServiceInstance, HandlerTable } from '../types.js';
import { model } from '../../../generated/logs/model.js';
import type { Operations } from './api.js';
import { migrations } from './schema.js';
import { LogsService, parseGroupArn } from './service.js';
import { Retention } from './retention.js';
import { Subscriptions } from './subscriptions.js';
import { groupHandlers } from './groups.js';
import { streamHandlers } from './streams.js';
import { eventHandlers } from './events.js';
import { filterHandlers } from './filters.js';
import { tagHandlers } from './tags.js';
import { mergedPolicy, policyHandlers } from './policies.js';
import { unimplementedHandlers } from './unimplemented.js';

export const logs: ServiceDefinition = {
  name: 'logs',
  model,
  migrations,
  create(core): ServiceInstance {
    const svc = new LogsService(core);
    const retention = new Retention(svc);
    const subscriptions = new Subscriptions(svc);
    const handlers: HandlerTable<Operations> = {
      ...groupHandlers(svc, retention),
      ...streamHandlers(svc),
      ...eventHandlers(svc, retention, subscriptions),
      ...filterHandlers(svc),
      ...subscriptions.handlers(),
      ...tagHandlers(svc),
      ...policyHandlers(svc),
      ...unimplementedHandlers(),
    };
    return {
      handlers: handlers as unknown as ServiceInstance['handlers'],
      resourcePolicy: (arn) => mergedPolicy(svc, arn),
      resourceTags: (arn) => {
        const ref = parseGroupArn(arn);
        const g = ref && svc.store.group(ref.accountId, ref.region, ref.name);
        return g ? (JSON.parse(g.tags) as Record<string, string>) : undefined;
      },
    };
  },
};
