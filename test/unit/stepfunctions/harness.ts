import {
  type Effect,
  type ExecutionEvent,
  type ExecutionSnapshot,
  type HistoryEvent,
  type JsonValue,
  step,
  validateDefinition,
} from '../../../src/services/stepfunctions/asl/index.js';

export type TaskHandler = (
  effect: Extract<Effect, { kind: 'invokeTask' }>,
) => { output: JsonValue } | { error: string; cause?: string } | 'pending';

export interface RunResult {
  snapshot: ExecutionSnapshot;
  history: HistoryEvent[];
  effects: Effect[];
  pendingTasks: Extract<Effect, { kind: 'invokeTask' }>[];
}

export const EXECUTION = {
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:sm:exec-1',
  name: 'exec-1',
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:sm',
  stateMachineName: 'sm',
  roleArn: 'arn:aws:iam::123456789012:role/sfn',
};

let counter = 0;
export const opts = (now: Date, random = 0.5) => ({
  now,
  random: () => random,
  uuid: () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
});

/**
 * Drives an execution to completion: fulfils task effects with `handler`, fires timers in time order (advancing a
 * virtual clock), and round-trips the snapshot through JSON after every step, as the durable service will.
 */
export async function run(
  definition: object,
  input: JsonValue,
  handler: TaskHandler = () => ({ output: {} }),
  options: { random?: number; maxSteps?: number; start?: Date } = {},
): Promise<RunResult> {
  const v = validateDefinition(JSON.stringify(definition));
  if (!v.ok) throw new Error(v.message);
  let now = options.start ?? new Date('2024-01-01T00:00:00.000Z');
  const history: HistoryEvent[] = [];
  const effects: Effect[] = [];
  const timers = new Map<string, Date>();
  const tasks: Extract<Effect, { kind: 'invokeTask' }>[] = [];
  const inbox: ExecutionEvent[] = [];
  let snapshot: ExecutionSnapshot | null = null;

  const apply = async (event: ExecutionEvent) => {
    const r = await step(definition, snapshot, event, opts(now, options.random ?? 0.5));
    snapshot = JSON.parse(JSON.stringify(r.snapshot)) as ExecutionSnapshot;
    history.push(...r.events);
    effects.push(...r.effects);
    for (const e of r.effects) {
      if (e.kind === 'startTimer') timers.set(e.timerId, new Date(e.until));
      if (e.kind === 'cancelTimer') timers.delete(e.timerId);
      if (e.kind === 'invokeTask') tasks.push(e);
      if (e.kind === 'cancelTask') {
        const i = tasks.findIndex((t) => t.taskId === e.taskId);
        if (i >= 0) tasks.splice(i, 1);
      }
    }
  };

  await apply({ kind: 'start', execution: EXECUTION, input });
  const pending: Extract<Effect, { kind: 'invokeTask' }>[] = [];
  for (let i = 0; i < (options.maxSteps ?? 1000); i++) {
    const snap = snapshot as ExecutionSnapshot | null;
    if (!snap || snap.status !== 'RUNNING') break;
    if (inbox.length) {
      await apply(inbox.shift() as ExecutionEvent);
      continue;
    }
    const task = tasks.shift();
    if (task) {
      const res = handler(task);
      if (res === 'pending') pending.push(task);
      else if ('output' in res) inbox.push({ kind: 'taskSucceeded', taskId: task.taskId, output: res.output });
      else inbox.push({ kind: 'taskFailed', taskId: task.taskId, error: res.error, cause: res.cause });
      continue;
    }
    if (timers.size) {
      const [id, at] = [...timers.entries()].sort((a, b) => a[1].getTime() - b[1].getTime())[0] as [string, Date];
      timers.delete(id);
      if (at > now) now = at;
      await apply({ kind: 'timerFired', timerId: id });
      continue;
    }
    break;
  }
  return { snapshot: snapshot as unknown as ExecutionSnapshot, history, effects, pendingTasks: pending };
}

export function types(history: HistoryEvent[]): string[] {
  return history.map((e) => e.type);
}

export function output(r: RunResult): JsonValue | undefined {
  return r.snapshot.output;
}
