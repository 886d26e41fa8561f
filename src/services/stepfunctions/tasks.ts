// Callbacks: SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat for `.waitForTaskToken` tasks and activities.
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import { parseArn } from './arns.js';
import { parseTaskToken, type ExecutionSnapshot, type JsonValue } from './asl/index.js';
import type { Driver } from './driver.js';
import { SfnErrors } from './errors.js';
import type { SfnService } from './service.js';

/** The open task a token names; TaskTimedOut once it closed (answered, timed out, execution ended). */
function openTask(svc: SfnService, token: string): { executionArn: string; taskId: string } {
  const ref = parseTaskToken(token);
  if (!ref || !parseArn(ref.executionArn)) throw SfnErrors.invalidToken();
  const row = svc.store.execution(ref.executionArn);
  if (!row) throw SfnErrors.taskDoesNotExist();
  if (row.status !== 'RUNNING') throw SfnErrors.taskTimedOut();
  const snap = JSON.parse(row.snapshot) as ExecutionSnapshot;
  const frame = snap.frames[snap.tasks[ref.taskId] ?? ''];
  if (!frame?.active || frame.active.taskId !== ref.taskId || frame.active.taskToken !== token) {
    throw SfnErrors.taskTimedOut();
  }
  return ref;
}

export function taskHandlers(
  svc: SfnService,
  driver: Driver,
): Pick<HandlerTable<Operations>, 'SendTaskSuccess' | 'SendTaskFailure' | 'SendTaskHeartbeat'> {
  return {
    async SendTaskSuccess(input) {
      const ref = openTask(svc, input.taskToken);
      let output: JsonValue;
      try {
        output = JSON.parse(input.output) as JsonValue;
      } catch (e) {
        throw SfnErrors.invalidOutput((e as Error).message);
      }
      await driver.feed(ref.executionArn, { kind: 'taskSucceeded', taskId: ref.taskId, output }, () =>
        svc.store.deleteActivityTask(input.taskToken),
      );
      return {};
    },
    async SendTaskFailure(input) {
      const ref = openTask(svc, input.taskToken);
      await driver.feed(
        ref.executionArn,
        {
          kind: 'taskFailed',
          taskId: ref.taskId,
          ...(input.error !== undefined ? { error: input.error } : {}),
          ...(input.cause !== undefined ? { cause: input.cause } : {}),
        },
        () => svc.store.deleteActivityTask(input.taskToken),
      );
      return {};
    },
    async SendTaskHeartbeat(input) {
      const ref = openTask(svc, input.taskToken);
      await driver.feed(ref.executionArn, { kind: 'taskHeartbeat', taskId: ref.taskId });
      return {};
    },
  };
}
