// NextToken pagination over a sorted name list (ListQueues, ListDeadLetterSourceQueues). The token is opaque
// to clients: base64 of the last name returned.
import { SqsErrors } from './errors.js';

export function paginate(
  names: string[],
  maxResults: number | undefined,
  nextToken: string | undefined,
): { items: string[]; nextToken?: string } {
  if (maxResults !== undefined && (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000)) {
    throw SqsErrors.invalidParameter('MaxResults', maxResults, 'MaxResults must be an integer between 1 and 1000.');
  }
  let start = 0;
  if (nextToken) {
    let after: string;
    try {
      after = (JSON.parse(Buffer.from(nextToken, 'base64').toString('utf8')) as { after: string }).after;
    } catch {
      throw SqsErrors.invalidParameterValue('Invalid NextToken value.');
    }
    if (typeof after !== 'string') throw SqsErrors.invalidParameterValue('Invalid NextToken value.');
    start = names.findIndex((n) => n > after);
    if (start < 0) start = names.length;
  }
  const limit = maxResults ?? 1000;
  const items = names.slice(start, start + limit);
  // AWS only paginates when MaxResults is given; without it the list is capped at 1000.
  if (maxResults !== undefined && start + limit < names.length) {
    const last = items[items.length - 1] as string;
    return { items, nextToken: Buffer.from(JSON.stringify({ after: last })).toString('base64') };
  }
  return { items };
}
