// STS handlers: who am I, role sessions (trust policy already evaluated by the authorizer, see authz.ts) and
// session tokens for IAM users.
import type { AssumeRoleRequest, Operations } from '../../../generated/sts/types.js';
import { directoryFor } from '../../iam/directory.js';
import { parsePolicy, PolicyDocumentError } from '../../iam/policy/index.js';
import type { SessionData } from '../../iam/records.js';
import type { CoreServices, HandlerTable, RequestContext } from '../types.js';
import { StsErrors } from './errors.js';
import { issue } from './sessions.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(\/.*\/|\/)([^/]+)$/;
const MAX_TAGS = 50;

export function stsHandlers(core: CoreServices): Partial<HandlerTable<Operations>> {
  const dir = directoryFor(core);
  const caller = (ctx: RequestContext) => {
    if (ctx.principal.anonymous) throw StsErrors.missingAuth();
    return dir.principalFor(ctx.principal.accessKeyId, ctx.accountId);
  };

  function sessionPolicy(input: AssumeRoleRequest): void {
    if (input.Policy === undefined) return;
    try {
      parsePolicy(input.Policy, 'session');
    } catch (err) {
      if (err instanceof PolicyDocumentError) {
        if (err.code === 'LimitExceeded')
          throw StsErrors.packedPolicyTooLarge(
            'Packed policy consumes more than 100% of allotted space, please use smaller policy for full session.',
          );
        throw StsErrors.malformedPolicy(err.message);
      }
      throw err;
    }
  }

  return {
    GetCallerIdentity: (_input, ctx) => {
      const p = caller(ctx).principal;
      const userId = p.type === 'Root' ? p.accountId : (p.userId ?? p.accountId);
      return { UserId: userId, Account: p.accountId, Arn: p.arn };
    },
    AssumeRole: (input, ctx) => {
      const view = caller(ctx);
      const m = ROLE_ARN.exec(input.RoleArn);
      const role = m ? dir.store.get(m[1]!, 'role', m[3]!) : undefined;
      if (!m || !role || role.path !== m[2]) {
        throw StsErrors.accessDenied(
          `User: ${view.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`,
        );
      }
      const chained = view.principal.type === 'AssumedRole';
      const duration = input.DurationSeconds ?? 3600;
      if (chained && duration > 3600)
        throw StsErrors.validation(
          'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
        );
      if (duration > role.maxSession)
        throw StsErrors.validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
      sessionPolicy(input);
      // Transitive tags of the calling session carry over to the chained session and cannot be replaced.
      const inherited = view.sessionData ?? undefined;
      const tags: Record<string, string> = {};
      const transitive = new Set<string>();
      for (const k of inherited?.transitiveTagKeys ?? []) {
        const v = inherited?.tags[k];
        if (v !== undefined) {
          tags[k] = v;
          transitive.add(k);
        }
      }
      const seen = new Set<string>();
      for (const t of input.Tags ?? []) {
        const lower = t.Key.toLowerCase();
        if (seen.has(lower))
          throw StsErrors.validation('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
        seen.add(lower);
        if (transitive.has(t.Key))
          throw StsErrors.validation(
            `One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.`,
          );
        tags[t.Key] = t.Value;
      }
      if ((input.Tags ?? []).length > MAX_TAGS)
        throw StsErrors.validation(`Cannot exceed quota for TagsPerSession: ${MAX_TAGS}`);
      for (const k of input.TransitiveTagKeys ?? []) {
        if (!(input.Tags ?? []).some((t) => t.Key === k))
          throw StsErrors.validation('The specified transitive tag key must be included in the requested tags.');
        transitive.add(k);
      }
      const account = m[1]!;
      const arn = `arn:aws:sts::${account}:assumed-role/${role.name}/${input.RoleSessionName}`;
      const data: SessionData = {
        type: 'AssumedRole',
        arn,
        userId: `${role.id}:${input.RoleSessionName}`,
        roleName: role.name,
        sessionName: input.RoleSessionName,
        tags,
        transitiveTagKeys: [...transitive],
        issuedAt: core.now(),
      };
      if (input.Policy !== undefined) data.policy = input.Policy;
      const arns = (input.PolicyArns ?? []).map((p) => p.arn).filter((a): a is string => a !== undefined);
      if (arns.length > 0) data.policyArns = arns;
      const sourceIdentity = input.SourceIdentity ?? inherited?.sourceIdentity;
      if (sourceIdentity !== undefined) data.sourceIdentity = sourceIdentity;
      const out = {
        Credentials: issue(dir, account, duration, data),
        AssumedRoleUser: { AssumedRoleId: data.userId, Arn: arn },
        ...(input.Policy !== undefined || (input.Tags ?? []).length > 0 || arns.length > 0
          ? { PackedPolicySize: packedSize(input) }
          : {}),
        ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
      };
      return out;
    },
    GetSessionToken: (input, ctx) => {
      const view = caller(ctx);
      const p = view.principal;
      if (view.sessionData) throw StsErrors.accessDenied('Cannot call GetSessionToken with session credentials');
      const duration = input.DurationSeconds ?? (p.type === 'Root' ? 3600 : 43200);
      if (p.type === 'Root' && duration > 3600)
        throw StsErrors.validation('The requested DurationSeconds exceeds the 1 hour session limit for root accounts.');
      const data: SessionData = {
        type: p.type === 'User' ? 'User' : 'Root',
        arn: p.arn,
        userId: p.type === 'Root' ? p.accountId : (p.userId ?? p.accountId),
        tags: {},
        transitiveTagKeys: [],
        issuedAt: core.now(),
      };
      if (p.username) data.userName = p.username;
      return { Credentials: issue(dir, p.accountId, duration, data) };
    },
    GetAccessKeyInfo: (input, ctx) => {
      const rec = dir.secretFor(input.AccessKeyId) ?? core.credentials.secretFor(input.AccessKeyId);
      return { Account: rec?.accountId ?? ctx.accountId };
    },
  };
}

/** PackedPolicySize: the percentage of the packed-policy allowance the session policies and tags use. */
function packedSize(input: AssumeRoleRequest): number {
  const bytes =
    (input.Policy?.length ?? 0) +
    (input.PolicyArns ?? []).reduce((n, p) => n + (p.arn?.length ?? 0), 0) +
    (input.Tags ?? []).reduce((n, t) => n + t.Key.length + t.Value.length, 0);
  return Math.max(1, Math.ceil((bytes / 2048) * 100));
}
