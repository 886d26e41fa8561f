// Bus resource policies: PutPermission adds a statement letting an account (or everyone, optionally limited to an
// organization) call events:PutEvents on the bus, or replaces the whole policy; RemovePermission takes them out.
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import { parsePolicy, PolicyDocumentError } from '../../iam/policy/index.js';
import type { EventsService } from './service.js';
import { busArn, busRef } from './arns.js';
import { EventsErrors } from './errors.js';

type PermissionOps = Pick<Operations, 'PutPermission' | 'RemovePermission'>;

interface PolicyDoc {
  Version?: string;
  Statement: Array<Record<string, unknown>>;
}

function parse(policy: string | null): PolicyDoc {
  if (!policy) return { Version: '2012-10-17', Statement: [] };
  const doc = JSON.parse(policy) as { Version?: string; Statement?: unknown };
  const stmts = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  return { ...doc, Statement: stmts as Array<Record<string, unknown>> };
}

export function permissionHandlers(svc: EventsService): HandlerTable<PermissionOps> {
  return {
    PutPermission(input, ctx) {
      const ref = busRef(input.EventBusName, ctx);
      let policy: string;
      if (input.Policy !== undefined) {
        try {
          parsePolicy(input.Policy, 'resource');
        } catch (err) {
          if (err instanceof PolicyDocumentError) throw EventsErrors.validation(err.message);
          throw err;
        }
        policy = input.Policy;
      } else {
        if (input.Action === undefined || input.Principal === undefined || input.StatementId === undefined) {
          throw EventsErrors.validation('One or more required parameters are missing: Action, Principal, StatementId.');
        }
        if (input.Action !== 'events:PutEvents') {
          throw EventsErrors.validation("Provided value in parameter 'action' is not supported.");
        }
        if (
          input.Condition &&
          (input.Condition.Type !== 'StringEquals' || input.Condition.Key !== 'aws:PrincipalOrgID')
        ) {
          throw EventsErrors.validation('Provided condition is not supported.');
        }
        const stmt: Record<string, unknown> = {
          Sid: input.StatementId,
          Effect: 'Allow',
          Principal: input.Principal === '*' ? '*' : { AWS: `arn:aws:iam::${input.Principal}:root` },
          Action: 'events:PutEvents',
          Resource: busArn(ref),
        };
        if (input.Condition) stmt.Condition = { StringEquals: { [input.Condition.Key]: input.Condition.Value } };
        policy = '';
        svc.tx(() => {
          const row = svc.requireBus(ref);
          const doc = parse(row.policy);
          if (doc.Statement.some((s) => s.Sid === input.StatementId)) {
            throw EventsErrors.resourceAlreadyExists('Statement with the provided id already exists.');
          }
          doc.Statement.push(stmt);
          policy = JSON.stringify({ Version: doc.Version ?? '2012-10-17', Statement: doc.Statement });
          save(svc, ref, policy);
        });
        return;
      }
      svc.tx(() => {
        svc.requireBus(ref);
        save(svc, ref, policy);
      });
    },

    RemovePermission(input, ctx) {
      const ref = busRef(input.EventBusName, ctx);
      svc.tx(() => {
        const row = svc.requireBus(ref);
        if (input.RemoveAllPermissions) {
          save(svc, ref, null);
          return;
        }
        if (input.StatementId === undefined) {
          throw EventsErrors.validation('One of StatementId or RemoveAllPermissions must be specified.');
        }
        if (!row.policy) throw EventsErrors.resourceNotFound('EventBus does not have a policy.');
        const doc = parse(row.policy);
        const kept = doc.Statement.filter((s) => s.Sid !== input.StatementId);
        if (kept.length === doc.Statement.length) {
          throw EventsErrors.resourceNotFound('Statement with the provided id does not exist.');
        }
        save(svc, ref, kept.length === 0 ? null : JSON.stringify({ ...doc, Statement: kept }));
      });
    },
  };
}

function save(
  svc: EventsService,
  ref: { accountId: string; region: string; name: string },
  policy: string | null,
): void {
  const row = svc.requireBus(ref);
  svc.materialize(row);
  svc.store.updateBus({ ...row, policy, modified_at: svc.now() });
}
