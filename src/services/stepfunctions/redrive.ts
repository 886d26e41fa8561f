// RedriveExecution: a FAILED / ABORTED / TIMED_OUT Standard execution resumes at the state that failed (the engine
// keeps it in the snapshot), with the same ARN, definition and history; ExecutionRedriven marks the restart.
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import type { ExecutionSnapshot } from './asl/index.js';
import type { Driver } from './driver.js';
import { SfnErrors } from './errors.js';
import type { RedriveColumns } from './runs-store.js';
import type { SfnService } from './service.js';
import type { ExecutionRow } from './store.js';

const REDRIVABLE_DAYS = 14;
const MAX_REDRIVES = 1000;

/** Why an execution cannot be redriven (AWS's redriveStatusReason), or null when it can. */
export function notRedrivableReason(row: ExecutionRow, now: number): string | null {
  if (row.status === 'RUNNING' || row.status === 'SUCCEEDED')
    return `Execution is ${row.status} and cannot be redriven`;
  if (row.stop_date !== null && now - row.stop_date > REDRIVABLE_DAYS * 86_400_000) {
    return 'Execution redrivable period exceeded';
  }
  if (((row as Partial<RedriveColumns>).redrive_count ?? 0) >= MAX_REDRIVES) {
    return 'Execution has exceeded the max redrive count';
  }
  const snap = JSON.parse(row.snapshot) as Partial<ExecutionSnapshot>;
  if (!snap.failedState) {
    return snap.nextEventId !== undefined && snap.nextEventId > 25000
      ? 'Execution history event limit exceeded'
      : 'Execution has no failed state to redrive';
  }
  return null;
}

export function redriveHandlers(svc: SfnService, driver: Driver): Pick<HandlerTable<Operations>, 'RedriveExecution'> {
  return {
    async RedriveExecution(input) {
      const row = svc.execution(input.executionArn);
      const redrive = row as ExecutionRow & Partial<RedriveColumns>;
      // A retried request (same clientToken) for a redrive already under way answers like the first one.
      if (input.clientToken !== undefined && row.status === 'RUNNING' && redrive.redrive_date) {
        const snap = JSON.parse(row.snapshot) as Partial<ExecutionSnapshot>;
        if (snap.redriveToken === input.clientToken) return { redriveDate: new Date(redrive.redrive_date) };
      }
      const reason = notRedrivableReason(row, svc.now());
      if (reason) throw SfnErrors.executionNotRedrivable(reason);
      await driver.feed(row.arn, {
        kind: 'redrive',
        ...(input.clientToken !== undefined ? { clientToken: input.clientToken } : {}),
      });
      const after = svc.store.execution(row.arn) as ExecutionRow & Partial<RedriveColumns>;
      return { redriveDate: new Date(after.redrive_date ?? svc.now()) };
    },
  };
}
