// Shared state of one Schemas instance: the store, the clock, and the lookups every handler module uses.
import type { CoreServices, RequestContext } from '../types.js';
import { AWS_EVENTS_REGISTRY, type Scope } from './arns.js';
import { builtinSchemas, type BuiltinSchema } from './builtin.js';
import { SchemasErrors } from './errors.js';
import { SchemasStore, type RegistryRow, type SchemaRow, type VersionRow } from './store.js';
import { offsetPage } from '../offset-paging.js';

export const scopeOf = (ctx: RequestContext): Scope => ({ accountId: ctx.accountId, region: ctx.region });

export class SchemasService {
  readonly store: SchemasStore;

  constructor(readonly core: CoreServices) {
    this.store = new SchemasStore(core.store.db);
  }

  now(): number {
    return this.core.now();
  }

  tx<T>(fn: () => T): T {
    return this.core.store.tx(fn);
  }

  /** A custom (or discovered-schemas) registry row; aws.events is AWS's and has none. */
  registry(s: Scope, name: string): RegistryRow {
    const row = this.store.registry(s, name);
    if (!row) throw SchemasErrors.registryNotFound(name);
    return row;
  }

  /** Throws NotFound unless the registry exists (aws.events always does). */
  requireRegistry(s: Scope, name: string): void {
    if (name !== AWS_EVENTS_REGISTRY) this.registry(s, name);
  }

  /** Writes are refused on AWS's own registry. */
  writable(s: Scope, name: string): RegistryRow {
    if (name === AWS_EVENTS_REGISTRY) {
      throw SchemasErrors.forbidden(`The registry ${name} is owned by AWS and cannot be modified.`);
    }
    return this.registry(s, name);
  }

  schema(s: Scope, registry: string, name: string): SchemaRow {
    const row = this.store.schema(s, registry, name);
    if (!row) throw SchemasErrors.schemaNotFound(name);
    return row;
  }

  /** A version of a schema in any registry (aws.events from the built-in catalogue). */
  version(s: Scope, registry: string, name: string, version?: string): { schema: SchemaView; version: VersionRow } {
    this.requireRegistry(s, registry);
    const schema = registry === AWS_EVENTS_REGISTRY ? builtinView(name) : rowView(this.schema(s, registry, name));
    if (version === undefined) {
      const latest = registry === AWS_EVENTS_REGISTRY ? schema.builtin?.version : this.store.latest(s, registry, name);
      if (!latest) throw SchemasErrors.schemaNotFound(name);
      return { schema, version: latest };
    }
    const n = /^[1-9][0-9]{0,9}$/.test(version) ? Number(version) : NaN;
    const row =
      registry === AWS_EVENTS_REGISTRY
        ? n === 1
          ? schema.builtin?.version
          : undefined
        : Number.isNaN(n)
          ? undefined
          : this.store.version(s, registry, name, n);
    if (!row) throw SchemasErrors.versionNotFound(name, version);
    return { schema, version: row };
  }

  /** All schemas of a registry as handlers list them. */
  schemasOf(s: Scope, registry: string): SchemaView[] {
    this.requireRegistry(s, registry);
    if (registry === AWS_EVENTS_REGISTRY) return builtinSchemas().map((b) => builtinView(b.name));
    return this.store.schemas(s, registry).map(rowView);
  }

  versionsOf(s: Scope, registry: string, name: string): VersionRow[] {
    if (registry === AWS_EVENTS_REGISTRY) return [builtinView(name).builtin!.version];
    return this.store.versions(s, registry, name);
  }
}

/** A schema as read: its row fields (the built-in ones have no tags or description). */
export interface SchemaView {
  name: string;
  description: string | null;
  tags: Record<string, string>;
  lastModified: number;
  builtin?: BuiltinSchema;
}

export function rowView(row: SchemaRow): SchemaView {
  return {
    name: row.name,
    description: row.description,
    tags: JSON.parse(row.tags) as Record<string, string>,
    lastModified: row.last_modified,
  };
}

function builtinView(name: string): SchemaView {
  const b = builtinSchemas().find((x) => x.name === name);
  if (!b) throw SchemasErrors.schemaNotFound(name);
  return { name, description: b.description, tags: {}, lastModified: b.version.created_at, builtin: b };
}

/** NextToken paging over an in-memory list (see offset-paging.ts); at most 100 per page. */
export function page<T>(
  items: T[],
  limit: number | undefined,
  token: string | undefined,
): { items: T[]; next?: string } {
  const size = limit && limit > 0 ? Math.min(limit, 100) : 100;
  return offsetPage(items, size, token, () => SchemasErrors.badRequest('Invalid NextToken.'));
}

export const tagsOf = (json: string): Record<string, string> => JSON.parse(json) as Record<string, string>;
