// The organization itself: create, describe, delete; trusted service access; the resource-based delegation policy.
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import type { OrgService } from './service.js';
import { OrgErrors } from './errors.js';
import { arns, newOrgId, newResourcePolicyId, newRootId } from './ids.js';
import { defaultEmail, organizationShape } from './shapes.js';
import { page } from './paging.js';
import { checkTags } from './tags.js';
import { CommonErrors } from '../../protocol/errors.js';

/** Service principals look like `<name>.amazonaws.com`; anything else is unrecognized. */
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

export function checkServicePrincipal(principal: string): void {
  if (!SERVICE_PRINCIPAL.test(principal)) throw OrgErrors.invalidInput('UNRECOGNIZED_SERVICE_PRINCIPAL');
}

type OrgOps =
  | 'CreateOrganization'
  | 'DescribeOrganization'
  | 'DeleteOrganization'
  | 'EnableAllFeatures'
  | 'EnableAWSServiceAccess'
  | 'DisableAWSServiceAccess'
  | 'ListAWSServiceAccessForOrganization'
  | 'PutResourcePolicy'
  | 'DescribeResourcePolicy'
  | 'DeleteResourcePolicy';

export function organizationHandlers(svc: OrgService): Pick<HandlerTable<Operations>, OrgOps> {
  const managementEmail = (mgmt: string) => svc.store.account(mgmt)?.email ?? defaultEmail(mgmt);
  return {
    CreateOrganization(input, ctx) {
      if (svc.orgOfAccount(ctx.accountId)) throw OrgErrors.alreadyInOrganization();
      const orgId = newOrgId();
      const rootId = newRootId();
      const now = svc.now();
      svc.write(() => {
        svc.store.insertOrg({
          id: orgId,
          management_account_id: ctx.accountId,
          feature_set: input.FeatureSet ?? 'ALL',
          root_id: rootId,
          created_at: now,
        });
        svc.store.insertAccount({
          account_id: ctx.accountId,
          org_id: orgId,
          parent_id: rootId,
          name: ctx.accountId,
          email: defaultEmail(ctx.accountId),
          status: 'ACTIVE',
          joined_method: 'INVITED',
          joined_at: now,
        });
      });
      const snap = svc.snapshot(orgId)!;
      return { Organization: organizationShape(snap, managementEmail(snap.management)) };
    },

    DescribeOrganization(_input, ctx) {
      const snap = svc.member(ctx);
      return { Organization: organizationShape(snap, managementEmail(snap.management)) };
    },

    DeleteOrganization(_input, ctx) {
      const snap = svc.management(ctx);
      if (snap.accounts.size > 1) throw OrgErrors.organizationNotEmpty();
      svc.write(() => svc.store.deleteOrg(snap.id));
    },

    EnableAllFeatures() {
      // Needs the all-features handshake with every invited account; not modelled yet.
      throw CommonErrors.notImplemented('EnableAllFeatures');
    },

    EnableAWSServiceAccess(input, ctx) {
      const snap = svc.management(ctx);
      checkServicePrincipal(input.ServicePrincipal);
      if (!snap.allFeatures) throw OrgErrors.constraint('ORGANIZATION_NOT_IN_ALL_FEATURES_MODE');
      svc.write(() => svc.store.enableServiceAccess(snap.id, input.ServicePrincipal, svc.now()));
    },

    DisableAWSServiceAccess(input, ctx) {
      const snap = svc.management(ctx);
      checkServicePrincipal(input.ServicePrincipal);
      svc.write(() => svc.store.disableServiceAccess(snap.id, input.ServicePrincipal));
    },

    ListAWSServiceAccessForOrganization(input, ctx) {
      const snap = svc.reader(ctx);
      const all = svc.store
        .serviceAccessOf(snap.id)
        .map((r) => ({ ServicePrincipal: r.principal, DateEnabled: new Date(r.enabled_at) }));
      const { items, NextToken } = page(all, input, 'service-access');
      return { EnabledServicePrincipals: items, ...(NextToken ? { NextToken } : {}) };
    },

    PutResourcePolicy(input, ctx) {
      const snap = svc.management(ctx);
      checkTags(input.Tags);
      let doc: unknown;
      try {
        doc = JSON.parse(input.Content);
      } catch {
        doc = undefined;
      }
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
        throw OrgErrors.invalidInput('INVALID_RESOURCE_POLICY_JSON', 'The provided policy document is not valid JSON.');
      }
      const id = svc.store.resourcePolicy(snap.id)?.id ?? newResourcePolicyId();
      svc.write(() => {
        svc.store.putResourcePolicy(snap.id, id, input.Content);
        for (const t of input.Tags ?? []) svc.store.putTag(snap.id, id, t.Key, t.Value);
      });
      return {
        ResourcePolicy: {
          ResourcePolicySummary: { Id: id, Arn: arns.resourcePolicy(snap.management, snap.id, id) },
          Content: input.Content,
        },
      };
    },

    DescribeResourcePolicy(_input, ctx) {
      const snap = svc.reader(ctx);
      const rp = svc.store.resourcePolicy(snap.id);
      if (!rp) throw OrgErrors.resourcePolicyNotFound();
      return {
        ResourcePolicy: {
          ResourcePolicySummary: { Id: rp.id, Arn: arns.resourcePolicy(snap.management, snap.id, rp.id) },
          Content: rp.content,
        },
      };
    },

    DeleteResourcePolicy(_input, ctx) {
      const snap = svc.management(ctx);
      const rp = svc.store.resourcePolicy(snap.id);
      if (!rp) throw OrgErrors.resourcePolicyNotFound();
      svc.write(() => {
        svc.store.deleteResourcePolicy(snap.id);
        svc.store.deleteTags(snap.id, rp.id);
      });
    },
  };
}
