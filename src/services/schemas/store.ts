// SQL for the Schemas tables. Rows are addressed by (account, region, ...) as AWS scopes them.
import type { Db } from '../../store/store.js';
import type { Scope } from './arns.js';

export interface RegistryRow {
  account_id: string;
  region: string;
  name: string;
  description: string | null;
  tags: string;
  policy: string | null;
  policy_revision: string | null;
  created_at: number;
}

export interface SchemaRow {
  account_id: string;
  region: string;
  registry: string;
  name: string;
  description: string | null;
  tags: string;
  last_modified: number;
  next_version: number;
}

export interface VersionRow {
  version: number;
  type: string;
  content: string;
  created_at: number;
}

export interface DiscovererRow {
  account_id: string;
  region: string;
  id: string;
  source_arn: string;
  description: string | null;
  state: string;
  cross_account: number;
  tags: string;
  created_at: number;
}

export class SchemasStore {
  private readonly s;

  constructor(readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      registry: p(`SELECT * FROM schemas_registries WHERE account_id = ? AND region = ? AND name = ?`),
      registries: p(`SELECT * FROM schemas_registries WHERE account_id = ? AND region = ? ORDER BY name`),
      insertRegistry: p(`INSERT INTO schemas_registries (account_id, region, name, description, tags, created_at)
        VALUES (?, ?, ?, ?, ?, ?)`),
      updateRegistry: p(`UPDATE schemas_registries SET description = ?, tags = ?, policy = ?, policy_revision = ?
        WHERE account_id = ? AND region = ? AND name = ?`),
      deleteRegistry: p(`DELETE FROM schemas_registries WHERE account_id = ? AND region = ? AND name = ?`),
      deleteRegistryVersions: p(`DELETE FROM schemas_versions WHERE account_id = ? AND region = ? AND registry = ?`),
      deleteRegistrySchemas: p(`DELETE FROM schemas_schemas WHERE account_id = ? AND region = ? AND registry = ?`),
      schema: p(`SELECT * FROM schemas_schemas WHERE account_id = ? AND region = ? AND registry = ? AND name = ?`),
      schemas: p(`SELECT * FROM schemas_schemas WHERE account_id = ? AND region = ? AND registry = ? ORDER BY name`),
      insertSchema: p(`INSERT INTO schemas_schemas (account_id, region, registry, name, description, tags,
        last_modified, next_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      updateSchema: p(`UPDATE schemas_schemas SET description = ?, tags = ?, last_modified = ?, next_version = ?
        WHERE account_id = ? AND region = ? AND registry = ? AND name = ?`),
      deleteSchema: p(`DELETE FROM schemas_schemas WHERE account_id = ? AND region = ? AND registry = ? AND name = ?`),
      deleteVersions: p(`DELETE FROM schemas_versions WHERE account_id = ? AND region = ? AND registry = ?
        AND schema = ?`),
      version: p(`SELECT version, type, content, created_at FROM schemas_versions WHERE account_id = ?
        AND region = ? AND registry = ? AND schema = ? AND version = ?`),
      latest: p(`SELECT version, type, content, created_at FROM schemas_versions WHERE account_id = ?
        AND region = ? AND registry = ? AND schema = ? ORDER BY version DESC LIMIT 1`),
      versions: p(`SELECT version, type, content, created_at FROM schemas_versions WHERE account_id = ?
        AND region = ? AND registry = ? AND schema = ? ORDER BY version`),
      insertVersion: p(`INSERT INTO schemas_versions (account_id, region, registry, schema, version, type, content,
        created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      deleteVersion: p(`DELETE FROM schemas_versions WHERE account_id = ? AND region = ? AND registry = ?
        AND schema = ? AND version = ?`),
      discoverer: p(`SELECT * FROM schemas_discoverers WHERE account_id = ? AND region = ? AND id = ?`),
      discoverers: p(`SELECT * FROM schemas_discoverers WHERE account_id = ? AND region = ? ORDER BY id`),
      discoverersFor: p(`SELECT * FROM schemas_discoverers WHERE source_arn = ?`),
      started: p(`SELECT * FROM schemas_discoverers WHERE state = 'STARTED'`),
      insertDiscoverer: p(`INSERT INTO schemas_discoverers (account_id, region, id, source_arn, description, state,
        cross_account, tags, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      updateDiscoverer: p(`UPDATE schemas_discoverers SET description = ?, state = ?, cross_account = ?, tags = ?
        WHERE account_id = ? AND region = ? AND id = ?`),
      deleteDiscoverer: p(`DELETE FROM schemas_discoverers WHERE account_id = ? AND region = ? AND id = ?`),
    };
  }

  registry(s: Scope, name: string): RegistryRow | undefined {
    return this.s.registry.get(s.accountId, s.region, name) as RegistryRow | undefined;
  }
  registries(s: Scope): RegistryRow[] {
    return this.s.registries.all(s.accountId, s.region) as RegistryRow[];
  }
  insertRegistry(r: RegistryRow): void {
    this.s.insertRegistry.run(r.account_id, r.region, r.name, r.description, r.tags, r.created_at);
  }
  updateRegistry(r: RegistryRow): void {
    this.s.updateRegistry.run(r.description, r.tags, r.policy, r.policy_revision, r.account_id, r.region, r.name);
  }
  deleteRegistry(s: Scope, name: string): void {
    this.s.deleteRegistryVersions.run(s.accountId, s.region, name);
    this.s.deleteRegistrySchemas.run(s.accountId, s.region, name);
    this.s.deleteRegistry.run(s.accountId, s.region, name);
  }

  schema(s: Scope, registry: string, name: string): SchemaRow | undefined {
    return this.s.schema.get(s.accountId, s.region, registry, name) as SchemaRow | undefined;
  }
  schemas(s: Scope, registry: string): SchemaRow[] {
    return this.s.schemas.all(s.accountId, s.region, registry) as SchemaRow[];
  }
  insertSchema(r: SchemaRow): void {
    this.s.insertSchema.run(
      r.account_id,
      r.region,
      r.registry,
      r.name,
      r.description,
      r.tags,
      r.last_modified,
      r.next_version,
    );
  }
  updateSchema(r: SchemaRow): void {
    this.s.updateSchema.run(
      r.description,
      r.tags,
      r.last_modified,
      r.next_version,
      r.account_id,
      r.region,
      r.registry,
      r.name,
    );
  }
  deleteSchema(s: Scope, registry: string, name: string): void {
    this.s.deleteVersions.run(s.accountId, s.region, registry, name);
    this.s.deleteSchema.run(s.accountId, s.region, registry, name);
  }

  version(s: Scope, registry: string, schema: string, version: number): VersionRow | undefined {
    return this.s.version.get(s.accountId, s.region, registry, schema, version) as VersionRow | undefined;
  }
  latest(s: Scope, registry: string, schema: string): VersionRow | undefined {
    return this.s.latest.get(s.accountId, s.region, registry, schema) as VersionRow | undefined;
  }
  versions(s: Scope, registry: string, schema: string): VersionRow[] {
    return this.s.versions.all(s.accountId, s.region, registry, schema) as VersionRow[];
  }
  insertVersion(s: Scope, registry: string, schema: string, v: VersionRow): void {
    this.s.insertVersion.run(s.accountId, s.region, registry, schema, v.version, v.type, v.content, v.created_at);
  }
  deleteVersion(s: Scope, registry: string, schema: string, version: number): void {
    this.s.deleteVersion.run(s.accountId, s.region, registry, schema, version);
  }

  discoverer(s: Scope, id: string): DiscovererRow | undefined {
    return this.s.discoverer.get(s.accountId, s.region, id) as DiscovererRow | undefined;
  }
  discoverers(s: Scope): DiscovererRow[] {
    return this.s.discoverers.all(s.accountId, s.region) as DiscovererRow[];
  }
  discoverersFor(sourceArn: string): DiscovererRow[] {
    return this.s.discoverersFor.all(sourceArn) as DiscovererRow[];
  }
  startedDiscoverers(): DiscovererRow[] {
    return this.s.started.all() as DiscovererRow[];
  }
  insertDiscoverer(d: DiscovererRow): void {
    this.s.insertDiscoverer.run(
      d.account_id,
      d.region,
      d.id,
      d.source_arn,
      d.description,
      d.state,
      d.cross_account,
      d.tags,
      d.created_at,
    );
  }
  updateDiscoverer(d: DiscovererRow): void {
    this.s.updateDiscoverer.run(d.description, d.state, d.cross_account, d.tags, d.account_id, d.region, d.id);
  }
  deleteDiscoverer(s: Scope, id: string): void {
    this.s.deleteDiscoverer.run(s.accountId, s.region, id);
  }
}
