// The IAM action and resource each Step Functions operation needs (Service Authorization Reference resource
// types: stateMachine (and its versions and aliases), execution, express execution, activity, map run), so role
// policies scoped to a state machine's ARN work. Operations without a resource type (List*, SendTask*) use '*'.
import type { AuthzTarget, RequestContext } from '../types.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.startsWith('arn:') ? v : undefined);
const name = (v: unknown): string => (typeof v === 'string' ? v : '');

export function sfnAuthorization(
  operation: string,
  input: Record<string, unknown>,
  ctx: RequestContext,
): AuthzTarget[] {
  const action = `states:${operation}`;
  const base = `arn:aws:states:${ctx.region}:${ctx.accountId}`;
  if (operation === 'CreateStateMachine') return [{ action, resource: `${base}:stateMachine:${name(input.name)}` }];
  if (operation === 'CreateActivity') return [{ action, resource: `${base}:activity:${name(input.name)}` }];
  const resource =
    str(input.executionArn) ??
    str(input.stateMachineArn) ??
    str(input.stateMachineAliasArn) ??
    str(input.stateMachineVersionArn) ??
    str(input.activityArn) ??
    str(input.mapRunArn) ??
    str(input.resourceArn) ??
    '*';
  return [{ action, resource }];
}
