// Registries (custom ones, plus AWS's aws.events and discovered-schemas), their resource policies, and tags on
// every Schemas resource.
import { randomUUID } from 'node:crypto';
import type { HandlerTable } from '../types.js';
import type { Operations } from '../../../generated/schemas/types.js';
import { AWS_EVENTS_REGISTRY, DISCOVERED_REGISTRY, parseSchemasArn, registryArn, type Scope } from './arns.js';
import { SchemasErrors } from './errors.js';
import { page, scopeOf, tagsOf, type SchemasService } from './service.js';
import type { RegistryRow } from './store.js';

type RegistryOps = Pick<
  Operations,
  | 'CreateRegistry'
  | 'DescribeRegistry'
  | 'UpdateRegistry'
  | 'DeleteRegistry'
  | 'ListRegistries'
  | 'PutResourcePolicy'
  | 'GetResourcePolicy'
  | 'DeleteResourcePolicy'
  | 'TagResource'
  | 'UntagResource'
  | 'ListTagsForResource'
>;

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

function view(s: Scope, r: Pick<RegistryRow, 'name' | 'description' | 'tags'>) {
  return {
    Description: r.description ?? undefined,
    RegistryArn: registryArn(s, r.name),
    RegistryName: r.name,
    Tags: tagsOf(r.tags),
  };
}

const AWS_EVENTS_ROW = { name: AWS_EVENTS_REGISTRY, description: 'Schemas for AWS service events', tags: '{}' };

/** discovered-schemas appears the first time a discoverer needs it. Call inside a transaction. */
export function ensureDiscoveredRegistry(svc: Pick<SchemasService, 'store' | 'now'>, s: Scope): void {
  if (svc.store.registry(s, DISCOVERED_REGISTRY)) return;
  svc.store.insertRegistry({
    account_id: s.accountId,
    region: s.region,
    name: DISCOVERED_REGISTRY,
    description: "Schemas discovered from events on the account's event buses",
    tags: '{}',
    policy: null,
    policy_revision: null,
    created_at: svc.now(),
  });
}

function tagTarget(svc: SchemasService, arn: string) {
  const parsed = parseSchemasArn(arn);
  if (!parsed) throw SchemasErrors.badRequest(`Invalid ARN: ${arn}`);
  const s = parsed.scope;
  const notFound = () => SchemasErrors.notFound(`Resource ${arn} does not exist.`);
  if (parsed.kind === 'registry') {
    const row = svc.store.registry(s, parsed.registry);
    if (!row) throw notFound();
    return { tags: tagsOf(row.tags), save: (t: string) => svc.store.updateRegistry({ ...row, tags: t }) };
  }
  if (parsed.kind === 'schema') {
    const row = svc.store.schema(s, parsed.registry, parsed.schema);
    if (!row) throw notFound();
    return { tags: tagsOf(row.tags), save: (t: string) => svc.store.updateSchema({ ...row, tags: t }) };
  }
  const row = svc.store.discoverer(s, parsed.id);
  if (!row) throw notFound();
  return { tags: tagsOf(row.tags), save: (t: string) => svc.store.updateDiscoverer({ ...row, tags: t }) };
}

export function registryHandlers(svc: SchemasService): HandlerTable<RegistryOps> {
  return {
    CreateRegistry(input, ctx) {
      const s = scopeOf(ctx);
      if (!NAME.test(input.RegistryName)) {
        throw SchemasErrors.badRequest(`Invalid RegistryName: ${input.RegistryName}`);
      }
      return svc.tx(() => {
        if (input.RegistryName === AWS_EVENTS_REGISTRY || svc.store.registry(s, input.RegistryName)) {
          throw SchemasErrors.conflict(`Registry with name ${input.RegistryName} already exists.`);
        }
        const row: RegistryRow = {
          account_id: s.accountId,
          region: s.region,
          name: input.RegistryName,
          description: input.Description ?? null,
          tags: JSON.stringify(input.Tags ?? {}),
          policy: null,
          policy_revision: null,
          created_at: svc.now(),
        };
        svc.store.insertRegistry(row);
        return view(s, row);
      });
    },
    DescribeRegistry(input, ctx) {
      const s = scopeOf(ctx);
      if (input.RegistryName === AWS_EVENTS_REGISTRY) return view(s, AWS_EVENTS_ROW);
      return view(s, svc.registry(s, input.RegistryName));
    },
    UpdateRegistry(input, ctx) {
      const s = scopeOf(ctx);
      return svc.tx(() => {
        const row = svc.writable(s, input.RegistryName);
        const next = { ...row, description: input.Description ?? row.description };
        svc.store.updateRegistry(next);
        return view(s, next);
      });
    },
    DeleteRegistry(input, ctx) {
      const s = scopeOf(ctx);
      svc.tx(() => {
        svc.writable(s, input.RegistryName);
        svc.store.deleteRegistry(s, input.RegistryName);
      });
    },
    ListRegistries(input, ctx) {
      const s = scopeOf(ctx);
      if (input.Scope !== undefined && input.Scope !== 'LOCAL' && input.Scope !== 'AWS') {
        throw SchemasErrors.badRequest(`Invalid Scope: ${input.Scope}. Valid values are LOCAL and AWS.`);
      }
      const local = input.Scope === 'AWS' ? [] : svc.store.registries(s);
      const all = [...(input.Scope === 'LOCAL' ? [] : [AWS_EVENTS_ROW]), ...local]
        .filter((r) => !input.RegistryNamePrefix || r.name.startsWith(input.RegistryNamePrefix))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const { items, next } = page(all, input.Limit, input.NextToken);
      return {
        Registries: items.map((r) => ({
          RegistryArn: registryArn(s, r.name),
          RegistryName: r.name,
          Tags: tagsOf(r.tags),
        })),
        NextToken: next,
      };
    },
    PutResourcePolicy(input, ctx) {
      const s = scopeOf(ctx);
      const name = input.RegistryName;
      if (name === undefined) throw SchemasErrors.badRequest('RegistryName is required.');
      try {
        const doc: unknown = JSON.parse(input.Policy);
        if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('not an object');
      } catch {
        throw SchemasErrors.badRequest('Invalid Policy. The policy must be a valid JSON document.');
      }
      return svc.tx(() => {
        const row = svc.writable(s, name);
        if (input.RevisionId !== undefined && input.RevisionId !== row.policy_revision) {
          throw SchemasErrors.preconditionFailed(
            `The RevisionId ${input.RevisionId} does not match the latest revision of the policy.`,
          );
        }
        const revision = randomUUID();
        svc.store.updateRegistry({ ...row, policy: input.Policy, policy_revision: revision });
        return { Policy: input.Policy, RevisionId: revision };
      });
    },
    GetResourcePolicy(input, ctx) {
      const s = scopeOf(ctx);
      const name = input.RegistryName;
      if (name === undefined) throw SchemasErrors.badRequest('RegistryName is required.');
      const row = name === AWS_EVENTS_REGISTRY ? undefined : svc.registry(s, name);
      if (!row?.policy) throw SchemasErrors.notFound(`Resource-based policy for registry ${name} does not exist.`);
      return { Policy: row.policy, RevisionId: row.policy_revision ?? undefined };
    },
    DeleteResourcePolicy(input, ctx) {
      const s = scopeOf(ctx);
      const name = input.RegistryName;
      if (name === undefined) throw SchemasErrors.badRequest('RegistryName is required.');
      svc.tx(() => {
        const row = svc.writable(s, name);
        if (!row.policy) throw SchemasErrors.notFound(`Resource-based policy for registry ${name} does not exist.`);
        svc.store.updateRegistry({ ...row, policy: null, policy_revision: null });
      });
    },
    TagResource(input) {
      svc.tx(() => {
        const t = tagTarget(svc, input.ResourceArn);
        t.save(JSON.stringify({ ...t.tags, ...input.Tags }));
      });
    },
    UntagResource(input) {
      svc.tx(() => {
        const t = tagTarget(svc, input.ResourceArn);
        const tags = { ...t.tags };
        for (const k of input.TagKeys) delete tags[k];
        t.save(JSON.stringify(tags));
      });
    },
    ListTagsForResource(input) {
      return { Tags: tagTarget(svc, input.ResourceArn).tags };
    },
  };
}
