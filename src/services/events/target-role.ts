// Targets delivered with a role (RoleArn: Step Functions state machines and the other role-based targets): when IAM
// has the role, EventBridge assumes it (its trust policy must allow events.amazonaws.com) and calls the target as
// that session, so the role's policies decide. A role IAM does not know leaves the delivery as before: the
// events.amazonaws.com service principal (atoll's leniency for made-up role ARNs, docs/coverage/iam.md).
import { serviceRolesFor, type RoleSession } from '../../iam/service-roles.js';
import { AwsError } from '../../protocol/errors.js';
import type { Caller } from '../types.js';
import type { DeliveryJob } from './delivery.js';
import type { EventsService } from './service.js';

/** The role session's caller for the target, or undefined when the target has no role IAM knows. */
export function roleCaller(svc: EventsService, job: DeliveryJob, region: string): Caller | undefined {
  const session = roleSession(svc, job);
  return session && { accountId: job.accountId, region, principal: session.principal, sourceArn: job.ruleArn };
}

/** The target role's session, or undefined when the target has no role IAM knows. */
export function roleSession(svc: EventsService, job: DeliveryJob): RoleSession | undefined {
  const roleArn = job.target.RoleArn;
  if (!roleArn) return undefined;
  const use = serviceRolesFor(svc.core).assume(roleArn, 'events.amazonaws.com', job.ruleName, {
    region: job.region,
    sourceArn: job.ruleArn,
  });
  if (use.kind === 'absent') return undefined;
  if (use.kind === 'untrusted') {
    // Missing permissions: no retries, straight to the dead-letter queue (NO_PERMISSIONS).
    throw new AwsError(
      'AccessDeniedException',
      `User: events.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      { status: 403 },
    );
  }
  return use.session;
}
