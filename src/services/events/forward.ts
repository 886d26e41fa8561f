// Event bus targets: the event moves unchanged (same id, account and time) onto the target bus, in this or another
// account/region. Another account's bus must allow the sending account in its resource policy.
import { evaluate, parsePolicy } from '../../iam/policy/index.js';
import type { EventsService } from './service.js';
import type { DeliveryJob } from './delivery.js';
import { busArn, type BusRef } from './arns.js';
import { routeEvent } from './router.js';
import { AwsError } from '../../protocol/errors.js';
import { serviceRolesFor } from '../../iam/service-roles.js';
import { roleSession } from './target-role.js';

/** Whether `accountId` may PutEvents onto `bus` (same account always; otherwise the bus policy decides). */
export function mayPutEvents(accountId: string, bus: BusRef, policyText: string | null): boolean {
  if (accountId === bus.accountId) return true;
  if (!policyText) return false;
  const arn = busArn(bus);
  const result = evaluate(
    {
      principal: { arn: `arn:aws:iam::${accountId}:root`, accountId, type: 'Root' },
      action: 'events:PutEvents',
      resource: arn,
      context: { 'aws:PrincipalAccount': accountId, 'aws:SourceAccount': accountId },
    },
    { identity: [], resource: parsePolicy(policyText, 'resource') },
  );
  return result.decision === 'Allow';
}

export function forwardToBus(svc: EventsService, job: DeliveryJob, bus: BusRef, event: Record<string, unknown>): void {
  // With a RoleArn IAM knows, the role's policies and the target bus's policy decide (as a session of the role).
  const session = roleSession(svc, job);
  svc.tx(() => {
    const row = svc.requireBus(bus);
    const arn = busArn(bus);
    const allowed = session
      ? serviceRolesFor(svc.core).allows(session, 'events:PutEvents', arn, bus.accountId, row.policy ?? undefined)
      : mayPutEvents(job.accountId, bus, row.policy);
    if (!allowed) {
      const who = session?.principal.arn ?? `arn:aws:iam::${job.accountId}:root`;
      throw new AwsError(
        'AccessDeniedException',
        `User: ${who} is not authorized to perform: events:PutEvents on resource: ${arn}`,
      );
    }
    routeEvent(svc, bus, { event, json: job.event, ingestion: svc.now() });
  });
}
