// Queue URLs and ARNs. A queue is addressed by any URL whose path is /<account>/<name>, so URLs minted by real
// AWS (sqs.<region>.amazonaws.com, legacy queue.amazonaws.com) and by atoll under any host all work.
import type { RequestContext } from '../types.js';
import { SqsErrors } from './errors.js';

export interface QueueRef {
  accountId: string;
  name: string;
}

const PATH_RE = /^\/(\d{12})\/([^/]+)\/?$/;

// Every message operation names its queue by URL (and parses it twice: to authorize, then to act), and clients
// reuse a handful of URLs: parsed ones are remembered. Only successes are kept; the map is bounded.
const parsed = new Map<string, QueueRef>();
const PARSED_MAX = 10_000;

export function parseQueueUrl(url: string | undefined, ctx: RequestContext): QueueRef {
  if (url !== undefined) {
    const known = parsed.get(url);
    if (known) return { accountId: known.accountId, name: known.name };
    const ref = parseUncached(url, ctx);
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(url, { accountId: ref.accountId, name: ref.name });
    return ref;
  }
  return parseUncached(url, ctx);
}

function parseUncached(url: string | undefined, ctx: RequestContext): QueueRef {
  // Query clients may POST to the queue URL itself and omit the QueueUrl parameter.
  const raw = url ?? ctx.path;
  let path = raw;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    try {
      path = new URL(raw).pathname;
    } catch {
      throw SqsErrors.invalidAddress(raw);
    }
  }
  const m = PATH_RE.exec(path);
  if (!m) {
    if (url === undefined) throw SqsErrors.missingParameter('QueueUrl');
    throw SqsErrors.invalidAddress(raw);
  }
  return { accountId: m[1] as string, name: decodeURIComponent(m[2] as string) };
}

export function queueUrl(ctx: RequestContext, accountId: string, name: string): string {
  return `${ctx.endpoint.replace(/\/+$/, '')}/${accountId}/${name}`;
}

export function queueArn(region: string, accountId: string, name: string): string {
  return `arn:aws:sqs:${region}:${accountId}:${name}`;
}

export interface ArnParts {
  region: string;
  accountId: string;
  name: string;
}

export function parseQueueArn(arn: string): ArnParts | undefined {
  const m = /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_.-]{1,80})$/.exec(arn);
  if (!m) return undefined;
  return { region: m[1] as string, accountId: m[2] as string, name: m[3] as string };
}
