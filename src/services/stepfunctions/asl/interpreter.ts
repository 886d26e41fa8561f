/**
 * The ASL interpreter as a pure, resumable state machine: `step(definition, snapshot, event, options)` returns the
 * next snapshot, the history events to append and the effects (task invocations, timers, ...) for the caller to
 * perform. No timers, no I/O: time and randomness come in through `options`.
 */
import { clone, type JsonObject } from './json.js';
import { DistributedMapStates } from './runtime/distributed-map.js';
import type { ExecutionEvent, ExecutionSnapshot, StepOptions, StepResult } from './types.js';

/** Advances an execution by one incoming event. `snapshot` is null only for the `start` event. */
export async function step(
  definition: string | object,
  snapshot: ExecutionSnapshot | null,
  event: ExecutionEvent,
  options: StepOptions,
): Promise<StepResult> {
  const def = (typeof definition === 'string' ? JSON.parse(definition) : definition) as JsonObject;
  if (event.kind === 'start') {
    if (snapshot) throw new Error('A start event must not be given a snapshot');
    const startTime = event.execution.startTime ?? options.now.toISOString();
    const snap: ExecutionSnapshot = {
      ...(options.testState ? { test: { inspection: {} } } : {}),
      version: 1,
      status: 'RUNNING',
      execution: { ...event.execution, startTime, redriveCount: event.execution.redriveCount ?? 0 },
      input: clone(event.input),
      nextEventId: 1,
      seq: 0,
      frames: {},
      tasks: {},
      timers: {},
      requests: {},
    };
    const rt = new Runtime(def, snap, options);
    await rt.start(event.variables);
    return rt.result();
  }
  if (!snapshot) throw new Error(`A ${event.kind} event needs the execution snapshot`);
  const rt = new Runtime(def, clone(snapshot), options);
  if (snapshot.status === 'RUNNING' || event.kind === 'redrive') await rt.handle(event);
  return rt.result();
}

/** Task tokens carry the execution and task they belong to, so a callback can be routed without a lookup table. */
export function parseTaskToken(token: string): { executionArn: string; taskId: string } | null {
  try {
    const [executionArn, taskId] = Buffer.from(token, 'base64url').toString('utf8').split('#');
    return executionArn && taskId ? { executionArn, taskId } : null;
  } catch {
    return null;
  }
}

/**
 * The interpreter for one step. Its methods are layered by state family under `runtime/` (core → loop → outcome →
 * task → flow-states → parallel → map → distributed-map), each layer extending the previous one.
 */
class Runtime extends DistributedMapStates {}
