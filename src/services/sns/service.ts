// Shared state of one SNS instance: store, signer, compiled filter policies, and topic/subscription lookups
// every handler module uses.
import type { CoreServices } from '../types.js';
import { compileFilterPolicy, type CompiledFilterPolicy, type FilterPolicyScope } from '../../patterns/sns/index.js';
import { SnsStore, type SubscriptionRow, type TopicRow } from './store.js';
import { SnsErrors } from './errors.js';
import { parseTopicArn } from './arns.js';
import { Signer } from './signing.js';

export interface Topic {
  arn: string;
  accountId: string;
  region: string;
  name: string;
  fifo: boolean;
  attributes: Record<string, string>;
  tags: Record<string, string>;
  subsDeleted: number;
}

export interface Sub {
  id: number;
  arn: string;
  topicArn: string;
  accountId: string;
  region: string;
  owner: string;
  protocol: string;
  endpoint: string;
  attributes: Record<string, string>;
  pending: boolean;
  token: string;
}

export function toTopic(r: TopicRow): Topic {
  return {
    arn: r.arn,
    accountId: r.account_id,
    region: r.region,
    name: r.name,
    fifo: r.fifo === 1,
    attributes: JSON.parse(r.attributes) as Record<string, string>,
    tags: JSON.parse(r.tags) as Record<string, string>,
    subsDeleted: r.subs_deleted,
  };
}

export function toSub(r: SubscriptionRow): Sub {
  return {
    id: r.id,
    arn: r.arn,
    topicArn: r.topic_arn,
    accountId: r.account_id,
    region: r.region,
    owner: r.owner,
    protocol: r.protocol,
    endpoint: r.endpoint,
    attributes: JSON.parse(r.attributes) as Record<string, string>,
    pending: r.pending === 1,
    token: r.token,
  };
}

export class SnsService {
  readonly store: SnsStore;
  readonly signer: Signer;
  private readonly policies = new Map<string, CompiledFilterPolicy>();

  constructor(readonly core: CoreServices) {
    this.store = new SnsStore(core.store.db);
    this.signer = new Signer(this.store, () => core.now());
    core.store.onReset(() => {
      this.signer.forget();
      this.policies.clear();
    });
  }

  now(): number {
    return this.core.now();
  }

  tx<T>(fn: () => T): T {
    return this.core.store.tx(fn);
  }

  /** Group commit: concurrent publishes share one WAL commit. */
  commit<T>(fn: () => T): Promise<T> {
    return this.core.store.commit(fn);
  }

  /** Checks a topic ARN's shape and region without looking the topic up. */
  topicRef(arn: string | undefined, region: string): ReturnType<typeof parseTopicArn> {
    return parseTopicArn(arn, region);
  }

  /** The topic an ARN names (in the request's region), or NotFound. */
  topic(arn: string | undefined, region: string, param = 'TopicArn'): Topic {
    const ref = parseTopicArn(arn, region, param);
    const row = this.store.topic(ref.arn);
    if (!row) throw SnsErrors.topicNotFound();
    return toTopic(row);
  }

  subscription(arn: string): Sub | undefined {
    const row = this.store.subscription(arn);
    return row ? toSub(row) : undefined;
  }

  /** The compiled filter policy of a subscription, cached by its text and scope. */
  filterPolicy(sub: Sub): CompiledFilterPolicy | undefined {
    const text = sub.attributes.FilterPolicy;
    if (!text) return undefined;
    const scope = (sub.attributes.FilterPolicyScope ?? 'MessageAttributes') as FilterPolicyScope;
    const key = `${scope}\u0000${text}`;
    let compiled = this.policies.get(key);
    if (!compiled) {
      compiled = compileFilterPolicy(text, scope);
      if (this.policies.size > 10_000) this.policies.clear();
      this.policies.set(key, compiled);
    }
    return compiled;
  }
}
