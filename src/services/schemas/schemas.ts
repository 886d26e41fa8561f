// Schemas and their versions: create, read, update (content changes make a new version), delete, list, search
// and export (OpenApi3 -> JSONSchemaDraft4).
import type { HandlerTable } from '../types.js';
import type { Operations } from '../../../generated/schemas/types.js';
import { schemaArn, type Scope } from './arns.js';
import { checkContent } from './content.js';
import { SchemasErrors } from './errors.js';
import { openApiToDraft4 } from './infer.js';
import { page, rowView, scopeOf, type SchemasService, type SchemaView } from './service.js';
import type { SchemaRow, VersionRow } from './store.js';

type SchemaOps = Pick<
  Operations,
  | 'CreateSchema'
  | 'DescribeSchema'
  | 'UpdateSchema'
  | 'DeleteSchema'
  | 'DeleteSchemaVersion'
  | 'ListSchemas'
  | 'ListSchemaVersions'
  | 'SearchSchemas'
  | 'ExportSchema'
>;

const NAME = /^[A-Za-z0-9._@-]{1,385}$/;

function meta(s: Scope, registry: string, schema: SchemaView, v: VersionRow) {
  return {
    Description: schema.description ?? undefined,
    LastModified: new Date(schema.lastModified),
    SchemaArn: schemaArn(s, registry, schema.name),
    SchemaName: schema.name,
    SchemaVersion: String(v.version),
    Tags: schema.tags,
    Type: v.type,
    VersionCreatedDate: new Date(v.created_at),
  };
}

/**
 * Adds a version to a schema (creating the schema if needed) unless the latest version already has this type
 * and content. Used by UpdateSchema and by discovery. Call inside a transaction.
 */
export function putVersion(
  svc: Pick<SchemasService, 'store' | 'now'>,
  s: Scope,
  registry: string,
  name: string,
  type: string,
  content: string,
  description?: string,
): { row: SchemaRow; version: VersionRow; created: boolean } {
  const now = svc.now();
  const existing = svc.store.schema(s, registry, name);
  const latest = existing ? svc.store.latest(s, registry, name) : undefined;
  if (existing && latest && latest.type === type && latest.content === content) {
    return { row: existing, version: latest, created: false };
  }
  const row: SchemaRow = existing
    ? { ...existing, last_modified: now, next_version: existing.next_version + 1 }
    : {
        account_id: s.accountId,
        region: s.region,
        registry,
        name,
        description: description ?? null,
        tags: '{}',
        last_modified: now,
        next_version: 2,
      };
  const version: VersionRow = { version: row.next_version - 1, type, content, created_at: now };
  if (existing) svc.store.updateSchema(row);
  else svc.store.insertSchema(row);
  svc.store.insertVersion(s, registry, name, version);
  return { row, version, created: true };
}

export function schemaHandlers(svc: SchemasService): HandlerTable<SchemaOps> {
  return {
    CreateSchema(input, ctx) {
      const s = scopeOf(ctx);
      if (!NAME.test(input.SchemaName)) throw SchemasErrors.badRequest(`Invalid SchemaName: ${input.SchemaName}`);
      checkContent(input.Type, input.Content);
      return svc.tx(() => {
        svc.writable(s, input.RegistryName);
        if (svc.store.schema(s, input.RegistryName, input.SchemaName)) {
          throw SchemasErrors.conflict(`Schema with name ${input.SchemaName} already exists.`);
        }
        const { row, version } = putVersion(
          svc,
          s,
          input.RegistryName,
          input.SchemaName,
          input.Type,
          input.Content,
          input.Description,
        );
        const withTags = { ...row, tags: JSON.stringify(input.Tags ?? {}) };
        svc.store.updateSchema(withTags);
        return meta(s, input.RegistryName, rowView(withTags), version);
      });
    },
    DescribeSchema(input, ctx) {
      const s = scopeOf(ctx);
      const { schema, version } = svc.version(s, input.RegistryName, input.SchemaName, input.SchemaVersion);
      return { ...meta(s, input.RegistryName, schema, version), Content: version.content };
    },
    UpdateSchema(input, ctx) {
      const s = scopeOf(ctx);
      return svc.tx(() => {
        svc.writable(s, input.RegistryName);
        const row = svc.schema(s, input.RegistryName, input.SchemaName);
        const latest = svc.store.latest(s, input.RegistryName, input.SchemaName)!;
        if (input.Type !== undefined && input.Content === undefined && input.Type !== latest.type) {
          throw SchemasErrors.badRequest('Content is required when changing the Type of a schema.');
        }
        let current = row;
        let version = latest;
        if (input.Content !== undefined) {
          const type = input.Type ?? latest.type;
          checkContent(type, input.Content);
          const put = putVersion(svc, s, input.RegistryName, input.SchemaName, type, input.Content);
          current = put.row;
          version = put.version;
        }
        if (input.Description !== undefined) {
          current = { ...current, description: input.Description, last_modified: svc.now() };
          svc.store.updateSchema(current);
        }
        return meta(s, input.RegistryName, rowView(current), version);
      });
    },
    DeleteSchema(input, ctx) {
      const s = scopeOf(ctx);
      svc.tx(() => {
        svc.writable(s, input.RegistryName);
        svc.schema(s, input.RegistryName, input.SchemaName);
        svc.store.deleteSchema(s, input.RegistryName, input.SchemaName);
      });
    },
    DeleteSchemaVersion(input, ctx) {
      const s = scopeOf(ctx);
      svc.tx(() => {
        svc.writable(s, input.RegistryName);
        const { version } = svc.version(s, input.RegistryName, input.SchemaName, input.SchemaVersion);
        svc.store.deleteVersion(s, input.RegistryName, input.SchemaName, version.version);
        // The last version gone takes the schema with it.
        if (!svc.store.latest(s, input.RegistryName, input.SchemaName)) {
          svc.store.deleteSchema(s, input.RegistryName, input.SchemaName);
        }
      });
    },
    ListSchemas(input, ctx) {
      const s = scopeOf(ctx);
      const all = svc
        .schemasOf(s, input.RegistryName)
        .filter((x) => !input.SchemaNamePrefix || x.name.startsWith(input.SchemaNamePrefix));
      const { items, next } = page(all, input.Limit, input.NextToken);
      return {
        Schemas: items.map((x) => ({
          LastModified: new Date(x.lastModified),
          SchemaArn: schemaArn(s, input.RegistryName, x.name),
          SchemaName: x.name,
          Tags: x.tags,
          VersionCount: svc.versionsOf(s, input.RegistryName, x.name).length,
        })),
        NextToken: next,
      };
    },
    ListSchemaVersions(input, ctx) {
      const s = scopeOf(ctx);
      svc.version(s, input.RegistryName, input.SchemaName);
      const all = svc.versionsOf(s, input.RegistryName, input.SchemaName);
      const { items, next } = page(all, input.Limit, input.NextToken);
      return {
        SchemaVersions: items.map((v) => ({
          SchemaArn: schemaArn(s, input.RegistryName, input.SchemaName),
          SchemaName: input.SchemaName,
          SchemaVersion: String(v.version),
          Type: v.type as 'OpenApi3' | 'JSONSchemaDraft4',
        })),
        NextToken: next,
      };
    },
    SearchSchemas(input, ctx) {
      const s = scopeOf(ctx);
      const words = input.Keywords.toLowerCase()
        .split(/\s+/)
        .filter((w) => w !== '');
      if (words.length === 0) throw SchemasErrors.badRequest('Keywords must not be empty.');
      const hits = svc.schemasOf(s, input.RegistryName).flatMap((x) => {
        const versions = svc.versionsOf(s, input.RegistryName, x.name);
        const text = `${x.name}\n${x.description ?? ''}\n${versions.at(-1)?.content ?? ''}`.toLowerCase();
        return words.every((w) => text.includes(w)) ? [{ x, versions }] : [];
      });
      const { items, next } = page(hits, input.Limit, input.NextToken);
      return {
        Schemas: items.map(({ x, versions }) => ({
          RegistryName: input.RegistryName,
          SchemaArn: schemaArn(s, input.RegistryName, x.name),
          SchemaName: x.name,
          SchemaVersions: versions.map((v) => ({
            CreatedDate: new Date(v.created_at),
            SchemaVersion: String(v.version),
            Type: v.type as 'OpenApi3' | 'JSONSchemaDraft4',
          })),
        })),
        NextToken: next,
      };
    },
    ExportSchema(input, ctx) {
      const s = scopeOf(ctx);
      if (input.Type !== 'JSONSchemaDraft4') {
        throw SchemasErrors.badRequest(`Invalid Type: ${input.Type}. Schemas can be exported as JSONSchemaDraft4.`);
      }
      const { schema, version } = svc.version(s, input.RegistryName, input.SchemaName, input.SchemaVersion);
      const content = version.type === 'OpenApi3' ? openApiToDraft4(version.content) : version.content;
      if (content === undefined) {
        throw SchemasErrors.badRequest('The schema has no component schemas to export as JSONSchemaDraft4.');
      }
      return {
        Content: content,
        SchemaArn: schemaArn(s, input.RegistryName, schema.name),
        SchemaName: schema.name,
        SchemaVersion: String(version.version),
        Type: 'JSONSchemaDraft4',
      };
    },
  };
}
