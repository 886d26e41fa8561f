import { expect } from 'vitest';

let counter = 0;

/** A queue name unique within this process (SQS names: alphanumerics, hyphens, underscores, <= 80 chars). */
export function uniqueName(prefix = 'q'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The fields of an SDK v3 service exception that these tests look at. */
export interface SdkErrorShape {
  name: string;
  message: string;
  /** Query-compatible code (from x-amzn-query-error), set by the SDK for awsQueryCompatible services. */
  Code?: string;
  Type?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

export interface ExpectedError {
  /** Exception name as the SDK reports it (the JSON `__type` shape name). */
  name: string;
  /** The query-protocol code carried in x-amzn-query-error. */
  code?: string;
  status?: number;
  message?: string | RegExp;
}

/** Awaits `promise`, expects it to reject with an AWS service error, checks it, and returns it. */
export async function expectAwsError(promise: Promise<unknown>, expected: ExpectedError): Promise<SdkErrorShape> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  if (caught === undefined) throw new Error(`expected ${expected.name} but the call succeeded`);
  const err = caught as SdkErrorShape;
  expect(err.name, `error name (message: ${err.message})`).toBe(expected.name);
  if (expected.code !== undefined) expect(err.Code, 'query-compatible code (x-amzn-query-error)').toBe(expected.code);
  if (expected.status !== undefined) expect(err.$metadata?.httpStatusCode, 'HTTP status').toBe(expected.status);
  if (typeof expected.message === 'string') expect(err.message).toBe(expected.message);
  else if (expected.message) expect(err.message).toMatch(expected.message);
  expect(err.$metadata?.requestId, 'request id on errors').toBeTruthy();
  return err;
}

/** Polls `fn` until it returns a truthy value or the deadline passes. */
export async function waitFor<T>(
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
  stepMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(stepMs);
  }
}
