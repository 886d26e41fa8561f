// Rules: PutRule (event pattern and/or schedule), Describe/Enable/Disable/Delete/ListRules, TestEventPattern.
import type { HandlerTable } from '../types.js';
import type { Operations, Rule } from './api.js';
import {
  compileEventPattern,
  EventValidationError,
  PatternError,
  testEventPattern,
} from '../../patterns/eventbridge/index.js';
import type { EventsService } from './service.js';
import type { RuleRow } from './store.js';
import { busRef, DEFAULT_BUS, ruleArn, type BusRef } from './arns.js';
import { EventsErrors } from './errors.js';
import { page } from './paging.js';
import { parseSchedule } from './schedule.js';
import { tagsToObject } from './tags.js';
import type { Scheduled } from './scheduled.js';

type RuleOps = Pick<
  Operations,
  'PutRule' | 'DescribeRule' | 'EnableRule' | 'DisableRule' | 'DeleteRule' | 'ListRules' | 'TestEventPattern'
>;

export function checkPattern(pattern: string): void {
  try {
    compileEventPattern(pattern);
  } catch (err) {
    if (err instanceof PatternError) throw EventsErrors.invalidEventPattern(err.message);
    throw err;
  }
}

function toRule(ref: BusRef, r: RuleRow): Rule {
  const out: Rule = { Name: r.name, Arn: ruleArn(ref, r.name) };
  if (r.pattern !== null) out.EventPattern = r.pattern;
  if (r.schedule !== null) out.ScheduleExpression = r.schedule;
  out.State = r.state as Rule['State'];
  if (r.description !== null) out.Description = r.description;
  if (r.role_arn !== null) out.RoleArn = r.role_arn;
  if (r.managed_by !== null) out.ManagedBy = r.managed_by;
  out.EventBusName = r.bus;
  return out;
}

export function ruleHandlers(svc: EventsService, scheduled: Scheduled): HandlerTable<RuleOps> {
  const setState = (name: string, bus: string | undefined, ctx: Parameters<typeof busRef>[1], state: string) => {
    const ref = busRef(bus, ctx);
    svc.tx(() => {
      const row = svc.requireRule(ref, name);
      svc.store.setRuleState(row, state);
      scheduled.sync({ ...row, state }, ref);
    });
    svc.invalidate(ref);
  };

  return {
    PutRule(input, ctx) {
      const ref = busRef(input.EventBusName, ctx);
      if (input.ScheduleExpression !== undefined && ref.name !== DEFAULT_BUS) {
        throw EventsErrors.validation('ScheduleExpression is supported only on the default event bus.');
      }
      const schedule = input.ScheduleExpression || undefined;
      if (input.EventPattern === undefined && schedule === undefined) {
        throw EventsErrors.validation('Parameter(s) EventPattern or ScheduleExpression must be specified.');
      }
      if (schedule !== undefined) parseSchedule(schedule);
      if (input.EventPattern !== undefined) checkPattern(input.EventPattern);
      svc.tx(() => {
        svc.requireBus(ref);
        const existing = svc.store.rule(ref.accountId, ref.region, ref.name, input.Name);
        const tags = { ...(existing ? (JSON.parse(existing.tags) as Record<string, string>) : {}) };
        Object.assign(tags, tagsToObject(input.Tags ?? []));
        const row: RuleRow = {
          account_id: ref.accountId,
          region: ref.region,
          bus: ref.name,
          name: input.Name,
          pattern: input.EventPattern ?? null,
          schedule: schedule ?? null,
          state: input.State ?? 'ENABLED',
          description: input.Description ?? null,
          role_arn: input.RoleArn ?? null,
          managed_by: existing?.managed_by ?? null,
          created_by: existing?.created_by ?? ctx.accountId,
          tags: JSON.stringify(tags),
          created_at: existing?.created_at ?? svc.now(),
        };
        svc.store.upsertRule(row);
        scheduled.sync(row, ref, existing?.schedule !== row.schedule || existing?.state !== row.state);
      });
      svc.invalidate(ref);
      return { RuleArn: ruleArn(ref, input.Name) };
    },

    DescribeRule(input, ctx) {
      const ref = busRef(input.EventBusName, ctx);
      const row = svc.requireRule(ref, input.Name);
      return { ...toRule(ref, row), CreatedBy: row.created_by };
    },

    EnableRule(input, ctx) {
      setState(input.Name, input.EventBusName, ctx, 'ENABLED');
    },

    DisableRule(input, ctx) {
      setState(input.Name, input.EventBusName, ctx, 'DISABLED');
    },

    DeleteRule(input, ctx) {
      const ref = busRef(input.EventBusName, ctx);
      svc.tx(() => {
        const row = svc.store.rule(ref.accountId, ref.region, ref.name, input.Name);
        if (!row) return; // AWS answers success for a rule that does not exist
        if (row.managed_by !== null && !input.Force) {
          throw EventsErrors.managedRule(`Rule ${input.Name} is managed by ${row.managed_by} and can't be deleted.`);
        }
        if (svc.store.targets(ref.accountId, ref.region, ref.name, input.Name).length > 0) {
          throw EventsErrors.validation("Rule can't be deleted since it has targets.");
        }
        svc.store.deleteRule(row);
        scheduled.cancel(row);
      });
      svc.invalidate(ref);
    },

    ListRules(input, ctx) {
      const ref = busRef(input.EventBusName, ctx);
      svc.requireBus(ref);
      const prefix = input.NamePrefix ?? '';
      const rows = svc.store.rules(ref.accountId, ref.region, ref.name).filter((r) => r.name.startsWith(prefix));
      const p = page(rows, input.Limit, input.NextToken);
      return { Rules: p.items.map((r) => toRule(ref, r)), ...(p.next ? { NextToken: p.next } : {}) };
    },

    TestEventPattern(input) {
      try {
        return { Result: testEventPattern(input.EventPattern, input.Event) };
      } catch (err) {
        if (err instanceof PatternError) throw EventsErrors.invalidEventPattern(err.message);
        if (err instanceof EventValidationError) throw EventsErrors.validation(err.message);
        throw err;
      }
    },
  };
}
