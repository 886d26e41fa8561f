// Message move tasks (DLQ redrive): StartMessageMoveTask / ListMessageMoveTasks / CancelMessageMoveTask.
// A task is a row plus a durable scheduler job that moves one second's worth of messages per run, so a
// restart resumes it. It moves the messages present when it started (ids up to a snapshot).
import { randomUUID } from 'node:crypto';
import type { HandlerTable } from '../types.js';
import type { ListMessageMoveTasksResultEntry, Operations } from './api.js';
import type { SqsService } from './service.js';
import type { Queue } from './registry.js';
import type { MoveTaskRow } from './store.js';
import { SqsErrors } from './errors.js';

export const MOVE_JOB = 'sqs.move';
const DEFAULT_RATE = 500;
const jobKey = (handle: string) => `sqs/move/${handle}`;

function isDeadLetterQueue(svc: SqsService, q: Queue): boolean {
  return svc.queues.all(q.accountId, q.region).some((s) => s.redrive?.deadLetterTargetArn === q.arn);
}

function taskEntry(t: MoveTaskRow): ListMessageMoveTasksResultEntry {
  const e: ListMessageMoveTasksResultEntry = {
    Status: t.status,
    SourceArn: t.source_arn,
    ApproximateNumberOfMessagesMoved: t.moved,
    ApproximateNumberOfMessagesToMove: t.to_move,
    StartedTimestamp: t.started_at,
  };
  // Only a running task can be cancelled, so only its handle is useful.
  if (t.status === 'RUNNING') e.TaskHandle = t.handle;
  if (t.destination_arn) e.DestinationArn = t.destination_arn;
  if (t.rate !== null) e.MaxNumberOfMessagesPerSecond = t.rate;
  if (t.failure_reason) e.FailureReason = t.failure_reason;
  return e;
}

export class MoveTasks {
  constructor(private readonly svc: SqsService) {
    svc.core.scheduler.register(MOVE_JOB, (payload) => this.run(payload as { handle: string }));
  }

  /** Moves up to one second's quota of the task's messages; reschedules itself until done. */
  private run(payload: { handle: string }): void {
    const svc = this.svc;
    const woken = new Set<number>();
    svc.tx(() => {
      const t = svc.store.task(payload.handle);
      if (!t || t.status !== 'RUNNING') return;
      const source = svc.queues.getById(t.source_queue_id);
      if (!source) {
        svc.store.updateTask(t.handle, 'FAILED', t.moved, 'AWS.SimpleQueueService.NonExistentQueue');
        return;
      }
      const fixed = t.destination_arn ? svc.queueFromArn(t.destination_arn) : undefined;
      if (t.destination_arn && !fixed) {
        svc.store.updateTask(t.handle, 'FAILED', t.moved, 'AWS.SimpleQueueService.NonExistentQueue');
        return;
      }
      const quota = t.rate ?? DEFAULT_RATE;
      const rows = svc.store.oldest(source.id, t.max_message, quota);
      const now = svc.now();
      let moved = t.moved;
      for (const m of rows) {
        const dest = fixed ?? (m.dlq_source_arn ? svc.queueFromArn(m.dlq_source_arn) : undefined);
        if (!dest) {
          svc.store.updateTask(t.handle, 'FAILED', moved, 'AWS.SimpleQueueService.NonExistentQueue');
          return;
        }
        svc.store.moveMessage(m.id, dest.id, now + dest.delaySeconds * 1000, now, null, true);
        woken.add(dest.id);
        moved++;
      }
      if (rows.length < quota) {
        svc.store.updateTask(t.handle, 'COMPLETED', moved, null);
      } else {
        svc.store.updateTask(t.handle, 'RUNNING', moved, null);
        svc.core.scheduler.schedule(MOVE_JOB, now + 1000, { handle: t.handle }, jobKey(t.handle));
      }
    });
    for (const id of woken) svc.polls.notify(id);
  }

  handlers(): Pick<
    HandlerTable<Operations>,
    'StartMessageMoveTask' | 'ListMessageMoveTasks' | 'CancelMessageMoveTask'
  > {
    const svc = this.svc;
    return {
      StartMessageMoveTask(input, ctx) {
        const source = svc.queueFromArn(input.SourceArn);
        if (!source || source.accountId !== ctx.accountId) {
          throw SqsErrors.resourceNotFound(
            "The resource that you specified for the SourceArn parameter doesn't exist.",
          );
        }
        if (!isDeadLetterQueue(svc, source)) {
          throw SqsErrors.invalidParameterValue('Source queue must be configured as a Dead Letter Queue.');
        }
        const rate = input.MaxNumberOfMessagesPerSecond;
        if (rate !== undefined && rate !== null && (!Number.isInteger(rate) || rate < 1 || rate > 500)) {
          throw SqsErrors.invalidParameter('MaxNumberOfMessagesPerSecond', rate, 'Must be between 1 and 500.');
        }
        if (input.DestinationArn !== undefined) {
          const dest = svc.queueFromArn(input.DestinationArn);
          if (!dest) {
            throw SqsErrors.resourceNotFound(
              "The resource that you specified for the DestinationArn parameter doesn't exist.",
            );
          }
          if (dest.id === source.id) {
            throw SqsErrors.invalidParameterValue('Source queue arn and destination queue arn cannot be the same.');
          }
        }
        if (svc.store.runningTask(source.id)) {
          throw SqsErrors.unsupportedOperation(
            'There is already a task running. Only one active task is allowed for a source queue arn at a given time.',
          );
        }
        const handle = Buffer.from(JSON.stringify({ taskId: randomUUID(), sourceArn: source.arn }), 'utf8').toString(
          'base64',
        );
        const now = svc.now();
        svc.tx(() => {
          const snap = svc.store.snapshot(source.id);
          svc.store.insertTask({
            handle,
            account_id: source.accountId,
            region: source.region,
            source_queue_id: source.id,
            source_arn: source.arn,
            destination_arn: input.DestinationArn ?? null,
            rate: rate ?? null,
            to_move: snap.count,
            max_message: snap.maxId,
            started_at: now,
          });
          svc.core.scheduler.schedule(MOVE_JOB, now, { handle }, jobKey(handle));
        });
        return { TaskHandle: handle };
      },

      ListMessageMoveTasks(input) {
        const source = svc.queueFromArn(input.SourceArn);
        if (!source) {
          throw SqsErrors.resourceNotFound(
            "The resource that you specified for the SourceArn parameter doesn't exist.",
          );
        }
        const max = input.MaxResults ?? 1;
        if (!Number.isInteger(max) || max < 1 || max > 10) {
          throw SqsErrors.invalidParameter('MaxResults', max, "You must enter a number that's between 1 and 10.");
        }
        return { Results: svc.store.tasks(source.arn, max).map(taskEntry) };
      },

      CancelMessageMoveTask(input) {
        const t = svc.store.task(input.TaskHandle);
        if (!t) throw SqsErrors.resourceNotFound('Task does not exist.');
        if (t.status !== 'RUNNING') {
          throw SqsErrors.unsupportedOperation('Only active tasks can be cancelled.');
        }
        svc.tx(() => {
          svc.store.updateTask(t.handle, 'CANCELLED', t.moved, null);
          svc.core.scheduler.cancel(jobKey(t.handle));
        });
        return { ApproximateNumberOfMessagesMoved: t.moved };
      },
    };
  }
}
