// verify, part 2: guardrails on services atoll does not serve (through the simulator, which includes SCPs),
// cross-account access with ExternalId, the Developer permission set, and SCP ∩ boundary ∩ identity.
import {
  CreateRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  DeleteUserCommand,
  IAMClient,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
import {
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { BlueprintContext, CheckResult } from '../../src/blueprints/types.js';
import {
  adminSession,
  AUDIT_ROLE,
  BOUNDARY_ROLE,
  DEMO_QUEUE,
  DEVELOPER_ROLE,
  securityAdminSession,
  SQS_BOUNDARY_ROLE,
} from './access.js';
import { BOUNDARY_DENY, check, expectSim, IDENTITY_DENY, SCP_DENY, type Expect, type Sim } from './expect.js';
import { ACCOUNTS, WORKLOAD_ACCOUNTS, type OrgOutputs } from './org.js';
import { assume, inRegion, roleArn } from './session.js';

const IN_REGION = { 'aws:RequestedRegion': 'us-east-1' };
const TAGGED = { ...IN_REGION, 'aws:RequestTag/Environment': 'dev', 'aws:RequestTag/Owner': 'platform' };

export async function accessChecks(ctx: BlueprintContext, out: OrgOutputs): Promise<CheckResult[]> {
  const dev = out.accounts.dev;
  const devIam = new IAMClient(await adminSession(ctx, dev));
  const developer = roleArn(dev, DEVELOPER_ROLE);
  const sim = (e: Expect, s: Sim, want: 'allowed' | 'explicitDeny' | 'implicitDeny', label: string) =>
    expectSim(e, devIam, developer, s, want, label);
  const instance = `arn:aws:ec2:us-east-1:${dev}:instance/*`;
  const object = 'arn:aws:s3:::landing-zone-data/reports/q1.csv';
  return [
    await check('SCP RequireIMDSv2 (simulated): RunInstances needs MetadataHttpTokens=required', async (e) => {
      const run = { action: 'ec2:RunInstances', resource: instance };
      await sim(e, { ...run, context: { ...TAGGED, 'ec2:MetadataHttpTokens': 'optional' } }, 'explicitDeny', 'IMDSv1');
      await sim(e, { ...run, context: { ...TAGGED, 'ec2:MetadataHttpTokens': 'required' } }, 'allowed', 'IMDSv2');
      // Outside the Workloads OU (Shared Services) the guardrail does not apply.
      const shared = out.accounts.sharedServices;
      const iam = new IAMClient(await adminSession(ctx, shared));
      const r = await expectSim(
        e,
        iam,
        roleArn(shared, 'OrganizationAccountAccessRole'),
        {
          ...run,
          resource: `arn:aws:ec2:us-east-1:${shared}:instance/*`,
          context: { ...IN_REGION, 'ec2:MetadataHttpTokens': 'optional' },
        },
        'allowed',
        'Shared Services IMDSv1',
      );
      e.ok(r.OrganizationsDecisionDetail?.AllowedByOrganizations === true, 'AllowedByOrganizations outside Workloads');
    }),
    await check('SCP RequireEncryption (simulated): unencrypted S3 uploads and EBS volumes denied', async (e) => {
      const put = { action: 's3:PutObject', resource: object };
      const r = await sim(e, { ...put, context: IN_REGION }, 'explicitDeny', 'PutObject without SSE');
      e.ok(r.OrganizationsDecisionDetail?.AllowedByOrganizations === false, 'denied by Organizations');
      await sim(
        e,
        { ...put, context: { ...IN_REGION, 's3:x-amz-server-side-encryption': 'aws:kms' } },
        'allowed',
        'PutObject with SSE-KMS',
      );
      const vol = (v: string) => ({
        action: 'ec2:CreateVolume',
        context: TAGGED,
        typed: { 'ec2:Encrypted': ['boolean', v] as [string, string] },
      });
      await sim(e, vol('false'), 'explicitDeny', 'unencrypted volume');
      await sim(e, vol('true'), 'allowed', 'encrypted volume');
    }),
    await check('SCP DenyPublicS3 (simulated): public ACLs and turning off Block Public Access denied', async (e) => {
      const bucket = 'arn:aws:s3:::landing-zone-data';
      const acl = (v: string) => ({
        action: 's3:PutBucketAcl',
        resource: bucket,
        context: { ...IN_REGION, 's3:x-amz-acl': v },
      });
      await sim(e, acl('public-read'), 'explicitDeny', 'public-read ACL');
      await sim(e, acl('public-read-write'), 'explicitDeny', 'public-read-write ACL');
      await sim(e, acl('private'), 'allowed', 'private ACL');
      await sim(
        e,
        { action: 's3:PutBucketPublicAccessBlock', resource: bucket, context: IN_REGION },
        'explicitDeny',
        'BPA change',
      );
      await sim(e, { action: 's3:GetObject', resource: object, context: IN_REGION }, 'allowed', 'GetObject');
    }),
    await check('cross-account role: assumable from the Security account only with the right ExternalId', (e) =>
      checkCrossAccount(e, ctx, out),
    ),
    await check(
      'Developer permission set in Dev, Staging, Prod: PowerUserAccess minus DenyIAMChanges, 8 h sessions',
      (e) => checkDeveloper(e, ctx, out),
    ),
    await check('effective permission = SCP ∩ boundary ∩ identity (seed example on S3, simulated)', async (e) => {
      const demo = roleArn(dev, BOUNDARY_ROLE);
      const s = (action: string, context: Record<string, string>) => ({ action, resource: object, context });
      const sse = { ...IN_REGION, 's3:x-amz-server-side-encryption': 'aws:kms' };
      await expectSim(e, devIam, demo, s('s3:GetObject', sse), 'allowed', 'GetObject');
      await expectSim(e, devIam, demo, s('s3:PutObject', sse), 'allowed', 'PutObject');
      for (const a of ['s3:DeleteObject', 's3:ListBucket', 's3:PutBucketPolicy']) {
        const r = await expectSim(e, devIam, demo, s(a, sse), 'implicitDeny', a);
        e.ok(r.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary === false, `${a} cut by the boundary`);
      }
      const scp = await expectSim(
        e,
        devIam,
        demo,
        s('s3:PutObject', IN_REGION),
        'explicitDeny',
        'PutObject without SSE',
      );
      e.ok(scp.OrganizationsDecisionDetail?.AllowedByOrganizations === false, 'PutObject without SSE cut by the SCP');
      await expectSim(
        e,
        devIam,
        demo,
        s('s3:GetObject', { 'aws:RequestedRegion': 'ap-southeast-2' }),
        'explicitDeny',
        'GetObject outside regions',
      );
      await expectSim(
        e,
        devIam,
        demo,
        { action: 'sqs:SendMessage', context: IN_REGION },
        'implicitDeny',
        'outside identity',
      );
    }),
    await check('effective permission = SCP ∩ boundary ∩ identity (the same on SQS, real calls)', (e) =>
      checkSqsBoundary(e, ctx, out),
    ),
  ];
}

async function checkCrossAccount(e: Expect, ctx: BlueprintContext, out: OrgOutputs) {
  const security = await securityAdminSession(ctx, out, 'security');
  for (const a of ACCOUNTS.filter((x) => x.key !== 'security')) {
    const arn = roleArn(out.accounts[a.key], AUDIT_ROLE);
    const audit = await e.allowed(`${a.name} with the ExternalId`, () =>
      assume(security, arn, 'audit', { externalId: out.externalId }),
    );
    const who = audit && (await new STSClient(audit).send(new GetCallerIdentityCommand({})));
    e.ok(
      who?.Arn === `arn:aws:sts::${out.accounts[a.key]}:assumed-role/${AUDIT_ROLE}/audit`,
      `${a.name} audit session`,
    );
  }
  const prod = roleArn(out.accounts.prod, AUDIT_ROLE);
  await e.denied('wrong ExternalId', () => assume(security, prod, 'audit', { externalId: 'not-the-secret' }));
  await e.denied('no ExternalId', () => assume(security, prod, 'audit'));
  const otherAccount = await adminSession(ctx, out.accounts.dev);
  await e.denied('right ExternalId from an untrusted account (Dev)', () =>
    assume(otherAccount, prod, 'audit', { externalId: out.externalId }),
  );
  const audit = await assume(security, prod, 'audit', { externalId: out.externalId });
  const sqs = new SQSClient(audit);
  await e.allowed('audit session reads (ReadOnlyAccess)', () => sqs.send(new ListQueuesCommand({})));
  await e.denied('audit session cannot write', () =>
    new IAMClient(audit).send(new CreateUserCommand({ UserName: 'x' })),
  );
}

async function checkDeveloper(e: Expect, ctx: BlueprintContext, out: OrgOutputs) {
  for (const key of WORKLOAD_ACCOUNTS) {
    const dev = await e.allowed(`${key}: 8 h Developer session`, () =>
      assume(ctx.clientConfig, roleArn(out.accounts[key], DEVELOPER_ROLE), 'developer', { durationSeconds: 8 * 3600 }),
    );
    if (!dev) continue;
    const iam = new IAMClient(dev);
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [] });
    await e.denied(
      `${key} CreateRole`,
      () => iam.send(new CreateRoleCommand({ RoleName: 'x', AssumeRolePolicyDocument: trust })),
      IDENTITY_DENY,
    );
    await e.denied(
      `${key} DeleteRole`,
      () => iam.send(new DeleteRoleCommand({ RoleName: DEVELOPER_ROLE })),
      IDENTITY_DENY,
    );
    await e.denied(`${key} CreateUser`, () => iam.send(new CreateUserCommand({ UserName: 'x' })), IDENTITY_DENY);
    await e.denied(`${key} DeleteUser`, () => iam.send(new DeleteUserCommand({ UserName: 'x' })), IDENTITY_DENY);
    await e.allowed(`${key} ListRoles`, () => iam.send(new ListRolesCommand({})));
    await e.allowed(`${key} SQS ListQueues`, () => new SQSClient(dev).send(new ListQueuesCommand({})));
  }
}

async function checkSqsBoundary(e: Expect, ctx: BlueprintContext, out: OrgOutputs) {
  const admin = await adminSession(ctx, out.accounts.dev);
  const demo = await assume(admin, roleArn(out.accounts.dev, SQS_BOUNDARY_ROLE), 'boundary-demo');
  const sqs = new SQSClient(demo);
  const url = (await e.allowed('GetQueueUrl', () => sqs.send(new GetQueueUrlCommand({ QueueName: DEMO_QUEUE }))))
    ?.QueueUrl;
  if (!url) return;
  await e.allowed('SendMessage', () => sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'hello' })));
  const got = await e.allowed('ReceiveMessage', () =>
    sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 })),
  );
  e.ok(
    (got?.Messages ?? []).some((m) => m.Body === 'hello'),
    'the message came back',
  );
  await e.denied('ListQueues', () => sqs.send(new ListQueuesCommand({})), BOUNDARY_DENY);
  await e.denied('PurgeQueue', () => sqs.send(new PurgeQueueCommand({ QueueUrl: url })), BOUNDARY_DENY);
  await e.denied(
    'SetQueueAttributes',
    () => sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { DelaySeconds: '1' } })),
    BOUNDARY_DENY,
  );
  await e.denied(
    'SendMessage outside the approved regions',
    () =>
      new SQSClient(inRegion(demo, 'ap-southeast-2')).send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })),
    SCP_DENY,
  );
  // The demo role may not delete; the account's admin removes what it received (PurgeQueue is limited to one a minute).
  for (const m of got?.Messages ?? []) {
    await new SQSClient(admin).send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
  }
}
