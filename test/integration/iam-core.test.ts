// IAM users, groups, roles, managed/inline policies, access keys and errors, driven by @aws-sdk/client-iam.
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeletePolicyVersionCommand,
  DeleteUserCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListPoliciesCommand,
  ListUsersCommand,
  AddUserToGroupCommand,
  GetGroupCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { useAtoll } from '../helpers/atoll.js';
import { uniqueName } from '../helpers/util.js';

const ctx = useAtoll();
const iam = () =>
  new IAMClient({
    endpoint: ctx.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
const doc = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const TRUST = doc([
  { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'sts:AssumeRole' },
]);

async function error(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected an error');
}

describe('users and groups', () => {
  it('creates, gets, lists users with AWS ids and ARNs', async () => {
    const c = iam();
    const name = uniqueName('u');
    const created = await c.send(
      new CreateUserCommand({ UserName: name, Path: '/team/', Tags: [{ Key: 'k', Value: 'v' }] }),
    );
    expect(created.User?.Arn).toBe(`arn:aws:iam::000000000000:user/team/${name}`);
    expect(created.User?.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    const got = await c.send(new GetUserCommand({ UserName: name }));
    expect(got.User?.Tags).toEqual([{ Key: 'k', Value: 'v' }]);
    const list = await c.send(new ListUsersCommand({ PathPrefix: '/team/' }));
    expect(list.Users?.map((u) => u.UserName)).toContain(name);
    expect(await error(c.send(new CreateUserCommand({ UserName: name })))).toMatchObject({
      name: 'EntityAlreadyExistsException',
      message: `User with name ${name} already exists.`,
      status: 409,
    });
  });

  it('answers NoSuchEntity with the AWS message', async () => {
    expect(await error(iam().send(new GetUserCommand({ UserName: 'nobody-here' })))).toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The user with name nobody-here cannot be found.',
      status: 404,
    });
  });

  it('GetUser without a name answers for the root caller', async () => {
    const got = await iam().send(new GetUserCommand({}));
    expect(got.User?.Arn).toBe('arn:aws:iam::000000000000:root');
    expect(got.User?.UserId).toBe('000000000000');
  });

  it('manages group membership and refuses to delete a user with keys or groups', async () => {
    const c = iam();
    const user = uniqueName('u');
    const group = uniqueName('g');
    await c.send(new CreateUserCommand({ UserName: user }));
    await c.send(new CreateGroupCommand({ GroupName: group }));
    await c.send(new AddUserToGroupCommand({ GroupName: group, UserName: user }));
    const g = await c.send(new GetGroupCommand({ GroupName: group }));
    expect(g.Users?.map((u) => u.UserName)).toEqual([user]);
    await c.send(new CreateAccessKeyCommand({ UserName: user }));
    expect(await error(c.send(new DeleteUserCommand({ UserName: user })))).toMatchObject({
      name: 'DeleteConflictException',
      status: 409,
    });
  });

  it('limits access keys to two per user', async () => {
    const c = iam();
    const user = uniqueName('u');
    await c.send(new CreateUserCommand({ UserName: user }));
    const k = await c.send(new CreateAccessKeyCommand({ UserName: user }));
    expect(k.AccessKey?.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(k.AccessKey?.SecretAccessKey).toHaveLength(40);
    await c.send(new CreateAccessKeyCommand({ UserName: user }));
    expect(await error(c.send(new CreateAccessKeyCommand({ UserName: user })))).toMatchObject({
      name: 'LimitExceededException',
      message: 'Cannot exceed quota for AccessKeysPerUser: 2',
    });
  });
});

describe('policies', () => {
  it('versions managed policies and returns URL-encoded documents', async () => {
    const c = iam();
    const name = uniqueName('p');
    const d1 = doc([{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }]);
    const created = await c.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: d1 }));
    const arn = created.Policy!.Arn!;
    expect(arn).toBe(`arn:aws:iam::000000000000:policy/${name}`);
    expect(created.Policy?.DefaultVersionId).toBe('v1');
    const v1 = await c.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    expect(v1.PolicyVersion?.Document).toBe(encodeURIComponent(d1));
    for (let i = 0; i < 4; i++) await c.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: d1 }));
    expect(await error(c.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: d1 })))).toMatchObject({
      name: 'LimitExceededException',
    });
    expect(await error(c.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' })))).toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete the default version of a policy.',
    });
    await c.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }));
    expect((await c.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId).toBe('v3');
  });

  it('rejects malformed documents', async () => {
    const res = await error(
      iam().send(new CreatePolicyCommand({ PolicyName: uniqueName('p'), PolicyDocument: '{"Version":"2012-10-17"' })),
    );
    expect(res).toMatchObject({ name: 'MalformedPolicyDocumentException', message: 'Syntax errors in policy.' });
  });

  it('lists AWS managed policies and attaches them to roles', async () => {
    const c = iam();
    const aws = await c.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 100 }));
    expect(aws.Policies?.map((p) => p.PolicyName)).toContain('AdministratorAccess');
    const role = uniqueName('r');
    await c.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: TRUST }));
    await c.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    const attached = await c.send(new ListAttachedRolePoliciesCommand({ RoleName: role }));
    expect(attached.AttachedPolicies).toEqual([
      { PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
    ]);
    const got = await c.send(new GetRoleCommand({ RoleName: role }));
    expect(decodeURIComponent(got.Role!.AssumeRolePolicyDocument!)).toBe(TRUST);
    expect(got.Role?.MaxSessionDuration).toBe(3600);
    expect(got.Role?.RoleId).toMatch(/^AROA/);
  });

  it('validates trust policies and MaxSessionDuration', async () => {
    const c = iam();
    const bad = doc([
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::000000000000:root' },
        Action: 'sts:AssumeRole',
        Resource: '*',
      },
    ]);
    expect(
      await error(c.send(new CreateRoleCommand({ RoleName: uniqueName('r'), AssumeRolePolicyDocument: bad }))),
    ).toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message: 'Has prohibited field Resource',
    });
    const res = await error(
      c.send(
        new CreateRoleCommand({ RoleName: uniqueName('r'), AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 100 }),
      ),
    );
    expect(res.name).toBe('ValidationError');
  });

  it('stores inline policies and simulates them', async () => {
    const c = iam();
    const user = uniqueName('u');
    await c.send(new CreateUserCommand({ UserName: user }));
    const d = doc([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }]);
    await c.send(new PutUserPolicyCommand({ UserName: user, PolicyName: 'send', PolicyDocument: d }));
    const got = await c.send(new GetUserPolicyCommand({ UserName: user, PolicyName: 'send' }));
    expect(decodeURIComponent(got.PolicyDocument!)).toBe(d);
    const sim = await c.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws:iam::000000000000:user/${user}`,
        ActionNames: ['sqs:SendMessage', 'sqs:DeleteQueue'],
      }),
    );
    expect(sim.EvaluationResults?.map((r) => r.EvalDecision)).toEqual(['allowed', 'implicitDeny']);
  });
});
