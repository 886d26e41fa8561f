// Log groups: CreateLogGroup, DeleteLogGroup, DescribeLogGroups and the retention policy.
import type { HandlerTable } from '../types.js';
import type { LogGroup, Operations } from './api.js';
import { LogsErrors } from './errors.js';
import { decodeToken, encodeToken } from './paging.js';
import { RETENTION_DAYS, type Retention } from './retention.js';
import { groupArn, type LogsService } from './service.js';
import type { GroupRow } from './store.js';

type GroupOps =
  'CreateLogGroup' | 'DeleteLogGroup' | 'DescribeLogGroups' | 'PutRetentionPolicy' | 'DeleteRetentionPolicy';

const MAX_TAGS = 50;

export function describeGroup(svc: LogsService, g: GroupRow): LogGroup {
  const arn = groupArn(g);
  return {
    logGroupName: g.name,
    creationTime: g.created_at,
    ...(g.retention_days !== null ? { retentionInDays: g.retention_days } : {}),
    metricFilterCount: svc.store.metricFilterCount(g.id),
    arn: `${arn}:*`,
    storedBytes: g.stored_bytes,
    ...(g.kms_key_id !== null ? { kmsKeyId: g.kms_key_id } : {}),
    logGroupClass: g.class as LogGroup['logGroupClass'],
    logGroupArn: arn,
  };
}

export function groupHandlers(svc: LogsService, retention: Retention): Pick<HandlerTable<Operations>, GroupOps> {
  return {
    CreateLogGroup(input, ctx) {
      const tags = input.tags ?? {};
      if (Object.keys(tags).length > MAX_TAGS) {
        throw LogsErrors.tooManyTags('A resource can have no more than 50 tags.', input.logGroupName);
      }
      svc.tx(() => {
        if (svc.store.group(ctx.accountId, ctx.region, input.logGroupName)) throw LogsErrors.groupExists();
        svc.store.insertGroup({
          account_id: ctx.accountId,
          region: ctx.region,
          name: input.logGroupName,
          created_at: svc.now(),
          retention_days: null,
          kms_key_id: input.kmsKeyId ?? null,
          class: input.logGroupClass ?? 'STANDARD',
          tags: JSON.stringify(tags),
        });
      });
    },

    DeleteLogGroup(input, ctx) {
      svc.tx(() => {
        const g = svc.group(input.logGroupName, ctx);
        retention.forget(g.id);
        svc.store.deleteGroup(g.id);
      });
    },

    DescribeLogGroups(input, ctx) {
      if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
        throw LogsErrors.invalidParameter(
          'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.',
        );
      }
      const cursor = decodeToken<{ after: string }>(input.nextToken, { after: 'string' });
      const limit = input.limit ?? 50;
      const rows = svc.store.groups({
        account: ctx.accountId,
        region: ctx.region,
        after: cursor?.after ?? '',
        prefix: input.logGroupNamePrefix ?? '',
        pattern: input.logGroupNamePattern ?? '',
        class: input.logGroupClass ?? null,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const more = rows.length > limit;
      return {
        logGroups: page.map((g) => describeGroup(svc, g)),
        ...(more ? { nextToken: encodeToken({ after: page[page.length - 1]!.name }) } : {}),
      };
    },

    PutRetentionPolicy(input, ctx) {
      if (!RETENTION_DAYS.includes(input.retentionInDays)) {
        throw LogsErrors.invalidParameter(
          `1 validation error detected: Value '${input.retentionInDays}' at 'retentionInDays' failed to satisfy ` +
            `constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`,
        );
      }
      svc.tx(() => {
        const g = svc.group(input.logGroupName, ctx);
        svc.store.setRetention(g.id, input.retentionInDays);
        retention.reschedule(g, input.retentionInDays);
      });
    },

    DeleteRetentionPolicy(input, ctx) {
      svc.tx(() => {
        const g = svc.group(input.logGroupName, ctx);
        svc.store.setRetention(g.id, null);
        retention.reschedule(g, null);
      });
    },
  };
}
