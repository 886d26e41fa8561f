// Scheduled rules: the next fire time of each enabled scheduled rule is one keyed scheduler job (durable), which
// emits AWS's "Scheduled Event" to the rule's targets and schedules the following fire time.
import { randomUUID } from 'node:crypto';
import type { EventsService } from './service.js';
import type { RuleRow } from './store.js';
import { ruleArn, type BusRef } from './arns.js';
import { nextFire, parseSchedule } from './schedule.js';
import { deliverToRule } from './router.js';
import { isoSeconds } from './envelope.js';

const FIRE_JOB = 'events.schedule';

interface FirePayload {
  accountId: string;
  region: string;
  bus: string;
  rule: string;
  schedule: string;
  /** rate() periods count from here (when the schedule was set). */
  anchor: number;
  at: number;
}

const keyOf = (r: { account_id: string; region: string; bus: string; name: string }) =>
  `events:schedule:${r.account_id}:${r.region}:${r.bus}:${r.name}`;

export class Scheduled {
  constructor(private readonly svc: EventsService) {
    svc.core.scheduler.register(FIRE_JOB, (p) => this.fire(p as FirePayload));
  }

  /** Brings the rule's fire job in line with its schedule and state (call inside the rule's transaction). */
  sync(row: RuleRow, ref: BusRef, restart = true): void {
    if (!row.schedule || row.state === 'DISABLED') {
      this.cancel(row);
      return;
    }
    if (!restart) return;
    const now = this.svc.now();
    const at = nextFire(parseSchedule(row.schedule), now, now);
    if (at === undefined) {
      this.cancel(row);
      return;
    }
    const payload: FirePayload = {
      accountId: ref.accountId,
      region: ref.region,
      bus: ref.name,
      rule: row.name,
      schedule: row.schedule,
      anchor: now,
      at,
    };
    this.svc.core.scheduler.schedule(FIRE_JOB, at, payload, keyOf(row));
  }

  cancel(row: RuleRow): void {
    this.svc.core.scheduler.cancel(keyOf(row));
  }

  private fire(p: FirePayload): void {
    const bus: BusRef = { accountId: p.accountId, region: p.region, name: p.bus };
    this.svc.tx(() => {
      const rule = this.svc.matchRules(bus).find((r) => r.row.name === p.rule);
      if (!rule || rule.row.schedule !== p.schedule || rule.row.state === 'DISABLED') return;
      const arn = ruleArn(bus, p.rule);
      const event = {
        version: '0',
        id: randomUUID(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: p.accountId,
        time: isoSeconds(p.at),
        region: p.region,
        resources: [arn],
        detail: {},
      };
      deliverToRule(this.svc, rule, { event, json: JSON.stringify(event), ingestion: this.svc.now() });
      // The next occurrence after now (missed occurrences while atoll was down are not replayed one by one).
      const next = nextFire(parseSchedule(p.schedule), Math.max(p.at, this.svc.now()), p.anchor);
      if (next !== undefined) this.svc.core.scheduler.schedule(FIRE_JOB, next, { ...p, at: next }, keyOf(rule.row));
    });
  }
}
