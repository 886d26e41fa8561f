// AWS CloudTrail: event history of every management call (LookupEvents, 90 days per account and region), trails
// with event/Insights selectors, tags, delivery to CloudWatch Logs and gzipped log files to S3. Records are
// written by the recorder (recorder.ts), which the pipeline calls after each request; this file assembles the API.
import { model } from '../../../generated/cloudtrail/model.js';
import type { HandlerTable, ServiceDefinition, ServiceInstance } from '../types.js';
import type { Operations } from './api.js';
import { cloudTrailAuthorization } from './authz.js';
import { lookupHandlers } from './lookup.js';
import { notImplementedHandlers } from './not-implemented.js';
import { migrations } from './schema.js';
import { selectorHandlers } from './selector-ops.js';
import { cloudTrailFor } from './state.js';
import { tagHandlers } from './tags.js';
import { trailHandlers } from './trails.js';

export { createCloudTrailRecorder, type CloudTrailRecorder } from './recorder.js';
export type { CloudTrailEntry } from './entry.js';

export const cloudtrail: ServiceDefinition = {
  name: 'cloudtrail',
  model,
  migrations,
  authorization: cloudTrailAuthorization,
  create(core): ServiceInstance {
    const state = cloudTrailFor(core);
    const handlers: HandlerTable<Operations> = {
      ...trailHandlers(state),
      ...selectorHandlers(state),
      ...tagHandlers(state),
      ...lookupHandlers(state),
      ...notImplementedHandlers(),
    };
    return {
      handlers: handlers as unknown as ServiceInstance['handlers'],
      resourceTags: (arn) => {
        const t = state.trails().find((x) => x.arn === arn);
        return t ? Object.fromEntries(t.tags.map((x) => [x.Key, x.Value ?? ''])) : undefined;
      },
      health: () => ({ trails: state.trails().length, logging: state.trails().filter((t) => t.logging).length }),
    };
  },
};
