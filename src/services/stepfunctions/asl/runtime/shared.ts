/** Constants and small helpers shared by the interpreter's layers. */
import { parsePath } from '../jsonpath.js';
import type { JsonValue } from '../json.js';
import type { ExecutionEvent } from '../types.js';

export const EXECUTION_TIMEOUT_TIMER = 'execution-timeout';
export const NOT_TRUNCATED = { truncated: false } as const;

/** A state to enter once the current event's work is done: the interpreter's run queue entry. */
export interface Job {
  frameId: string;
  name: string;
  input: JsonValue;
}

export function errorCause(error: string | undefined, cause: string | undefined): { error?: string; cause?: string } {
  return { ...(error !== undefined ? { error } : {}), ...(cause !== undefined ? { cause } : {}) };
}

/** `$.a.b[0]` → `$['a']['b'][0]`, the notation AWS uses in path error messages. */
export function bracketed(path: string): string {
  try {
    const p = parsePath(path);
    if (!p.definite) return path;
    return (
      '$' + p.segments.map((s) => (s.t === 'prop' ? `['${s.name}']` : s.t === 'index' ? `[${s.index}]` : '')).join('')
    );
  } catch {
    return path;
  }
}

/** How a child frame (a Parallel branch or a Map iteration) ended. */
export type ChildOutcome = { ok: true; output: JsonValue } | { ok: false; error: string; cause: string | undefined };

export type TaskEvent = Extract<
  ExecutionEvent,
  { kind: 'taskStarted' | 'taskSubmitted' | 'taskHeartbeat' | 'taskSucceeded' | 'taskFailed' }
>;
export type RequestEvent = Extract<
  ExecutionEvent,
  { kind: 'itemsRead' | 'itemsReadFailed' | 'resultsWritten' | 'resultsWriteFailed' }
>;
