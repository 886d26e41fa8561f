// Opaque nextToken values: base64 of a small JSON cursor. A token that does not decode is rejected the way
// AWS rejects a token it did not issue.
import { LogsErrors } from './errors.js';

export function encodeToken(cursor: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64');
}

export function decodeToken<T extends Record<string, string | number>>(
  token: string | undefined,
  shape: { [K in keyof T]: T[K] extends number ? 'number' : 'string' },
): T | undefined {
  if (token === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw LogsErrors.invalidNextToken();
  }
  if (parsed === null || typeof parsed !== 'object') throw LogsErrors.invalidNextToken();
  for (const [k, type] of Object.entries(shape)) {
    if (typeof (parsed as Record<string, unknown>)[k] !== type) throw LogsErrors.invalidNextToken();
  }
  return parsed as T;
}
