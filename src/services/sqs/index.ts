// Amazon SQS: queues, messages (standard and FIFO), dead-letter redrive, move tasks, tags and permissions,
// all durable in the core store. Handlers are split by concern; this file only assembles them.
import type { ServiceDefinition, ServiceInstance, HandlerTable } from '../types.js';
import { model } from '../../../generated/sqs/model.js';
import type { Operations } from './api.js';
import { migrations } from './schema.js';
import { SqsService } from './service.js';
import { Sweeper } from './retention.js';
import { Receiver } from './receive.js';
import { MoveTasks } from './move-tasks.js';
import { queueHandlers } from './queues.js';
import { sendHandlers } from './send.js';
import { messageHandlers } from './messages.js';
import { tagHandlers } from './tags.js';
import { permissionHandlers } from './permissions.js';
import { makeHooks } from './hooks.js';
import { sqsAuthorization } from './authz.js';

const hooks = makeHooks(model);

export const sqs: ServiceDefinition = {
  name: 'sqs',
  model,
  migrations,
  validationStyle: 'query',
  inferInput: hooks.inferInput,
  formatValidation: hooks.formatValidation,
  authorization: sqsAuthorization,
  create(core): ServiceInstance {
    const svc = new SqsService(core);
    const sweeper = new Sweeper(svc);
    const receiver = new Receiver(svc);
    const moves = new MoveTasks(svc);
    const handlers: HandlerTable<Operations> = {
      ...queueHandlers(svc, sweeper),
      ...sendHandlers(svc, sweeper),
      ...receiver.handlers(),
      ...messageHandlers(svc),
      ...tagHandlers(svc),
      ...permissionHandlers(svc),
      ...moves.handlers(),
    };
    return {
      handlers: handlers as unknown as ServiceInstance['handlers'],
      close: () => svc.polls.close(),
      health: () => ({ longPolls: svc.polls.parked() }),
      resourcePolicy: (arn) => svc.queueFromArn(arn)?.attributes.Policy,
      resourceTags: (arn) => svc.queueFromArn(arn)?.tags,
    };
  },
};
