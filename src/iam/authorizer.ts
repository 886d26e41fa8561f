// Enforcement: every request's AuthzTargets are evaluated by the policy engine with the caller's identity
// policies, boundary and session policies, the resource's policy (asked of the service that owns the ARN), and the
// organization's SCPs/RCPs. The common case (an account's root acting in its own account, no organization policy
// and no resource policy in the way) short-circuits before any policy is looked at.
import type { Logger } from '../logger.js';
import { AwsError } from '../protocol/errors.js';
import type { Authorizer } from '../server/pipeline.js';
import type { AuthzTarget, CoreServices, OrganizationView, RequestContext } from '../services/types.js';
import { directoryFor, type IamDirectory, type PrincipalView } from './directory.js';
import {
  accessDeniedMessage,
  buildGlobalContext,
  evaluate,
  type AuthzRequest,
  type Policy,
  type PolicySet,
} from './policy/index.js';
import type { RequestRecord, TraceLog } from './traces.js';

export interface AuthorizerOptions {
  /** `audit` lets denied requests through, logging them (the decision is kept for explain). */
  mode?: 'enforce' | 'audit';
  logger?: Logger;
  /** Where decisions are kept for GET /_atoll/explain/<requestId>. */
  traces?: TraceLog;
}

/** ARN service namespace -> atoll service name, where they differ. */
const OWNER: Record<string, string> = { states: 'stepfunctions', sts: 'iam' };

/** Actions authorized against a role's trust policy, which must itself allow them. */
const TRUST_ACTIONS = /^sts:(AssumeRole|AssumeRoleWithWebIdentity|AssumeRoleWithSAML|TagSession|SetSourceIdentity)$/i;

/** KMS keys: the key policy must itself allow (IAM policies count only where it delegates to the account). */
const KMS_KEY_ARN = /^arn:[^:]+:kms:[^:]*:\d{12}:key\//;

export function accessDenied(message: string, ctx: RequestContext, action?: string): AwsError {
  // SNS answers every authorization failure with its own AuthorizationError (403).
  if (action?.toLowerCase().startsWith('sns:')) {
    return new AwsError('AuthorizationErrorException', message, { status: 403, queryCode: 'AuthorizationError' });
  }
  // JSON services answer AccessDeniedException; query services (SQS, IAM, STS) AccessDenied.
  const json = ctx.protocol.startsWith('awsJson') || ctx.protocol === 'restJson1';
  return new AwsError(json ? 'AccessDeniedException' : 'AccessDenied', message, {
    status: 403,
    queryCode: 'AccessDenied',
    jsonNamespace: 'com.amazon.coral.service',
  });
}

function arnParts(arn: string): { service: string; account: string } | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  // arn:partition:service:region:account:resource (the resource may hold more colons). Runs several times per
  // request, so the fields are found with indexOf rather than a split into an array.
  const p = arn.indexOf(':', 4);
  const s = p < 0 ? -1 : arn.indexOf(':', p + 1);
  const r = s < 0 ? -1 : arn.indexOf(':', s + 1);
  const a = r < 0 ? -1 : arn.indexOf(':', r + 1);
  if (a < 0) return undefined;
  return { service: arn.slice(p + 1, s), account: arn.slice(r + 1, a) };
}

/**
 * Actions AWS accepts without a signature because a token in the request authenticates it: SNS's
 * SubscribeURL/UnsubscribeURL links (the subscription's token/ARN) and web-identity/SAML federation.
 */
const UNSIGNED_ACTIONS = new Set([
  'sns:confirmsubscription',
  'sns:unsubscribe',
  'sts:assumerolewithwebidentity',
  'sts:assumerolewithsaml',
]);

/** In-process calls made by an AWS service carry its service principal name instead of an IAM ARN. */
function servicePrincipal(ctx: RequestContext): string | undefined {
  if (ctx.principal.accessKeyId !== '') return undefined;
  const arn = ctx.principal.arn;
  if (arn.startsWith('arn:aws:iam::aws:service/')) return arn.slice('arn:aws:iam::aws:service/'.length);
  return arn.endsWith('.amazonaws.com') && !arn.startsWith('arn:') ? arn : undefined;
}

export class RequestAuthorizer {
  private readonly dir: IamDirectory;

  constructor(
    private readonly core: CoreServices,
    private readonly opts: AuthorizerOptions = {},
  ) {
    this.dir = directoryFor(core);
  }

  private org(): OrganizationView | undefined {
    return this.core.service('organizations')?.organizationView;
  }

  private resourcePolicy(arn: string, trust: boolean): Policy | undefined {
    const parts = arnParts(arn);
    if (!parts) return undefined;
    const owner = this.core.service(OWNER[parts.service] ?? parts.service);
    const text = owner?.resourcePolicy?.(arn);
    if (!text) return undefined;
    try {
      return this.dir.parse(text, trust ? 'trust' : 'resource', trust ? 'trust policy' : 'resource policy');
    } catch {
      return undefined; // a document its service accepted but the engine cannot read grants nothing
    }
  }

  private resourceTags(arn: string): Record<string, string> | undefined {
    const parts = arnParts(arn);
    if (!parts) return undefined;
    return this.core.service(OWNER[parts.service] ?? parts.service)?.resourceTags?.(arn);
  }

  private viewOf(ctx: RequestContext): PrincipalView {
    if (ctx.principal.anonymous)
      return { principal: { arn: '*', accountId: ctx.accountId, type: 'Anonymous' }, identity: [] };
    const service = servicePrincipal(ctx);
    if (service) return { principal: { arn: service, accountId: ctx.accountId, type: 'Service' }, identity: [] };
    return this.dir.principalFor(ctx.principal.accessKeyId, ctx.principal.accountId);
  }

  authorize(ctx: RequestContext, targets: AuthzTarget[]): void {
    if (ctx.principal.anonymous && targets.every((t) => UNSIGNED_ACTIONS.has(t.action.toLowerCase()))) return;
    const view = this.viewOf(ctx);
    const org = this.org();
    const p = view.principal;
    const scpLevels = p.type !== 'Anonymous' ? org?.serviceControlPolicies(p.accountId) : undefined;
    // A service acts for the account that owns the resource it delivers from (aws:SourceArn), whichever account
    // the call is made in.
    const source =
      p.type === 'Service' && ctx.sourceArn ? arnParts(ctx.sourceArn)?.account || p.accountId : p.accountId;
    const rec: RequestRecord | undefined = this.opts.traces && {
      requestId: ctx.requestId,
      time: this.core.now(),
      operation: ctx.operation,
      principal: p,
      mode: this.opts.mode ?? 'enforce',
      targets: [],
    };
    if (rec) this.opts.traces!.add(rec);
    for (const target of targets) {
      const trust = TRUST_ACTIONS.test(target.action);
      const resourceAccount = target.resourceAccountId ?? (arnParts(target.resource)?.account || p.accountId);
      const rcpLevels = org?.resourceControlPolicies(resourceAccount);
      const resource = target.resource === '*' ? undefined : this.resourcePolicy(target.resource, trust);
      // Deliveries by AWS service principals (SNS, EventBridge, Logs) within one account are let through when the
      // target has no resource policy, so integrations work before policies are written (AWS would require one
      // for SQS/SNS/Lambda targets; docs/coverage/iam.md); a policy, once set, is enforced, and another account's
      // resource always needs its policy to allow the service.
      if (p.type === 'Service' && !resource && !trust && !rcpLevels && resourceAccount === source) {
        rec?.targets.push({ target, shortcut: 'service principal in the resource account; no resource policy' });
        continue;
      }
      if (p.type === 'Root' && resourceAccount === p.accountId && !scpLevels && !rcpLevels && !resource && !trust) {
        rec?.targets.push({ target, shortcut: "the account's root in its own account; no policy applies" });
        continue;
      }
      this.check(ctx, view, target, { resource, trust, resourceAccount, scpLevels, rcpLevels, org }, rec);
    }
    if (p.type !== 'Root' && p.type !== 'Anonymous') this.dir.touch(view, ctx.operation, ctx.region);
  }

  private check(
    ctx: RequestContext,
    view: PrincipalView,
    target: AuthzTarget,
    o: {
      resource: Policy | undefined;
      trust: boolean;
      resourceAccount: string;
      scpLevels: string[][] | undefined;
      rcpLevels: string[][] | undefined;
      org: OrganizationView | undefined;
    },
    rec: RequestRecord | undefined,
  ): void {
    const p = view.principal;
    const orgInfo = o.org?.organizationOf(p.accountId);
    const principal = orgInfo ? { ...p, orgId: orgInfo.id, orgPaths: orgInfo.paths } : p;
    const tags = target.resource === '*' ? undefined : this.resourceTags(target.resource);
    const session = view.sessionData;
    const context = {
      ...buildGlobalContext({
        principal,
        now: this.core.now(),
        requestedRegion: ctx.region,
        secureTransport: false,
        resourceAccount: o.resourceAccount,
        ...(tags ? { resourceTags: tags } : {}),
        ...(ctx.sourceArn ? { sourceArn: ctx.sourceArn, sourceAccount: arnParts(ctx.sourceArn)?.account ?? '' } : {}),
        ...(session ? { tokenIssueTime: session.issuedAt, mfa: { present: false } } : {}),
        ...(session?.sourceIdentity ? { sourceIdentity: session.sourceIdentity } : {}),
      }),
      ...(target.context ?? {}),
    };
    const req: AuthzRequest = {
      principal,
      action: target.action,
      resource: target.resource,
      resourceAccountId: o.resourceAccount,
      context,
    };
    const set: PolicySet = { identity: view.identity };
    if (o.resource) set.resource = o.resource;
    if (o.trust || (o.resource && KMS_KEY_ARN.test(target.resource))) set.resourcePolicyRequired = true;
    if (view.boundary) set.boundary = view.boundary;
    if (view.session) set.session = view.session;
    if (o.scpLevels) set.scps = o.scpLevels.map((level) => level.map((d, i) => this.dir.parse(d, 'scp', `scp${i}`)));
    if (o.rcpLevels) set.rcps = o.rcpLevels.map((level) => level.map((d, i) => this.dir.parse(d, 'rcp', `rcp${i}`)));
    if (o.org?.isManagementAccount(p.accountId)) set.principalInManagementAccount = true;
    if (o.org?.isManagementAccount(o.resourceAccount)) set.resourceInManagementAccount = true;
    const result = evaluate(req, set);
    if (result.decision === 'Allow') {
      rec?.targets.push({ target, req, set, result });
      return;
    }
    const message = accessDeniedMessage(req, result);
    rec?.targets.push({ target, req, set, result, message });
    if (this.opts.mode !== 'audit') throw accessDenied(message, ctx, target.action);
    this.opts.logger?.warn(
      { requestId: ctx.requestId, principal: p.arn, action: target.action, resource: target.resource },
      `IAM audit: would deny: ${message}`,
    );
  }
}

export function createAuthorizer(core: CoreServices, opts: AuthorizerOptions = {}): Authorizer {
  const a = new RequestAuthorizer(core, opts);
  return (ctx, targets) => a.authorize(ctx, targets);
}
