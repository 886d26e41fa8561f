// Organizations error answers and the smaller operations: validation reasons, tree constraints, policy rules,
// delegated administrators, tags, paging, account closure and the invitation flow.
import { describe, expect, it } from 'vitest';
import {
  AcceptHandshakeCommand,
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DeleteOrganizationCommand,
  DeleteOrganizationalUnitCommand,
  DeletePolicyCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationCommand,
  AttachPolicyCommand,
  EnableAWSServiceAccessCommand,
  EnablePolicyTypeCommand,
  InviteAccountToOrganizationCommand,
  ListAccountsCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListDelegatedAdministratorsCommand,
  ListHandshakesForAccountCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
  RemoveAccountFromOrganizationCommand,
  TagResourceCommand,
  UpdateOrganizationalUnitCommand,
} from '@aws-sdk/client-organizations';
import { useAtoll } from '../helpers/atoll.js';

const ctx = useAtoll();

function client(accountId: string): OrganizationsClient {
  return new OrganizationsClient({
    endpoint: ctx.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: accountId, secretAccessKey: 'x' },
    maxAttempts: 1,
  });
}

async function newAccount(org: OrganizationsClient, name: string): Promise<string> {
  const started = await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
  for (let i = 0; i < 100; i++) {
    const s = (
      await org.send(
        new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: started.CreateAccountStatus!.Id! }),
      )
    ).CreateAccountStatus!;
    if (s.State === 'SUCCEEDED') return s.AccountId!;
    if (s.State === 'FAILED') throw new Error(s.FailureReason);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('account creation did not finish');
}

describe('organizations errors', () => {
  it('answers AWSOrganizationsNotInUseException and AlreadyInOrganizationException', async () => {
    const org = client('222222222222');
    await expect(org.send(new DescribeOrganizationCommand({}))).rejects.toMatchObject({
      name: 'AWSOrganizationsNotInUseException',
      message: 'Your account is not a member of an organization.',
      $metadata: { httpStatusCode: 404 },
    });
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'CONSOLIDATED_BILLING' }));
    await expect(org.send(new CreateOrganizationCommand({}))).rejects.toMatchObject({
      name: 'AlreadyInOrganizationException',
    });
    const roots = await org.send(new ListRootsCommand({}));
    await expect(
      org.send(new EnablePolicyTypeCommand({ RootId: roots.Roots![0]!.Id!, PolicyType: 'SERVICE_CONTROL_POLICY' })),
    ).rejects.toMatchObject({ name: 'PolicyTypeNotAvailableForOrganizationException' });
    await org.send(new DeleteOrganizationCommand({}));
    await expect(org.send(new DescribeOrganizationCommand({}))).rejects.toMatchObject({
      name: 'AWSOrganizationsNotInUseException',
    });
  });

  it('validates input with InvalidInputException reasons', async () => {
    const org = client('333333333333');
    await org.send(new CreateOrganizationCommand({}));
    await expect(org.send(new DescribeAccountCommand({ AccountId: 'abc' }))).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: 'You provided a value that does not match the required pattern.',
      Reason: 'INVALID_PATTERN',
    });
    await expect(org.send(new DescribeAccountCommand({ AccountId: '999999999999' }))).rejects.toMatchObject({
      name: 'AccountNotFoundException',
    });
    await expect(
      org.send(new CreatePolicyCommand({ Name: 'bad', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: '{' })),
    ).rejects.toMatchObject({ name: 'MalformedPolicyDocumentException' });
    await expect(
      org.send(
        new CreatePolicyCommand({
          Name: 'big',
          Description: '',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Deny', Action: 's3:GetObject', Resource: 'x'.repeat(5200) }],
          }),
        }),
      ),
    ).rejects.toMatchObject({ name: 'ConstraintViolationException', Reason: 'POLICY_CONTENT_LIMIT_EXCEEDED' });
  });

  it('enforces the OU tree rules', async () => {
    const org = client('444444444444');
    await org.send(new CreateOrganizationCommand({}));
    const root = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    let parent = root;
    const chain: string[] = [];
    for (let level = 1; level <= 5; level++) {
      parent = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: `L${level}` })))
        .OrganizationalUnit!.Id!;
      chain.push(parent);
    }
    await expect(org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: 'L6' }))).rejects.toMatchObject(
      { name: 'ConstraintViolationException', Reason: 'OU_DEPTH_LIMIT_EXCEEDED' },
    );
    await expect(org.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: 'L1' }))).rejects.toMatchObject({
      name: 'DuplicateOrganizationalUnitException',
    });
    await expect(
      org.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: chain[0]! })),
    ).rejects.toMatchObject({ name: 'OrganizationalUnitNotEmptyException' });
    const renamed = await org.send(
      new UpdateOrganizationalUnitCommand({ OrganizationalUnitId: chain[4]!, Name: 'Leaf' }),
    );
    expect(renamed.OrganizationalUnit!.Name).toBe('Leaf');
    await org.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: chain[4]! }));
    await expect(
      org.send(new CreateOrganizationalUnitCommand({ ParentId: 'ou-zzzz-zzzzzzzz', Name: 'x' })),
    ).rejects.toMatchObject({ name: 'ParentNotFoundException' });
  });

  it('manages policies, tags, delegated administrators, paging and account lifecycle', async () => {
    const mgmt = '555555555555';
    const org = client(mgmt);
    await org.send(new CreateOrganizationCommand({}));
    const root = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    await org.send(new EnablePolicyTypeCommand({ RootId: root, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    const policy = (
      await org.send(
        new CreatePolicyCommand({
          Name: 'deny-s3',
          Description: 'd',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }],
          }),
          Tags: [{ Key: 'team', Value: 'platform' }],
        }),
      )
    ).Policy!.PolicySummary!.Id!;
    await expect(
      org.send(
        new CreatePolicyCommand({
          Name: 'deny-s3',
          Description: 'd',
          Type: 'SERVICE_CONTROL_POLICY',
          Content: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}',
        }),
      ),
    ).rejects.toMatchObject({ name: 'DuplicatePolicyException' });
    await org.send(new AttachPolicyCommand({ PolicyId: policy, TargetId: root }));
    await expect(org.send(new AttachPolicyCommand({ PolicyId: policy, TargetId: root }))).rejects.toMatchObject({
      name: 'DuplicatePolicyAttachmentException',
    });
    await expect(org.send(new DeletePolicyCommand({ PolicyId: policy }))).rejects.toMatchObject({
      name: 'PolicyInUseException',
    });
    await expect(org.send(new DeletePolicyCommand({ PolicyId: 'p-FullAWSAccess' }))).rejects.toMatchObject({
      name: 'InvalidInputException',
      Reason: 'IMMUTABLE_POLICY',
    });
    const tags = await org.send(new ListTagsForResourceCommand({ ResourceId: policy }));
    expect(tags.Tags).toEqual([{ Key: 'team', Value: 'platform' }]);

    const a = await newAccount(org, 'alpha');
    const b = await newAccount(org, 'beta');
    await org.send(new TagResourceCommand({ ResourceId: a, Tags: [{ Key: 'env', Value: 'dev' }] }));
    expect((await org.send(new ListTagsForResourceCommand({ ResourceId: a }))).Tags).toEqual([
      { Key: 'env', Value: 'dev' },
    ]);

    const page1 = await org.send(new ListAccountsCommand({ MaxResults: 2 }));
    expect(page1.Accounts).toHaveLength(2);
    expect(page1.NextToken).toBeDefined();
    const page2 = await org.send(new ListAccountsCommand({ MaxResults: 2, NextToken: page1.NextToken }));
    expect(page2.Accounts!.map((x) => x.Id)).toEqual([b]);
    expect(page2.NextToken).toBeUndefined();
    await expect(org.send(new ListAccountsCommand({ NextToken: 'garbage' }))).rejects.toMatchObject({
      name: 'InvalidInputException',
      Reason: 'INVALID_NEXT_TOKEN',
    });

    await org.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: 'config.amazonaws.com' }));
    const access = await org.send(new ListAWSServiceAccessForOrganizationCommand({}));
    expect(access.EnabledServicePrincipals!.map((p) => p.ServicePrincipal)).toEqual(['config.amazonaws.com']);
    await org.send(
      new RegisterDelegatedAdministratorCommand({ AccountId: a, ServicePrincipal: 'config.amazonaws.com' }),
    );
    await expect(
      org.send(
        new RegisterDelegatedAdministratorCommand({ AccountId: mgmt, ServicePrincipal: 'config.amazonaws.com' }),
      ),
    ).rejects.toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR',
    });
    const admins = await org.send(new ListDelegatedAdministratorsCommand({}));
    expect(admins.DelegatedAdministrators!.map((d) => d.Id)).toEqual([a]);
    // A delegated administrator may read the organization's structure.
    expect((await client(a).send(new ListAccountsCommand({}))).Accounts).toHaveLength(3);
    await expect(org.send(new RemoveAccountFromOrganizationCommand({ AccountId: a }))).rejects.toMatchObject({
      name: 'ConstraintViolationException',
      Reason: 'CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG',
    });
    await expect(org.send(new RemoveAccountFromOrganizationCommand({ AccountId: mgmt }))).rejects.toMatchObject({
      name: 'MasterCannotLeaveOrganizationException',
    });
    await expect(org.send(new DeleteOrganizationCommand({}))).rejects.toMatchObject({
      name: 'OrganizationNotEmptyException',
    });

    await org.send(new CloseAccountCommand({ AccountId: b }));
    expect((await org.send(new DescribeAccountCommand({ AccountId: b }))).Account!.Status).toBe('PENDING_CLOSURE');
    await expect(org.send(new CloseAccountCommand({ AccountId: b }))).rejects.toMatchObject({
      name: 'AccountAlreadyClosedException',
    });
    await org.send(new RemoveAccountFromOrganizationCommand({ AccountId: b }));
    await expect(org.send(new DescribeAccountCommand({ AccountId: b }))).rejects.toMatchObject({
      name: 'AccountNotFoundException',
    });
  });

  it('invites an existing account that accepts', async () => {
    const org = client('666666666666');
    await org.send(new CreateOrganizationCommand({}));
    const invited = client('777777777777');
    const h = (
      await org.send(new InviteAccountToOrganizationCommand({ Target: { Id: '777777777777', Type: 'ACCOUNT' } }))
    ).Handshake!;
    expect(h.State).toBe('OPEN');
    const mine = await invited.send(new ListHandshakesForAccountCommand({}));
    expect(mine.Handshakes!.map((x) => x.Id)).toEqual([h.Id]);
    const accepted = await invited.send(new AcceptHandshakeCommand({ HandshakeId: h.Id! }));
    expect(accepted.Handshake!.State).toBe('ACCEPTED');
    const account = (await org.send(new DescribeAccountCommand({ AccountId: '777777777777' }))).Account!;
    expect(account.JoinedMethod).toBe('INVITED');
    expect((await invited.send(new DescribeOrganizationCommand({}))).Organization!.MasterAccountId).toBe(
      '666666666666',
    );
  });
});
