// AWS Lambda (Node.js runtimes): functions, versions, aliases, resource policies, concurrency, tags,
// synchronous and asynchronous invocation in isolated worker processes. This file only assembles the parts.
import { model } from '../../../generated/lambda/model.js';
import type { HandlerTable, ServiceDefinition, ServiceInstance } from '../types.js';
import type { Operations } from './api.js';
import { ASYNC_JOB, AsyncQueue, type AsyncPayload } from './async.js';
import { lambdaAuthorization } from './authz.js';
import { eventInvokeConfigHandlers } from './event-invoke-config.js';
import { mappingHandlers } from './mappings.js';
import { ACTIVATE_JOB, functionHandlers, runActivation, type ActivatePayload } from './functions.js';
import { invokeHandlers, Invoker } from './invoke.js';
import { deliverLogs, LOGS_JOB, type LogsPayload } from './logs.js';
import { notImplementedHandlers } from './not-implemented.js';
import { permissionHandlers, resourcePolicy } from './permissions.js';
import { migrations } from './schema.js';
import { MappingPoller, POLL_JOB, type PollPayload } from './sqs-poller.js';
import { STREAM_CONCURRENCY, STREAM_JOB, StreamPoller, type StreamPollPayload } from './stream-poller.js';
import { LambdaService } from './service.js';
import { versionHandlers } from './versions.js';

export const lambda: ServiceDefinition = {
  name: 'lambda',
  model,
  migrations,
  authorization: lambdaAuthorization,
  create(core): ServiceInstance {
    const svc = new LambdaService(core);
    const invoker = new Invoker(svc);
    const queue = new AsyncQueue(svc, invoker);
    const poller = new MappingPoller(svc, invoker);
    const streams = new StreamPoller(svc, invoker);
    core.scheduler.register(ACTIVATE_JOB, (p) => runActivation(svc, p as ActivatePayload));
    core.scheduler.register(ASYNC_JOB, (p) => queue.onJob(p as AsyncPayload));
    core.scheduler.register(POLL_JOB, (p) => poller.onJob(p as PollPayload));
    // A stream batch holds its job while the function runs; mappings run side by side up to the concurrency.
    core.scheduler.register(STREAM_JOB, (p) => streams.onJob(p as StreamPollPayload), {
      concurrency: STREAM_CONCURRENCY,
    });
    core.scheduler.register(LOGS_JOB, async (p, job) => {
      if (job.attempts < 5) await deliverLogs(svc, p as LogsPayload);
    });
    const handlers: HandlerTable<Operations> = {
      ...functionHandlers(svc),
      ...versionHandlers(svc),
      ...permissionHandlers(svc),
      ...eventInvokeConfigHandlers(svc),
      ...invokeHandlers(svc, invoker),
      ...mappingHandlers(svc, { sqs: poller, streams }),
      ...notImplementedHandlers(),
    };
    return {
      handlers: handlers as unknown as ServiceInstance['handlers'],
      close: () => {
        svc.pool.close();
        svc.code.dispose();
      },
      health: () => ({ workers: svc.pool.size() }),
      resourcePolicy: (arn) => resourcePolicy(svc, arn),
      resourceTags: (arn) => {
        const m = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9-_]+)$/.exec(arn);
        const row = m ? svc.store.getFunction({ region: m[1]!, accountId: m[2]!, name: m[3]! }) : undefined;
        return row ? (JSON.parse(row.tags) as Record<string, string>) : undefined;
      },
      httpRoute: (method, subPath) => {
        // GetFunction's Code.Location: the function's zip, by its SHA-256.
        const m = /^code\/([0-9a-f]{64})\.zip$/.exec(subPath);
        if (method !== 'GET' || !m) return undefined;
        const zip = svc.code.read(m[1]!);
        if (!zip) return undefined;
        return { status: 200, headers: { 'content-type': 'application/zip' }, body: zip };
      },
    };
  },
};
