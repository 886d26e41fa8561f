// Identifiers and ARNs in the shapes AWS uses: o-<10>, r-<4>, ou-<root suffix>-<8>, p-<8>, car-<32>, h-<10>.
import { randomBytes, randomInt } from 'node:crypto';

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function randomChars(n: number, alphabet = ALNUM): string {
  const bytes = randomBytes(n);
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

export const newOrgId = () => `o-${randomChars(10)}`;
export const newRootId = () => `r-${randomChars(4)}`;
export const newOuId = (rootId: string) => `ou-${rootId.slice(2)}-${randomChars(8)}`;
export const newPolicyId = () => `p-${randomChars(8)}`;
export const newCreateAccountRequestId = () => `car-${randomChars(32)}`;
export const newHandshakeId = () => `h-${randomChars(10)}`;
export const newResourcePolicyId = () => `rp-${randomChars(8)}`;

/** A fresh 12-digit account id (never one of atoll's well-known ids, which start with 0 or 1). */
export function newAccountId(): string {
  return String(randomInt(200_000_000_000, 1_000_000_000_000));
}

export type TargetKind = 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';

export function kindOfId(id: string): TargetKind | 'POLICY' | undefined {
  if (/^r-[0-9a-z]{4,32}$/.test(id)) return 'ROOT';
  if (/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/.test(id)) return 'ORGANIZATIONAL_UNIT';
  if (/^\d{12}$/.test(id)) return 'ACCOUNT';
  if (/^p-[0-9a-zA-Z_]{8,128}$/.test(id)) return 'POLICY';
  return undefined;
}

export const arns = {
  organization: (mgmt: string, orgId: string) => `arn:aws:organizations::${mgmt}:organization/${orgId}`,
  root: (mgmt: string, orgId: string, rootId: string) => `arn:aws:organizations::${mgmt}:root/${orgId}/${rootId}`,
  ou: (mgmt: string, orgId: string, ouId: string) => `arn:aws:organizations::${mgmt}:ou/${orgId}/${ouId}`,
  account: (mgmt: string, orgId: string, accountId: string) =>
    `arn:aws:organizations::${mgmt}:account/${orgId}/${accountId}`,
  policy: (mgmt: string, orgId: string, type: string, policyId: string) =>
    `arn:aws:organizations::${mgmt}:policy/${orgId}/${type.toLowerCase()}/${policyId}`,
  handshake: (mgmt: string, orgId: string, handshakeId: string) =>
    `arn:aws:organizations::${mgmt}:handshake/${orgId}/invite/${handshakeId}`,
  resourcePolicy: (mgmt: string, orgId: string, id: string) =>
    `arn:aws:organizations::${mgmt}:resourcepolicy/${orgId}/${id}`,
};
