// Key policies. Every KMS key has exactly one ('default'); without one given, KMS writes its default key policy,
// which delegates the key to the account (IAM policies then decide). For authorization the key policy is extended
// with one statement per grant, so the policy engine lets grantees perform their granted operations.
import { parsePolicy, PolicyDocumentError } from '../../iam/policy/index.js';
import { KmsErrors } from './errors.js';
import type { GrantRow } from './store.js';

export function defaultKeyPolicy(accountId: string): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${accountId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    },
    null,
    2,
  );
}

/** Validates a key policy document; MalformedPolicyDocumentException when the policy engine cannot read it. */
export function checkKeyPolicy(text: string): void {
  try {
    parsePolicy(text, 'resource', { size: { sizeClass: 'unlimited' } });
  } catch (err) {
    if (err instanceof PolicyDocumentError) throw KmsErrors.malformedPolicy(err.message);
    throw KmsErrors.malformedPolicy('The key policy is not valid JSON.');
  }
  if (Buffer.byteLength(text) > 32768) throw KmsErrors.limit('The key policy exceeds the 32 KB limit.');
}

/** The statement a grant contributes: its grantee may perform its operations, within its constraints. */
function grantStatement(g: GrantRow): Record<string, unknown> {
  const ops = JSON.parse(g.operations) as string[];
  const principal = /\.amazonaws\.com(\.cn)?$/.test(g.grantee) ? { Service: g.grantee } : { AWS: g.grantee };
  const stmt: Record<string, unknown> = {
    Sid: `grant-${g.grant_id}`,
    Effect: 'Allow',
    Principal: principal,
    Action: ops.map((o) => `kms:${o}`),
    Resource: '*',
  };
  const c = g.constraints
    ? (JSON.parse(g.constraints) as {
        EncryptionContextSubset?: Record<string, string>;
        EncryptionContextEquals?: Record<string, string>;
      })
    : undefined;
  const pairs = c?.EncryptionContextEquals ?? c?.EncryptionContextSubset;
  if (pairs) {
    const condition: Record<string, Record<string, unknown>> = {
      StringEquals: Object.fromEntries(Object.entries(pairs).map(([k, v]) => [`kms:EncryptionContext:${k}`, v])),
    };
    // Equals: no key beyond the constraint's (with every constraint pair present, the contexts are equal).
    if (c?.EncryptionContextEquals)
      condition['ForAllValues:StringEquals'] = { 'kms:EncryptionContextKeys': Object.keys(pairs) };
    stmt.Condition = condition;
  }
  return stmt;
}

/** The key policy as the authorizer evaluates it: the document plus one statement per grant. */
export function effectivePolicy(policy: string, grants: GrantRow[]): string {
  if (grants.length === 0) return policy;
  try {
    const doc = JSON.parse(policy) as { Statement?: unknown };
    const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
    return JSON.stringify({ ...doc, Statement: [...(statements as unknown[]), ...grants.map(grantStatement)] });
  } catch {
    return policy;
  }
}
