// Enforcement end to end: IAM-issued keys are verified and act as their user; STS sessions act as their role;
// identity policies, trust policies and queue policies decide, with AWS's AccessDenied messages.
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { useAtoll } from '../helpers/atoll.js';
import { uniqueName } from '../helpers/util.js';

const ctx = useAtoll();
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const ROOT: Creds = { accessKeyId: 'test', secretAccessKey: 'test' };
const opts = (credentials: Creds) => ({ endpoint: ctx.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

async function error(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected an error');
}

async function userWithKey(policy?: object[]): Promise<{ name: string; creds: Creds }> {
  const iam = new IAMClient(opts(ROOT));
  const name = uniqueName('u');
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (policy)
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: doc(policy) }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return {
    name,
    creds: { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! },
  };
}

describe('IAM users', () => {
  it('resolves an issued key to its user and verifies the signature strictly', async () => {
    const { name, creds } = await userWithKey();
    const me = await new STSClient(opts(creds)).send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: '000000000000', Arn: `arn:aws:iam::000000000000:user/${name}` });
    expect(me.UserId).toMatch(/^AIDA/);
    const wrong = await error(
      new STSClient(opts({ ...creds, secretAccessKey: 'x'.repeat(40) })).send(new GetCallerIdentityCommand({})),
    );
    expect(wrong).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
  });

  it('denies without an identity policy, with AWS message, and allows once granted', async () => {
    const queue = await new SQSClient(opts(ROOT)).send(new CreateQueueCommand({ QueueName: uniqueName('q') }));
    const { name, creds } = await userWithKey();
    const sqs = new SQSClient(opts(creds));
    const arn = `arn:aws:sqs:us-east-1:000000000000:${queue.QueueUrl!.split('/').pop()}`;
    const denied = await error(sqs.send(new SendMessageCommand({ QueueUrl: queue.QueueUrl, MessageBody: 'x' })));
    expect(denied.status).toBe(403);
    expect(denied.message).toBe(
      `User: arn:aws:iam::000000000000:user/${name} is not authorized to perform: sqs:SendMessage on resource: ${arn} because no identity-based policy allows the sqs:SendMessage action`,
    );
    await new IAMClient(opts(ROOT)).send(
      new AttachUserPolicyCommand({ UserName: name, PolicyArn: 'arn:aws:iam::aws:policy/AmazonSQSFullAccess' }),
    );
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.QueueUrl, MessageBody: 'x' }));
  });

  it('refuses inactive keys', async () => {
    const { name, creds } = await userWithKey();
    await new IAMClient(opts(ROOT)).send(
      new UpdateAccessKeyCommand({ UserName: name, AccessKeyId: creds.accessKeyId, Status: 'Inactive' }),
    );
    const res = await error(new STSClient(opts(creds)).send(new GetCallerIdentityCommand({})));
    expect(res).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
  });

  it('IAM actions need IAM permissions', async () => {
    const { name, creds } = await userWithKey([{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }]);
    const res = await error(new IAMClient(opts(creds)).send(new CreateUserCommand({ UserName: uniqueName('x') })));
    expect(res.name).toBe('AccessDenied');
    expect(res.message).toContain(
      `User: arn:aws:iam::000000000000:user/${name} is not authorized to perform: iam:CreateUser`,
    );
  });
});

describe('STS', () => {
  it('GetCallerIdentity for root', async () => {
    const me = await new STSClient(opts(ROOT)).send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({
      Account: '000000000000',
      Arn: 'arn:aws:iam::000000000000:root',
      UserId: '000000000000',
    });
  });

  it('assumes a role whose trust policy allows the caller, and the session acts as the role', async () => {
    const iam = new IAMClient(opts(ROOT));
    const { creds } = await userWithKey([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]);
    const role = uniqueName('r');
    const trust = doc([
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::000000000000:root' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'ext-1' } },
      },
    ]);
    const created = await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: trust }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: role,
        PolicyName: 'q',
        PolicyDocument: doc([{ Effect: 'Allow', Action: 'sqs:CreateQueue', Resource: '*' }]),
      }),
    );
    const sts = new STSClient(opts(creds));
    const roleArn = created.Role!.Arn!;
    const noExt = await error(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 's1' })));
    expect(noExt.name).toBe('AccessDenied');
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 's1', ExternalId: 'ext-1' }));
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::000000000000:assumed-role/${role}/s1`);
    expect(out.AssumedRoleUser?.AssumedRoleId).toBe(`${created.Role!.RoleId}:s1`);
    const session: Creds = {
      accessKeyId: out.Credentials!.AccessKeyId!,
      secretAccessKey: out.Credentials!.SecretAccessKey!,
      sessionToken: out.Credentials!.SessionToken!,
    };
    const me = await new STSClient(opts(session)).send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe(`arn:aws:sts::000000000000:assumed-role/${role}/s1`);
    expect(me.UserId).toBe(`${created.Role!.RoleId}:s1`);
    const sqs = new SQSClient(opts(session));
    await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('q') }));
    const denied = await error(
      sqs.send(new SendMessageCommand({ QueueUrl: `${ctx.endpoint}/000000000000/nope`, MessageBody: 'x' })),
    );
    expect(denied.message).toContain(`assumed-role/${role}/s1 is not authorized to perform: sqs:SendMessage`);
    const badToken = await error(
      new STSClient(opts({ ...session, sessionToken: 'nope' })).send(new GetCallerIdentityCommand({})),
    );
    expect(badToken.name).toBe('InvalidClientTokenId');
  });

  it('rejects DurationSeconds above the role maximum and denies roles that do not trust the caller', async () => {
    const iam = new IAMClient(opts(ROOT));
    const role = uniqueName('r');
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: role,
        AssumeRolePolicyDocument: doc([
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ]),
      }),
    );
    const sts = new STSClient(opts(ROOT));
    const res = await error(sts.send(new AssumeRoleCommand({ RoleArn: created.Role!.Arn, RoleSessionName: 'ss' })));
    expect(res).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(res.message).toBe(
      `User: arn:aws:iam::000000000000:root is not authorized to perform: sts:AssumeRole on resource: ${created.Role!.Arn} because no resource-based policy allows the sts:AssumeRole action`,
    );
  });

  it('issues session tokens for users', async () => {
    const { name, creds } = await userWithKey([{ Effect: 'Allow', Action: 'sts:GetSessionToken', Resource: '*' }]);
    const out = await new STSClient(opts(creds)).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const me = await new STSClient(
      opts({
        accessKeyId: out.Credentials!.AccessKeyId!,
        secretAccessKey: out.Credentials!.SecretAccessKey!,
        sessionToken: out.Credentials!.SessionToken!,
      }),
    ).send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toBe(`arn:aws:iam::000000000000:user/${name}`);
  });
});
