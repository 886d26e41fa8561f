// AWS Step Functions: state machines (versions, aliases), durable Standard and Express executions driven by the
// ASL engine in ./asl, service integrations, callbacks, activities and tags. This file only assembles handlers.
import { model } from '../../../generated/stepfunctions/model.js';
import type { HandlerTable, ServiceDefinition, ServiceInstance } from '../types.js';
import { activityHandlers } from './activities.js';
import { sfnAuthorization } from './authz.js';
import type { Operations } from './api.js';
import { Driver } from './driver.js';
import { executionHandlers } from './executions.js';
import { mapRunHandlers } from './map-runs.js';
import { redriveHandlers } from './redrive.js';
import { testStateHandlers } from './test-state.js';
import { migrations } from './schema.js';
import { SfnService } from './service.js';
import { stateMachineHandlers } from './state-machines.js';
import { tagHandlers } from './tags.js';
import { taskHandlers } from './tasks.js';
import { versionHandlers } from './versions.js';

export const stepfunctions: ServiceDefinition = {
  name: 'stepfunctions',
  model,
  migrations,
  authorization: sfnAuthorization,
  create(core): ServiceInstance {
    const svc = new SfnService(core);
    const driver = new Driver(svc);
    const handlers: HandlerTable<Operations> = {
      ...stateMachineHandlers(svc),
      ...versionHandlers(svc),
      ...executionHandlers(svc, driver),
      ...taskHandlers(svc, driver),
      ...activityHandlers(svc, driver),
      ...tagHandlers(svc),
      ...redriveHandlers(svc, driver),
      ...testStateHandlers(svc),
      ...mapRunHandlers(svc, driver),
    };
    return {
      handlers: handlers as unknown as ServiceInstance['handlers'],
      close: () => svc.waiters.close(),
      health: () => ({ parked: svc.waiters.parked() }),
    };
  },
};
