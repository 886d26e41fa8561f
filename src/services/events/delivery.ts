// Durable, at-least-once delivery of one event to one target. Each attempt is a scheduler job; a failed attempt
// schedules the next one (exponential backoff with jitter) until the target's RetryPolicy is exhausted, then the
// event goes to the target's dead-letter queue (itself a durable job) or is dropped.
//
// Time scale: AWS's backoff spreads 185 attempts over 24 hours. atoll keeps the same limits (attempt count and
// event age) but starts at ~1 s and caps each wait at 60 s, so local retries resolve in seconds, not hours.
import { AwsError } from '../../protocol/errors.js';
import type { Target } from './api.js';
import type { EventsService } from './service.js';
import { dispatch, dispatchBatch, DeliveryFailure, sqsSend } from './dispatch.js';
import { DELIVER_JOB } from './router.js';

export const DLQ_JOB = 'events.dlq';
/** Several events of one PutEvents call for the same rule target: one job, one SendMessageBatch for SQS. */
export const DELIVER_BATCH_JOB = 'events.deliver-batch';

export interface DeliveryJob {
  event: string;
  ingestion: number;
  /** The rule's account and region (the sender of the delivery). */
  accountId: string;
  region: string;
  ruleArn: string;
  ruleName: string;
  target: Target;
  /** Attempts already failed. */
  attempt: number;
  /** When the first attempt was scheduled (the event's age for MaximumEventAgeInSeconds). */
  first: number;
}

/** The events of a batch job share everything but the event itself. */
export interface BatchJob extends Omit<DeliveryJob, 'event' | 'ingestion'> {
  events: Array<{ event: string; ingestion: number }>;
}

/**
 * Collects the delivery jobs of one PutEvents call and schedules one job per rule target (inside the caller's
 * transaction, like single jobs): the events of a 10-entry call cost one job, one commit and, for a standard
 * queue, one SendMessageBatch instead of ten of each. A lone event keeps the single-event job.
 */
export class DeliveryBatches {
  private readonly groups = new Map<string, DeliveryJob[]>();

  add(job: DeliveryJob): void {
    const key = `${job.ruleArn}\u0000${job.target.Id}`;
    const group = this.groups.get(key);
    if (group) group.push(job);
    else this.groups.set(key, [job]);
  }

  schedule(svc: EventsService): void {
    const now = svc.now();
    for (const jobs of this.groups.values()) {
      if (jobs.length === 1) {
        svc.core.scheduler.schedule(DELIVER_JOB, now, jobs[0]);
        continue;
      }
      const { event: _event, ingestion: _ingestion, ...shared } = jobs[0]!;
      const batch: BatchJob = { ...shared, events: jobs.map((j) => ({ event: j.event, ingestion: j.ingestion })) };
      svc.core.scheduler.schedule(DELIVER_BATCH_JOB, now, batch);
    }
  }
}

interface DlqJob {
  dlqArn: string;
  job: DeliveryJob;
  errorCode: string;
  errorMessage: string;
  condition: string;
}

const DEFAULT_RETRIES = 185;
const DEFAULT_MAX_AGE_S = 86_400;
const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 60_000;

export function backoff(attempt: number): number {
  const base = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** attempt);
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/**
 * AWS's DLQ error code for a failure, and whether it is retried: a missing target resource or missing permissions
 * go to the dead-letter queue at once ("no retry attempts ... until action is taken"), as do invalid requests;
 * throttling, server errors and unavailable services are retried.
 */
export function classify(err: unknown): { code: string; retriable: boolean } {
  if (err instanceof DeliveryFailure) {
    return { code: err.retriable ? 'INTERNAL_ERROR' : 'INVALID_PARAMETER', retriable: err.retriable };
  }
  if (!(err instanceof AwsError)) return { code: 'INTERNAL_ERROR', retriable: true };
  if (/NotFound|NonExistent|DoesNotExist|NoSuch/i.test(err.code)) return { code: 'NO_RESOURCE', retriable: false };
  if (/AccessDenied|Authoriz|Forbidden/i.test(err.code)) return { code: 'NO_PERMISSIONS', retriable: false };
  if (/Throttl|TooMany|RequestLimit/i.test(err.code)) return { code: 'THROTTLING', retriable: true };
  if (err.status >= 500) return { code: 'INTERNAL_ERROR', retriable: true };
  return { code: 'INVALID_PARAMETER', retriable: false };
}

export class Delivery {
  constructor(private readonly svc: EventsService) {
    // Targets are delivered side by side so one slow or retrying target does not hold up the rest.
    svc.core.scheduler.register(DELIVER_JOB, (payload) => this.run(payload as DeliveryJob), { concurrency: 16 });
    svc.core.scheduler.register(DELIVER_BATCH_JOB, (payload) => this.runBatch(payload as BatchJob), {
      concurrency: 16,
    });
    svc.core.scheduler.register(DLQ_JOB, (payload) => this.deadLetter(payload as DlqJob));
  }

  /** Each event that failed continues alone: its own retry job or dead letter, as if it had been sent alone. */
  private async runBatch(batch: BatchJob): Promise<void> {
    const { events, ...shared } = batch;
    const jobs: DeliveryJob[] = events.map((e) => ({ ...shared, event: e.event, ingestion: e.ingestion }));
    const errors = await dispatchBatch(this.svc, jobs);
    if (errors.some((e) => e !== undefined)) {
      this.svc.core.store.tx(() => errors.forEach((err, i) => err !== undefined && this.failed(jobs[i]!, err)));
    }
  }

  private async run(job: DeliveryJob): Promise<void> {
    try {
      await dispatch(this.svc, job);
    } catch (err) {
      this.failed(job, err);
    }
  }

  private failed(job: DeliveryJob, err: unknown): void {
    const { code, retriable } = classify(err);
    const message = err instanceof Error ? err.message : String(err);
    const policy = job.target.RetryPolicy ?? {};
    const maxRetries = policy.MaximumRetryAttempts ?? DEFAULT_RETRIES;
    const maxAgeMs = (policy.MaximumEventAgeInSeconds ?? DEFAULT_MAX_AGE_S) * 1000;
    const now = this.svc.now();
    const due = now + backoff(job.attempt);
    const scheduler = this.svc.core.scheduler;
    if (retriable && job.attempt < maxRetries && due - job.first < maxAgeMs) {
      scheduler.schedule(DELIVER_JOB, due, { ...job, attempt: job.attempt + 1 });
      return;
    }
    const dlqArn = job.target.DeadLetterConfig?.Arn;
    if (!dlqArn) return; // dropped, as AWS does without a dead-letter queue
    const condition = !retriable
      ? 'NonRetriableError'
      : job.attempt >= maxRetries
        ? 'MaximumRetryAttemptsExceeded'
        : 'MaximumEventAgeExceeded';
    const dlq: DlqJob = { dlqArn, job, errorCode: code, errorMessage: message, condition };
    scheduler.schedule(DLQ_JOB, now, dlq);
  }

  /** Sends the original event with AWS's failure attributes; a failure here retries (scheduler backoff). */
  private async deadLetter(d: DlqJob): Promise<void> {
    const attr = (v: string) => ({ DataType: 'String', StringValue: v });
    await sqsSend(this.svc, d.job, d.dlqArn, {
      MessageBody: d.job.event,
      MessageAttributes: {
        ERROR_CODE: attr(d.errorCode),
        ERROR_MESSAGE: attr(d.errorMessage || d.errorCode),
        ...(d.condition !== 'NonRetriableError' ? { EXHAUSTED_RETRY_CONDITION: attr(d.condition) } : {}),
        RETRY_ATTEMPTS: { DataType: 'Number', StringValue: String(d.job.attempt) },
        RULE_ARN: attr(d.job.ruleArn),
        TARGET_ARN: attr(d.job.target.Arn),
      },
    });
  }
}
