// Shared state of one SQS instance: store, queue cache, long-poll waiters, and the helpers every handler
// module uses to resolve queues from URLs.
import type { CoreServices, RequestContext } from '../types.js';
import { SqsStore } from './store.js';
import { QueueRegistry, type Queue } from './registry.js';
import { LongPoll } from './longpoll.js';
import { SqsErrors } from './errors.js';
import { parseQueueArn, parseQueueUrl } from './urls.js';

export class SqsService {
  readonly store: SqsStore;
  readonly queues: QueueRegistry;
  readonly polls: LongPoll;

  constructor(readonly core: CoreServices) {
    this.store = new SqsStore(core.store.db);
    this.queues = new QueueRegistry(this.store);
    this.polls = new LongPoll(core.scheduler);
    core.store.onReset(() => this.queues.clear());
  }

  now(): number {
    return this.core.now();
  }

  tx<T>(fn: () => T): T {
    return this.core.store.tx(fn);
  }

  /** Group commit (see Store.commit): the hot path's writes share one WAL commit per event-loop turn. */
  commit<T>(fn: () => T): Promise<T> {
    return this.core.store.commit(fn);
  }

  /** The queue a QueueUrl names, in the request's region; the URL's account owns it. */
  queueFromUrl(url: string | undefined, ctx: RequestContext): Queue {
    const ref = parseQueueUrl(url, ctx);
    const q = this.queues.get(ref.accountId, ctx.region, ref.name);
    if (!q) throw SqsErrors.queueDoesNotExist();
    return q;
  }

  queueFromArn(arn: string): Queue | undefined {
    return this.queues.byArn(arn, parseQueueArn);
  }
}
