// The OrganizationView the policy engine reads: SCP/RCP documents per level, management account, org paths,
// and that cached answers change after writes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../src/store/store.js';
import { Scheduler } from '../../../src/scheduler/scheduler.js';
import { organizations } from '../../../src/services/organizations/index.js';
import type { CoreServices, RequestContext, ServiceInstance } from '../../../src/services/types.js';
import type { Operations } from '../../../generated/organizations/types.js';

const MGMT = '111111111111';
const MEMBER = '222222222222';
let store: Store;
let instance: ServiceInstance;

const ctx = (accountId: string): RequestContext => ({
  requestId: 'r',
  accountId,
  region: 'us-east-1',
  principal: { accountId, arn: `arn:aws:iam::${accountId}:root`, accessKeyId: accountId, anonymous: false },
  protocol: 'awsJson1_1',
  operation: 'x',
  endpoint: 'http://localhost:4566',
  path: '/',
  signal: new AbortController().signal,
});

async function call<K extends keyof Operations>(
  op: K,
  input: Operations[K]['input'],
  accountId = MGMT,
): Promise<Operations[K]['output']> {
  const h = instance.handlers[op] as unknown as (i: unknown, c: RequestContext) => unknown;
  return (await h(input, ctx(accountId))) as Operations[K]['output'];
}

beforeEach(() => {
  store = Store.open({ inMemory: true });
  store.migrate(organizations.migrations);
  const core = {
    store,
    scheduler: new Scheduler(store),
    config: { defaultAccountId: '000000000000', defaultRegion: 'us-east-1' },
    now: () => Date.now(),
    service: () => undefined,
    hasService: () => false,
  } as unknown as CoreServices;
  instance = organizations.create(core);
});

afterEach(() => store.close());

describe('organizationView', () => {
  it('reports hierarchy, paths and SCP levels', async () => {
    const view = instance.organizationView!;
    expect(view.organizationOf(MGMT)).toBeUndefined();
    const org = (await call('CreateOrganization', {})).Organization!;
    const root = (await call('ListRoots', {})).Roots![0]!.Id!;
    const ou = (await call('CreateOrganizationalUnit', { ParentId: root, Name: 'Workloads' })).OrganizationalUnit!.Id!;
    const h = (await call('InviteAccountToOrganization', { Target: { Id: MEMBER, Type: 'ACCOUNT' } })).Handshake!;
    await call('AcceptHandshake', { HandshakeId: h.Id! }, MEMBER);
    await call('MoveAccount', { AccountId: MEMBER, SourceParentId: root, DestinationParentId: ou });

    expect(view.isManagementAccount(MGMT)).toBe(true);
    expect(view.isManagementAccount(MEMBER)).toBe(false);
    expect(view.organizationOf(MEMBER)).toEqual({
      id: org.Id,
      managementAccountId: MGMT,
      paths: [`${org.Id}/${root}/${ou}/`],
    });
    // SCPs not enabled yet: nothing in force.
    expect(view.serviceControlPolicies(MEMBER)).toBeUndefined();

    await call('EnablePolicyType', { RootId: root, PolicyType: 'SERVICE_CONTROL_POLICY' });
    const deny = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }],
    });
    const p = (
      await call('CreatePolicy', { Name: 'deny', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: deny })
    ).Policy!.PolicySummary!.Id!;
    await call('AttachPolicy', { PolicyId: p, TargetId: ou });

    const levels = view.serviceControlPolicies(MEMBER)!;
    expect(levels).toHaveLength(3);
    expect(levels[1]).toHaveLength(2);
    expect(levels[1]![1]).toBe(deny);
    expect(JSON.parse(levels[0]![0]!)).toMatchObject({ Statement: [{ Effect: 'Allow', Action: '*' }] });
    // SCPs never apply to the management account.
    expect(view.serviceControlPolicies(MGMT)).toBeUndefined();
    expect(view.resourceControlPolicies(MEMBER)).toBeUndefined();

    await call('EnablePolicyType', { RootId: root, PolicyType: 'RESOURCE_CONTROL_POLICY' });
    expect(view.resourceControlPolicies(MEMBER)!.map((l) => l.length)).toEqual([1, 1, 1]);

    await call('RemoveAccountFromOrganization', { AccountId: MEMBER });
    expect(view.organizationOf(MEMBER)).toBeUndefined();
    expect(view.serviceControlPolicies(MEMBER)).toBeUndefined();
  });
});
