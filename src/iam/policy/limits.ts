// Size quotas from "IAM and AWS STS quotas" and the Organizations quotas. IAM does not count white space; Organizations
// counts the document as sent.
import { PolicyDocumentError } from './errors.js';

export type PolicySizeClass =
  'managed' | 'userInline' | 'roleInline' | 'groupInline' | 'trust' | 'scp' | 'rcp' | 'session' | 'unlimited';

export const POLICY_SIZE_LIMITS: Record<Exclude<PolicySizeClass, 'unlimited'>, number> = {
  managed: 6144,
  // Inline quotas cover the sum of an entity's inline policies; the caller passes that sum's class per document and
  // may add the other documents' sizes through `usedBytes`.
  userInline: 2048,
  roleInline: 10240,
  groupInline: 5120,
  // Role trust policy default quota (raisable to 4096 through Service Quotas).
  trust: 2048,
  scp: 5120,
  rcp: 5120,
  // Plaintext of inline + managed session policies passed to AssumeRole, AssumeRoleWith... or GetFederationToken.
  session: 2048,
};

/** Length of a JSON document ignoring white space outside string literals, as IAM measures it. */
export function policySize(text: string): number {
  let size = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      size++;
      if (c === '\\') {
        size++;
        i++;
      } else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      size++;
    } else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') size++;
  }
  return size;
}

export interface SizeCheck {
  sizeClass: PolicySizeClass;
  /** Size of the entity's other inline policies (inline quotas are aggregate). */
  usedBytes?: number;
  /** Entity name for the inline-policy message ("user alice", "role r", "group g"). */
  entity?: string;
}

export function checkPolicySize(text: string, check: SizeCheck): void {
  if (check.sizeClass === 'unlimited') return;
  const limit = POLICY_SIZE_LIMITS[check.sizeClass];
  const counted = check.sizeClass === 'scp' || check.sizeClass === 'rcp' ? text.length : policySize(text);
  if (counted + (check.usedBytes ?? 0) <= limit) return;
  let message: string;
  switch (check.sizeClass) {
    case 'managed':
      message = `Cannot exceed quota for PolicySize: ${limit}`;
      break;
    case 'trust':
      message = `Cannot exceed quota for ACLSizePerRole: ${limit}`;
      break;
    case 'scp':
    case 'rcp':
      message = 'You have exceeded the maximum policy size.';
      break;
    case 'session':
      message = `Policy document exceeds the maximum size of ${limit} characters.`;
      break;
    default:
      message = `Maximum policy size of ${limit} bytes exceeded${check.entity ? ` for ${check.entity}` : ''}.`;
  }
  throw new PolicyDocumentError(message, 'SizeExceeded', 'LimitExceeded');
}
