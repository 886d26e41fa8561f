// Principal / NotPrincipal matching. How the caller was matched matters for same-account evaluation: a resource policy
// naming the caller itself grants outright, naming the role behind a session is still limited by the session's
// permissions boundary and session policies, and naming the account only delegates to the account's own IAM policies.
import type { AuthzPrincipal, PrincipalElement, PrincipalSpec } from './types.js';

/** Strongest first. */
export type PrincipalMatch = 'direct' | 'role' | 'account';

const IAM_TYPES = new Set(['Root', 'User', 'AssumedRole', 'FederatedUser']);

export function isIamPrincipal(p: AuthzPrincipal): boolean {
  return IAM_TYPES.has(p.type);
}

function partitionOf(arn: string): string {
  return arn.startsWith('arn:') ? arn.split(':')[1] : 'aws';
}

function namesAccount(entry: string, p: AuthzPrincipal): boolean {
  return entry === p.accountId || entry === `arn:${partitionOf(p.arn)}:iam::${p.accountId}:root`;
}

export function matchPrincipalSpec(spec: PrincipalSpec, p: AuthzPrincipal): PrincipalMatch | undefined {
  if (spec.any) return 'direct';
  switch (p.type) {
    case 'Service':
      return spec.service.some((s) => s.toLowerCase() === p.arn.toLowerCase()) ? 'direct' : undefined;
    case 'WebIdentity':
    case 'SAML':
      return spec.federated.includes(p.arn) ? 'direct' : undefined;
    case 'Anonymous':
      return undefined;
  }
  if (p.canonicalUserId && spec.canonicalUser.includes(p.canonicalUserId)) return 'direct';
  let best: PrincipalMatch | undefined;
  for (const entry of spec.aws) {
    if (entry === p.arn) return 'direct';
    if (p.type === 'Root' && namesAccount(entry, p)) return 'direct';
    if (
      (p.roleArn !== undefined && entry === p.roleArn) ||
      (p.parentUserArn !== undefined && entry === p.parentUserArn)
    ) {
      best = 'role';
    } else if (!best && namesAccount(entry, p)) best = 'account';
  }
  return best;
}

/**
 * NotPrincipal excludes a caller only when every identity the request carries is listed: a role session is the session,
 * its role and its account, which is why the IAM User Guide asks for all three in a Deny with NotPrincipal.
 */
function excludedBy(spec: PrincipalSpec, p: AuthzPrincipal): boolean {
  if (spec.any) return true;
  switch (p.type) {
    case 'Service':
      return spec.service.some((s) => s.toLowerCase() === p.arn.toLowerCase());
    case 'WebIdentity':
    case 'SAML':
      return spec.federated.includes(p.arn);
    case 'Anonymous':
      return false;
  }
  const listed = (arn: string): boolean => spec.aws.includes(arn);
  const identities: boolean[] = [listed(p.arn) || (p.type === 'Root' && spec.aws.some((e) => namesAccount(e, p)))];
  if (p.type !== 'Root') identities.push(spec.aws.some((e) => namesAccount(e, p)));
  if (p.roleArn !== undefined) identities.push(listed(p.roleArn));
  if (p.parentUserArn !== undefined) identities.push(listed(p.parentUserArn));
  return identities.every(Boolean);
}

/**
 * How a statement's Principal/NotPrincipal applies to the caller. `hasBoundary`: per the IAM User Guide, a Deny with
 * NotPrincipal always applies to a principal that has a permissions boundary, whatever NotPrincipal lists.
 */
export function matchPrincipalElement(
  el: PrincipalElement,
  p: AuthzPrincipal,
  deny: boolean,
  hasBoundary: boolean,
): PrincipalMatch | undefined {
  if (!el.negated) return matchPrincipalSpec(el.spec, p);
  if (deny && hasBoundary && isIamPrincipal(p)) return 'direct';
  return excludedBy(el.spec, p) ? undefined : 'direct';
}
