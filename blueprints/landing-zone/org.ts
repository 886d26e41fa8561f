// The organization itself: OUs (seed 004 §1.2 / §7.1), the seven accounts (seed 003), and the SCPs attached to the
// root and the Workloads OU. Every step looks up what exists first, so deploy can run again.
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DeleteOrganizationalUnitCommand,
  DeleteOrganizationCommand,
  DeletePolicyCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationCommand,
  DetachPolicyCommand,
  DisablePolicyTypeCommand,
  EnablePolicyTypeCommand,
  ListAccountsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  RemoveAccountFromOrganizationCommand,
  UpdatePolicyCommand,
  type Account,
  type OrganizationalUnit,
  type PolicySummary,
} from '@aws-sdk/client-organizations';
import type { BlueprintContext } from '../../src/blueprints/types.js';
import { SCPS, type Target } from './policies.js';
import { errorName, sleep } from './session.js';

export const PREFIX = 'landing-zone';
const SCP_TYPE = 'SERVICE_CONTROL_POLICY';

/** OU tree: name → parent name (undefined = the root). */
export const OUS: [string, string | undefined][] = [
  ['Security', undefined],
  ['Infrastructure', undefined],
  ['Workloads', undefined],
  ['Production', 'Workloads'],
  ['Non-Production', 'Workloads'],
  ['Sandbox', undefined],
];

export type AccountKey = 'security' | 'logArchive' | 'sharedServices' | 'dev' | 'staging' | 'prod';

/** The six member accounts of seed 003 (the seventh is the management account, the caller's). */
export const ACCOUNTS: { key: AccountKey; name: string; ou: string }[] = [
  { key: 'security', name: `${PREFIX}-Security`, ou: 'Security' },
  { key: 'logArchive', name: `${PREFIX}-Log-Archive`, ou: 'Security' },
  { key: 'sharedServices', name: `${PREFIX}-Shared-Services`, ou: 'Infrastructure' },
  { key: 'dev', name: `${PREFIX}-Dev`, ou: 'Non-Production' },
  { key: 'staging', name: `${PREFIX}-Staging`, ou: 'Non-Production' },
  { key: 'prod', name: `${PREFIX}-Prod`, ou: 'Production' },
];

export const WORKLOAD_ACCOUNTS: AccountKey[] = ['dev', 'staging', 'prod'];

export interface OrgOutputs {
  nonce: string;
  createdOrganization: boolean;
  enabledScpType: boolean;
  rootId: string;
  ous: Record<string, string>;
  accounts: Record<AccountKey, string>;
  policies: Record<string, string>;
  externalId: string;
}

export const orgClient = (ctx: BlueprintContext) => new OrganizationsClient(ctx.clientConfig);

async function all<T>(page: (token?: string) => Promise<{ items?: T[]; next?: string }>): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const r = await page(token);
    out.push(...(r.items ?? []));
    token = r.next;
  } while (token);
  return out;
}

export const listAccounts = (org: OrganizationsClient) =>
  all<Account>(async (t) => {
    const r = await org.send(new ListAccountsCommand({ NextToken: t }));
    return { items: r.Accounts, next: r.NextToken };
  });

export const listOus = (org: OrganizationsClient, parentId: string) =>
  all<OrganizationalUnit>(async (t) => {
    const r = await org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken: t }));
    return { items: r.OrganizationalUnits, next: r.NextToken };
  });

export const listScps = (org: OrganizationsClient) =>
  all<PolicySummary>(async (t) => {
    const r = await org.send(new ListPoliciesCommand({ Filter: SCP_TYPE, NextToken: t }));
    return { items: r.Policies, next: r.NextToken };
  });

export async function parentOf(org: OrganizationsClient, childId: string): Promise<string | undefined> {
  return (await org.send(new ListParentsCommand({ ChildId: childId }))).Parents?.[0]?.Id;
}

async function ensureOrganization(ctx: BlueprintContext, org: OrganizationsClient, out: OrgOutputs) {
  try {
    const o = (await org.send(new DescribeOrganizationCommand({}))).Organization;
    if (o?.MasterAccountId !== ctx.accountId) throw new Error(`account ${ctx.accountId} is not the management account`);
  } catch (err) {
    if (errorName(err) !== 'AWSOrganizationsNotInUseException') throw err;
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    out.createdOrganization = true;
    ctx.log('created the organization (all features)');
  }
  const root = (await org.send(new ListRootsCommand({}))).Roots?.[0];
  if (!root?.Id) throw new Error('the organization has no root');
  out.rootId = root.Id;
  if (!root.PolicyTypes?.some((p) => p.Type === SCP_TYPE && p.Status === 'ENABLED')) {
    await org.send(new EnablePolicyTypeCommand({ RootId: root.Id, PolicyType: SCP_TYPE }));
    out.enabledScpType = true;
  }
}

async function ensureOus(ctx: BlueprintContext, org: OrganizationsClient, out: OrgOutputs) {
  for (const [name, parent] of OUS) {
    const parentId = parent ? out.ous[parent]! : out.rootId;
    const found = (await listOus(org, parentId)).find((o) => o.Name === name);
    const id =
      found?.Id ??
      (await org.send(new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: name }))).OrganizationalUnit?.Id;
    if (!id) throw new Error(`could not create OU ${name}`);
    out.ous[name] = id;
  }
  ctx.log(`OUs: ${Object.keys(out.ous).join(', ')}`);
}

/** CreateAccount is asynchronous: poll DescribeCreateAccountStatus until it settles. */
async function createAccount(org: OrganizationsClient, name: string, email: string): Promise<string> {
  const started = await org.send(
    new CreateAccountCommand({ AccountName: name, Email: email, Tags: [{ Key: 'Blueprint', Value: PREFIX }] }),
  );
  const requestId = started.CreateAccountStatus?.Id ?? '';
  const deadline = Date.now() + 120_000;
  for (;;) {
    const s = (await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId })))
      .CreateAccountStatus;
    if (s?.State === 'SUCCEEDED' && s.AccountId) return s.AccountId;
    if (s?.State === 'FAILED') throw new Error(`CreateAccount ${name} failed: ${s.FailureReason}`);
    if (Date.now() > deadline) throw new Error(`CreateAccount ${name} still ${s?.State} after 120 s`);
    await sleep(250);
  }
}

async function ensureAccounts(ctx: BlueprintContext, org: OrganizationsClient, out: OrgOutputs) {
  const existing = await listAccounts(org);
  for (const a of ACCOUNTS) {
    const email = `${PREFIX}+${a.key.toLowerCase()}.${out.nonce}@example.com`;
    const found = existing.find((x) => x.Name === a.name && x.Status === 'ACTIVE');
    const id = found?.Id ?? (await createAccount(org, a.name, email));
    const target = out.ous[a.ou]!;
    const parent = await parentOf(org, id);
    if (parent && parent !== target) {
      await org.send(new MoveAccountCommand({ AccountId: id, SourceParentId: parent, DestinationParentId: target }));
    }
    out.accounts[a.key] = id;
    ctx.log(`account ${a.name}: ${id} in ${a.ou}`);
  }
}

function targetId(out: OrgOutputs, t: Target): string {
  return t === 'Root' ? out.rootId : out.ous.Workloads!;
}

async function ensureScps(ctx: BlueprintContext, org: OrganizationsClient, out: OrgOutputs) {
  const existing = await listScps(org);
  for (const scp of SCPS) {
    const name = `${PREFIX}-${scp.key}`;
    const content = JSON.stringify(scp.document);
    let id = existing.find((p) => p.Name === name)?.Id;
    if (id) {
      await org.send(new UpdatePolicyCommand({ PolicyId: id, Content: content, Description: scp.description }));
    } else {
      const created = await org.send(
        new CreatePolicyCommand({ Name: name, Type: SCP_TYPE, Content: content, Description: scp.description }),
      );
      id = created.Policy?.PolicySummary?.Id;
    }
    if (!id) throw new Error(`could not create SCP ${name}`);
    out.policies[scp.key] = id;
    try {
      await org.send(new AttachPolicyCommand({ PolicyId: id, TargetId: targetId(out, scp.target) }));
    } catch (err) {
      if (errorName(err) !== 'DuplicatePolicyAttachmentException') throw err;
    }
    ctx.log(`SCP ${name} attached to ${scp.target}`);
  }
}

/** `baseline` runs in the new accounts before the SCPs are attached (settings the guardrails then lock). */
export async function deployOrganization(
  ctx: BlueprintContext,
  out: OrgOutputs,
  baseline?: () => Promise<void>,
): Promise<void> {
  const org = orgClient(ctx);
  await ensureOrganization(ctx, org, out);
  await ensureOus(ctx, org, out);
  await ensureAccounts(ctx, org, out);
  await baseline?.();
  await ensureScps(ctx, org, out);
}

/** Detaches and deletes the SCPs, removes the accounts, deletes the OUs, and the organization if deploy made it. */
export async function destroyOrganization(ctx: BlueprintContext, out: Partial<OrgOutputs>): Promise<void> {
  const org = orgClient(ctx);
  const ignoreMissing = (err: unknown) => {
    const n = errorName(err);
    if (!/NotFound|NotAttached|NotInUse/.test(n)) throw err;
  };
  for (const scp of SCPS) {
    const id = out.policies?.[scp.key];
    if (!id || !out.rootId) continue;
    const target = scp.target === 'Root' ? out.rootId : out.ous?.Workloads;
    if (target) await org.send(new DetachPolicyCommand({ PolicyId: id, TargetId: target })).catch(ignoreMissing);
    await org.send(new DeletePolicyCommand({ PolicyId: id })).catch(ignoreMissing);
  }
  // Against real AWS, RemoveAccountFromOrganization needs each account to be able to stand alone (billing info);
  // decommissioning there is CloseAccount. atoll accounts can always stand alone.
  for (const id of Object.values(out.accounts ?? {})) {
    await org.send(new RemoveAccountFromOrganizationCommand({ AccountId: id })).catch(ignoreMissing);
  }
  for (const [name] of [...OUS].reverse()) {
    const id = out.ous?.[name];
    if (id) await org.send(new DeleteOrganizationalUnitCommand({ OrganizationalUnitId: id })).catch(ignoreMissing);
  }
  if (out.enabledScpType && out.rootId && !out.createdOrganization) {
    await org.send(new DisablePolicyTypeCommand({ RootId: out.rootId, PolicyType: SCP_TYPE })).catch(ignoreMissing);
  }
  if (out.createdOrganization) await org.send(new DeleteOrganizationCommand({})).catch(ignoreMissing);
}
