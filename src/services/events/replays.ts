// Replays: a durable job walks the archive's events between EventStartTime and EventEndTime (by ingestion time) in
// pages, sending each back to the bus with a "replay-name" field, to the rules in Destination.FilterArns or to all
// of the bus's rules. The job's cursor travels in its payload, so a restart resumes where it stopped.
import type { HandlerTable } from '../types.js';
import type { Operations, ReplayDestination, Replay } from './api.js';
import type { EventsService } from './service.js';
import type { ReplayRow } from './archive-store.js';
import { parseBusArn, replayArn } from './arns.js';
import { EventsErrors } from './errors.js';
import { page } from './paging.js';
import { applyRetention, requireArchive } from './archives.js';
import { routeEvent } from './router.js';

type ReplayOps = Pick<Operations, 'StartReplay' | 'DescribeReplay' | 'ListReplays' | 'CancelReplay'>;

const REPLAY_JOB = 'events.replay';
const PAGE = 100;

interface ReplayJob {
  accountId: string;
  region: string;
  name: string;
  afterSeq: number;
}

const keyOf = (j: { accountId: string; region: string; name: string }) =>
  `events:replay:${j.accountId}:${j.region}:${j.name}`;

const ms = (d: Date | string | number) => new Date(d).getTime();
const opt = (v: number | null) => (v === null ? undefined : new Date(v));

function summary(r: ReplayRow): Replay {
  const out: Replay = {
    ReplayName: r.name,
    EventSourceArn: r.source_arn,
    State: r.state as Replay['State'],
    EventStartTime: new Date(r.event_start),
    EventEndTime: new Date(r.event_end),
    ReplayStartTime: new Date(r.replay_start),
  };
  if (r.state_reason !== null) out.StateReason = r.state_reason;
  if (opt(r.last_replayed)) out.EventLastReplayedTime = opt(r.last_replayed)!;
  if (opt(r.replay_end)) out.ReplayEndTime = opt(r.replay_end)!;
  return out;
}

export function replayHandlers(svc: EventsService): HandlerTable<ReplayOps> {
  svc.core.scheduler.register(REPLAY_JOB, (p) => run(svc, p as ReplayJob));
  const requireReplay = (accountId: string, region: string, name: string) => {
    const r = svc.archives.replay(accountId, region, name);
    if (!r) throw EventsErrors.replayNotFound(name);
    return r;
  };
  return {
    StartReplay(input, ctx) {
      const archiveName = /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:archive\/(.+)$/.exec(input.EventSourceArn)?.[1];
      if (!archiveName) {
        throw EventsErrors.validation(
          'Parameter EventSourceArn is not valid. Reason: Provided Arn is not in correct format.',
        );
      }
      const start = ms(input.EventStartTime);
      const end = ms(input.EventEndTime);
      if (start >= end) {
        throw EventsErrors.validation(
          'Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.',
        );
      }
      const now = svc.now();
      svc.tx(() => {
        const archive = requireArchive(svc, ctx.accountId, ctx.region, archiveName);
        const dest = parseBusArn(input.Destination.Arn);
        if (!dest || input.Destination.Arn !== archive.source_arn) {
          throw EventsErrors.validation(
            'Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.',
          );
        }
        if (svc.archives.replay(ctx.accountId, ctx.region, input.ReplayName)) {
          throw EventsErrors.replayExists(input.ReplayName);
        }
        applyRetention(svc, archive);
        svc.archives.insertReplay({
          account_id: ctx.accountId,
          region: ctx.region,
          name: input.ReplayName,
          source_arn: input.EventSourceArn,
          description: input.Description ?? null,
          destination: JSON.stringify(input.Destination),
          event_start: start,
          event_end: end,
          state: 'STARTING',
          state_reason: null,
          replay_start: now,
          replay_end: null,
          last_replayed: null,
        });
        const job: ReplayJob = { accountId: ctx.accountId, region: ctx.region, name: input.ReplayName, afterSeq: 0 };
        svc.core.scheduler.schedule(REPLAY_JOB, now, job, keyOf(job));
      });
      return {
        ReplayArn: replayArn(ctx.region, ctx.accountId, input.ReplayName),
        State: 'STARTING',
        ReplayStartTime: new Date(now),
      };
    },

    DescribeReplay(input, ctx) {
      const r = requireReplay(ctx.accountId, ctx.region, input.ReplayName);
      return {
        ...summary(r),
        ReplayArn: replayArn(r.region, r.account_id, r.name),
        ...(r.description !== null ? { Description: r.description } : {}),
        Destination: JSON.parse(r.destination) as ReplayDestination,
      };
    },

    ListReplays(input, ctx) {
      const rows = svc.archives
        .replays(ctx.accountId, ctx.region)
        .filter((r) => input.NamePrefix === undefined || r.name.startsWith(input.NamePrefix))
        .filter((r) => input.EventSourceArn === undefined || r.source_arn === input.EventSourceArn)
        .filter((r) => input.State === undefined || r.state === input.State);
      const p = page(rows, input.Limit, input.NextToken);
      return { Replays: p.items.map(summary), ...(p.next ? { NextToken: p.next } : {}) };
    },

    CancelReplay(input, ctx) {
      const r = svc.tx(() => {
        const cur = requireReplay(ctx.accountId, ctx.region, input.ReplayName);
        if (cur.state !== 'STARTING' && cur.state !== 'RUNNING') {
          throw EventsErrors.illegalStatus(`Replay ${input.ReplayName} is not in a valid state for this operation.`);
        }
        const next = { ...cur, state: 'CANCELLING' };
        svc.archives.updateReplay(next);
        return next;
      });
      return { ReplayArn: replayArn(r.region, r.account_id, r.name), State: 'CANCELLING' };
    },
  };
}

/** One page of a replay; reschedules itself (same key) until the archive range is exhausted. */
function run(svc: EventsService, job: ReplayJob): void {
  svc.tx(() => {
    const r = svc.archives.replay(job.accountId, job.region, job.name);
    if (!r || (r.state !== 'STARTING' && r.state !== 'RUNNING' && r.state !== 'CANCELLING')) return;
    const now = svc.now();
    if (r.state === 'CANCELLING') {
      svc.archives.updateReplay({ ...r, state: 'CANCELLED', replay_end: now });
      return;
    }
    const archiveName = r.source_arn.slice(r.source_arn.indexOf(':archive/') + ':archive/'.length);
    const archive = svc.archives.archive(job.accountId, job.region, archiveName);
    const dest = JSON.parse(r.destination) as ReplayDestination;
    const bus = parseBusArn(dest.Arn);
    if (!archive || !bus) {
      svc.archives.updateReplay({
        ...r,
        state: 'FAILED',
        state_reason: 'The archive no longer exists.',
        replay_end: now,
      });
      return;
    }
    const events = svc.archives.page(archive, r.event_start, r.event_end, job.afterSeq, PAGE);
    let last = r.last_replayed;
    for (const a of events) {
      const event = { ...(JSON.parse(a.event) as Record<string, unknown>), 'replay-name': r.name };
      routeEvent(svc, bus, {
        event,
        json: JSON.stringify(event),
        ingestion: now,
        replay: true,
        ...(dest.FilterArns && dest.FilterArns.length > 0 ? { filterArns: dest.FilterArns } : {}),
      });
      last = a.at;
    }
    const done = events.length < PAGE;
    svc.archives.updateReplay({
      ...r,
      state: done ? 'COMPLETED' : 'RUNNING',
      last_replayed: last,
      replay_end: done ? now : null,
    });
    if (!done) {
      const next: ReplayJob = { ...job, afterSeq: events[events.length - 1]!.seq };
      svc.core.scheduler.schedule(REPLAY_JOB, now, next, keyOf(next));
    }
  });
}
