// The IAM action, resource ARN and condition keys each IAM operation needs (Service Authorization Reference:
// actions act on the user, group, role, policy or instance profile they name; list and account operations on '*').
import { iamArn } from '../../iam/ids.js';
import { directoryFor } from '../../iam/directory.js';
import type { AuthzTarget, CoreServices, RequestContext } from '../types.js';

type Input = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Operations whose user defaults to the caller when UserName is omitted. */
const SELF = new Set(['GetUser', 'CreateAccessKey', 'ListAccessKeys', 'UpdateAccessKey', 'DeleteAccessKey']);

const ENTITIES: Array<[string, 'user' | 'group' | 'role' | 'instance-profile', 'user' | 'group' | 'role' | 'profile']> =
  [
    ['UserName', 'user', 'user'],
    ['GroupName', 'group', 'group'],
    ['RoleName', 'role', 'role'],
    ['InstanceProfileName', 'instance-profile', 'profile'],
  ];

function tagContext(input: Input): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const tags = Array.isArray(input.Tags) ? (input.Tags as { Key: string; Value?: string }[]) : [];
  for (const t of tags) out[`aws:RequestTag/${t.Key}`] = t.Value ?? '';
  const keys = Array.isArray(input.TagKeys) ? (input.TagKeys as string[]) : tags.map((t) => t.Key);
  if (keys.length > 0) out['aws:TagKeys'] = keys;
  return out;
}

export function makeIamAuthorization(core: () => CoreServices | undefined) {
  return (operation: string, input: Input, ctx: RequestContext): AuthzTarget[] => {
    const c = core();
    const account = ctx.accountId;
    const context: Record<string, string | string[]> = tagContext(input);
    const policyArn = str(input.PolicyArn);
    if (policyArn) context['iam:PolicyARN'] = policyArn;
    const boundary = str(input.PermissionsBoundary);
    if (boundary) context['iam:PermissionsBoundary'] = boundary;
    let resource = '*';
    for (const [member, type, kind] of ENTITIES) {
      const name = str(input[member]);
      if (name === undefined) continue;
      const existing = c ? directoryFor(c).store.get(account, kind, name) : undefined;
      resource = iamArn(account, type, existing?.path ?? str(input.Path) ?? '/', existing?.name ?? name);
      break;
    }
    if (resource === '*' && SELF.has(operation) && input.UserName === undefined) {
      resource = ctx.principal.arn.includes(':user/') ? ctx.principal.arn : '*';
    }
    if (resource === '*' && operation === 'CreatePolicy') {
      resource = iamArn(account, 'policy', str(input.Path) ?? '/', str(input.PolicyName) ?? '');
    } else if (resource === '*' && policyArn) resource = policyArn;
    else if (resource === '*' && str(input.PolicySourceArn)) resource = str(input.PolicySourceArn)!;
    const target: AuthzTarget = { action: `iam:${operation}`, resource };
    if (resource.startsWith('arn:aws:iam::aws:')) target.resourceAccountId = account;
    if (Object.keys(context).length > 0) target.context = context;
    return [target];
  };
}
