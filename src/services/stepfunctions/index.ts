// AWS Step Functions: state machines (versions, aliases), durable Standard and Express executions driven by the
// ASL engine in ./asl, service integrations, callbacks, activities and tags. This file only assembles handlers.
import { model } from '../../../generated/stepfunctions/model.js';
import { CommonErrors } from '../../protocol/errors.js';
import type { HandlerTable, ServiceDefinition, ServiceInstance } from '../types.js';
import { activityHandlers } from './activities.js';
import type { Operations } from './api.js';
import { Driver } from './driver.js';
import { executionHandlers } from './executions.js';
import { migrations } from './schema.js';
import { SfnService } from './service.js';
import { stateMachineHandlers } from './state-machines.js';
import { tagHandlers } from './tags.js';
import { taskHandlers } from './tasks.js';
import { versionHandlers } from './versions.js';

const notImplemented = (op: string) => () => {
  throw CommonErrors.notImplemented(op);
};

export const stepfunctions: ServiceDefinition = {
  name: 'stepfunctions',
  model,
  migrations,
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
      RedriveExecution: notImplemented('RedriveExecution'),
      TestState: notImplemented('TestState'),
      DescribeMapRun: notImplemented('DescribeMapRun'),
      ListMapRuns: notImplemented('ListMapRuns'),
      UpdateMapRun: notImplemented('UpdateMapRun'),
    };
    return {
      handlers: handlers as unknown as ServiceInstance['handlers'],
      close: () => svc.waiters.close(),
      health: () => ({ parked: svc.waiters.parked() }),
    };
  },
};
