// Asynchronous invocation: a durable queue of events in the scheduler, with Lambda's retries (2 by default, after
// 1 and 2 minutes), maximum event age, destinations (OnSuccess/OnFailure to SQS, SNS, Lambda, EventBridge) and
// the dead-letter queue. Each event is one job keyed by its request id; while it runs, the job is pushed past
// the function's timeout, so a crash mid-invocation runs it again (at least once).
import type { Caller } from '../types.js';
import { functionArn, LATEST, type FunctionRef } from './names.js';
import type { LambdaService } from './service.js';
import type { FunctionKey } from './store.js';
import type { Invoker } from './invoke.js';
import { functionCaller } from './execution-role.js';

export const ASYNC_JOB = 'lambda.async';

export interface AsyncPayload extends FunctionKey {
  qualifier: string | null;
  event: string;
  requestId: string;
  /** Attempts already made. */
  attempt: number;
  firstAt: number;
  endpoint: string;
  /** Set while an attempt is running: the job then only fires again if atoll died during it. */
  running?: boolean;
}

/** Delay before retry n (1-based): 1 minute, then 2 minutes, as AWS does; scaled for tests by an env knob. */
function retryDelay(n: number): number {
  const base = Number(process.env.ATOLL_LAMBDA_ASYNC_RETRY_BASE_MS ?? 60_000);
  return base * n;
}

export function enqueueAsync(svc: LambdaService, ref: FunctionRef, event: string, requestId: string, endpoint: string) {
  const payload: AsyncPayload = {
    accountId: ref.accountId,
    region: ref.region,
    name: ref.name,
    qualifier: ref.qualifier ?? null,
    event,
    requestId,
    attempt: 0,
    firstAt: svc.now(),
    endpoint,
  };
  svc.core.scheduler.schedule(ASYNC_JOB, svc.now(), payload, `${ASYNC_JOB}:${requestId}`);
}

interface EventInvokeSettings {
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
  DestinationConfig?: { OnSuccess?: { Destination?: string }; OnFailure?: { Destination?: string } };
}

export class AsyncQueue {
  /** Attempts running now, so close() can let them end (their jobs stay durable either way). */
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly svc: LambdaService,
    private readonly invoker: Invoker,
  ) {}

  /** The scheduler's handler: starts the attempt without holding the scheduler for the function's duration. */
  onJob(p: AsyncPayload): void {
    const key = `${ASYNC_JOB}:${p.requestId}`;
    const row = this.svc.store.getFunction(p);
    if (!row) return; // the function is gone: the event goes with it
    const ref: FunctionRef = { ...p, qualifier: p.qualifier ?? undefined };
    let resolved;
    try {
      resolved = this.svc.resolve(ref);
    } catch {
      return;
    }
    const settings = this.settings(ref);
    const maxAge = (settings.MaximumEventAgeInSeconds ?? 21_600) * 1000;
    if (this.svc.now() - p.firstAt > maxAge) {
      this.track(this.fail(ref, p, 'EventAgeExceeded', undefined, settings));
      return;
    }
    try {
      this.invoker.check(resolved, resolved.config);
    } catch {
      // Throttled or not ready: AWS keeps the event and tries again shortly, without counting an attempt.
      this.svc.core.scheduler.schedule(ASYNC_JOB, this.svc.now() + 1000, p, key);
      return;
    }
    const lease = ((resolved.config.Timeout ?? 3) + 60) * 1000;
    this.svc.core.scheduler.schedule(ASYNC_JOB, this.svc.now() + lease, { ...p, running: true }, key);
    this.track(this.attempt(ref, p, resolved, settings));
  }

  async drain(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private track(work: Promise<void>): void {
    const guarded = work.catch(() => undefined).finally(() => this.running.delete(guarded));
    this.running.add(guarded);
  }

  private settings(ref: FunctionRef): EventInvokeSettings {
    return (this.svc.store.getEventInvokeConfig(ref, ref.qualifier ?? LATEST) ?? {}) as EventInvokeSettings;
  }

  private async attempt(
    ref: FunctionRef,
    p: AsyncPayload,
    resolved: ReturnType<LambdaService['resolve']>,
    settings: EventInvokeSettings,
  ): Promise<void> {
    const key = `${ASYNC_JOB}:${p.requestId}`;
    const out = await this.invoker.run(resolved, p.event, { requestId: p.requestId, endpoint: p.endpoint });
    const attempt = p.attempt + 1;
    if (out.ok) {
      this.svc.tx(() => this.svc.core.scheduler.cancel(key));
      const dest = settings.DestinationConfig?.OnSuccess?.Destination;
      if (dest) await this.deliver(dest, ref, p, record(ref, p, attempt, 'Success', out.version, out.payload, false));
      return;
    }
    const maxRetries = settings.MaximumRetryAttempts ?? 2;
    if (p.attempt < maxRetries) {
      const next: AsyncPayload = { ...p, attempt, running: false };
      this.svc.tx(() => this.svc.core.scheduler.schedule(ASYNC_JOB, this.svc.now() + retryDelay(attempt), next, key));
      return;
    }
    await this.fail(
      ref,
      { ...p, attempt },
      'RetriesExhausted',
      { version: out.version, payload: out.payload },
      settings,
    );
  }

  private async fail(
    ref: FunctionRef,
    p: AsyncPayload,
    condition: string,
    result: { version: string; payload: string } | undefined,
    settings: EventInvokeSettings,
  ): Promise<void> {
    this.svc.tx(() => this.svc.core.scheduler.cancel(`${ASYNC_JOB}:${p.requestId}`));
    const dest = settings.DestinationConfig?.OnFailure?.Destination;
    if (dest) {
      const rec = record(ref, p, p.attempt, condition, result?.version, result?.payload, true);
      await this.deliver(dest, ref, p, rec);
      return;
    }
    const dlq = this.svc.store.getVersion(ref, LATEST)?.DeadLetterConfig?.TargetArn;
    if (dlq) await this.deadLetter(dlq, ref, p, result?.payload);
  }

  /** Destinations and the dead-letter queue are written with the function's execution role. */
  private caller(ref: FunctionRef): Caller {
    return functionCaller(this.svc, ref);
  }

  private async deliver(dest: string, ref: FunctionRef, p: AsyncPayload, rec: Record<string, unknown>) {
    const body = JSON.stringify(rec);
    const caller = this.caller(ref);
    const service = dest.split(':')[2];
    if (service === 'sqs') {
      await this.svc.core.call(
        'sqs',
        'SendMessage',
        { QueueUrl: queueUrl(dest, p.endpoint), MessageBody: body },
        caller,
      );
    } else if (service === 'sns') {
      await this.svc.core.call('sns', 'Publish', { TopicArn: dest, Message: body }, caller);
    } else if (service === 'lambda') {
      const input = { FunctionName: dest, InvocationType: 'Event', Payload: Buffer.from(body) };
      await this.svc.core.call('lambda', 'Invoke', input, caller);
    } else if (service === 'events') {
      const success = (rec.requestContext as { condition: string }).condition === 'Success';
      const entry = {
        Source: 'lambda',
        DetailType: `Lambda Function Invocation Result - ${success ? 'Success' : 'Failure'}`,
        Detail: body,
        EventBusName: dest,
        Resources: [functionArn(ref, p.qualifier ?? LATEST)],
      };
      await this.svc.core.call('events', 'PutEvents', { Entries: [entry] }, caller);
    }
  }

  private async deadLetter(dlq: string, ref: FunctionRef, p: AsyncPayload, payload: string | undefined) {
    let message = '';
    try {
      message = (JSON.parse(payload ?? '{}') as { errorMessage?: string }).errorMessage ?? '';
    } catch {
      message = '';
    }
    const attrs = {
      RequestID: { DataType: 'String', StringValue: p.requestId },
      ErrorCode: { DataType: 'Number', StringValue: '200' },
      ErrorMessage: { DataType: 'String', StringValue: message || 'Unhandled' },
    };
    const caller = this.caller(ref);
    if (dlq.split(':')[2] === 'sqs') {
      const input = { QueueUrl: queueUrl(dlq, p.endpoint), MessageBody: p.event, MessageAttributes: attrs };
      await this.svc.core.call('sqs', 'SendMessage', input, caller);
    } else {
      await this.svc.core.call('sns', 'Publish', { TopicArn: dlq, Message: p.event, MessageAttributes: attrs }, caller);
    }
  }
}

function queueUrl(arn: string, endpoint: string): string {
  const [, , , , account, name] = arn.split(':');
  return `${endpoint}/${account}/${name}`;
}

/** The invocation record AWS sends to destinations. */
function record(
  ref: FunctionRef,
  p: AsyncPayload,
  attempts: number,
  condition: string,
  version: string | undefined,
  payload: string | undefined,
  failed: boolean,
): Record<string, unknown> {
  let response: unknown = null;
  try {
    response = payload === undefined ? undefined : JSON.parse(payload);
  } catch {
    response = payload;
  }
  return {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: {
      requestId: p.requestId,
      functionArn: functionArn(ref, p.qualifier ?? LATEST),
      condition,
      approximateInvokeCount: attempts,
    },
    requestPayload: JSON.parse(p.event) as unknown,
    ...(version !== undefined
      ? {
          responseContext: {
            statusCode: 200,
            executedVersion: version,
            ...(failed ? { functionError: 'Unhandled' } : {}),
          },
          responsePayload: response,
        }
      : {}),
  };
}
