// The IAM action and resource each EventBridge operation needs (the Service Authorization Reference's resource
// types: event-bus, rule, archive, replay), for the policy engine.
import type { AuthzTarget, RequestContext } from '../types.js';
import { archiveArn, busArn, busRef, replayArn, ruleArn } from './arns.js';

const BUS_OPS = new Set([
  'CreateEventBus',
  'DeleteEventBus',
  'DescribeEventBus',
  'UpdateEventBus',
  'PutPermission',
  'RemovePermission',
]);
const RULE_OPS = new Set(['PutRule', 'DescribeRule', 'EnableRule', 'DisableRule', 'DeleteRule']);
const TARGET_OPS = new Set(['PutTargets', 'RemoveTargets', 'ListTargetsByRule']);
const ARCHIVE_OPS = new Set(['CreateArchive', 'DescribeArchive', 'UpdateArchive', 'DeleteArchive']);
const REPLAY_OPS = new Set(['StartReplay', 'DescribeReplay', 'CancelReplay']);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function authorization(operation: string, input: Record<string, unknown>, ctx: RequestContext): AuthzTarget[] {
  const action = `events:${operation}`;
  try {
    if (BUS_OPS.has(operation)) {
      const name = str(input.Name) ?? str(input.EventBusName);
      return [{ action, resource: busArn(busRef(name, ctx)) }];
    }
    if (RULE_OPS.has(operation) || TARGET_OPS.has(operation)) {
      const rule = str(input.Name) ?? str(input.Rule) ?? '';
      return [{ action, resource: ruleArn(busRef(str(input.EventBusName), ctx), rule) }];
    }
    if (ARCHIVE_OPS.has(operation)) {
      return [{ action, resource: archiveArn(ctx.region, ctx.accountId, str(input.ArchiveName) ?? '') }];
    }
    if (REPLAY_OPS.has(operation)) {
      return [{ action, resource: replayArn(ctx.region, ctx.accountId, str(input.ReplayName) ?? '') }];
    }
    if (operation === 'TagResource' || operation === 'UntagResource' || operation === 'ListTagsForResource') {
      return [{ action, resource: str(input.ResourceARN) ?? '*' }];
    }
    if (operation === 'PutEvents' && Array.isArray(input.Entries)) {
      const arns = new Set<string>();
      for (const e of input.Entries as Array<Record<string, unknown>>)
        arns.add(busArn(busRef(str(e.EventBusName), ctx)));
      return [...arns].map((resource) => ({ action, resource }));
    }
  } catch {
    // A malformed bus ARN is reported by the handler; authorize against the action alone.
  }
  return [{ action, resource: '*' }];
}
