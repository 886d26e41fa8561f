// In-memory cache of queue metadata over the store: the hot path (send/receive/delete) resolves a queue URL
// without touching SQLite. Every write goes through here so the cache is updated with the row.
import type { SqsStore, QueueRow } from './store.js';
import { queueArn } from './urls.js';
import { parseRedrivePolicy, type RedrivePolicy } from './attributes.js';

export interface Queue {
  id: number;
  accountId: string;
  region: string;
  name: string;
  fifo: boolean;
  arn: string;
  attributes: Record<string, string>;
  tags: Record<string, string>;
  createdAt: number;
  modifiedAt: number;
  purgedAt: number | null;
  // Parsed forms of attributes the hot path needs.
  delaySeconds: number;
  maxMessageSize: number;
  retentionMs: number;
  waitSeconds: number;
  visibilityTimeout: number;
  redrive: RedrivePolicy | undefined;
  contentBasedDedup: boolean;
  dedupByGroup: boolean;
}

function toQueue(r: QueueRow): Queue {
  const attributes = JSON.parse(r.attributes) as Record<string, string>;
  const num = (n: string, d: number) => (attributes[n] !== undefined ? Number(attributes[n]) : d);
  return {
    id: r.id,
    accountId: r.account_id,
    region: r.region,
    name: r.name,
    fifo: r.fifo === 1,
    arn: queueArn(r.region, r.account_id, r.name),
    attributes,
    tags: JSON.parse(r.tags) as Record<string, string>,
    createdAt: r.created_at,
    modifiedAt: r.modified_at,
    purgedAt: r.purged_at,
    delaySeconds: num('DelaySeconds', 0),
    maxMessageSize: num('MaximumMessageSize', 1_048_576),
    retentionMs: num('MessageRetentionPeriod', 345_600) * 1000,
    waitSeconds: num('ReceiveMessageWaitTimeSeconds', 0),
    visibilityTimeout: num('VisibilityTimeout', 30),
    redrive: attributes.RedrivePolicy ? parseRedrivePolicy(attributes.RedrivePolicy) : undefined,
    contentBasedDedup: attributes.ContentBasedDeduplication === 'true',
    dedupByGroup: attributes.DeduplicationScope === 'messageGroup',
  };
}

const key = (accountId: string, region: string, name: string) => `${accountId}\u0000${region}\u0000${name}`;

export class QueueRegistry {
  private byKey = new Map<string, Queue | null>();
  private byId = new Map<number, Queue>();

  constructor(private readonly store: SqsStore) {}

  clear(): void {
    this.byKey.clear();
    this.byId.clear();
  }

  get(accountId: string, region: string, name: string): Queue | undefined {
    const k = key(accountId, region, name);
    const cached = this.byKey.get(k);
    if (cached !== undefined) return cached ?? undefined;
    const row = this.store.queueByName(accountId, region, name);
    const q = row ? toQueue(row) : null;
    // Negative entries are cheap and bounded by distinct names asked for; dropped on create.
    if (this.byKey.size < 100_000) this.byKey.set(k, q);
    if (q) this.byId.set(q.id, q);
    return q ?? undefined;
  }

  getById(id: number): Queue | undefined {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const row = this.store.queueById(id);
    if (!row) return undefined;
    return this.refresh(row.id);
  }

  byArn(
    arn: string,
    parse: (arn: string) => { region: string; accountId: string; name: string } | undefined,
  ): Queue | undefined {
    const p = parse(arn);
    return p ? this.get(p.accountId, p.region, p.name) : undefined;
  }

  /** Re-reads one queue after a write (call inside or after the writing transaction). */
  refresh(id: number): Queue | undefined {
    const row = this.store.queueById(id);
    const old = this.byId.get(id);
    if (old) this.byKey.delete(key(old.accountId, old.region, old.name));
    if (!row) {
      this.byId.delete(id);
      return undefined;
    }
    const q = toQueue(row);
    this.byId.set(q.id, q);
    this.byKey.set(key(q.accountId, q.region, q.name), q);
    return q;
  }

  forget(q: Queue): void {
    this.byId.delete(q.id);
    this.byKey.delete(key(q.accountId, q.region, q.name));
  }

  all(accountId: string, region: string): Queue[] {
    return this.store.queuesIn(accountId, region).map((r) => this.byId.get(r.id) ?? toQueue(r));
  }
}
