// verify, part 1: the organization's shape and the SCPs proven with real API calls in member accounts.
import {
  CloudTrailClient,
  DeleteTrailCommand,
  GetTrailStatusCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import {
  DescribeOrganizationCommand,
  LeaveOrganizationCommand,
  ListPoliciesForTargetCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateTopicCommand, DeleteTopicCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteQueueCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { BlueprintContext, CheckResult, ClientConfig } from '../../src/blueprints/types.js';
import { adminSession, DEVELOPER_ROLE, securityAdminSession } from './access.js';
import { check, expectSim, SCP_DENY, type Expect } from './expect.js';
import { TRAIL } from './logging.js';
import { ACCOUNTS, listAccounts, listOus, orgClient, parentOf, PREFIX, OUS, type OrgOutputs } from './org.js';
import { SCPS } from './policies.js';
import { assume, inRegion, roleArn } from './session.js';

const OUTSIDE = 'ap-southeast-2';

export async function organizationChecks(ctx: BlueprintContext, out: OrgOutputs): Promise<CheckResult[]> {
  const org = orgClient(ctx);
  const results = [
    await check('organization: OUs Security, Infrastructure, Workloads (Production, Non-Production), Sandbox', (e) =>
      checkOus(e, org, out),
    ),
    await check('seven accounts (management + six created), each ACTIVE in its OU', (e) =>
      checkAccounts(e, ctx, org, out),
    ),
    await check('each new account has OrganizationAccountAccessRole trusting the management account', async (e) => {
      for (const a of ACCOUNTS) {
        const admin = await e.allowed(`assume ${a.name} admin`, () => adminSession(ctx, out.accounts[a.key]));
        const who = admin && (await new STSClient(admin).send(new GetCallerIdentityCommand({})));
        e.ok(who?.Account === out.accounts[a.key], `${a.name}: session acts in ${who?.Account}`);
      }
    }),
    await check('SCPs attached: 4 at the root, 4 on the Workloads OU (plus FullAWSAccess)', (e) =>
      checkAttachments(e, org, out),
    ),
  ];
  const dev = await adminSession(ctx, out.accounts.dev);
  results.push(
    await check('SCP DenyLeaveOrganization: a member cannot leave; it can still read the organization', async (e) => {
      const member = new OrganizationsClient(dev);
      await e.denied('Dev LeaveOrganization', () => member.send(new LeaveOrganizationCommand({})), SCP_DENY);
      await e.allowed('Dev DescribeOrganization', () => member.send(new DescribeOrganizationCommand({})));
    }),
    await check(`SCP RequireRegions: member actions denied in ${OUTSIDE}, allowed in approved regions`, (e) =>
      checkRegions(e, ctx, dev),
    ),
    await check('SCP DenyRootAccountUsage: a member account root is denied; the management account is exempt', (e) =>
      checkRoot(e, ctx, out),
    ),
    await check('SCP RequireTags: Environment and Owner required on create in workload accounts only', (e) =>
      checkTags(e, ctx, out),
    ),
    await check('SCP PreventSecurityChanges: only SecurityAdmin may stop, update or delete the CloudTrail trail', (e) =>
      checkTrail(e, ctx, out),
    ),
  );
  return results;
}

async function checkOus(e: Expect, org: OrganizationsClient, out: OrgOutputs) {
  const ids: Record<string, string> = {};
  for (const [name, parent] of OUS) {
    const parentId = parent ? ids[parent] : out.rootId;
    const found = parentId ? (await listOus(org, parentId)).find((o) => o.Name === name) : undefined;
    e.ok(found?.Id !== undefined, `OU ${name} under ${parent ?? 'Root'}`);
    if (found?.Id) ids[name] = found.Id;
  }
}

async function checkAccounts(e: Expect, ctx: BlueprintContext, org: OrganizationsClient, out: OrgOutputs) {
  const accounts = await listAccounts(org);
  const mine = [ctx.accountId, ...ACCOUNTS.map((a) => out.accounts[a.key])];
  e.ok(new Set(mine).size === 7, `seven distinct accounts: ${mine.join(', ')}`);
  e.ok(
    accounts.some((a) => a.Id === ctx.accountId),
    'the management account is listed',
  );
  for (const a of ACCOUNTS) {
    const row = accounts.find((x) => x.Id === out.accounts[a.key]);
    e.ok(row?.Status === 'ACTIVE' && row.Name === a.name, `${a.name} ACTIVE (${row?.Status})`);
    e.ok((await parentOf(org, out.accounts[a.key])) === out.ous[a.ou], `${a.name} in OU ${a.ou}`);
  }
}

async function checkAttachments(e: Expect, org: OrganizationsClient, out: OrgOutputs) {
  for (const [target, id] of [
    ['Root', out.rootId],
    ['Workloads', out.ous.Workloads!],
  ] as const) {
    const r = await org.send(new ListPoliciesForTargetCommand({ TargetId: id, Filter: 'SERVICE_CONTROL_POLICY' }));
    const names = new Set((r.Policies ?? []).map((p) => p.Name));
    for (const scp of SCPS.filter((s) => s.target === target)) {
      e.ok(names.has(`${PREFIX}-${scp.key}`), `${PREFIX}-${scp.key} attached to ${target}`);
    }
    e.ok(names.has('FullAWSAccess'), `FullAWSAccess still attached to ${target}`);
  }
}

async function checkRegions(e: Expect, ctx: BlueprintContext, dev: ClientConfig) {
  const far = inRegion(dev, OUTSIDE);
  await e.denied('SQS ListQueues', () => new SQSClient(far).send(new ListQueuesCommand({})), SCP_DENY);
  await e.denied('SNS ListTopics', () => new SNSClient(far).send(new ListTopicsCommand({})), SCP_DENY);
  await e.denied('DynamoDB ListTables', () => new DynamoDBClient(far).send(new ListTablesCommand({})), SCP_DENY);
  await e.denied('Lambda ListFunctions', () => new LambdaClient(far).send(new ListFunctionsCommand({})), SCP_DENY);
  // NotAction: global services stay usable whatever the region.
  await e.allowed(`IAM ListRoles signed for ${OUTSIDE}`, () => new IAMClient(far).send(new ListRolesCommand({})));
  await e.allowed(`Organizations DescribeOrganization from ${OUTSIDE}`, () =>
    new OrganizationsClient(far).send(new DescribeOrganizationCommand({})),
  );
  for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
    await e.allowed(`SQS ListQueues in ${region}`, () =>
      new SQSClient(inRegion(dev, region)).send(new ListQueuesCommand({})),
    );
  }
  await e.allowed(`management account SQS ListQueues in ${OUTSIDE} (exempt)`, () =>
    new SQSClient(inRegion(ctx.clientConfig, OUTSIDE)).send(new ListQueuesCommand({})),
  );
}

async function checkRoot(e: Expect, ctx: BlueprintContext, out: OrgOutputs) {
  for (const key of ['dev', 'security'] as const) {
    const root = ctx.clientConfigFor(out.accounts[key]);
    await e.denied(`${key} root SQS ListQueues`, () => new SQSClient(root).send(new ListQueuesCommand({})), SCP_DENY);
    await e.denied(`${key} root IAM ListRoles`, () => new IAMClient(root).send(new ListRolesCommand({})), SCP_DENY);
  }
  await e.allowed('management root SQS ListQueues', () =>
    new SQSClient(ctx.clientConfig).send(new ListQueuesCommand({})),
  );
}

const TAGS = { Environment: 'dev', Owner: 'platform' };

async function checkTags(e: Expect, ctx: BlueprintContext, out: OrgOutputs) {
  const devArn = roleArn(out.accounts.dev, DEVELOPER_ROLE);
  const developer = await assume(ctx.clientConfig, devArn, 'tag-check');
  const sqs = new SQSClient(developer);
  // A fresh name each run: SQS refuses to re-create a queue name for 60 s after its deletion.
  const q = `${PREFIX}-tag-check-${Date.now().toString(36)}`;
  await e.denied('untagged CreateQueue', () => sqs.send(new CreateQueueCommand({ QueueName: q })), SCP_DENY);
  await e.denied(
    'CreateQueue with Environment only',
    () => sqs.send(new CreateQueueCommand({ QueueName: q, tags: { Environment: 'dev' } })),
    SCP_DENY,
  );
  const made = await e.allowed('tagged CreateQueue', () =>
    sqs.send(new CreateQueueCommand({ QueueName: q, tags: TAGS })),
  );
  if (made?.QueueUrl) await sqs.send(new DeleteQueueCommand({ QueueUrl: made.QueueUrl }));

  const tagList = Object.entries(TAGS).map(([Key, Value]) => ({ Key, Value }));
  const sns = new SNSClient(developer);
  await e.denied('untagged CreateTopic', () => sns.send(new CreateTopicCommand({ Name: q })), SCP_DENY);
  const topic = await e.allowed('tagged CreateTopic', () =>
    sns.send(new CreateTopicCommand({ Name: q, Tags: tagList })),
  );
  if (topic?.TopicArn) await sns.send(new DeleteTopicCommand({ TopicArn: topic.TopicArn }));

  const ddb = new DynamoDBClient(developer);
  const table = {
    TableName: q,
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }],
    BillingMode: 'PAY_PER_REQUEST' as const,
  };
  await e.denied('untagged CreateTable', () => ddb.send(new CreateTableCommand(table)), SCP_DENY);
  const made2 = await e.allowed('tagged CreateTable', () =>
    ddb.send(new CreateTableCommand({ ...table, Tags: tagList })),
  );
  if (made2) await ddb.send(new DeleteTableCommand({ TableName: q }));

  // EC2/RDS are not emulated: the seed's own actions go through the simulator.
  const iam = new IAMClient(await adminSession(ctx, out.accounts.dev));
  const vol = { action: 'ec2:CreateVolume', typed: { 'ec2:Encrypted': ['boolean', 'true'] as [string, string] } };
  const region = { 'aws:RequestedRegion': 'us-east-1' };
  await expectSim(e, iam, devArn, { ...vol, context: region }, 'explicitDeny', 'untagged volume');
  await expectSim(
    e,
    iam,
    devArn,
    { ...vol, context: { ...region, 'aws:RequestTag/Environment': 'dev', 'aws:RequestTag/Owner': 'platform' } },
    'allowed',
    'tagged volume',
  );
  await expectSim(e, iam, devArn, { action: 'rds:CreateDBInstance', context: region }, 'explicitDeny', 'untagged DB');

  // The Log Archive account is in the Security OU, outside the guardrail.
  const logs = new SQSClient(await adminSession(ctx, out.accounts.logArchive));
  const free = await e.allowed('untagged CreateQueue in Log Archive', () =>
    logs.send(new CreateQueueCommand({ QueueName: q })),
  );
  if (free?.QueueUrl) await logs.send(new DeleteQueueCommand({ QueueUrl: free.QueueUrl }));
}

async function checkTrail(e: Expect, ctx: BlueprintContext, out: OrgOutputs) {
  const admin = new CloudTrailClient(await adminSession(ctx, out.accounts.logArchive));
  const status = await e.allowed('GetTrailStatus', () => admin.send(new GetTrailStatusCommand({ Name: TRAIL })));
  e.ok(status?.IsLogging === true, 'the Log Archive trail is logging');
  await e.denied('admin StopLogging', () => admin.send(new StopLoggingCommand({ Name: TRAIL })), SCP_DENY);
  await e.denied(
    'admin UpdateTrail',
    () => admin.send(new UpdateTrailCommand({ Name: TRAIL, IncludeGlobalServiceEvents: false })),
    SCP_DENY,
  );
  await e.denied('admin DeleteTrail', () => admin.send(new DeleteTrailCommand({ Name: TRAIL })), SCP_DENY);
  const sec = new CloudTrailClient(await securityAdminSession(ctx, out, 'logArchive'));
  await e.allowed('SecurityAdmin StopLogging', () => sec.send(new StopLoggingCommand({ Name: TRAIL })));
  const stopped = await sec.send(new GetTrailStatusCommand({ Name: TRAIL }));
  e.ok(stopped.IsLogging === false, 'SecurityAdmin stopped logging');
  await e.allowed('SecurityAdmin UpdateTrail', () =>
    sec.send(new UpdateTrailCommand({ Name: TRAIL, IncludeGlobalServiceEvents: true })),
  );
  await e.allowed('SecurityAdmin StartLogging', () => sec.send(new StartLoggingCommand({ Name: TRAIL })));
}
