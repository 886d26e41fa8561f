// Account-wide settings (password policy, alias) and the authorization-details report.
import type { ManagedPolicyDetail, PasswordPolicy } from '../../../generated/iam/types.js';
import { AWS_MANAGED_POLICIES } from '../../iam/aws-managed.js';
import type { Permissions } from '../../iam/records.js';
import type { Handlers } from './api.js';
import { IamErrors } from './errors.js';
import { allPolicies, policyArn, policyOut, usage } from './policies.js';
import { profileOut } from './profiles.js';
import { roleOut } from './roles.js';
import { encodeDoc, type IamService } from './service.js';
import { userOut } from './users.js';

const PASSWORD_DEFAULTS: Record<string, number | boolean> = {
  MinimumPasswordLength: 6,
  RequireSymbols: false,
  RequireNumbers: false,
  RequireUppercaseCharacters: false,
  RequireLowercaseCharacters: false,
  AllowUsersToChangePassword: false,
};

export function accountHandlers(svc: IamService): Handlers {
  const attachedOut = (e: Permissions) =>
    e.attached.map((arn) => ({ PolicyName: arn.split('/').pop() ?? arn, PolicyArn: arn }));
  const inlineOut = (e: Permissions) =>
    Object.entries(e.inline).map(([PolicyName, doc]) => ({ PolicyName, PolicyDocument: encodeDoc(doc) }));
  return {
    UpdateAccountPasswordPolicy: (input, ctx) =>
      svc.write(() => {
        const policy: Record<string, number | boolean> = { ...PASSWORD_DEFAULTS };
        for (const [k, v] of Object.entries(input)) if (typeof v === 'number' || typeof v === 'boolean') policy[k] = v;
        policy.ExpirePasswords = typeof policy.MaxPasswordAge === 'number' && policy.MaxPasswordAge > 0;
        svc.store.putAccount(ctx.accountId, { ...svc.store.account(ctx.accountId), passwordPolicy: policy });
      }),
    GetAccountPasswordPolicy: (_input, ctx) => {
      const policy = svc.store.account(ctx.accountId).passwordPolicy;
      if (!policy)
        throw IamErrors.noSuchEntity(`The Password Policy with domain name ${ctx.accountId} cannot be found.`);
      return { PasswordPolicy: policy as PasswordPolicy };
    },
    DeleteAccountPasswordPolicy: (_input, ctx) =>
      svc.write(() => {
        const { passwordPolicy, ...rest } = svc.store.account(ctx.accountId);
        if (!passwordPolicy)
          throw IamErrors.noSuchEntity(`The account policy with name PasswordPolicy cannot be found.`);
        svc.store.putAccount(ctx.accountId, rest);
      }),
    CreateAccountAlias: (input, ctx) =>
      svc.write(() => {
        const owner = svc.store.aliasOwner(input.AccountAlias);
        if (owner !== undefined && owner !== ctx.accountId)
          throw IamErrors.alreadyExists(`The account alias ${input.AccountAlias} already exists.`);
        // An account has at most one alias: creating another replaces it.
        svc.store.putAccount(ctx.accountId, { ...svc.store.account(ctx.accountId), aliases: [input.AccountAlias] });
      }),
    DeleteAccountAlias: (input, ctx) =>
      svc.write(() => {
        const acct = svc.store.account(ctx.accountId);
        if (!acct.aliases.includes(input.AccountAlias))
          throw IamErrors.noSuchEntity(`The account alias ${input.AccountAlias} cannot be found.`);
        svc.store.putAccount(ctx.accountId, { ...acct, aliases: [] });
      }),
    ListAccountAliases: (input, ctx) => {
      const { items, ...page } = svc.page(svc.store.account(ctx.accountId).aliases, input);
      return { AccountAliases: items, ...page };
    },
    GetAccountSummary: (_input, ctx) => {
      const count = (k: 'user' | 'group' | 'role' | 'policy' | 'profile') => svc.store.list(ctx.accountId, k).length;
      return {
        SummaryMap: {
          Users: count('user'),
          UsersQuota: 5000,
          Groups: count('group'),
          GroupsQuota: 300,
          Roles: count('role'),
          RolesQuota: 1000,
          Policies: count('policy'),
          PoliciesQuota: 1500,
          InstanceProfiles: count('profile'),
          InstanceProfilesQuota: 1000,
          AccessKeysPerUserQuota: 2,
          GroupsPerUserQuota: 10,
          AttachedPoliciesPerUserQuota: 10,
          AttachedPoliciesPerGroupQuota: 10,
          AttachedPoliciesPerRoleQuota: 10,
          PolicyVersionsInUseQuota: 10000,
          VersionsPerPolicyQuota: 5,
          PolicySizeQuota: 6144,
          AccountAccessKeysPresent: 0,
          AccountMFAEnabled: 0,
          MFADevices: 0,
          MFADevicesInUse: 0,
          ServerCertificates: 0,
          ServerCertificatesQuota: 20,
          Providers: 0,
          GlobalEndpointTokenVersion: 1,
        },
      };
    },
    GetAccountAuthorizationDetails: (input, ctx) => {
      const want = (t: string) => !input.Filter || input.Filter.length === 0 || input.Filter.includes(t as never);
      const profiles = svc.store.list(ctx.accountId, 'profile');
      type Item =
        | { kind: 'user'; v: ReturnType<typeof userDetail> }
        | { kind: 'group'; v: ReturnType<typeof groupDetail> }
        | { kind: 'role'; v: ReturnType<typeof roleDetail> }
        | { kind: 'policy'; v: ManagedPolicyDetail };
      const userDetail = (u: ReturnType<typeof svc.store.list<'user'>>[number]) => ({
        ...userOut(svc, ctx, u, true),
        UserPolicyList: inlineOut(u),
        GroupList: u.groups,
        AttachedManagedPolicies: attachedOut(u),
      });
      const groupDetail = (g: ReturnType<typeof svc.store.list<'group'>>[number]) => ({
        Path: g.path,
        GroupName: g.name,
        GroupId: g.id,
        Arn: svc.arn(ctx, 'group', g),
        CreateDate: new Date(g.createDate),
        GroupPolicyList: inlineOut(g),
        AttachedManagedPolicies: attachedOut(g),
      });
      const roleDetail = (r: ReturnType<typeof svc.store.list<'role'>>[number]) => ({
        ...roleOut(svc, ctx, r, 'get'),
        InstanceProfileList: profiles
          .filter((p) => p.roles.some((n) => n.toLowerCase() === r.name.toLowerCase()))
          .map((p) => profileOut(svc, ctx, p, false)),
        RolePolicyList: inlineOut(r),
        AttachedManagedPolicies: attachedOut(r),
      });
      const items: Item[] = [];
      if (want('User'))
        for (const u of svc.store.list(ctx.accountId, 'user')) items.push({ kind: 'user', v: userDetail(u) });
      if (want('Group'))
        for (const g of svc.store.list(ctx.accountId, 'group')) items.push({ kind: 'group', v: groupDetail(g) });
      if (want('Role'))
        for (const r of svc.store.list(ctx.accountId, 'role')) items.push({ kind: 'role', v: roleDetail(r) });
      for (const p of allPolicies(svc, ctx, undefined)) {
        const local = p.rec !== undefined;
        if (!(local ? want('LocalManagedPolicy') : want('AWSManagedPolicy'))) continue;
        const arn = policyArn(ctx, p);
        // AWS managed policies are reported only when in use in the account.
        if (!local && usage(svc, ctx, arn).attachments + usage(svc, ctx, arn).boundaries === 0) continue;
        const versions = p.rec
          ? p.rec.versions.map((v) => ({
              Document: encodeDoc(v.document),
              VersionId: v.id,
              IsDefaultVersion: v.id === p.rec.defaultVersion,
              CreateDate: new Date(v.createDate),
            }))
          : [
              {
                Document: encodeDoc(AWS_MANAGED_POLICIES.get(arn)!.document),
                VersionId: p.aws.version,
                IsDefaultVersion: true,
                CreateDate: new Date(p.aws.updateDate),
              },
            ];
        const { Tags: _t, ...base } = policyOut(svc, ctx, p, true);
        items.push({ kind: 'policy', v: { ...base, PolicyVersionList: versions } });
      }
      const { items: page, ...rest } = svc.page(items, input);
      const of = <K extends Item['kind']>(k: K) =>
        page
          .filter((i): i is Extract<Item, { kind: K }> => i.kind === k)
          .map((i) => i.v as Extract<Item, { kind: K }>['v']);
      return {
        UserDetailList: of('user'),
        GroupDetailList: of('group'),
        RoleDetailList: of('role'),
        Policies: of('policy'),
        ...rest,
      };
    },
  };
}
