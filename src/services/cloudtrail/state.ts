// The CloudTrail state one atoll shares between its recorder (created with the pipeline, before any request) and
// the CloudTrail service (loaded on first use): the store, the trail cache and the buffer of recorded events.
//
// Recording stays off the hot path: a call's record is built at once (management events only, unless a trail
// selects data events) and buffered; the buffer is written with one transaction per batch, every 100 ms or 500
// events, together with the durable jobs that deliver the batch to CloudWatch Logs and the records waiting for
// the trails' S3 log files (s3-delivery.ts). A crash (kill -9) may
// therefore lose the last ~100 ms of audit records; acknowledged API effects are never affected.
import type { CoreServices } from '../types.js';
import type { TrailRec } from './api.js';
import { registerDelivery, scheduleDeliveries } from './delivery.js';
import { buildEvents, kindOf, recordText, type BuiltEvent } from './record.js';
import type { CloudTrailEntry } from './entry.js';
import { queueLogRecords, registerS3Delivery } from './s3-delivery.js';
import { migrations } from './schema.js';
import { selectsDataEvents, type OrgOf } from './selectors.js';
import { CloudTrailStore, type EventRow } from './store.js';

export const FLUSH_INTERVAL_MS = 100;
export const FLUSH_BATCH = 500;
export const HISTORY_DAYS = 90;
const DAY_MS = 86_400_000;

export class CloudTrailState {
  readonly store: CloudTrailStore;
  private trailCache: TrailRec[] | undefined;
  private dataWanted = false;
  private buffer: BuiltEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private lastExpiry = 0;
  private closed = false;

  constructor(readonly core: CoreServices) {
    // The recorder may run before the service is loaded: its tables must exist either way (migrate is idempotent).
    core.store.migrate(migrations);
    this.store = new CloudTrailStore(core.store.db);
    registerDelivery(this);
    registerS3Delivery(this);
    core.store.onReset(() => {
      this.buffer = [];
      this.invalidate();
    });
  }

  now(): number {
    return this.core.now();
  }

  // ---- trails ----

  trails(): TrailRec[] {
    if (!this.trailCache) {
      this.trailCache = this.store.trails();
      this.dataWanted = this.trailCache.some(selectsDataEvents);
    }
    return this.trailCache;
  }

  invalidate(): void {
    this.trailCache = undefined;
  }

  /** Writes a trail (inside the caller's transaction or its own). */
  saveTrail(t: TrailRec): void {
    this.core.store.tx(() => this.store.putTrail(t));
    this.invalidate();
  }

  removeTrail(t: TrailRec): void {
    this.core.store.tx(() => this.store.deleteTrail(t));
    this.invalidate();
  }

  orgOf: OrgOf = (accountId) => {
    const org = this.core.service('organizations')?.organizationView?.organizationOf(accountId);
    return org ? { id: org.id, managementAccountId: org.managementAccountId } : undefined;
  };

  // ---- recording ----

  record(entry: CloudTrailEntry): void {
    if (this.closed) return;
    const kind = kindOf(entry);
    if (kind === 'none') return;
    if (kind === 'data') {
      this.trails();
      if (!this.dataWanted) return;
    }
    for (const e of buildEvents(this.core, entry, { now: this.now() })) this.buffer.push(e);
    if (this.buffer.length >= FLUSH_BATCH) {
      this.immediate ??= setImmediate(() => this.flush());
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /** Writes every buffered event: event history and trail deliveries, in one transaction. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    const texts = batch.map(recordText);
    const rows: EventRow[] = [];
    batch.forEach((e, i) => {
      // Event history holds management events only.
      if (e.kind !== 'management') return;
      rows.push({
        accountId: e.recipientAccountId,
        region: e.region,
        time: e.time,
        eventId: e.eventId,
        eventName: e.eventName,
        eventSource: e.eventSource,
        readOnly: e.readOnly,
        username: e.username,
        accessKeyId: e.accessKeyId,
        resources: e.resources,
        record: texts[i]!,
      });
    });
    const now = this.now();
    try {
      this.core.store.tx(() => {
        this.store.insertEvents(rows);
        scheduleDeliveries(this, batch, texts);
        queueLogRecords(this, batch, texts);
        if (now - this.lastExpiry > 3_600_000) {
          this.store.expireBefore(now - HISTORY_DAYS * DAY_MS);
          this.lastExpiry = now;
        }
      });
    } catch {
      // The store is closing (shutdown) or was reset under us: these audit records are lost, as documented.
    }
  }

  close(): void {
    this.flush();
    this.closed = true;
  }
}

const states = new WeakMap<CoreServices, CloudTrailState>();

/** The one CloudTrail state of this atoll (created on first use). */
export function cloudTrailFor(core: CoreServices): CloudTrailState {
  let s = states.get(core);
  if (!s) {
    s = new CloudTrailState(core);
    states.set(core, s);
  }
  return s;
}
