// NextToken/MaxResults paging for every List operation. The token is opaque: base64 of the offset and the
// operation it belongs to, so a token from another call is rejected as AWS does (INVALID_NEXT_TOKEN).
import { OrgErrors } from './errors.js';

/** AWS's default page size for Organizations lists (also the model's maximum MaxResults). */
const DEFAULT_PAGE = 20;

export function page<T>(
  items: readonly T[],
  input: { NextToken?: string; MaxResults?: number },
  scope: string,
): { items: T[]; NextToken?: string } {
  let start = 0;
  if (input.NextToken !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(input.NextToken, 'base64').toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const rec = parsed as { o?: unknown; s?: unknown } | undefined;
    if (!rec || typeof rec.o !== 'number' || !Number.isInteger(rec.o) || rec.o < 0 || rec.s !== scope) {
      throw OrgErrors.invalidInput('INVALID_NEXT_TOKEN');
    }
    start = rec.o;
  }
  const size = input.MaxResults ?? DEFAULT_PAGE;
  const slice = items.slice(start, start + size);
  const next = start + size;
  if (next < items.length) {
    return { items: slice, NextToken: Buffer.from(JSON.stringify({ o: next, s: scope })).toString('base64') };
  }
  return { items: slice };
}
