// Amazon EventBridge Schemas: registries (custom plus AWS's aws.events and discovered-schemas), versioned
// OpenApi3/JSONSchemaDraft4 schemas, resource policies, tags, and discoverers that infer schemas from the events
// crossing an event bus. Code bindings answer NotImplemented. This file only assembles the parts.
import { model } from '../../../generated/schemas/model.js';
import type { Operations } from '../../../generated/schemas/types.js';
import type { Violation } from '../../protocol/validate.js';
import type { HandlerTable, ServiceDefinition, ServiceInstance } from '../types.js';
import { parseSchemasArn } from './arns.js';
import { schemasAuthorization } from './authz.js';
import { discovererHandlers } from './discoverers.js';
import { SchemasErrors } from './errors.js';
import { invalidateDiscoverers } from './observe.js';
import { registryHandlers } from './registries.js';
import { migrations } from './schema.js';
import { schemaHandlers } from './schemas.js';
import { SchemasService, tagsOf } from './service.js';

type CodeBindingOps = Pick<Operations, 'DescribeCodeBinding' | 'PutCodeBinding' | 'GetCodeBindingSource'>;

function codeBindingHandlers(): HandlerTable<CodeBindingOps> {
  const no = (op: string) => () => {
    throw SchemasErrors.notImplemented(op);
  };
  return {
    DescribeCodeBinding: no('DescribeCodeBinding'),
    PutCodeBinding: no('PutCodeBinding'),
    GetCodeBindingSource: no('GetCodeBindingSource'),
  };
}

/** Model violations answer BadRequestException, as the Schemas API does for malformed parameters. */
function formatValidation(violations: Violation[]) {
  const parts = violations.map((v) =>
    v.kind === 'required'
      ? `${v.path} is required.`
      : `Value at '${v.path}' failed to satisfy constraint: ${v.constraint}.`,
  );
  return SchemasErrors.badRequest(`Invalid request. ${parts.join(' ')}`);
}

export const schemas: ServiceDefinition = {
  name: 'schemas',
  model,
  migrations,
  authorization: schemasAuthorization,
  formatValidation,
  create(core): ServiceInstance {
    const svc = new SchemasService(core);
    core.store.onReset(() => invalidateDiscoverers(core.store.db));
    const handlers: HandlerTable<Operations> = {
      ...registryHandlers(svc),
      ...schemaHandlers(svc),
      ...discovererHandlers(svc),
      ...codeBindingHandlers(),
    };
    return {
      handlers: handlers as unknown as ServiceInstance['handlers'],
      resourcePolicy(arn) {
        const p = parseSchemasArn(arn);
        if (!p || p.kind === 'discoverer') return undefined;
        return svc.store.registry(p.scope, p.registry)?.policy ?? undefined;
      },
      resourceTags(arn) {
        const p = parseSchemasArn(arn);
        if (!p) return undefined;
        const row =
          p.kind === 'registry'
            ? svc.store.registry(p.scope, p.registry)
            : p.kind === 'schema'
              ? svc.store.schema(p.scope, p.registry, p.schema)
              : svc.store.discoverer(p.scope, p.id);
        return row ? tagsOf(row.tags) : undefined;
      },
    };
  },
};
