// Durable, at-least-once delivery of one event to one target. Each attempt is a scheduler job; a failed attempt
// schedules the next one (exponential backoff with jitter) until the target's RetryPolicy is exhausted, then the
// event goes to the target's dead-letter queue (itself a durable job) or is dropped.
//
// Time scale: AWS's backoff spreads 185 attempts over 24 hours. atoll keeps the same limits (attempt count and
// event age) but starts at ~1 s and caps each wait at 60 s, so local retries resolve in seconds, not hours.
import { AwsError } from '../../protocol/errors.js';
import type { Target } from './api.js';
import type { EventsService } from './service.js';
import { dispatch, DeliveryFailure, sqsSend } from './dispatch.js';
import { DELIVER_JOB } from './router.js';

export const DLQ_JOB = 'events.dlq';

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
    svc.core.scheduler.register(DLQ_JOB, (payload) => this.deadLetter(payload as DlqJob));
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
