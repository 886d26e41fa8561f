// The IAM action and resource each Schemas operation needs (resource types registry, schema, discoverer).
import type { AuthzTarget, RequestContext } from '../types.js';
import { AWS_EVENTS_REGISTRY, discovererArn, registryArn, schemaArn } from './arns.js';
import { scopeOf } from './service.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function schemasAuthorization(
  operation: string,
  input: Record<string, unknown>,
  ctx: RequestContext,
): AuthzTarget[] {
  const action = `schemas:${operation}`;
  const s = scopeOf(ctx);
  const registry = str(input.RegistryName);
  const schema = str(input.SchemaName);
  const discoverer = str(input.DiscovererId);
  const resourceArn = str(input.ResourceArn);
  if (resourceArn) return [{ action, resource: resourceArn }];
  // aws.events' ARNs name no account: AWS's shared registry is read as if the caller's own.
  const owner = registry === AWS_EVENTS_REGISTRY ? { resourceAccountId: s.accountId } : {};
  if (registry && schema) return [{ action, resource: schemaArn(s, registry, schema), ...owner }];
  if (registry) return [{ action, resource: registryArn(s, registry), ...owner }];
  if (discoverer) return [{ action, resource: discovererArn(s, discoverer) }];
  return [{ action, resource: '*' }];
}
