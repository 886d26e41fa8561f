import { parsePolicy } from '../../../src/iam/policy/index.js';
import type { AuthzPrincipal, AuthzRequest, Policy, PolicyKind } from '../../../src/iam/policy/index.js';

export const A = '111111111111';
export const B = '222222222222';

export function doc(statements: object | object[], version = '2012-10-17'): string {
  return JSON.stringify({ Version: version, Statement: statements });
}

export function policy(kind: PolicyKind, statements: object | object[], version?: string): Policy {
  return parsePolicy(doc(statements, version), kind, { name: `${kind}-policy` });
}

export const allow = (action: string | string[], resource: string | string[] = '*', extra: object = {}) => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...extra,
});

export const deny = (action: string | string[], resource: string | string[] = '*', extra: object = {}) => ({
  Effect: 'Deny',
  Action: action,
  Resource: resource,
  ...extra,
});

export const user = (account = A, name = 'alice'): AuthzPrincipal => ({
  arn: `arn:aws:iam::${account}:user/${name}`,
  accountId: account,
  type: 'User',
  userId: 'AIDAEXAMPLE',
  username: name,
});

export const session = (account = A, role = 'app', name = 'sess'): AuthzPrincipal => ({
  arn: `arn:aws:sts::${account}:assumed-role/${role}/${name}`,
  accountId: account,
  type: 'AssumedRole',
  userId: 'AROAEXAMPLE',
  roleArn: `arn:aws:iam::${account}:role/${role}`,
});

export const root = (account = A): AuthzPrincipal => ({
  arn: `arn:aws:iam::${account}:root`,
  accountId: account,
  type: 'Root',
});

export const QUEUE = `arn:aws:sqs:us-east-1:${A}:q`;

export function req(principal: AuthzPrincipal, overrides: Partial<AuthzRequest> = {}): AuthzRequest {
  return { principal, action: 'sqs:SendMessage', resource: QUEUE, context: {}, ...overrides };
}
