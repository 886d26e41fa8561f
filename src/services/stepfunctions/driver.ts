// The durable execution driver. Every step() result commits in ONE transaction: the new snapshot, the appended
// history and scheduler jobs for its effects (timers → jobs at their due time; task invocations → jobs that call
// the integration and feed the outcome back through step() in a new transaction). After a crash the pending jobs
// resume each execution from its last committed transition; feeding is idempotent because the engine ignores
// task and timer ids it no longer waits for.
import { randomUUID } from 'node:crypto';
import {
  step,
  type Effect,
  type ExecutionEvent,
  type ExecutionSnapshot,
  type JsonValue,
  type StepResult,
} from './asl/index.js';
import { performTask, type InvokeEffect, type TaskOutcome } from './integrations.js';
import { readItems, writeResults } from './items.js';
import type { RedriveColumns } from './runs-store.js';
import type { SfnService } from './service.js';
import type { ExecutionRow } from './store.js';
import { childOutcome, type NewExecution, type ParentLink } from './nested.js';

const TASK_JOB = 'stepfunctions.task';
const EVENT_JOB = 'stepfunctions.event';
/** A task job re-arms itself while its integration runs; after a crash the lease is re-dispatched at once. */
const LEASE_MS = 300_000;

/** Task invocations and Distributed Map reader/writer requests share the leased job (at least once). */
type IoEffect = Extract<Effect, { kind: 'readItems' | 'writeResults' }>;
interface TaskJob {
  arn: string;
  effect: InvokeEffect | IoEffect;
}
const jobId = (e: TaskJob['effect']) => (e.kind === 'invokeTask' ? e.taskId : e.requestId);
interface EventJob {
  arn: string;
  event: ExecutionEvent;
}
interface AfterCommit {
  arn: string;
  finished: boolean;
  activities: string[];
}

const taskKey = (arn: string, taskId: string) => `sfn:task:${arn}:${taskId}`;
const timerKey = (arn: string, timerId: string) => `sfn:timer:${arn}:${timerId}`;

export class Driver {
  private readonly locks = new Map<string, Promise<void>>();
  private readonly running = new Set<string>();
  private readonly scale: number;

  constructor(private readonly svc: SfnService) {
    const s = Number(process.env.ATOLL_SFN_TIME_SCALE ?? '1');
    this.scale = Number.isFinite(s) && s >= 0 ? s : 1;
    const sched = svc.core.scheduler;
    sched.register(TASK_JOB, (p) => this.onTaskJob(p as TaskJob));
    sched.register(EVENT_JOB, (p) => this.feed((p as EventJob).arn, (p as EventJob).event));
    // Integrations that were running when the previous process died: run them again now (at least once).
    svc.tx(() => {
      for (const row of svc.store.inflight()) sched.schedule(TASK_JOB, svc.now(), JSON.parse(row.payload), row.key);
    });
  }

  /** Runs the start step and inserts the execution with it; the row exists only if the first transition commits. */
  async start(x: NewExecution, beforeInsert: () => void): Promise<ExecutionRow> {
    const result = await step(x.definition, null, { kind: 'start', execution: x.info, input: x.input }, this.opts());
    const arn = x.info.executionArn;
    const post = this.svc.tx(() => {
      beforeInsert();
      this.svc.store.insertExecution({
        arn,
        state_machine_arn: x.info.stateMachineArn,
        version_arn: x.versionArn,
        alias_arn: x.aliasArn,
        account_id: x.accountId,
        region: x.region,
        name: x.info.name,
        type: x.type,
        status: 'RUNNING',
        input: x.inputText,
        output: null,
        error: null,
        cause: null,
        start_date: Date.parse(result.snapshot.execution.startTime),
        stop_date: null,
        definition: x.definition,
        role_arn: x.info.roleArn,
        snapshot: '{}',
        parent: null,
        trace_header: x.traceHeader,
      });
      return this.commit(this.svc.store.execution(arn) as ExecutionRow, result);
    });
    this.after(post);
    return this.svc.store.execution(arn) as ExecutionRow;
  }

  /** Feeds one event to an execution (serialized per execution); `extra` runs in the same transaction. */
  feed(arn: string, event: ExecutionEvent, extra?: () => void): Promise<void> {
    return this.serialize(arn, async () => {
      const row = this.svc.store.execution(arn);
      let result: StepResult | undefined;
      if (row && (row.status === 'RUNNING' || event.kind === 'redrive')) {
        result = await step(row.definition, JSON.parse(row.snapshot) as ExecutionSnapshot, event, this.opts());
        if (result.events.length === 0 && result.effects.length === 0) result = undefined;
      }
      const post = this.svc.tx(() => {
        extra?.();
        // Re-read inside the transaction: the row cannot have moved (feeds are serialized), but may be gone.
        // The parent link is read fresh too: a .sync parent may have linked itself while step() was running,
        // and a stale copy would lose the child's report to it.
        const fresh = result && row ? this.svc.store.execution(arn) : undefined;
        return result && fresh ? this.commit(fresh, result) : undefined;
      });
      if (post) this.after(post);
    });
  }

  /** Resolves when the execution is no longer RUNNING (or the signal aborts). */
  async waitFinished(arn: string, signal: AbortSignal): Promise<void> {
    for (;;) {
      const row = this.svc.store.execution(arn);
      if (!row || row.status !== 'RUNNING' || signal.aborted) return;
      await this.svc.waiters.wait(`exec:${arn}`, this.svc.now() + 60_000, signal, () => this.svc.now());
    }
  }

  // --------------------------------------------------------------------------------------------- commit

  private commit(row: ExecutionRow, r: StepResult): AfterCommit {
    const store = this.svc.store;
    const arn = row.arn;
    store.appendHistoryMany(
      arn,
      r.events.map((ev) => ({ id: ev.id, text: JSON.stringify(ev) })),
    );
    const snap = r.snapshot;
    const finished = snap.status !== 'RUNNING';
    const output = finished && snap.output !== undefined ? JSON.stringify(snap.output) : null;
    store.updateExecution({
      arn,
      status: snap.status,
      output,
      error: snap.error ?? null,
      cause: snap.cause ?? null,
      stop_date: snap.stopDate ? Date.parse(snap.stopDate) : null,
      snapshot: JSON.stringify(snap),
    });
    const activities = this.applyEffects(row, r.effects);
    const redrives = snap.execution.redriveCount;
    if (redrives > ((row as Partial<RedriveColumns>).redrive_count ?? 0)) {
      this.svc.runs.setRedrive(arn, redrives, Date.parse(snap.redriveDate ?? new Date(this.svc.now()).toISOString()));
    }
    if (finished && row.parent) {
      const link = JSON.parse(row.parent) as ParentLink;
      this.reportToParent(link, store.execution(arn) as ExecutionRow);
    }
    return { arn, finished, activities };
  }

  private reportToParent(link: ParentLink, child: ExecutionRow): void {
    const o = childOutcome(child, link.pattern);
    const event: ExecutionEvent =
      o.kind === 'succeeded'
        ? { kind: 'taskSucceeded', taskId: link.taskId, output: o.output }
        : o.kind === 'failed'
          ? { kind: 'taskFailed', taskId: link.taskId, error: o.error, cause: o.cause ?? '' }
          : { kind: 'taskFailed', taskId: link.taskId };
    this.svc.core.scheduler.schedule(EVENT_JOB, this.svc.now(), { arn: link.executionArn, event } satisfies EventJob);
  }

  private applyEffects(row: ExecutionRow, effects: Effect[]): string[] {
    const arn = row.arn;
    const sched = this.svc.core.scheduler;
    const store = this.svc.store;
    const now = this.svc.now();
    const activities: string[] = [];
    for (const e of effects) {
      switch (e.kind) {
        case 'startTimer': {
          const due = now + Math.max(0, Date.parse(e.until) - now) * this.scale;
          const event: ExecutionEvent = { kind: 'timerFired', timerId: e.timerId };
          sched.schedule(EVENT_JOB, Math.round(due), { arn, event } satisfies EventJob, timerKey(arn, e.timerId));
          break;
        }
        case 'cancelTimer':
          sched.cancel(timerKey(arn, e.timerId));
          break;
        case 'invokeTask':
          if (e.resource.kind === 'activity') {
            store.addActivityTask({
              token: e.taskToken ?? randomUUID(),
              activity_arn: e.resource.arn,
              execution_arn: arn,
              task_id: e.taskId,
              input: JSON.stringify(e.parameters),
              created_at: now,
            });
            activities.push(e.resource.arn);
          } else {
            sched.schedule(TASK_JOB, now, { arn, effect: e } satisfies TaskJob, taskKey(arn, e.taskId));
          }
          break;
        case 'cancelTask':
          this.release(taskKey(arn, e.taskId));
          store.deleteActivityTaskOf(arn, e.taskId);
          break;
        case 'readItems':
        case 'writeResults':
          sched.schedule(TASK_JOB, now, { arn, effect: e } satisfies TaskJob, taskKey(arn, e.requestId));
          break;
        case 'mapRun': {
          const run = e.run;
          this.svc.runs.upsertMapRun({
            arn: run.mapRunArn,
            execution_arn: arn,
            state_machine_arn: row.state_machine_arn,
            start_date: Date.parse(run.startDate),
            stop_date: run.stopDate ? Date.parse(run.stopDate) : null,
            info: JSON.stringify(run),
          });
          break;
        }
        case 'executionFinished':
          break;
      }
    }
    return activities;
  }

  private after(post: AfterCommit): void {
    for (const a of post.activities) this.svc.waiters.notify(`activity:${a}`);
    if (post.finished) this.svc.waiters.notify(`exec:${post.arn}`);
  }

  // --------------------------------------------------------------------------------------------- task jobs

  private lease(key: string, job: TaskJob): void {
    this.svc.core.scheduler.schedule(TASK_JOB, this.svc.now() + LEASE_MS, job, key);
    this.svc.store.putInflight(key, JSON.stringify(job));
  }

  private release(key: string): void {
    this.svc.core.scheduler.cancel(key);
    this.svc.store.deleteInflight(key);
  }

  private onTaskJob(job: TaskJob): void {
    const key = taskKey(job.arn, jobId(job.effect));
    if (this.running.has(key)) {
      this.svc.tx(() => this.lease(key, job));
      return;
    }
    const row = this.svc.store.execution(job.arn);
    const snap = row?.status === 'RUNNING' ? (JSON.parse(row.snapshot) as ExecutionSnapshot) : undefined;
    const waiting = job.effect.kind === 'invokeTask' ? snap?.tasks : snap?.requests;
    if (!row || !snap || !waiting || !(jobId(job.effect) in waiting)) {
      this.svc.tx(() => this.release(key));
      return;
    }
    this.svc.tx(() => this.lease(key, job));
    this.running.add(key);
    void this.perform(key, job, row).finally(() => this.running.delete(key));
  }

  private async performIo(key: string, effect: IoEffect, row: ExecutionRow): Promise<void> {
    const caller = { accountId: row.account_id, region: row.region, sourceArn: row.arn };
    const release = () => this.release(key);
    const requestId = effect.requestId;
    if (effect.kind === 'readItems') {
      const r = await readItems(this.svc.core, effect, caller);
      const event: ExecutionEvent = r.ok
        ? { kind: 'itemsRead', requestId, items: r.value as JsonValue[] }
        : { kind: 'itemsReadFailed', requestId, error: r.error, cause: r.cause };
      return this.feed(row.arn, event, release);
    }
    const r = await writeResults(this.svc.core, effect, caller, row.state_machine_arn);
    const event: ExecutionEvent = r.ok
      ? { kind: 'resultsWritten', requestId, output: r.value }
      : { kind: 'resultsWriteFailed', requestId, error: r.error, cause: r.cause };
    return this.feed(row.arn, event, release);
  }

  private async perform(key: string, job: TaskJob, row: ExecutionRow): Promise<void> {
    const { effect } = job;
    if (effect.kind !== 'invokeTask') return this.performIo(key, effect, row);
    let outcome: TaskOutcome;
    try {
      outcome = await performTask(this.svc.core, effect, {
        executionArn: row.arn,
        accountId: row.account_id,
        region: row.region,
        roleArn: row.role_arn,
      });
    } catch (e) {
      outcome = { kind: 'failed', error: 'States.TaskFailed', cause: String(e) };
    }
    const taskId = effect.taskId;
    const release = () => this.release(key);
    switch (outcome.kind) {
      case 'succeeded':
        return this.feed(row.arn, { kind: 'taskSucceeded', taskId, output: outcome.output }, release);
      case 'failed':
        return this.feed(
          row.arn,
          { kind: 'taskFailed', taskId, error: outcome.error, cause: outcome.cause ?? '' },
          release,
        );
      case 'pending':
        this.svc.tx(release);
        return;
      case 'submitted': {
        const link: ParentLink = { executionArn: row.arn, taskId, pattern: effect.resource.pattern };
        const childArn = outcome.childArn;
        return this.feed(row.arn, { kind: 'taskSubmitted', taskId, output: outcome.output }, () => {
          release();
          this.svc.store.setParent(childArn, JSON.stringify(link));
          const child = this.svc.store.execution(childArn);
          // A child that already finished (e.g. all Pass states) reports at once.
          if (child && child.status !== 'RUNNING') this.reportToParent(link, child);
        });
      }
    }
  }

  // --------------------------------------------------------------------------------------------- helpers

  private opts() {
    return { now: new Date(this.svc.now()), clock: () => this.svc.now() };
  }

  private serialize(key: string, fn: () => Promise<void>): Promise<void> {
    const prev = this.locks.get(key) ?? Promise.resolve();
    const run = prev.then(fn);
    const tail = run.catch(() => undefined);
    this.locks.set(key, tail);
    void tail.then(() => {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    });
    return run;
  }
}
