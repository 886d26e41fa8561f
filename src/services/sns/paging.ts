// NextToken for list operations: an opaque encoding of the last row id returned (100 rows per page).
import { SnsErrors } from './errors.js';

export const PAGE_SIZE = 100;

export function encodeToken(lastId: number): string {
  return Buffer.from(`atoll:${lastId}`, 'utf8').toString('base64');
}

export function decodeToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  const m = /^atoll:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  if (!m) throw SnsErrors.invalidParameter('NextToken');
  return Number(m[1]);
}

/** Splits `rows` (fetched with limit PAGE_SIZE + 1) into a page and its NextToken. */
export function page<T extends { id: number }>(rows: T[]): { items: T[]; next?: string } {
  if (rows.length <= PAGE_SIZE) return { items: rows };
  const items = rows.slice(0, PAGE_SIZE);
  return { items, next: encodeToken(items[items.length - 1]!.id) };
}
