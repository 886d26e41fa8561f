// One delivery attempt: the target's service is called in-process as events.amazonaws.com on behalf of the rule
// (aws:SourceArn = rule ARN). Errors thrown here are retried per the target's RetryPolicy (delivery.ts).
import { AwsError } from '../../protocol/errors.js';
import type { Caller } from '../types.js';
import type { EventsService } from './service.js';
import type { DeliveryJob } from './delivery.js';
import { targetInput } from './transform.js';
import { parseBusArn } from './arns.js';
import { forwardToBus } from './forward.js';
import { roleCaller } from './target-role.js';

export const EVENTS_PRINCIPAL = 'events.amazonaws.com';

/** A failure that is not the target service's own error (e.g. an unsupported target type). */
export class DeliveryFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retriable: boolean,
  ) {
    super(message);
  }
}

interface ArnParts {
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

function splitArn(arn: string): ArnParts | undefined {
  const m = /^arn:aws[a-z-]*:([a-z0-9-]+):([a-z0-9-]*):(\d{12}):(.+)$/.exec(arn);
  return m ? { service: m[1]!, region: m[2]!, accountId: m[3]!, resource: m[4]! } : undefined;
}

function caller(job: DeliveryJob, region: string): Caller {
  return {
    accountId: job.accountId,
    region,
    principal: { accountId: job.accountId, arn: EVENTS_PRINCIPAL, accessKeyId: '', anonymous: false },
    sourceArn: job.ruleArn,
  };
}

function need(svc: EventsService, service: string): void {
  if (!svc.core.hasService(service)) {
    throw new DeliveryFailure('ServiceUnavailable', `The ${service} service is not available.`, true);
  }
}

/**
 * SendMessage to a queue named by ARN, possibly in another account. The URL is derived from the ARN rather than
 * looked up with GetQueueUrl: AWS's documented queue policy for EventBridge grants only sqs:SendMessage, and a
 * missing queue still fails (NonExistentQueue -> NO_RESOURCE).
 */
export async function sqsSend(
  svc: EventsService,
  job: DeliveryJob,
  queueArn: string,
  params: Record<string, unknown>,
): Promise<void> {
  const arn = splitArn(queueArn);
  if (!arn || arn.service !== 'sqs') throw new DeliveryFailure('InvalidArn', `Invalid queue ARN ${queueArn}.`, false);
  const QueueUrl = `https://sqs.${arn.region}.amazonaws.com/${arn.accountId}/${arn.resource}`;
  await svc.core.call('sqs', 'SendMessage', { QueueUrl, ...params }, caller(job, arn.region));
}

export async function dispatch(svc: EventsService, job: DeliveryJob): Promise<void> {
  const t = job.target;
  const arn = splitArn(t.Arn);
  if (!arn) throw new DeliveryFailure('InvalidArn', `Target ARN ${t.Arn} is not valid.`, false);
  const event = JSON.parse(job.event) as Record<string, unknown>;
  const input = () =>
    targetInput(t, {
      event,
      eventJson: job.event,
      ruleArn: job.ruleArn,
      ruleName: job.ruleName,
      ingestionTime: job.ingestion,
    });
  const c = caller(job, arn.region);
  switch (arn.service) {
    case 'sqs': {
      const params: Record<string, unknown> = { MessageBody: input() };
      if (arn.resource.endsWith('.fifo')) {
        params.MessageGroupId = t.SqsParameters?.MessageGroupId;
        params.MessageDeduplicationId = String(event.id);
      }
      return sqsSend(svc, job, t.Arn, params);
    }
    case 'sns':
      need(svc, 'sns');
      await svc.core.call('sns', 'Publish', { TopicArn: t.Arn, Message: input() }, c);
      return;
    case 'lambda':
      need(svc, 'lambda');
      await svc.core.call(
        'lambda',
        'Invoke',
        { FunctionName: t.Arn, InvocationType: 'Event', Payload: Buffer.from(input()) },
        c,
      );
      return;
    case 'states':
      need(svc, 'stepfunctions');
      await svc.core.call(
        'stepfunctions',
        'StartExecution',
        { stateMachineArn: t.Arn, input: input() },
        roleCaller(svc, job, arn.region) ?? c,
      );
      return;
    case 'logs': {
      need(svc, 'logs');
      // A log group target writes each event to a stream named after the event id.
      const group = /^log-group:([^:]+)/.exec(arn.resource)?.[1];
      if (!group) throw new DeliveryFailure('InvalidArn', `Target ARN ${t.Arn} is not a log group.`, false);
      const stream = String(event.id);
      await svc.core
        .call('logs', 'CreateLogStream', { logGroupName: group, logStreamName: stream }, c)
        .catch((err: unknown) => {
          if ((err as { code?: string }).code !== 'ResourceAlreadyExistsException') throw err;
        });
      const timestamp = Date.parse(String(event.time)) || job.ingestion;
      await svc.core.call(
        'logs',
        'PutLogEvents',
        { logGroupName: group, logStreamName: stream, logEvents: [{ timestamp, message: input() }] },
        c,
      );
      return;
    }
    case 'events': {
      const bus = parseBusArn(t.Arn);
      if (!bus) throw new DeliveryFailure('InvalidArn', `Target ARN ${t.Arn} is not an event bus.`, false);
      forwardToBus(svc, job, bus, event);
      return;
    }
    default:
      throw new DeliveryFailure(
        'NotImplemented',
        `atoll does not deliver to ${arn.service} targets yet (see the coverage table in the README).`,
        false,
      );
  }
}

/** SQS's limits on one SendMessageBatch: entries and total payload bytes. */
const BATCH_ENTRIES = 10;
const BATCH_BYTES = 1_048_576;

interface BatchResult {
  Failed?: Array<{ Id: string; SenderFault: boolean; Code: string; Message?: string }>;
}

/**
 * Delivers events of one rule target; returns each event's error (undefined = delivered). A standard queue gets
 * them in SendMessageBatch calls (each entry is its own message, exactly as separate SendMessage calls would
 * make); every other target, FIFO queues included (ordering and deduplication per event), gets them one by one.
 */
export async function dispatchBatch(svc: EventsService, jobs: DeliveryJob[]): Promise<Array<unknown>> {
  const t = jobs[0]!.target;
  const arn = splitArn(t.Arn);
  const errors: unknown[] = new Array<unknown>(jobs.length).fill(undefined);
  // A target with a RoleArn goes one by one too: dispatch() decides which principal calls the target.
  if (!arn || arn.service !== 'sqs' || arn.resource.endsWith('.fifo') || t.RoleArn !== undefined) {
    for (let i = 0; i < jobs.length; i++) {
      try {
        await dispatch(svc, jobs[i]!);
      } catch (err) {
        errors[i] = err;
      }
    }
    return errors;
  }
  const bodies: string[] = [];
  for (let i = 0; i < jobs.length; i++) {
    const j = jobs[i]!;
    try {
      bodies.push(
        targetInput(t, {
          event: JSON.parse(j.event) as Record<string, unknown>,
          eventJson: j.event,
          ruleArn: j.ruleArn,
          ruleName: j.ruleName,
          ingestionTime: j.ingestion,
        }),
      );
    } catch (err) {
      bodies.push('');
      errors[i] = err;
    }
  }
  // Chunks within SQS's batch limits; a chunk of one uses SendMessage, so an oversized event fails as it would alone.
  let chunk: number[] = [];
  let bytes = 0;
  const send = async (): Promise<void> => {
    const ids = chunk;
    chunk = [];
    bytes = 0;
    if (ids.length === 0) return;
    if (ids.length === 1) {
      const i = ids[0]!;
      await sqsSend(svc, jobs[i]!, t.Arn, { MessageBody: bodies[i] }).catch((err: unknown) => (errors[i] = err));
      return;
    }
    const QueueUrl = `https://sqs.${arn.region}.amazonaws.com/${arn.accountId}/${arn.resource}`;
    const Entries = ids.map((i) => ({ Id: String(i), MessageBody: bodies[i] }));
    try {
      const out = (await svc.core.call(
        'sqs',
        'SendMessageBatch',
        { QueueUrl, Entries },
        caller(jobs[0]!, arn.region),
      )) as BatchResult;
      for (const f of out.Failed ?? []) {
        const status = f.SenderFault ? 400 : 500;
        errors[Number(f.Id)] = new AwsError(f.Code, f.Message ?? f.Code, { status });
      }
    } catch (err) {
      for (const i of ids) errors[i] = err;
    }
  };
  for (let i = 0; i < jobs.length; i++) {
    if (errors[i] !== undefined) continue;
    const size = Buffer.byteLength(bodies[i]!, 'utf8');
    if (chunk.length === BATCH_ENTRIES || (chunk.length > 0 && bytes + size > BATCH_BYTES)) await send();
    chunk.push(i);
    bytes += size;
  }
  await send();
  return errors;
}
