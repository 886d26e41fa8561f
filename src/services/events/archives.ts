// Archives: every event accepted on the source bus that matches the archive's pattern (all, without one) is kept
// for RetentionDays (0 = forever); retention is applied whenever an archive is read or replayed.
import type { HandlerTable } from '../types.js';
import type { Operations, Archive } from './api.js';
import type { EventsService } from './service.js';
import type { ArchiveRow } from './archive-store.js';
import { archiveArn, parseBusArn } from './arns.js';
import { EventsErrors } from './errors.js';
import { page } from './paging.js';
import { checkPattern } from './rules.js';

type ArchiveOps = Pick<
  Operations,
  'CreateArchive' | 'DescribeArchive' | 'ListArchives' | 'UpdateArchive' | 'DeleteArchive'
>;

export function applyRetention(svc: EventsService, a: ArchiveRow): void {
  if (a.retention_days > 0) svc.archives.expire(a, svc.now() - a.retention_days * 86_400_000);
}

export function requireArchive(svc: EventsService, accountId: string, region: string, name: string): ArchiveRow {
  const a = svc.archives.archive(accountId, region, name);
  if (!a) throw EventsErrors.archiveNotFound(name);
  return a;
}

export function archiveHandlers(svc: EventsService): HandlerTable<ArchiveOps> {
  return {
    CreateArchive(input, ctx) {
      const bus = parseBusArn(input.EventSourceArn);
      if (!bus) {
        throw EventsErrors.validation(
          `Parameter EventSourceArn is not valid. Reason: Provided Arn is not in correct format.`,
        );
      }
      if (input.EventPattern !== undefined) checkPattern(input.EventPattern);
      const now = svc.now();
      svc.tx(() => {
        if (bus.accountId !== ctx.accountId || bus.region !== ctx.region || !svc.bus(bus)) {
          throw EventsErrors.busNotFound(bus.name);
        }
        if (svc.archives.archive(ctx.accountId, ctx.region, input.ArchiveName)) {
          throw EventsErrors.archiveExists(input.ArchiveName);
        }
        svc.archives.insertArchive({
          account_id: ctx.accountId,
          region: ctx.region,
          name: input.ArchiveName,
          source_arn: input.EventSourceArn,
          description: input.Description ?? null,
          pattern: input.EventPattern ?? null,
          retention_days: input.RetentionDays ?? 0,
          state: 'ENABLED',
          created_at: now,
        });
      });
      return {
        ArchiveArn: archiveArn(ctx.region, ctx.accountId, input.ArchiveName),
        State: 'ENABLED',
        CreationTime: new Date(now),
      };
    },

    DescribeArchive(input, ctx) {
      const a = requireArchive(svc, ctx.accountId, ctx.region, input.ArchiveName);
      svc.tx(() => applyRetention(svc, a));
      const stats = svc.archives.stats(a);
      return {
        ArchiveArn: archiveArn(a.region, a.account_id, a.name),
        ArchiveName: a.name,
        EventSourceArn: a.source_arn,
        ...(a.description !== null ? { Description: a.description } : {}),
        ...(a.pattern !== null ? { EventPattern: a.pattern } : {}),
        State: a.state as Archive['State'],
        RetentionDays: a.retention_days,
        SizeBytes: stats.bytes,
        EventCount: stats.count,
        CreationTime: new Date(a.created_at),
      };
    },

    ListArchives(input, ctx) {
      if (input.NamePrefix !== undefined && input.EventSourceArn !== undefined) {
        throw EventsErrors.validation(
          'At most one filter is allowed for ListArchives. Use either : State, EventSourceArn, or NamePrefix.',
        );
      }
      const rows = svc.archives
        .archives(ctx.accountId, ctx.region)
        .filter((a) => input.NamePrefix === undefined || a.name.startsWith(input.NamePrefix))
        .filter((a) => input.EventSourceArn === undefined || a.source_arn === input.EventSourceArn)
        .filter((a) => input.State === undefined || a.state === input.State);
      const p = page(rows, input.Limit, input.NextToken);
      return {
        Archives: p.items.map((a): Archive => {
          svc.tx(() => applyRetention(svc, a));
          const stats = svc.archives.stats(a);
          return {
            ArchiveName: a.name,
            EventSourceArn: a.source_arn,
            State: a.state as Archive['State'],
            RetentionDays: a.retention_days,
            SizeBytes: stats.bytes,
            EventCount: stats.count,
            CreationTime: new Date(a.created_at),
          };
        }),
        ...(p.next ? { NextToken: p.next } : {}),
      };
    },

    UpdateArchive(input, ctx) {
      if (input.EventPattern !== undefined) checkPattern(input.EventPattern);
      const a = svc.tx(() => {
        const cur = requireArchive(svc, ctx.accountId, ctx.region, input.ArchiveName);
        const next: ArchiveRow = {
          ...cur,
          description: input.Description !== undefined ? input.Description : cur.description,
          pattern: input.EventPattern !== undefined ? input.EventPattern : cur.pattern,
          retention_days: input.RetentionDays !== undefined ? input.RetentionDays : cur.retention_days,
        };
        svc.archives.updateArchive(next);
        return next;
      });
      return {
        ArchiveArn: archiveArn(a.region, a.account_id, a.name),
        State: a.state as Archive['State'],
        CreationTime: new Date(a.created_at),
      };
    },

    DeleteArchive(input, ctx) {
      svc.tx(() => svc.archives.deleteArchive(requireArchive(svc, ctx.accountId, ctx.region, input.ArchiveName)));
      return {};
    },
  };
}
