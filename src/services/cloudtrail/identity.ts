// The userIdentity element of a record (Root, IAMUser, AssumedRole, AWSService), resolved from the caller's
// access key through the IAM directory, and the Username that event history shows for it.
import { directoryFor, type PrincipalView } from '../../iam/directory.js';
import type { CoreServices, Principal } from '../types.js';

export interface UserIdentity {
  type: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  invokedBy?: string;
  sessionContext?: {
    sessionIssuer?: { type: string; principalId: string; arn: string; accountId: string; userName: string };
    webIdFederationData?: Record<string, never>;
    attributes: { creationDate: string; mfaAuthenticated: string };
    sourceIdentity?: string;
  };
}

/** Seconds-precision UTC time as CloudTrail writes it: 2024-05-01T12:00:00Z. */
export function isoSeconds(ms: number): string {
  const sec = Math.floor(ms / 1000);
  // Calls come many to a second: format each second once.
  if (sec !== lastSecond) {
    lastSecond = sec;
    lastIso = new Date(sec * 1000).toISOString().replace('.000Z', 'Z');
  }
  return lastIso;
}
let lastSecond = NaN;
let lastIso = '';

function servicePrincipal(p: Principal): string | undefined {
  if (p.accessKeyId !== '') return undefined;
  if (p.arn.startsWith('arn:aws:iam::aws:service/')) return p.arn.slice('arn:aws:iam::aws:service/'.length);
  return !p.arn.startsWith('arn:') && p.arn.endsWith('.amazonaws.com') ? p.arn : undefined;
}

export function resolveIdentity(core: CoreServices, p: Principal): { identity: UserIdentity; username: string } {
  const service = servicePrincipal(p);
  if (service) return { identity: { type: 'AWSService', invokedBy: service }, username: service };
  let view: PrincipalView | undefined;
  if (p.accessKeyId !== '') {
    try {
      view = directoryFor(core).principalFor(p.accessKeyId, p.accountId);
    } catch {
      view = undefined; // IAM's tables not there (embedded without IAM): the key acts as the account root
    }
  }
  const accessKey = p.accessKeyId !== '' ? { accessKeyId: p.accessKeyId } : {};
  const principal = view?.principal;
  const session = view?.sessionData;
  const attributes = session
    ? { attributes: { creationDate: isoSeconds(session.issuedAt), mfaAuthenticated: 'false' } }
    : undefined;
  if (principal?.type === 'User') {
    const identity: UserIdentity = {
      type: 'IAMUser',
      principalId: principal.userId ?? '',
      arn: principal.arn,
      accountId: principal.accountId,
      ...accessKey,
      userName: principal.username ?? '',
    };
    if (attributes) identity.sessionContext = attributes;
    return { identity, username: principal.username ?? '' };
  }
  if (principal?.type === 'AssumedRole' && session) {
    const roleId = (session.userId.split(':')[0] ?? '').trim();
    const identity: UserIdentity = {
      type: 'AssumedRole',
      principalId: session.userId,
      arn: principal.arn,
      accountId: principal.accountId,
      ...accessKey,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: roleId,
          arn: principal.roleArn ?? `arn:aws:iam::${principal.accountId}:role/${session.roleName ?? ''}`,
          accountId: principal.accountId,
          userName: session.roleName ?? '',
        },
        webIdFederationData: {},
        attributes: attributes!.attributes,
        ...(session.sourceIdentity !== undefined ? { sourceIdentity: session.sourceIdentity } : {}),
      },
    };
    return { identity, username: session.sessionName ?? '' };
  }
  const accountId = principal?.accountId ?? p.accountId;
  const identity: UserIdentity = {
    type: 'Root',
    principalId: accountId,
    arn: `arn:aws:iam::${accountId}:root`,
    accountId,
    ...accessKey,
  };
  if (attributes) identity.sessionContext = attributes;
  return { identity, username: 'root' };
}
