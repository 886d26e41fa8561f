// Schema content checks for CreateSchema/UpdateSchema: the content must be JSON, and a document of its Type
// (an OpenAPI 3 document with component schemas, or a valid JSON Schema draft-04 checked by ajv).
import Ajv04Module from 'ajv-draft-04';
import { SchemasErrors } from './errors.js';

const Ajv04 = Ajv04Module.default ?? Ajv04Module;
let ajv: InstanceType<typeof Ajv04> | undefined;

export function checkContent(type: string, content: string): void {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch {
    throw SchemasErrors.badRequest('Invalid Schema. The content must be valid JSON.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw SchemasErrors.badRequest('Invalid Schema. The content must be a JSON object.');
  }
  const d = doc as Record<string, unknown>;
  if (type === 'OpenApi3') {
    const components = d.components as Record<string, unknown> | undefined;
    if (typeof d.openapi !== 'string' || !d.openapi.startsWith('3.')) {
      throw SchemasErrors.badRequest('Invalid OpenApi3 Schema. The openapi field must name version 3.x.x.');
    }
    if (typeof components !== 'object' || components === null || typeof components.schemas !== 'object') {
      throw SchemasErrors.badRequest('Invalid OpenApi3 Schema. components.schemas is required.');
    }
    return;
  }
  ajv ??= new Ajv04({ strict: false, validateSchema: true });
  if (!ajv.validateSchema(d)) {
    const why = (ajv.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim()).join('; ');
    throw SchemasErrors.badRequest(`Invalid JSONSchemaDraft4 Schema. ${why}`);
  }
}
