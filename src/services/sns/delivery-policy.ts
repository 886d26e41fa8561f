// Delivery retry policies. SQS and Lambda endpoints use SNS's fixed AWS-managed policy; HTTP/S endpoints use
// the subscription's or topic's DeliveryPolicy over the default (3 retries, 20 s apart). A policy has four
// phases: immediate retries, retries at the minimum delay, backoff from minimum to maximum, retries at the maximum.
import { SnsErrors } from './errors.js';

export interface RetryPolicy {
  minDelayTarget: number;
  maxDelayTarget: number;
  numRetries: number;
  numNoDelayRetries: number;
  numMinDelayRetries: number;
  numMaxDelayRetries: number;
  backoffFunction: 'linear' | 'arithmetic' | 'geometric' | 'exponential';
}

export const MANAGED_POLICY: RetryPolicy = {
  minDelayTarget: 1,
  maxDelayTarget: 20,
  numRetries: 100_015,
  numNoDelayRetries: 3,
  numMinDelayRetries: 2,
  numMaxDelayRetries: 100_000,
  backoffFunction: 'exponential',
};

export const DEFAULT_HTTP_POLICY: RetryPolicy = {
  minDelayTarget: 20,
  maxDelayTarget: 20,
  numRetries: 3,
  numNoDelayRetries: 0,
  numMinDelayRetries: 0,
  numMaxDelayRetries: 0,
  backoffFunction: 'linear',
};

export interface HttpDeliveryPolicy {
  retry: RetryPolicy;
  contentType: string | undefined;
}

const bad = (param: string, reason: string) => SnsErrors.invalidParameter(`${param}: ${reason}`);

function int(v: unknown, field: string, param: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw bad(param, `${field} must be an integer between ${min} and ${max}`);
  }
  return v;
}

function retryPolicy(raw: unknown, param: string): RetryPolicy | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null) throw bad(param, 'healthyRetryPolicy must be an object');
  const r = raw as Record<string, unknown>;
  const p: RetryPolicy = {
    minDelayTarget: int(r.minDelayTarget, 'minDelayTarget', param, 1, 3600) ?? DEFAULT_HTTP_POLICY.minDelayTarget,
    maxDelayTarget: int(r.maxDelayTarget, 'maxDelayTarget', param, 1, 3600) ?? DEFAULT_HTTP_POLICY.maxDelayTarget,
    numRetries: int(r.numRetries, 'numRetries', param, 0, 100) ?? DEFAULT_HTTP_POLICY.numRetries,
    numNoDelayRetries: int(r.numNoDelayRetries, 'numNoDelayRetries', param, 0, 100) ?? 0,
    numMinDelayRetries: int(r.numMinDelayRetries, 'numMinDelayRetries', param, 0, 100) ?? 0,
    numMaxDelayRetries: int(r.numMaxDelayRetries, 'numMaxDelayRetries', param, 0, 100) ?? 0,
    backoffFunction: (r.backoffFunction as RetryPolicy['backoffFunction'] | undefined) ?? 'linear',
  };
  if (!['linear', 'arithmetic', 'geometric', 'exponential'].includes(p.backoffFunction)) {
    throw bad(param, `backoffFunction must be one of linear, arithmetic, geometric, exponential`);
  }
  if (p.minDelayTarget > p.maxDelayTarget)
    throw bad(param, 'minDelayTarget must be less than or equal to maxDelayTarget');
  if (p.numNoDelayRetries + p.numMinDelayRetries + p.numMaxDelayRetries > p.numRetries) {
    throw bad(param, 'numRetries must be at least the sum of the phase retries');
  }
  let total = 0;
  for (let i = 1; i <= p.numRetries; i++) total += (retryDelay(p, i) ?? 0) / 1000;
  if (total > 3600) throw bad(param, 'The total retry time must not exceed 3600 seconds');
  return p;
}

/**
 * Parses a DeliveryPolicy: a subscription's ({healthyRetryPolicy, requestPolicy}) or a topic's
 * ({http: {defaultHealthyRetryPolicy, defaultRequestPolicy}}). Throws InvalidParameter on bad input.
 */
export function parseDeliveryPolicy(text: string, param: string): Partial<HttpDeliveryPolicy> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw bad(param, 'failed to parse JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw bad(param, 'must be a JSON object');
  const d = doc as Record<string, unknown>;
  const http = (d.http ?? d) as Record<string, unknown>;
  const retry = retryPolicy(http.healthyRetryPolicy ?? http.defaultHealthyRetryPolicy, param);
  const request = (http.requestPolicy ?? http.defaultRequestPolicy) as { headerContentType?: unknown } | undefined;
  const contentType = typeof request?.headerContentType === 'string' ? request.headerContentType : undefined;
  return { ...(retry ? { retry } : {}), ...(contentType ? { contentType } : {}) };
}

/** The policy an HTTP/S subscription runs under: its own over its topic's over the default. */
export function httpPolicy(subPolicy: string | undefined, topicPolicy: string | undefined): HttpDeliveryPolicy {
  const safe = (t: string | undefined) => {
    if (!t) return {};
    try {
      return parseDeliveryPolicy(t, 'DeliveryPolicy');
    } catch {
      return {};
    }
  };
  const topic = safe(topicPolicy);
  const sub = safe(subPolicy);
  return {
    retry: sub.retry ?? topic.retry ?? DEFAULT_HTTP_POLICY,
    contentType: sub.contentType ?? topic.contentType,
  };
}

/** Delay in ms before retry number `n` (1-based), or undefined once the policy is exhausted. */
export function retryDelay(p: RetryPolicy, n: number): number | undefined {
  if (n > p.numRetries) return undefined;
  if (n <= p.numNoDelayRetries) return 0;
  if (n <= p.numNoDelayRetries + p.numMinDelayRetries) return p.minDelayTarget * 1000;
  const backoff = p.numRetries - p.numNoDelayRetries - p.numMinDelayRetries - p.numMaxDelayRetries;
  const i = n - p.numNoDelayRetries - p.numMinDelayRetries;
  if (i > backoff) return p.maxDelayTarget * 1000;
  const frac = backoff <= 1 ? 1 : (i - 1) / (backoff - 1);
  const { minDelayTarget: min, maxDelayTarget: max } = p;
  let s: number;
  switch (p.backoffFunction) {
    case 'exponential':
      s = min * Math.pow(max / min, frac);
      break;
    case 'geometric':
      s = min + (max - min) * frac * frac;
      break;
    case 'arithmetic':
      s = min + (max - min) * Math.sqrt(frac);
      break;
    default:
      s = min + (max - min) * frac;
  }
  return Math.round(s * 1000);
}
