/**
 * TestEventPattern: the event must be a JSON object carrying the envelope fields AWS requires; otherwise AWS answers
 * ValidationException "Parameter Event is not valid.".
 */
import { compileEventPattern, matches } from './pattern.js';

export class EventValidationError extends Error {
  readonly code = 'ValidationException';
  constructor() {
    super('Parameter Event is not valid.');
    this.name = 'EventValidationError';
  }
}

/** Envelope fields TestEventPattern insists on (AWS docs list id, account, source, time, region, detail-type). */
export const REQUIRED_TEST_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'] as const;

/** Parses and checks a TestEventPattern `Event`; returns the parsed event. */
export function validateEventForTest(event: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(event);
  } catch {
    throw new EventValidationError();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new EventValidationError();
  const obj = parsed as Record<string, unknown>;
  for (const field of REQUIRED_TEST_EVENT_FIELDS) {
    if (!Object.prototype.hasOwnProperty.call(obj, field)) throw new EventValidationError();
  }
  return obj;
}

/** TestEventPattern: validates the pattern first (PatternError), then the event (EventValidationError). */
export function testEventPattern(pattern: string, event: string): boolean {
  const compiled = compileEventPattern(pattern);
  return matches(compiled, validateEventForTest(event));
}
