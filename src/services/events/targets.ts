// Rule targets: PutTargets / RemoveTargets (per-entry results), ListTargetsByRule, ListRuleNamesByTarget.
import type { HandlerTable } from '../types.js';
import type { Operations, Target, PutTargetsResultEntry } from './api.js';
import type { EventsService } from './service.js';
import { busRef } from './arns.js';
import { EventsErrors } from './errors.js';
import { page } from './paging.js';

type TargetOps = Pick<Operations, 'PutTargets' | 'RemoveTargets' | 'ListTargetsByRule' | 'ListRuleNamesByTarget'>;

/** AWS's quota of targets per rule. */
const MAX_TARGETS = 5;
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$/;

/** Request-level checks AWS makes on each target before accepting any. */
function checkTarget(t: Target): void {
  if (!ARN.test(t.Arn)) {
    throw EventsErrors.validation(`Parameter ${t.Arn} is not valid. Reason: Provided Arn is not in correct format.`);
  }
  const inputs = [t.Input, t.InputPath, t.InputTransformer].filter((x) => x !== undefined).length;
  if (inputs > 1) {
    throw EventsErrors.validation(
      `Only one of Input, InputPath, or InputTransformer must be provided for target ${t.Id}.`,
    );
  }
  if (t.Input !== undefined) {
    try {
      JSON.parse(t.Input);
    } catch {
      throw EventsErrors.validation(`Input for target ${t.Id} must be a valid JSON text.`);
    }
  }
  const paths = t.InputTransformer?.InputPathsMap ?? {};
  if (Object.keys(paths).length > 100) {
    throw EventsErrors.validation(`InputPathsMap for target ${t.Id} can contain at most 100 entries.`);
  }
  for (const key of Object.keys(paths)) {
    if (key.startsWith('aws.')) {
      throw EventsErrors.validation(`InputTransformer for target ${t.Id} contains a reserved key ${key}.`);
    }
  }
  const sqs = /^arn:aws[a-z-]*:sqs:[^:]*:\d{12}:(.+)$/.exec(t.Arn);
  if (sqs?.[1]?.endsWith('.fifo') && !t.SqsParameters?.MessageGroupId) {
    throw EventsErrors.validation(`Parameter(s) SqsParameters must be specified for target: ${t.Id}.`);
  }
  if (t.SqsParameters && !sqs) {
    throw EventsErrors.validation(`Parameter(s) SqsParameters is not valid for target: ${t.Id}.`);
  }
  const dlq = t.DeadLetterConfig?.Arn;
  if (dlq !== undefined && !/^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/.test(dlq)) {
    throw EventsErrors.validation(`Parameter DeadLetterConfig.Arn is not valid for target: ${t.Id}.`);
  }
}

export function targetHandlers(svc: EventsService): HandlerTable<TargetOps> {
  return {
    PutTargets(input, ctx) {
      const ref = busRef(input.EventBusName, ctx);
      for (const t of input.Targets) checkTarget(t);
      svc.tx(() => {
        svc.requireRule(ref, input.Rule);
        const existing = new Set(svc.store.targets(ref.accountId, ref.region, ref.name, input.Rule).map((t) => t.id));
        for (const t of input.Targets) existing.add(t.Id);
        if (existing.size > MAX_TARGETS) {
          throw EventsErrors.limitExceeded('The requested resource exceeds the maximum number allowed.');
        }
        for (const t of input.Targets) {
          svc.store.upsertTarget({
            account_id: ref.accountId,
            region: ref.region,
            bus: ref.name,
            rule: input.Rule,
            id: t.Id,
            arn: t.Arn,
            spec: JSON.stringify(t),
          });
        }
      });
      svc.invalidate(ref);
      return { FailedEntryCount: 0, FailedEntries: [] as PutTargetsResultEntry[] };
    },

    RemoveTargets(input, ctx) {
      const ref = busRef(input.EventBusName, ctx);
      svc.tx(() => {
        const rule = svc.requireRule(ref, input.Rule);
        if (rule.managed_by !== null && !input.Force) {
          throw EventsErrors.managedRule(`Rule ${input.Rule} is managed by ${rule.managed_by}.`);
        }
        for (const id of input.Ids) svc.store.deleteTarget(ref.accountId, ref.region, ref.name, input.Rule, id);
      });
      svc.invalidate(ref);
      return { FailedEntryCount: 0, FailedEntries: [] };
    },

    ListTargetsByRule(input, ctx) {
      const ref = busRef(input.EventBusName, ctx);
      svc.requireRule(ref, input.Rule);
      const rows = svc.store.targets(ref.accountId, ref.region, ref.name, input.Rule);
      const p = page(rows, input.Limit, input.NextToken);
      return {
        Targets: p.items.map((r) => JSON.parse(r.spec) as Target),
        ...(p.next ? { NextToken: p.next } : {}),
      };
    },

    ListRuleNamesByTarget(input, ctx) {
      const ref = busRef(input.EventBusName, ctx);
      svc.requireBus(ref);
      const names = svc.store.ruleNamesByTarget(ref.accountId, ref.region, ref.name, input.TargetArn);
      const p = page(names, input.Limit, input.NextToken);
      return { RuleNames: p.items, ...(p.next ? { NextToken: p.next } : {}) };
    },
  };
}
