/** Retry policy math: which retrier matches an error, and how long to wait before the next attempt. */
import { ERR, isTerminalError } from './errors.js';
import type { JsonObject } from './json.js';

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
}

export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  if (isTerminalError(error)) return false;
  // States.TaskFailed is a wildcard too, for every error except States.Timeout.
  return errorEquals.some((e) => e === error || e === ERR.ALL || (e === ERR.TaskFailed && error !== ERR.Timeout));
}

/**
 * Seconds to wait before retry number `attempt` (1 for the first retry):
 * IntervalSeconds × BackoffRate^(attempt−1), capped at MaxDelaySeconds; FULL jitter picks uniformly in [0, delay).
 */
export function retryDelaySeconds(retrier: Retrier | JsonObject, attempt: number, random: () => number): number {
  const interval = typeof retrier.IntervalSeconds === 'number' ? retrier.IntervalSeconds : 1;
  const backoff = typeof retrier.BackoffRate === 'number' ? retrier.BackoffRate : 2;
  let delay = interval * Math.pow(backoff, attempt - 1);
  if (typeof retrier.MaxDelaySeconds === 'number') delay = Math.min(delay, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') delay = delay * random();
  return delay;
}

export function maxAttempts(retrier: Retrier | JsonObject): number {
  return typeof retrier.MaxAttempts === 'number' ? retrier.MaxAttempts : 3;
}
