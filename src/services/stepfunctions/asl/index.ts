/** The Amazon States Language engine: validation and a pure, resumable interpreter. */
export { validateDefinition, formatInvalidDefinition, type Diagnostic, type ValidationResult } from './validate.js';
export { step, parseTaskToken } from './interpreter.js';
export { parseResource, type TaskResource, type IntegrationPattern } from './resources.js';
export { retryDelaySeconds } from './retry.js';
export { StatesError, ERR } from './errors.js';
export type { JsonObject, JsonValue } from './json.js';
export type * from './types.js';
