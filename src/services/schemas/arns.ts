// Schemas ARNs and the AWS-owned registries every account sees.
export const AWS_EVENTS_REGISTRY = 'aws.events';
export const DISCOVERED_REGISTRY = 'discovered-schemas';

export interface Scope {
  accountId: string;
  region: string;
}

export const registryArn = (s: Scope, name: string) =>
  name === AWS_EVENTS_REGISTRY
    ? `arn:aws:schemas:${s.region}::registry/${name}`
    : `arn:aws:schemas:${s.region}:${s.accountId}:registry/${name}`;

export const schemaArn = (s: Scope, registry: string, name: string) =>
  registry === AWS_EVENTS_REGISTRY
    ? `arn:aws:schemas:${s.region}::schema/${registry}/${name}`
    : `arn:aws:schemas:${s.region}:${s.accountId}:schema/${registry}/${name}`;

export const discovererArn = (s: Scope, id: string) => `arn:aws:schemas:${s.region}:${s.accountId}:discoverer/${id}`;

export type ParsedArn =
  | { kind: 'registry'; scope: Scope; registry: string }
  | { kind: 'schema'; scope: Scope; registry: string; schema: string }
  | { kind: 'discoverer'; scope: Scope; id: string };

export function parseSchemasArn(arn: string): ParsedArn | undefined {
  const m = /^arn:aws[a-z-]*:schemas:([a-z0-9-]+):(\d{12}):(registry|schema|discoverer)\/(.+)$/.exec(arn);
  if (!m) return undefined;
  const scope = { region: m[1]!, accountId: m[2]! };
  const rest = m[4]!;
  if (m[3] === 'registry') return { kind: 'registry', scope, registry: rest };
  if (m[3] === 'discoverer') return { kind: 'discoverer', scope, id: rest };
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  return { kind: 'schema', scope, registry: rest.slice(0, slash), schema: rest.slice(slash + 1) };
}

/** An event bus ARN: arn:aws:events:<region>:<account>:event-bus/<name>. */
export function parseBusArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const m = /^arn:aws[a-z-]*:events:([a-z0-9-]+):(\d{12}):event-bus\/([A-Za-z0-9._\-/]+)$/.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}
