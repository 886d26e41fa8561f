// Rows and snapshots rendered as the API's output shapes.
import type {
  Account,
  CreateAccountStatus,
  Organization,
  OrganizationalUnit,
  PolicySummary,
  PolicyType,
  Root,
} from './api.js';
import type { OrgSnapshot, AnyPolicy } from './model.js';
import type { AccountRow, CreateStatusRow, OuRow } from './store.js';
import { arns } from './ids.js';

/** Policy types Organizations accepts, in the order roots list them. */
export const POLICY_TYPES: readonly PolicyType[] = [
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
  'TAG_POLICY',
  'BACKUP_POLICY',
  'AISERVICES_OPT_OUT_POLICY',
  'CHATBOT_POLICY',
  'DECLARATIVE_POLICY_EC2',
];

/** Synthesized contact details for accounts atoll knows only by id (the management account, invited accounts). */
export const defaultEmail = (accountId: string) => `${accountId}@atoll.local`;

export function organizationShape(snap: OrgSnapshot, email: string): Organization {
  return {
    Id: snap.id,
    Arn: arns.organization(snap.management, snap.id),
    FeatureSet: snap.org.feature_set as Organization['FeatureSet'],
    MasterAccountArn: snap.accountArn(snap.management),
    MasterAccountId: snap.management,
    MasterAccountEmail: email,
    // Deprecated field; AWS reports SCPs as available in all-features organizations.
    AvailablePolicyTypes: snap.allFeatures ? [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] : [],
  };
}

export function rootShape(snap: OrgSnapshot): Root {
  return {
    Id: snap.rootId,
    Arn: snap.rootArn(),
    Name: 'Root',
    PolicyTypes: POLICY_TYPES.filter((t) => snap.policyTypes.has(t)).map((t) => ({ Type: t, Status: 'ENABLED' })),
  };
}

export function accountShape(snap: OrgSnapshot, a: AccountRow): Account {
  return {
    Id: a.account_id,
    Arn: snap.accountArn(a.account_id),
    Email: a.email,
    Name: a.name,
    Status: a.status as Account['Status'],
    JoinedMethod: a.joined_method as Account['JoinedMethod'],
    JoinedTimestamp: new Date(a.joined_at),
  };
}

export function ouShape(snap: OrgSnapshot, ou: OuRow): OrganizationalUnit {
  return { Id: ou.id, Arn: snap.ouArn(ou.id), Name: ou.name };
}

export function policySummary(snap: OrgSnapshot, p: AnyPolicy): PolicySummary {
  return {
    Id: p.id,
    Arn: snap.policyArn(p),
    Name: p.name,
    Description: p.description,
    Type: p.type as PolicyType,
    AwsManaged: p.managed === true,
  };
}

export function createStatusShape(r: CreateStatusRow): CreateAccountStatus {
  return {
    Id: r.id,
    AccountName: r.account_name,
    State: r.state as CreateAccountStatus['State'],
    RequestedTimestamp: new Date(r.requested_at),
    ...(r.completed_at !== null ? { CompletedTimestamp: new Date(r.completed_at) } : {}),
    ...(r.state === 'SUCCEEDED' ? { AccountId: r.account_id } : {}),
    ...(r.failure_reason !== null ? { FailureReason: r.failure_reason as CreateAccountStatus['FailureReason'] } : {}),
  };
}
