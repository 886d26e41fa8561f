// Builds the global condition keys (IAM User Guide, "AWS global condition context keys") with the values AWS documents
// for each principal type. Keys absent from the request are left out, not set empty: presence is itself tested by
// Null, ...IfExists and the set qualifiers.
import type { AuthzPrincipal, ConditionContext } from './types.js';

export interface GlobalContextInput {
  principal: AuthzPrincipal;
  sourceIp?: string;
  secureTransport?: boolean;
  /** Defaults to the current time. */
  now?: Date | number;
  requestedRegion?: string;
  requestTags?: Record<string, string>;
  /** Tag keys in the request; defaults to the keys of requestTags when those are given. */
  tagKeys?: string[];
  resourceTags?: Record<string, string>;
  /** Services that made the request on the principal's behalf, first to last (aws:CalledVia). */
  calledVia?: string[];
  viaAwsService?: boolean;
  /** Service-to-service calls: the resource / account on whose behalf the service acts. */
  sourceArn?: string;
  sourceAccount?: string;
  sourceOrgId?: string;
  /**
   * Only temporary credentials carry MFA information: leave undefined for long-term access keys (the key is then
   * absent, as in AWS), pass { present } for session credentials.
   */
  mfa?: { present: boolean; ageSeconds?: number };
  /** Temporary credentials: when they were issued (aws:TokenIssueTime). */
  tokenIssueTime?: Date | number;
  sourceIdentity?: string;
  resourceAccount?: string;
  resourceOrgId?: string;
  resourceOrgPaths?: string[];
  userAgent?: string;
}

function iso(t: Date | number): string {
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function partition(arn: string): string {
  return arn.startsWith('arn:') ? arn.split(':')[1] : 'aws';
}

/** The session name of `arn:aws:sts::A:assumed-role/Role/Session`. */
function sessionName(arn: string): string {
  return arn.split('/').slice(2).join('/');
}

/** aws:PrincipalArn is the role, not the session, for assumed roles. */
function principalArn(p: AuthzPrincipal): string | undefined {
  switch (p.type) {
    case 'Root':
      return `arn:${partition(p.arn)}:iam::${p.accountId}:root`;
    case 'AssumedRole': {
      if (p.roleArn) return p.roleArn;
      const role = p.arn.split('/')[1];
      return `arn:${partition(p.arn)}:iam::${p.accountId}:role/${role}`;
    }
    case 'User':
    case 'FederatedUser':
      return p.arn;
    default:
      return undefined;
  }
}

/** aws:userid: account id (root), AIDA... (user), AROA...:session (role session), account:name (federated user). */
function userId(p: AuthzPrincipal): string | undefined {
  switch (p.type) {
    case 'Root':
      return p.accountId;
    case 'User':
      return p.userId;
    case 'AssumedRole':
      if (!p.userId) return undefined;
      return p.userId.includes(':') ? p.userId : `${p.userId}:${sessionName(p.arn)}`;
    case 'FederatedUser':
      return `${p.accountId}:${p.username ?? p.arn.split('/').slice(1).join('/')}`;
    case 'Anonymous':
      return 'anonymous';
    default:
      return undefined;
  }
}

const PRINCIPAL_TYPE: Partial<Record<AuthzPrincipal['type'], string>> = {
  Root: 'Account',
  User: 'User',
  AssumedRole: 'AssumedRole',
  FederatedUser: 'FederatedUser',
  Anonymous: 'Anonymous',
};

export function buildGlobalContext(input: GlobalContextInput): ConditionContext {
  const p = input.principal;
  const now = input.now ?? Date.now();
  const ctx: ConditionContext = {
    'aws:CurrentTime': iso(now),
    'aws:EpochTime': Math.floor(new Date(now).getTime() / 1000),
    'aws:PrincipalIsAWSService': p.type === 'Service',
    'aws:ViaAWSService': input.viaAwsService ?? false,
  };
  const set = (key: string, value: ConditionContext[string]): void => {
    if (value !== undefined) ctx[key] = value;
  };

  set('aws:PrincipalType', PRINCIPAL_TYPE[p.type]);
  set('aws:PrincipalArn', principalArn(p));
  set('aws:userid', userId(p));
  if (p.type === 'User') set('aws:username', p.username ?? p.arn.split('/').pop());
  if (p.type === 'Service') set('aws:PrincipalServiceName', p.arn);
  if (p.type === 'Root' || p.type === 'User' || p.type === 'AssumedRole' || p.type === 'FederatedUser') {
    set('aws:PrincipalAccount', p.accountId);
    set('aws:PrincipalOrgID', p.orgId);
    if (p.orgPaths) set('aws:PrincipalOrgPaths', p.orgPaths);
    for (const [k, v] of Object.entries(p.tags ?? {})) ctx[`aws:PrincipalTag/${k}`] = v;
  }

  set('aws:SourceIp', input.sourceIp);
  set('aws:SecureTransport', input.secureTransport);
  set('aws:RequestedRegion', input.requestedRegion);
  for (const [k, v] of Object.entries(input.requestTags ?? {})) ctx[`aws:RequestTag/${k}`] = v;
  const tagKeys = input.tagKeys ?? (input.requestTags ? Object.keys(input.requestTags) : undefined);
  if (tagKeys) set('aws:TagKeys', tagKeys);
  for (const [k, v] of Object.entries(input.resourceTags ?? {})) ctx[`aws:ResourceTag/${k}`] = v;

  if (input.calledVia && input.calledVia.length > 0) {
    ctx['aws:CalledVia'] = input.calledVia;
    ctx['aws:CalledViaFirst'] = input.calledVia[0];
    ctx['aws:CalledViaLast'] = input.calledVia[input.calledVia.length - 1];
  }
  set('aws:SourceArn', input.sourceArn);
  set('aws:SourceAccount', input.sourceAccount);
  set('aws:SourceOrgID', input.sourceOrgId);
  if (input.mfa) {
    ctx['aws:MultiFactorAuthPresent'] = input.mfa.present;
    if (input.mfa.present && input.mfa.ageSeconds !== undefined) ctx['aws:MultiFactorAuthAge'] = input.mfa.ageSeconds;
  }
  if (input.tokenIssueTime !== undefined) ctx['aws:TokenIssueTime'] = iso(input.tokenIssueTime);
  set('aws:SourceIdentity', input.sourceIdentity);
  set('aws:ResourceAccount', input.resourceAccount);
  set('aws:ResourceOrgID', input.resourceOrgId);
  if (input.resourceOrgPaths) set('aws:ResourceOrgPaths', input.resourceOrgPaths);
  set('aws:UserAgent', input.userAgent);
  return ctx;
}
