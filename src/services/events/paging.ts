// NextToken paging over name-sorted lists: the token is the offset of the next item, opaque to clients.
import { EventsErrors } from './errors.js';

export function page<T>(
  items: T[],
  limit: number | undefined,
  token: string | undefined,
): { items: T[]; next?: string } {
  let start = 0;
  if (token !== undefined) {
    const m = /^o(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
    if (!m) throw EventsErrors.validation('The nextToken provided is invalid.');
    start = Number(m[1]);
  }
  const size = limit ?? 100;
  const slice = items.slice(start, start + size);
  const end = start + slice.length;
  return end < items.length ? { items: slice, next: Buffer.from(`o${end}`).toString('base64url') } : { items: slice };
}
