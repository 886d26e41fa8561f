// restJson1: the REST binding layer (rest.ts) with JSON bodies. Errors name their code in X-Amzn-ErrorType and
// carry `Type` (User/Service) and the message in the body, under the member name the error shape declares.
import type { AwsError } from './errors.js';
import { parseJsonInput, serializeJsonOutput } from './json.js';
import type { ServiceMeta, ServiceModel } from './model.js';
import type { BodyReader, BodyWriter } from './rest.js';

export const readJsonBody: BodyReader = (model, shape, body) => parseJsonInput(model, shape, body);

export const writeJsonBody: BodyWriter = (model, shape, value) => ({
  body: serializeJsonOutput(model, shape, value),
  contentType: 'application/json',
});

/** The key the error shape uses for its message (Lambda's ResourceNotFoundException says `Message`). */
const defaultKeys = new WeakMap<ServiceModel, string>();

/**
 * The member an error body carries its message in: the error shape's own, or for errors the model does not
 * define (AccessDeniedException from the authorizer) the spelling most of the service's error shapes use.
 */
function messageKey(model: ServiceMeta | undefined, code: string): string {
  const full = model && 'shapes' in model ? (model as ServiceModel) : undefined;
  const shape = full?.shapes[code];
  if (shape && shape.type === 'structure')
    return shape.members.Message && !shape.members.message ? 'Message' : 'message';
  if (!full) return 'message';
  let key = defaultKeys.get(full);
  if (!key) {
    let upper = 0;
    let lower = 0;
    for (const s of Object.values(full.shapes)) {
      if (s.type !== 'structure' || !s.error) continue;
      if (s.members.Message) upper++;
      else if (s.members.message) lower++;
    }
    key = upper > lower ? 'Message' : 'message';
    defaultKeys.set(full, key);
  }
  return key;
}

export function serializeRestJsonError(
  model: ServiceMeta | undefined,
  err: AwsError,
): { status: number; headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = { ...err.headers, 'x-amzn-ErrorType': err.code };
  const body: Record<string, unknown> = {
    Type: err.fault === 'server' ? 'Service' : 'User',
    [messageKey(model, err.code)]: err.message,
    ...err.fields,
  };
  return { status: err.status, headers, body: JSON.stringify(body) };
}
