// NextToken paging over name-sorted lists (see offset-paging.ts).
import { offsetPage } from '../offset-paging.js';
import { EventsErrors } from './errors.js';

export function page<T>(
  items: T[],
  limit: number | undefined,
  token: string | undefined,
): { items: T[]; next?: string } {
  return offsetPage(items, limit ?? 100, token, () => EventsErrors.validation('The nextToken provided is invalid.'));
}
