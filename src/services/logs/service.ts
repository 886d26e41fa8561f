// Shared state of one CloudWatch Logs instance: the store, the clock, and how requests name log groups and
// streams (by name, or by ARN through logGroupIdentifier).
import type { CoreServices, RequestContext } from '../types.js';
import { LogsErrors } from './errors.js';
import { LogsStore, type GroupRow, type StreamRow } from './store.js';

export class LogsService {
  readonly store: LogsStore;

  constructor(readonly core: CoreServices) {
    this.store = new LogsStore(core.store.db);
  }

  now(): number {
    return this.core.now();
  }

  tx<T>(fn: () => T): T {
    return this.core.store.tx(fn);
  }

  /** Group commit (see Store.commit): concurrent PutLogEvents share one WAL commit per event-loop turn. */
  commit<T>(fn: () => T): Promise<T> {
    return this.core.store.commit(fn);
  }

  group(name: string, ctx: RequestContext): GroupRow {
    const g = this.store.group(ctx.accountId, ctx.region, name);
    if (!g) throw LogsErrors.groupNotFound();
    return g;
  }

  /** logGroupName or logGroupIdentifier (a name or an ARN); exactly one must be given. */
  groupOf(input: { logGroupName?: string; logGroupIdentifier?: string }, ctx: RequestContext): GroupRow {
    const { logGroupName: name, logGroupIdentifier: id } = input;
    if (name !== undefined && id !== undefined) {
      throw LogsErrors.invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
    }
    if (name !== undefined) return this.group(name, ctx);
    if (id === undefined) {
      throw LogsErrors.invalidParameter('Should provide either a log group name or a log group ARN.');
    }
    if (!id.startsWith('arn:')) return this.group(id, ctx);
    const ref = parseGroupArn(id);
    if (!ref) throw LogsErrors.invalidParameter(`Invalid log group ARN: ${id}`);
    const g = this.store.group(ref.accountId, ref.region, ref.name);
    if (!g) throw LogsErrors.groupNotFound();
    return g;
  }

  stream(group: GroupRow, name: string): StreamRow {
    const s = this.store.stream(group.id, name);
    if (!s) throw LogsErrors.streamNotFound();
    return s;
  }

  /** Events older than this are past the group's retention (hidden at once; the sweep deletes them later). */
  retentionCutoff(group: GroupRow): number {
    return group.retention_days === null ? -Infinity : this.now() - group.retention_days * 86_400_000;
  }
}

export function groupArn(g: Pick<GroupRow, 'account_id' | 'region' | 'name'>): string {
  return `arn:aws:logs:${g.region}:${g.account_id}:log-group:${g.name}`;
}

export function streamArn(g: GroupRow, streamName: string): string {
  return `${groupArn(g)}:log-stream:${streamName}`;
}

/** arn:aws:logs:<region>:<account>:log-group:<name>[:*] */
export function parseGroupArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const m = /^arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:([.\-_/#A-Za-z0-9]+)(:\*)?$/.exec(arn);
  if (!m) return undefined;
  return { region: m[1]!, accountId: m[2]!, name: m[3]! };
}

/** The 56-digit decimal form AWS uses for sequence tokens and event ids. */
export function digits56(a: number, b: number): string {
  return `${String(a).padStart(20, '0')}${String(b).padStart(36, '0')}`;
}
