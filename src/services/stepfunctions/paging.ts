// Opaque nextToken paging over a monotonically ordered cursor (a row sequence or an id).
import { SfnErrors } from './errors.js';

export function pageSize(maxResults: number | undefined): number {
  return maxResults === undefined || maxResults === 0 ? 100 : maxResults;
}

export function encodeToken(cursor: number): string {
  return Buffer.from(JSON.stringify({ c: cursor, r: 'atoll' })).toString('base64');
}

export function decodeToken(token: string | undefined): number | undefined {
  if (token === undefined) return undefined;
  try {
    const v = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { c?: unknown };
    if (typeof v.c === 'number') return v.c;
  } catch {
    // fall through
  }
  throw SfnErrors.invalidToken(token);
}
