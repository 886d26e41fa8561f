// Delegated administrators: member accounts registered to administer an AWS service for the organization.
import type { HandlerTable } from '../types.js';
import type { DelegatedAdministrator, Operations } from './api.js';
import type { OrgService } from './service.js';
import type { OrgSnapshot } from './model.js';
import { OrgErrors } from './errors.js';
import { accountShape } from './shapes.js';
import { page } from './paging.js';
import { checkServicePrincipal } from './organization.js';

type DelegatedOps =
  | 'RegisterDelegatedAdministrator'
  | 'DeregisterDelegatedAdministrator'
  | 'ListDelegatedAdministrators'
  | 'ListDelegatedServicesForAccount';

function memberAccount(snap: OrgSnapshot, id: string) {
  const a = snap.accounts.get(id);
  if (!a) throw OrgErrors.accountNotFound();
  return a;
}

export function delegatedHandlers(svc: OrgService): Pick<HandlerTable<Operations>, DelegatedOps> {
  return {
    RegisterDelegatedAdministrator(input, ctx) {
      const snap = svc.management(ctx);
      checkServicePrincipal(input.ServicePrincipal);
      const account = memberAccount(snap, input.AccountId);
      if (input.AccountId === snap.management) {
        throw OrgErrors.constraint('CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR');
      }
      if (account.status !== 'ACTIVE') {
        throw OrgErrors.constraint('CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR');
      }
      const existing = svc.store.delegatedOf(snap.id);
      if (existing.some((d) => d.account_id === input.AccountId && d.principal === input.ServicePrincipal)) {
        throw OrgErrors.accountAlreadyRegistered();
      }
      svc.write(() => svc.store.registerDelegated(snap.id, input.AccountId, input.ServicePrincipal, svc.now()));
    },

    DeregisterDelegatedAdministrator(input, ctx) {
      const snap = svc.management(ctx);
      checkServicePrincipal(input.ServicePrincipal);
      memberAccount(snap, input.AccountId);
      const registered = svc.store
        .delegatedOf(snap.id)
        .some((d) => d.account_id === input.AccountId && d.principal === input.ServicePrincipal);
      if (!registered) throw OrgErrors.accountNotRegistered();
      svc.write(() => svc.store.deregisterDelegated(snap.id, input.AccountId, input.ServicePrincipal));
    },

    ListDelegatedAdministrators(input, ctx) {
      const snap = svc.reader(ctx);
      if (input.ServicePrincipal !== undefined) checkServicePrincipal(input.ServicePrincipal);
      const firstDelegation = new Map<string, number>();
      for (const d of svc.store.delegatedOf(snap.id)) {
        if (input.ServicePrincipal !== undefined && d.principal !== input.ServicePrincipal) continue;
        const prior = firstDelegation.get(d.account_id);
        if (prior === undefined || d.enabled_at < prior) firstDelegation.set(d.account_id, d.enabled_at);
      }
      const all: DelegatedAdministrator[] = [];
      for (const [accountId, at] of firstDelegation) {
        const a = snap.accounts.get(accountId);
        if (a) all.push({ ...accountShape(snap, a), DelegationEnabledDate: new Date(at) });
      }
      const { items, NextToken } = page(all, input, `delegated:${input.ServicePrincipal ?? ''}`);
      return { DelegatedAdministrators: items, ...(NextToken ? { NextToken } : {}) };
    },

    ListDelegatedServicesForAccount(input, ctx) {
      const snap = svc.reader(ctx);
      memberAccount(snap, input.AccountId);
      const services = svc.store
        .delegatedOf(snap.id)
        .filter((d) => d.account_id === input.AccountId)
        .map((d) => ({ ServicePrincipal: d.principal, DelegationEnabledDate: new Date(d.enabled_at) }));
      if (services.length === 0) throw OrgErrors.accountNotRegistered();
      const { items, NextToken } = page(services, input, `delegated-services:${input.AccountId}`);
      return { DelegatedServices: items, ...(NextToken ? { NextToken } : {}) };
    },
  };
}
