// Activities: Create/Describe/Delete/List and GetActivityTask (long poll up to 60 s for a scheduled task).
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import { activityArn, requireName } from './arns.js';
import type { Driver } from './driver.js';
import { decodeToken, encodeToken, pageSize } from './paging.js';
import type { SfnService } from './service.js';
import type { ActivityTaskRow } from './store.js';
import { applyTags } from './tags.js';

const POLL_MS = 60_000;

export function activityHandlers(
  svc: SfnService,
  driver: Driver,
): Pick<
  HandlerTable<Operations>,
  'CreateActivity' | 'DeleteActivity' | 'DescribeActivity' | 'ListActivities' | 'GetActivityTask'
> {
  return {
    CreateActivity(input, ctx) {
      requireName(input.name);
      const arn = activityArn(ctx.region, ctx.accountId, input.name);
      return svc.tx(() => {
        // Idempotent on the name: a repeat (even with other tags) answers the existing activity.
        const existing = svc.store.activity(arn);
        if (existing) return { activityArn: arn, creationDate: new Date(existing.created_at) };
        const now = svc.now();
        svc.store.insertActivity(arn, ctx.accountId, ctx.region, input.name, now);
        applyTags(svc, arn, input.tags);
        return { activityArn: arn, creationDate: new Date(now) };
      });
    },
    DeleteActivity(input) {
      svc.tx(() => svc.store.deleteActivity(input.activityArn));
      return {};
    },
    DescribeActivity(input) {
      const a = svc.activity(input.activityArn);
      return { activityArn: a.arn, name: a.name, creationDate: new Date(a.created_at) };
    },
    ListActivities(input, ctx) {
      const limit = pageSize(input.maxResults);
      const rows = svc.store.listActivities(ctx.accountId, ctx.region, decodeToken(input.nextToken) ?? 0, limit + 1);
      const page = rows.slice(0, limit);
      const out: Operations['ListActivities']['output'] = {
        activities: page.map((a) => ({ activityArn: a.arn, name: a.name, creationDate: new Date(a.created_at) })),
      };
      const last = page[page.length - 1];
      if (rows.length > limit && last) out.nextToken = encodeToken(last.seq);
      return out;
    },
    async GetActivityTask(input, ctx) {
      const activity = svc.activity(input.activityArn);
      const deadline = svc.now() + POLL_MS;
      for (;;) {
        const task = svc.tx((): ActivityTaskRow | undefined => {
          const t = svc.store.nextActivityTask(activity.arn);
          if (t) svc.store.deleteActivityTask(t.token);
          return t;
        });
        if (task) {
          await driver.feed(task.execution_arn, {
            kind: 'taskStarted',
            taskId: task.task_id,
            ...(input.workerName !== undefined ? { workerName: input.workerName } : {}),
          });
          return { taskToken: task.token, input: task.input };
        }
        const woken = await svc.waiters.wait(`activity:${activity.arn}`, deadline, ctx.signal, () => svc.now());
        if (!woken) return {};
      }
    },
  };
}
