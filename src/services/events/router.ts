// Routing an accepted event: every enabled rule of the bus whose pattern matches gets one durable delivery job per
// target, scheduled in the caller's transaction (so the jobs commit with the acceptance), and the bus's archives
// record it. Replayed events go only to the replay's rules and are not archived again.
import { matches } from '../../patterns/eventbridge/index.js';
import type { EventsService, MatchRule } from './service.js';
import { busArn, type BusRef } from './arns.js';
import type { DeliveryJob } from './delivery.js';
import { observeEvent } from '../schemas/observe.js';

export const DELIVER_JOB = 'events.deliver';

export interface RoutedEvent {
  event: Record<string, unknown>;
  json: string;
  /** When EventBridge accepted the event (ms). */
  ingestion: number;
  /** Replays: only these rule ARNs (all rules of the bus when undefined). */
  filterArns?: string[];
  replay?: boolean;
}

/** Receives the delivery jobs of a routed event instead of scheduling them one by one (PutEvents batches them). */
export type JobSink = (job: DeliveryJob) => void;

/** Call inside a store transaction. */
export function routeEvent(svc: EventsService, bus: BusRef, ev: RoutedEvent, sink?: JobSink): void {
  for (const rule of svc.matchRules(bus)) {
    if (rule.row.state === 'DISABLED' || !rule.pattern) continue;
    if (ev.filterArns && !ev.filterArns.includes(rule.arn)) continue;
    if (!matches(rule.pattern, ev.event)) continue;
    deliverToRule(svc, rule, ev, sink);
  }
  if (ev.replay) return;
  observeEvent(svc.core, bus, ev.event); // schema discoverers (a map lookup unless the bus is watched)
  for (const archive of svc.archives.archivesFor(busArn(bus))) {
    if (archive.state !== 'ENABLED') continue;
    if (archive.pattern && !matches(svc.compiled(archive.pattern), ev.event)) continue;
    svc.archives.archiveEvent(archive, ev.ingestion, ev.json);
  }
}

/** Schedules one delivery job per target of the rule. Call inside a store transaction. */
export function deliverToRule(svc: EventsService, rule: MatchRule, ev: RoutedEvent, sink?: JobSink): void {
  for (const target of rule.targets) {
    const job: DeliveryJob = {
      event: ev.json,
      ingestion: ev.ingestion,
      accountId: rule.row.account_id,
      region: rule.row.region,
      ruleArn: rule.arn,
      ruleName: rule.row.name,
      target,
      attempt: 0,
      first: svc.now(),
    };
    if (sink) sink(job);
    else svc.core.scheduler.schedule(DELIVER_JOB, svc.now(), job);
  }
}
