// Shared state of the IAM service: the directory (store + caches), and the helpers every handler module uses to
// find entities, write them, page lists and validate documents.
import { directoryFor, type IamDirectory } from '../../iam/directory.js';
import { iamArn } from '../../iam/ids.js';
import { parsePolicy, PolicyDocumentError, type PolicyKind, type SizeCheck } from '../../iam/policy/index.js';
import type { EntityKind, EntityKinds, TagRec } from '../../iam/records.js';
import type { CoreServices, RequestContext } from '../types.js';
import { IamErrors, type EntityNoun } from './errors.js';

export interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

export class IamService {
  readonly dir: IamDirectory;

  constructor(readonly core: CoreServices) {
    this.dir = directoryFor(core);
  }

  now(): number {
    return this.core.now();
  }

  get store() {
    return this.dir.store;
  }

  /** Runs a write in one transaction and drops every derived cache. */
  write<T>(fn: () => T): T {
    try {
      return this.core.store.tx(fn);
    } finally {
      this.dir.changed();
    }
  }

  get<K extends EntityKind>(ctx: RequestContext, kind: K, name: string): EntityKinds[K] | undefined {
    return this.store.get(ctx.accountId, kind, name);
  }

  must<K extends 'user' | 'group' | 'role'>(ctx: RequestContext, kind: K, name: string): EntityKinds[K] {
    const rec = this.store.get(ctx.accountId, kind, name);
    if (!rec) throw IamErrors.noSuch(kind as EntityNoun, name);
    return rec;
  }

  arn(ctx: RequestContext, type: string, rec: { path: string; name: string }): string {
    return iamArn(ctx.accountId, type, rec.path, rec.name);
  }

  /** Validates a policy document for its use, answering IAM's MalformedPolicyDocument / LimitExceeded. */
  validateDocument(text: string, kind: PolicyKind, size?: SizeCheck): void {
    try {
      parsePolicy(text, kind, {
        ...(size ? { size } : {}),
        ...(kind === 'trust' ? { validatePrincipal: (t, v) => this.principalExists(t, v) } : {}),
      });
    } catch (err) {
      if (err instanceof PolicyDocumentError) {
        throw err.code === 'LimitExceeded'
          ? IamErrors.limitExceeded(err.message)
          : IamErrors.malformedPolicy(err.message);
      }
      throw err;
    }
  }

  /** Trust policies may only name users and roles that exist (IAM resolves them to unique ids when saving). */
  private principalExists(type: string, value: string): boolean {
    if (type !== 'AWS') return true;
    const m = /^arn:aws:iam::(\d{12}):(user|role)\/(?:.*\/)?([^/]+)$/.exec(value);
    if (!m) return true;
    return this.store.get(m[1]!, m[2] as 'user' | 'role', m[3]!) !== undefined;
  }

  /** Marker/MaxItems paging over a sorted list; the marker is the position, opaque to clients. */
  page<T>(all: T[], input: { Marker?: string; MaxItems?: number }): Page<T> {
    let start = 0;
    if (input.Marker !== undefined) {
      const n = Number(Buffer.from(input.Marker, 'base64').toString('utf8'));
      if (!Number.isInteger(n) || n < 0) throw IamErrors.validation('Invalid Marker.');
      start = n;
    }
    const max = input.MaxItems ?? 100;
    const items = all.slice(start, start + max);
    const end = start + items.length;
    if (end < all.length) return { items, IsTruncated: true, Marker: Buffer.from(String(end)).toString('base64') };
    return { items, IsTruncated: false };
  }
}

export function encodeDoc(doc: string): string {
  return encodeURIComponent(doc);
}

export function pathOf(p: string | undefined): string {
  return p ?? '/';
}

export function matchesPrefix(path: string, prefix: string | undefined): boolean {
  return prefix === undefined || path.startsWith(prefix);
}

/** Merges tags (same key replaces) and enforces IAM's 50-tag limit. */
export function mergeTags(existing: TagRec[], added: { Key: string; Value?: string }[] | undefined): TagRec[] {
  const out = new Map(existing.map((t) => [t.Key, t.Value]));
  const seen = new Set<string>();
  for (const t of added ?? []) {
    const lower = t.Key.toLowerCase();
    if (seen.has(lower))
      throw IamErrors.invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(lower);
    for (const k of out.keys()) if (k.toLowerCase() === lower && k !== t.Key) out.delete(k);
    out.set(t.Key, t.Value ?? '');
  }
  if (out.size > 50) throw IamErrors.limitExceeded('Cannot exceed quota for TagsPerResource: 50');
  return [...out].map(([Key, Value]) => ({ Key, Value }));
}

export function removeTags(existing: TagRec[], keys: string[]): TagRec[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !drop.has(t.Key.toLowerCase()));
}

export const date = (ms: number): Date => new Date(ms);
