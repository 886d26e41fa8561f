// The invitation flow: the management account invites an existing account (by id); the invited account accepts
// (joins the root, JoinedMethod INVITED) or declines; the management account may cancel. Invitations by email
// address are not modelled (atoll accounts have no addresses of their own).
import type { HandlerTable, RequestContext } from '../types.js';
import type { Handshake, Operations } from './api.js';
import type { OrgService } from './service.js';
import type { HandshakeRow } from './store.js';
import { CommonErrors } from '../../protocol/errors.js';
import { OrgErrors } from './errors.js';
import { arns, newHandshakeId } from './ids.js';
import { defaultEmail } from './shapes.js';
import { page } from './paging.js';
import { checkTags, storeTags } from './tags.js';
import { attachDefaults } from './policy-types.js';

/** Invitations expire after 15 days. */
const EXPIRY_MS = 15 * 24 * 3600 * 1000;

type HandshakeOps =
  | 'InviteAccountToOrganization'
  | 'AcceptHandshake'
  | 'DeclineHandshake'
  | 'CancelHandshake'
  | 'DescribeHandshake'
  | 'ListHandshakesForAccount'
  | 'ListHandshakesForOrganization';

export function handshakeHandlers(svc: OrgService): Pick<HandlerTable<Operations>, HandshakeOps> {
  const stateOf = (h: HandshakeRow) => (h.state === 'OPEN' && h.expires_at <= svc.now() ? 'EXPIRED' : h.state);

  const shape = (h: HandshakeRow): Handshake => {
    const org = svc.store.org(h.org_id);
    const mgmt = org?.management_account_id ?? '';
    return {
      Id: h.id,
      Arn: arns.handshake(mgmt, h.org_id, h.id),
      Parties: [
        { Id: h.org_id, Type: 'ORGANIZATION' },
        { Id: h.target_account_id, Type: 'ACCOUNT' },
      ],
      State: stateOf(h) as Handshake['State'],
      RequestedTimestamp: new Date(h.requested_at),
      ExpirationTimestamp: new Date(h.expires_at),
      Action: 'INVITE',
      Resources: [
        {
          Type: 'ORGANIZATION',
          Value: h.org_id,
          Resources: [
            { Type: 'MASTER_EMAIL', Value: svc.store.account(mgmt)?.email ?? defaultEmail(mgmt) },
            { Type: 'MASTER_NAME', Value: svc.store.account(mgmt)?.name ?? mgmt },
            { Type: 'ORGANIZATION_FEATURE_SET', Value: org?.feature_set ?? 'ALL' },
          ],
        },
        { Type: 'ACCOUNT', Value: h.target_account_id },
        ...(h.notes !== null ? [{ Type: 'NOTES' as const, Value: h.notes }] : []),
      ],
    };
  };

  /** A handshake the caller may see: the invited account, or the inviting organization's management account. */
  const visible = (id: string, ctx: RequestContext): HandshakeRow => {
    const h = svc.store.handshake(id);
    if (!h) throw OrgErrors.handshakeNotFound();
    const mgmt = svc.store.org(h.org_id)?.management_account_id;
    if (h.target_account_id !== ctx.accountId && mgmt !== ctx.accountId) throw OrgErrors.handshakeNotFound();
    return h;
  };

  const transition = (h: HandshakeRow, to: 'ACCEPTED' | 'DECLINED' | 'CANCELED'): void => {
    const state = stateOf(h);
    if (state === to) throw OrgErrors.handshakeAlreadyInState();
    if (state !== 'OPEN') throw OrgErrors.invalidHandshakeTransition();
  };

  return {
    InviteAccountToOrganization(input, ctx) {
      const snap = svc.management(ctx);
      if (input.Target.Type === 'EMAIL')
        throw CommonErrors.notImplemented('InviteAccountToOrganization (EMAIL target)');
      if (input.Target.Type !== 'ACCOUNT') throw OrgErrors.invalidInput('INVALID_PARTY_TYPE_TARGET');
      if (!/^\d{12}$/.test(input.Target.Id)) throw OrgErrors.invalidInput('INVALID_PATTERN');
      checkTags(input.Tags);
      if (snap.accounts.has(input.Target.Id)) throw OrgErrors.duplicateAccount();
      const open = svc.store
        .handshakesOf(snap.id)
        .some((h) => h.target_account_id === input.Target.Id && stateOf(h) === 'OPEN');
      if (open) throw OrgErrors.duplicateHandshake();
      const now = svc.now();
      const row: Omit<HandshakeRow, 'state'> = {
        id: newHandshakeId(),
        org_id: snap.id,
        target_account_id: input.Target.Id,
        notes: input.Notes ?? null,
        requested_at: now,
        expires_at: now + EXPIRY_MS,
      };
      svc.write(() => {
        svc.store.insertHandshake(row);
        storeTags(svc, snap.id, row.id, input.Tags);
      });
      return { Handshake: shape(svc.store.handshake(row.id)!) };
    },

    AcceptHandshake(input, ctx) {
      const h = visible(input.HandshakeId, ctx);
      if (h.target_account_id !== ctx.accountId) throw OrgErrors.accessDenied();
      transition(h, 'ACCEPTED');
      if (svc.orgOfAccount(ctx.accountId)) {
        throw OrgErrors.handshakeConstraint(
          'ALREADY_IN_AN_ORGANIZATION',
          'The account is already a member of an organization.',
        );
      }
      const snap = svc.snapshot(h.org_id);
      if (!snap) throw OrgErrors.handshakeNotFound();
      svc.write(() => {
        svc.store.insertAccount({
          account_id: ctx.accountId,
          org_id: snap.id,
          parent_id: snap.rootId,
          name: ctx.accountId,
          email: defaultEmail(ctx.accountId),
          status: 'ACTIVE',
          joined_method: 'INVITED',
          joined_at: svc.now(),
        });
        attachDefaults(svc, snap, ctx.accountId);
        svc.store.setHandshakeState(h.id, 'ACCEPTED');
      });
      return { Handshake: shape(svc.store.handshake(h.id)!) };
    },

    DeclineHandshake(input, ctx) {
      const h = visible(input.HandshakeId, ctx);
      if (h.target_account_id !== ctx.accountId) throw OrgErrors.accessDenied();
      transition(h, 'DECLINED');
      svc.write(() => svc.store.setHandshakeState(h.id, 'DECLINED'));
      return { Handshake: shape(svc.store.handshake(h.id)!) };
    },

    CancelHandshake(input, ctx) {
      const h = visible(input.HandshakeId, ctx);
      if (h.target_account_id === ctx.accountId) throw OrgErrors.accessDenied();
      transition(h, 'CANCELED');
      svc.write(() => svc.store.setHandshakeState(h.id, 'CANCELED'));
      return { Handshake: shape(svc.store.handshake(h.id)!) };
    },

    DescribeHandshake(input, ctx) {
      return { Handshake: shape(visible(input.HandshakeId, ctx)) };
    },

    ListHandshakesForAccount(input, ctx) {
      const all = svc.store
        .handshakesFor(ctx.accountId)
        .filter(() => !input.Filter?.ActionType || input.Filter.ActionType === 'INVITE')
        .filter(() => !input.Filter?.ParentHandshakeId)
        .map(shape);
      const { items, NextToken } = page(all, input, 'handshakes-account');
      return { Handshakes: items, ...(NextToken ? { NextToken } : {}) };
    },

    ListHandshakesForOrganization(input, ctx) {
      const snap = svc.reader(ctx);
      const all = svc.store
        .handshakesOf(snap.id)
        .filter(() => !input.Filter?.ActionType || input.Filter.ActionType === 'INVITE')
        .filter(() => !input.Filter?.ParentHandshakeId)
        .map(shape);
      const { items, NextToken } = page(all, input, 'handshakes-org');
      return { Handshakes: items, ...(NextToken ? { NextToken } : {}) };
    },
  };
}
