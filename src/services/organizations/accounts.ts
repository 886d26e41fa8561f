// Member accounts: describe, list, move, remove, close, leave.
import type { HandlerTable, RequestContext } from '../types.js';
import type { Operations } from './api.js';
import type { OrgService } from './service.js';
import type { OrgSnapshot } from './model.js';
import type { AccountRow } from './store.js';
import { OrgErrors } from './errors.js';
import { accountShape } from './shapes.js';
import { page } from './paging.js';

/** Delay before a closed account goes from PENDING_CLOSURE to SUSPENDED. */
const CLOSURE_DELAY_MS = 1000;
export const CLOSE_ACCOUNT_JOB = 'organizations.close-account';

type AccountOps =
  | 'DescribeAccount'
  | 'ListAccounts'
  | 'ListAccountsForParent'
  | 'MoveAccount'
  | 'RemoveAccountFromOrganization'
  | 'CloseAccount'
  | 'LeaveOrganization';

function accountIn(snap: OrgSnapshot, id: string): AccountRow {
  const a = snap.accounts.get(id);
  if (!a) throw OrgErrors.accountNotFound();
  return a;
}

/** Drops an account and everything hanging off it from its organization (inside a write). */
function removeAccount(svc: OrgService, snap: OrgSnapshot, accountId: string): void {
  svc.store.detachAllFrom(snap.id, accountId);
  svc.store.deleteTags(snap.id, accountId);
  svc.store.deleteAccount(accountId);
}

function leave(svc: OrgService, snap: OrgSnapshot, accountId: string): void {
  if (accountId === snap.management) throw OrgErrors.masterCannotLeave();
  if (svc.store.delegatedOf(snap.id).some((d) => d.account_id === accountId)) {
    throw OrgErrors.constraint('CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG');
  }
  svc.write(() => removeAccount(svc, snap, accountId));
}

export function accountHandlers(svc: OrgService): Pick<HandlerTable<Operations>, AccountOps> {
  svc.core.scheduler.register(CLOSE_ACCOUNT_JOB, (payload) => {
    const { accountId } = payload as { accountId: string };
    const row = svc.store.account(accountId);
    if (row?.status === 'PENDING_CLOSURE') svc.write(() => svc.store.setAccountStatus(accountId, 'SUSPENDED'));
  });

  return {
    DescribeAccount(input, ctx) {
      const snap = svc.reader(ctx);
      return { Account: accountShape(snap, accountIn(snap, input.AccountId)) };
    },

    ListAccounts(input, ctx) {
      const snap = svc.reader(ctx);
      const all = [...snap.accounts.values()].map((a) => accountShape(snap, a));
      const { items, NextToken } = page(all, input, 'accounts');
      return { Accounts: items, ...(NextToken ? { NextToken } : {}) };
    },

    ListAccountsForParent(input, ctx) {
      const snap = svc.reader(ctx);
      if (!snap.isParent(input.ParentId)) throw OrgErrors.parentNotFound();
      const all = snap.childAccounts(input.ParentId).map((a) => accountShape(snap, a));
      const { items, NextToken } = page(all, input, `accounts:${input.ParentId}`);
      return { Accounts: items, ...(NextToken ? { NextToken } : {}) };
    },

    MoveAccount(input, ctx) {
      const snap = svc.management(ctx);
      const account = accountIn(snap, input.AccountId);
      if (!snap.isParent(input.SourceParentId)) throw OrgErrors.sourceParentNotFound();
      if (!snap.isParent(input.DestinationParentId)) throw OrgErrors.destinationParentNotFound();
      if (account.parent_id === input.DestinationParentId) throw OrgErrors.duplicateAccount();
      if (account.parent_id !== input.SourceParentId) throw OrgErrors.sourceParentNotFound();
      svc.write(() => svc.store.moveAccount(input.AccountId, input.DestinationParentId));
    },

    RemoveAccountFromOrganization(input, ctx) {
      const snap = svc.management(ctx);
      accountIn(snap, input.AccountId);
      leave(svc, snap, input.AccountId);
    },

    LeaveOrganization(_input, ctx: RequestContext) {
      const snap = svc.member(ctx);
      leave(svc, snap, ctx.accountId);
    },

    CloseAccount(input, ctx) {
      const snap = svc.management(ctx);
      const account = accountIn(snap, input.AccountId);
      if (input.AccountId === snap.management) throw OrgErrors.constraint('CANNOT_CLOSE_MANAGEMENT_ACCOUNT');
      if (account.status !== 'ACTIVE') throw OrgErrors.accountAlreadyClosed();
      svc.write(() => {
        svc.store.setAccountStatus(input.AccountId, 'PENDING_CLOSURE');
        svc.core.scheduler.schedule(CLOSE_ACCOUNT_JOB, svc.now() + CLOSURE_DELAY_MS, { accountId: input.AccountId });
      });
    },
  };
}
