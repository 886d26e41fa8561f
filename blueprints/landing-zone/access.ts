// Inside the member accounts (through OrganizationAccountAccessRole sessions): the security team's SecurityAdmin
// roles, the cross-account audit role with ExternalId (seed 004 §1.5), the Developer "permission set" role per
// workload account (§1.6) and the permissions-boundary demonstration (§7.1 Q2). Trails and buckets: logging.ts.
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { BlueprintContext, ClientConfig } from '../../src/blueprints/types.js';
import { PREFIX, WORKLOAD_ACCOUNTS, type AccountKey, type OrgOutputs } from './org.js';
import * as P from './policies.js';
import { ACCESS_ROLE, assume, errorName, roleArn } from './session.js';

export const AUDIT_ROLE = `${PREFIX}-SecurityAudit`;
export const DEVELOPER_ROLE = `${PREFIX}-Developer`;
export const BOUNDARY_ROLE = `${PREFIX}-BoundaryDemo`;
export const SQS_BOUNDARY_ROLE = `${PREFIX}-BoundaryDemoSqs`;
export const DEMO_QUEUE = `${PREFIX}-boundary-demo`;
const BOUNDARY_POLICY = `${PREFIX}-ObjectReadWriteBoundary`;
const SQS_BOUNDARY_POLICY = `${PREFIX}-QueueSendReceiveBoundary`;

const AWS_POLICY = (name: string) => `arn:aws:iam::aws:policy/${name}`;

/** The blueprint's hands in a member account: the role Organizations created there. */
export const adminSession = (ctx: BlueprintContext, accountId: string) =>
  assume(ctx.clientConfig, roleArn(accountId, ACCESS_ROLE), `${PREFIX}-admin`);

/** SecurityAdmin of the Security account (trusting the management account), and of Log Archive (trusting it). */
export async function securityAdminSession(ctx: BlueprintContext, out: OrgOutputs, account: AccountKey) {
  const security = await assume(ctx.clientConfig, roleArn(out.accounts.security, P.SECURITY_ADMIN), 'security-team');
  if (account === 'security') return security;
  return assume(security, roleArn(out.accounts[account], P.SECURITY_ADMIN), 'security-team');
}

interface RoleSpec {
  name: string;
  trust: P.Doc;
  inline?: Record<string, P.Doc>;
  managed?: string[];
  boundary?: string;
  maxSessionDuration?: number;
  description: string;
}

async function ensureRole(iam: IAMClient, r: RoleSpec): Promise<void> {
  const trust = JSON.stringify(r.trust);
  try {
    await iam.send(new GetRoleCommand({ RoleName: r.name }));
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: r.name, PolicyDocument: trust }));
  } catch (err) {
    if (errorName(err) !== 'NoSuchEntityException') throw err;
    await iam.send(
      new CreateRoleCommand({
        RoleName: r.name,
        AssumeRolePolicyDocument: trust,
        Description: r.description,
        ...(r.maxSessionDuration ? { MaxSessionDuration: r.maxSessionDuration } : {}),
        Tags: [{ Key: 'Blueprint', Value: PREFIX }],
      }),
    );
  }
  for (const [name, doc] of Object.entries(r.inline ?? {})) {
    await iam.send(
      new PutRolePolicyCommand({ RoleName: r.name, PolicyName: name, PolicyDocument: JSON.stringify(doc) }),
    );
  }
  for (const arn of r.managed ?? []) await iam.send(new AttachRolePolicyCommand({ RoleName: r.name, PolicyArn: arn }));
  if (r.boundary) {
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: r.name, PermissionsBoundary: r.boundary }));
  }
}

async function ensureManagedPolicy(iam: IAMClient, accountId: string, name: string, doc: P.Doc): Promise<string> {
  try {
    await iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: JSON.stringify(doc) }));
  } catch (err) {
    if (errorName(err) !== 'EntityAlreadyExistsException') throw err;
  }
  return `arn:aws:iam::${accountId}:policy/${name}`;
}

function rolesFor(key: AccountKey, out: OrgOutputs, mgmt: string): RoleSpec[] {
  const a = out.accounts;
  const roles: RoleSpec[] = [];
  if (key === 'security' || key === 'logArchive') {
    roles.push({
      name: P.SECURITY_ADMIN,
      // The security team enters through the Security account; Log Archive trusts that account.
      trust: key === 'security' ? P.accountTrust(mgmt) : P.accountTrust(a.security),
      inline: { SecurityAdministration: P.SECURITY_ADMIN_POLICY },
      description: 'Security team administration (exempt from the PreventSecurityChanges SCP)',
    });
  }
  if (key !== 'security') {
    roles.push({
      name: AUDIT_ROLE,
      trust: P.crossAccountTrust(a.security, out.externalId),
      managed: [AWS_POLICY('ReadOnlyAccess')],
      description: 'Cross-account audit from the Security account (ExternalId required)',
    });
  }
  if (WORKLOAD_ACCOUNTS.includes(key)) {
    roles.push({
      name: DEVELOPER_ROLE,
      // Identity Center lives in the management account: its permission sets become roles trusting it.
      trust: P.accountTrust(mgmt),
      managed: [AWS_POLICY('PowerUserAccess')],
      inline: { DeveloperAccessInline: P.DENY_IAM_CHANGES },
      maxSessionDuration: 8 * 3600,
      description: 'DeveloperAccess permission set: PowerUserAccess minus IAM changes, PT8H sessions',
    });
  }
  return roles;
}

export async function deployAccess(ctx: BlueprintContext, out: OrgOutputs): Promise<void> {
  // SecurityAdmin in Security must exist before Log Archive's trust policy can name that account's principals.
  for (const key of Object.keys(out.accounts) as AccountKey[]) {
    const account = out.accounts[key];
    const admin = await adminSession(ctx, account);
    const iam = new IAMClient(admin);
    for (const role of rolesFor(key, out, ctx.accountId)) await ensureRole(iam, role);
    if (key === 'dev') await deployBoundaryDemo(iam, admin, account);
    ctx.log(`IAM baseline in ${key} (${account})`);
  }
}

/** Seed 004 §7.1 Q2 on S3 (simulated) and its analogue on SQS (real calls), in the Dev account. */
async function deployBoundaryDemo(iam: IAMClient, admin: ClientConfig, account: string) {
  const s3Boundary = await ensureManagedPolicy(iam, account, BOUNDARY_POLICY, P.BOUNDARY_DOC);
  await ensureRole(iam, {
    name: BOUNDARY_ROLE,
    trust: P.accountTrust(account),
    inline: { IdentityS3All: P.S3_ALL_DOC },
    boundary: s3Boundary,
    description: 'Effective permission = SCP and boundary and identity (seed example)',
  });
  const sqsBoundary = await ensureManagedPolicy(iam, account, SQS_BOUNDARY_POLICY, P.SQS_BOUNDARY_DOC);
  await ensureRole(iam, {
    name: SQS_BOUNDARY_ROLE,
    trust: P.accountTrust(account),
    inline: { IdentitySqsAll: P.SQS_ALL_DOC },
    boundary: sqsBoundary,
    description: 'The same intersection on SQS, proven with real calls',
  });
  // Dev is a workload account: the RequireTags SCP wants Environment and Owner on the queue.
  await new SQSClient(admin).send(
    new CreateQueueCommand({ QueueName: DEMO_QUEUE, tags: { Environment: 'dev', Owner: 'platform' } }),
  );
}

async function deleteRole(iam: IAMClient, name: string) {
  try {
    const inline = (await iam.send(new ListRolePoliciesCommand({ RoleName: name }))).PolicyNames ?? [];
    for (const p of inline) await iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: p }));
    const attached = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }))).AttachedPolicies ?? [];
    for (const p of attached) await iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: p.PolicyArn }));
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: name })).catch(() => undefined);
    await iam.send(new DeleteRoleCommand({ RoleName: name }));
  } catch (err) {
    if (errorName(err) !== 'NoSuchEntityException') throw err;
  }
}

export async function destroyAccess(ctx: BlueprintContext, out: OrgOutputs): Promise<void> {
  // Log Archive's SecurityAdmin trusts the Security account: remove it before Security's roles.
  const order: AccountKey[] = ['logArchive', 'sharedServices', 'dev', 'staging', 'prod', 'security'];
  for (const key of order) {
    const account = out.accounts[key];
    if (!account) continue;
    const admin = await adminSession(ctx, account);
    const iam = new IAMClient(admin);
    if (key === 'dev') {
      const sqs = new SQSClient(admin);
      const url = await sqs.send(new GetQueueUrlCommand({ QueueName: DEMO_QUEUE })).catch(() => undefined);
      if (url?.QueueUrl) await sqs.send(new DeleteQueueCommand({ QueueUrl: url.QueueUrl }));
      for (const r of [BOUNDARY_ROLE, SQS_BOUNDARY_ROLE]) await deleteRole(iam, r);
      for (const p of [BOUNDARY_POLICY, SQS_BOUNDARY_POLICY]) {
        const arn = `arn:aws:iam::${account}:policy/${p}`;
        await iam.send(new DeletePolicyCommand({ PolicyArn: arn })).catch(() => undefined);
      }
    }
    for (const role of rolesFor(key, out, ctx.accountId)) await deleteRole(iam, role.name);
  }
}
