// Every kind of denial answers AWS's AccessDenied wording naming the policy type, and GET /_atoll/explain/<id>
// returns the evaluation trace of any recent request (allowed or denied); audit and off modes.
import {
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand as CreateOrgPolicyCommand,
  DescribeCreateAccountStatusCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, describe, expect, it } from 'vitest';
import { startAtoll } from '../../src/index.js';
import type { Logger } from '../../src/logger.js';
import { useAtoll } from '../helpers/atoll.js';
import { uniqueName } from '../helpers/util.js';

const ctx = useAtoll();
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const ROOT: Creds = { accessKeyId: 'test', secretAccessKey: 'test' };
const ACCT = '000000000000';
const cfg = (credentials: Creds, endpoint = ctx.endpoint) => ({
  endpoint,
  region: 'us-east-1',
  credentials,
  maxAttempts: 1,
});
const root = (account: string): Creds => ({ accessKeyId: account, secretAccessKey: 'x' });
const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const ALLOW_SQS = { Effect: 'Allow', Action: 'sqs:*', Resource: '*' };

async function denial(p: Promise<unknown>): Promise<{ name: string; message: string; requestId: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata: { requestId?: string } };
    return { name: err.name, message: err.message, requestId: err.$metadata.requestId ?? '' };
  }
  throw new Error('expected AccessDenied');
}

async function explain(requestId: string, endpoint = ctx.endpoint): Promise<Record<string, unknown>> {
  const res = await fetch(`${endpoint}/_atoll/explain/${requestId}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

async function queue(creds: Creds = ROOT, endpoint = ctx.endpoint): Promise<{ url: string; arn: string }> {
  const sqs = new SQSClient(cfg(creds, endpoint));
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('q') }))).QueueUrl!;
  const a = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return { url, arn: a.Attributes!.QueueArn! };
}

async function user(statements?: object[], boundary?: object[], endpoint = ctx.endpoint) {
  const iam = new IAMClient(cfg(ROOT, endpoint));
  const name = uniqueName('u');
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (statements) {
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: doc(statements) }));
  }
  if (boundary) {
    const p = await iam.send(new CreatePolicyCommand({ PolicyName: uniqueName('b'), PolicyDocument: doc(boundary) }));
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: name, PermissionsBoundary: p.Policy!.Arn! }));
  }
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  const creds = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  return { arn: `arn:aws:iam::${ACCT}:user/${name}`, creds, sqs: new SQSClient(cfg(creds, endpoint)) };
}

const send = (sqs: SQSClient, url: string) => sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
const tail = (message: string) => message.slice(message.indexOf(' on resource: '));

describe('AccessDenied messages name the policy type', () => {
  it('identity-based: implicit and explicit deny; explain traces the statements and conditions', async () => {
    const q = await queue();
    const none = await user();
    const d1 = await denial(send(none.sqs, q.url));
    expect(d1.name).toBe('AccessDenied');
    expect(d1.message).toBe(
      `User: ${none.arn} is not authorized to perform: sqs:SendMessage on resource: ${q.arn} because no identity-based policy allows the sqs:SendMessage action`,
    );
    const denyRegion = {
      Sid: 'NotHere',
      Effect: 'Deny',
      Action: 'sqs:SendMessage',
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
    };
    const u = await user([ALLOW_SQS, denyRegion]);
    const d2 = await denial(send(u.sqs, q.url));
    expect(tail(d2.message)).toBe(` on resource: ${q.arn} with an explicit deny in an identity-based policy`);

    const t = await explain(d2.requestId);
    expect(t).toMatchObject({ requestId: d2.requestId, decision: 'ExplicitDeny', mode: 'enforce' });
    expect(t.principal).toMatchObject({ arn: u.arn, type: 'User', accountId: ACCT });
    const [target] = t.targets as Array<Record<string, unknown>>;
    expect(target).toMatchObject({
      action: 'sqs:SendMessage',
      resource: q.arn,
      resourceAccount: ACCT,
      decision: 'ExplicitDeny',
      deniedBy: 'identity-based policy',
      message: d2.message,
    });
    expect((target!.context as Record<string, unknown>)['aws:RequestedRegion']).toBe('us-east-1');
    const [policy] = target!.policies as Array<{
      type: string;
      name: string;
      statements: Array<Record<string, unknown>>;
    }>;
    expect(policy).toMatchObject({ type: 'identity', name: 'p' });
    expect(policy!.statements[0]).toMatchObject({ effect: 'Allow', matched: true, action: { result: true } });
    expect(policy!.statements[1]).toMatchObject({
      sid: 'NotHere',
      effect: 'Deny',
      matched: true,
      conditions: [
        {
          operator: 'StringEquals',
          key: 'aws:requestedregion',
          requestValue: 'us-east-1',
          policyValues: ['us-east-1', 'eu-west-1'],
          result: true,
        },
      ],
    });
  });

  it('keeps traces of allowed requests too', async () => {
    const q = await queue();
    const u = await user([ALLOW_SQS]);
    const out = await send(u.sqs, q.url);
    const t = await explain(out.$metadata.requestId!);
    expect(t).toMatchObject({ decision: 'Allow', operation: 'SendMessage' });
    const [target] = t.targets as Array<Record<string, unknown>>;
    expect(target).toMatchObject({ decision: 'Allow', reason: 'allowed by identity-based policies' });
    const rootOut = await send(new SQSClient(cfg(ROOT)), q.url);
    const r = await explain(rootOut.$metadata.requestId!);
    expect(r).toMatchObject({ decision: 'Allow', principal: { type: 'Root' } });
    const missing = await fetch(`${ctx.endpoint}/_atoll/explain/no-such-request`);
    expect(missing.status).toBe(404);
  });

  it('resource-based: explicit deny in the queue policy, and no grant across accounts', async () => {
    const q = await queue();
    const u = await user([ALLOW_SQS]);
    const policy = doc([{ Effect: 'Deny', Principal: { AWS: u.arn }, Action: 'sqs:SendMessage', Resource: q.arn }]);
    await new SQSClient(cfg(ROOT)).send(
      new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { Policy: policy } }),
    );
    const d = await denial(send(u.sqs, q.url));
    expect(tail(d.message)).toBe(` on resource: ${q.arn} with an explicit deny in a resource-based policy`);
    const other = await queue();
    const d2 = await denial(send(new SQSClient(cfg(root('111111111111'))), other.url));
    expect(d2.message).toBe(
      `User: arn:aws:iam::111111111111:root is not authorized to perform: sqs:SendMessage on resource: ${other.arn} because no resource-based policy allows the sqs:SendMessage action`,
    );
  });

  it('permissions boundary: implicit and explicit deny', async () => {
    const q = await queue();
    const a = await user([ALLOW_SQS], [{ Effect: 'Allow', Action: 'sqs:GetQueueAttributes', Resource: '*' }]);
    const d1 = await denial(send(a.sqs, q.url));
    expect(tail(d1.message)).toBe(
      ` on resource: ${q.arn} because no permissions boundary allows the sqs:SendMessage action`,
    );
    const b = await user([ALLOW_SQS], [ALLOW_SQS, { Effect: 'Deny', Action: 'sqs:SendMessage', Resource: '*' }]);
    const d2 = await denial(send(b.sqs, q.url));
    expect(tail(d2.message)).toBe(` on resource: ${q.arn} with an explicit deny in a permissions boundary`);
    const t = await explain(d2.requestId);
    const types = ((t.targets as Array<{ policies: Array<{ type: string }> }>)[0]!.policies ?? []).map((p) => p.type);
    expect(types).toEqual(['identity', 'boundary']);
  });

  it('session policies: implicit and explicit deny', async () => {
    const q = await queue();
    const iam = new IAMClient(cfg(ROOT));
    const role = uniqueName('r');
    const trust = doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'sts:AssumeRole' }]);
    const arn = (await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: trust }))).Role!.Arn!;
    await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: 'p', PolicyDocument: doc([ALLOW_SQS]) }));
    const session = async (policy: object[]) => {
      const c = (
        await new STSClient(cfg(ROOT)).send(
          new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'sess', Policy: doc(policy) }),
        )
      ).Credentials!;
      return new SQSClient(
        cfg({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }),
      );
    };
    const d1 = await denial(send(await session([{ Effect: 'Allow', Action: 'sqs:ListQueues', Resource: '*' }]), q.url));
    expect(tail(d1.message)).toBe(` on resource: ${q.arn} because no session policy allows the sqs:SendMessage action`);
    const d2 = await denial(
      send(await session([ALLOW_SQS, { Effect: 'Deny', Action: 'sqs:SendMessage', Resource: '*' }]), q.url),
    );
    expect(tail(d2.message)).toBe(` on resource: ${q.arn} with an explicit deny in a session policy`);
    expect(await explain(d2.requestId)).toMatchObject({ principal: { type: 'AssumedRole', roleArn: arn } });
  });

  it('organizations: explicit and implicit deny in SCPs, explicit deny in an RCP', async () => {
    const MGMT = '333333333333';
    const org = new OrganizationsClient(cfg(root(MGMT)));
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));
    const started = await org.send(new CreateAccountCommand({ AccountName: 'm', Email: 'm@example.com' }));
    let member: string | undefined;
    for (let i = 0; i < 100 && !member; i++) {
      const s = await org.send(
        new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: started.CreateAccountStatus!.Id! }),
      );
      if (s.CreateAccountStatus?.State === 'SUCCEEDED') member = s.CreateAccountStatus.AccountId;
      else await new Promise((r) => setTimeout(r, 50));
    }
    const policy = async (type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY', statements: object[]) => {
      const p = await org.send(
        new CreateOrgPolicyCommand({ Name: uniqueName('p'), Description: 'd', Type: type, Content: doc(statements) }),
      );
      await org.send(new AttachPolicyCommand({ PolicyId: p.Policy!.PolicySummary!.Id!, TargetId: member! }));
    };
    const q = await queue(root(member!));
    const sqs = new SQSClient(cfg(root(member!)));
    await policy('SERVICE_CONTROL_POLICY', [{ Effect: 'Deny', Action: 'sqs:SetQueueAttributes', Resource: '*' }]);
    const d1 = await denial(
      sqs.send(new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { DelaySeconds: '1' } })),
    );
    expect(tail(d1.message)).toBe(` on resource: ${q.arn} with an explicit deny in a service control policy`);
    const scpTrace = await explain(d1.requestId);
    const types = (scpTrace.targets as Array<{ policies: Array<{ type: string }> }>)[0]!.policies.map((p) => p.type);
    expect(types).toEqual(expect.arrayContaining(['scp level 0', 'scp level 1']));

    await policy('RESOURCE_CONTROL_POLICY', [
      { Effect: 'Deny', Principal: '*', Action: 'sqs:SendMessage', Resource: '*' },
    ]);
    const d2 = await denial(send(sqs, q.url));
    expect(tail(d2.message)).toBe(` on resource: ${q.arn} with an explicit deny in a resource control policy`);

    // Only sqs:* allowed at the account level once FullAWSAccess is detached from it.
    await policy('SERVICE_CONTROL_POLICY', [ALLOW_SQS]);
    await org.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: member! }));
    const d3 = await denial(new SNSClient(cfg(root(member!))).send(new CreateTopicCommand({ Name: uniqueName('t') })));
    expect(d3.name).toBe('AuthorizationErrorException');
    expect(d3.message).toMatch(/because no service control policy allows the sns:CreateTopic action$/);
  });
});

describe('IAM modes', () => {
  const warnings: string[] = [];
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (_o, msg) => void warnings.push(msg ?? ''),
    error: () => undefined,
    load: () => Promise.resolve(),
  };
  const started: Array<{ stop(): Promise<void> }> = [];
  afterAll(async () => {
    for (const a of started) await a.stop();
  });

  it('audit lets a would-be denial through, logs it and keeps the decision for explain', async () => {
    const a = await startAtoll({ iamMode: 'audit', logger });
    started.push(a);
    const q = await queue(ROOT, a.endpoint);
    const u = await user(undefined, undefined, a.endpoint);
    const out = await send(u.sqs, q.url);
    expect(out.MessageId).toBeTruthy();
    expect(warnings.some((w) => w.includes(`${u.arn} is not authorized to perform: sqs:SendMessage`))).toBe(true);
    const t = await explain(out.$metadata.requestId!, a.endpoint);
    expect(t).toMatchObject({ mode: 'audit', decision: 'ImplicitDeny', enforced: false });
  });

  it('off evaluates nothing and keeps no trace', async () => {
    const a = await startAtoll({ iamMode: 'off' });
    started.push(a);
    const q = await queue(ROOT, a.endpoint);
    const u = await user(undefined, undefined, a.endpoint);
    const out = await send(u.sqs, q.url);
    const res = await fetch(`${a.endpoint}/_atoll/explain/${out.$metadata.requestId!}`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { message: string }).message).toContain('ATOLL_IAM=off');
  });
});
