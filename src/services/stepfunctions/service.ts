// Shared state of one Step Functions instance: store, driver, waiters and the lookups every handler module uses.
import type { CoreServices } from '../types.js';
import { SfnStore, type StateMachineRow, type ExecutionRow, type ActivityRow } from './store.js';
import { RunsStore } from './runs-store.js';
import { Waiters } from './waiters.js';
import { SfnErrors } from './errors.js';
import { requireArn } from './arns.js';

export class SfnService {
  readonly store: SfnStore;
  readonly runs: RunsStore;
  readonly waiters: Waiters;

  constructor(readonly core: CoreServices) {
    this.store = new SfnStore(core.store.db);
    this.runs = new RunsStore(core.store.db);
    this.waiters = new Waiters(core.scheduler);
  }

  now(): number {
    return this.core.now();
  }

  tx<T>(fn: () => T): T {
    return this.core.store.tx(fn);
  }

  /** An unqualified state machine ARN that must exist. */
  stateMachine(arn: string): StateMachineRow {
    requireArn(arn, ['stateMachine']);
    const sm = this.store.stateMachine(arn);
    if (!sm) throw SfnErrors.stateMachineDoesNotExist(arn);
    return sm;
  }

  execution(arn: string): ExecutionRow {
    const p = requireArn(arn, ['execution', 'express'], 3);
    if (p.kind === 'express') throw SfnErrors.invalidArn(`Resource type not valid in this context: express`);
    const row = this.store.execution(arn);
    if (!row) throw SfnErrors.executionDoesNotExist(arn);
    return row;
  }

  activity(arn: string): ActivityRow {
    requireArn(arn, ['activity']);
    const row = this.store.activity(arn);
    if (!row) throw SfnErrors.activityDoesNotExist(arn);
    return row;
  }
}
