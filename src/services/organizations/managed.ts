// The AWS-managed policies every organization sees: FullAWSAccess (SCP) and RCPFullAWSAccess (RCP). They are not
// stored per organization; attachments reference them by id.
import type { PolicyRow } from './store.js';

export interface ManagedPolicy extends Omit<PolicyRow, 'org_id' | 'created_at'> {
  arn: string;
}

const doc = (statement: Record<string, unknown>) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2);

export const FULL_AWS_ACCESS: ManagedPolicy = {
  id: 'p-FullAWSAccess',
  arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
  type: 'SERVICE_CONTROL_POLICY',
  name: 'FullAWSAccess',
  description: 'Allows access to every operation',
  content: doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
};

export const RCP_FULL_AWS_ACCESS: ManagedPolicy = {
  id: 'p-RCPFullAWSAccess',
  arn: 'arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess',
  type: 'RESOURCE_CONTROL_POLICY',
  name: 'RCPFullAWSAccess',
  description: 'Allows access to every operation',
  content: doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }),
};

export const MANAGED_POLICIES: ReadonlyMap<string, ManagedPolicy> = new Map(
  [FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS].map((p) => [p.id, p]),
);

/** The managed policy attached by default to every root, OU and account while its type is enabled. */
export function defaultPolicyFor(type: string): ManagedPolicy | undefined {
  if (type === 'SERVICE_CONTROL_POLICY') return FULL_AWS_ACCESS;
  if (type === 'RESOURCE_CONTROL_POLICY') return RCP_FULL_AWS_ACCESS;
  return undefined;
}
