// NextToken paging over an in-memory, stably ordered list: the token is the offset of the next item, opaque to
// clients. Each service passes its own page size and the error AWS answers for a token it did not issue.
import type { AwsError } from '../protocol/errors.js';

export function offsetPage<T>(
  items: T[],
  size: number,
  token: string | undefined,
  invalidToken: () => AwsError,
): { items: T[]; next?: string } {
  let start = 0;
  if (token !== undefined) {
    const m = /^o(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!m) throw invalidToken();
    start = Number(m[1]);
  }
  const slice = items.slice(start, start + size);
  const end = start + slice.length;
  return end < items.length ? { items: slice, next: Buffer.from(`o${end}`).toString('base64url') } : { items: slice };
}
