// The poller of DynamoDB stream event source mappings. Each mapping is one durable scheduler job (keyed and
// laned by its UUID) that handles one batch per run and schedules its next run: at once while records wait,
// every 250 ms when idle (Lambda polls a shard four times a second). The job row stays due while a batch runs,
// so a kill -9 mid-batch runs it again from the committed checkpoint: records are delivered at least once, in
// order, never skipped. A failed batch blocks the shard and is retried (bisected first when configured) until
// it succeeds or MaximumRetryAttempts / MaximumRecordAgeInSeconds discard it to the OnFailure destination.
import { randomUUID } from 'node:crypto';
import type { StreamRow } from '../dynamodb/stream-store.js';
import type { RequestContext } from '../types.js';
import { passes, storedFilters } from './filters.js';
import type { Invoker, RunResult } from './invoke.js';
import { patchMapping, settle, transitional } from './mapping-state.js';
import type { LambdaService } from './service.js';
import { failureRecord, sendFailure, type DiscardedBatch } from './stream-failure.js';
import { StreamSource, type SourceRecord } from './stream-source.js';
import { functionCaller } from './execution-role.js';
import type { Checkpoint, StoredMapping } from './store.js';

export const STREAM_JOB = 'lambda.esm.stream';
/** Mappings whose batches may run at once (each mapping's own batches never overlap: one job per mapping). */
export const STREAM_CONCURRENCY = 64;

const IDLE_MS = 250;
/** Raw records examined per run when filters drop most of them. */
const SCAN_LIMIT = 10_000;

export interface StreamPollPayload {
  uuid: string;
}

interface StreamMappingConfig {
  EventSourceArn: string;
  FunctionArn: string;
  BatchSize: number;
  MaximumBatchingWindowInSeconds: number;
  MaximumRecordAgeInSeconds: number;
  MaximumRetryAttempts: number;
  BisectBatchOnFunctionError: boolean;
  FunctionResponseTypes?: string[];
  FilterCriteria?: unknown;
  DestinationConfig?: { OnFailure?: { Destination?: string } };
  Endpoint: string;
}

export class StreamPoller {
  readonly source: StreamSource;

  constructor(
    private readonly svc: LambdaService,
    private readonly invoker: Invoker,
  ) {
    this.source = new StreamSource(svc.core);
  }

  schedule(uuid: string, at: number): void {
    this.svc.core.scheduler.schedule(STREAM_JOB, at, { uuid } satisfies StreamPollPayload, key(uuid), uuid);
  }

  /** Where a new mapping starts reading: TRIM_HORIZON from the oldest retained record, LATEST after the last. */
  start(uuid: string, stream: StreamRow, position: string): void {
    const next = position === 'LATEST' ? this.source.latest() : 0;
    this.svc.store.putCheckpoint(uuid, stream.shard_id, { next, attempts: 0 });
  }

  async onJob(p: StreamPollPayload): Promise<void> {
    const m = settle(this.svc, p.uuid);
    if (!m) return;
    let delay: number;
    try {
      delay = await this.step(m);
    } catch {
      delay = 1000;
    }
    const now = this.svc.store.getMapping(p.uuid);
    // A change made while the batch ran (disable, delete, update) is applied at once.
    if (now) this.svc.tx(() => this.schedule(p.uuid, this.svc.now() + (transitional(now) ? 0 : delay)));
  }

  /** Handles one batch; returns how long to wait before the next run. */
  private async step(m: StoredMapping): Promise<number> {
    const c = m.config as unknown as StreamMappingConfig;
    const stream = this.source.stream(c.EventSourceArn);
    if (!stream) return 5000; // the stream is gone (table deleted, records expired): nothing to read
    const shard = stream.shard_id;
    const cp: Checkpoint = this.svc.store.getCheckpoint(m.uuid, shard) ?? { next: 0, attempts: 0 };
    const size = cp.cap?.size ?? c.BatchSize;
    const { batch, end, full } = this.collect(stream, cp, size, storedFilters(c.FilterCriteria));
    // A bisection window ends once the checkpoint has passed it.
    const commit = (next: Checkpoint) => {
      const kept: Checkpoint = { next: next.next, attempts: next.attempts };
      if (next.cap && next.next <= next.cap.end) kept.cap = next.cap;
      this.svc.tx(() => this.svc.store.putCheckpoint(m.uuid, shard, kept));
    };
    if (batch.length === 0) {
      if (end > cp.next) commit({ next: end, attempts: 0, ...(cp.cap ? { cap: cp.cap } : {}) });
      return full ? 0 : IDLE_MS;
    }
    const now = this.svc.now();
    const windowMs = c.MaximumBatchingWindowInSeconds * 1000;
    if (!full && windowMs > 0 && cp.attempts === 0 && now < batch[0]!.createdAt + windowMs) {
      return Math.min(IDLE_MS, batch[0]!.createdAt + windowMs - now);
    }
    const base: Omit<DiscardedBatch, 'condition' | 'records' | 'invokeCount'> = {
      shardId: shard,
      streamArn: stream.arn,
      functionArn: c.FunctionArn,
    };
    // Records older than MaximumRecordAgeInSeconds are discarded before the function sees them.
    if (c.MaximumRecordAgeInSeconds !== -1) {
      const expired = batch.filter((r) => now - r.createdAt > c.MaximumRecordAgeInSeconds * 1000);
      if (expired.length > 0) {
        const last = expired[expired.length - 1]!;
        const more = batch.slice(expired.length);
        await this.discard(m, { ...base, condition: 'RecordAgeExceeded', records: expired, invokeCount: cp.attempts });
        commit({
          next: more.length > 0 ? more[0]!.seq : last.seq + 1,
          attempts: 0,
          ...(cp.cap ? { cap: cp.cap } : {}),
        });
        return 0;
      }
    }
    const requestId = randomUUID();
    let out: RunResult;
    try {
      const ctx = { accountId: m.accountId, region: m.region } as RequestContext;
      const resolved = this.svc.resolve(this.svc.ref(c.FunctionArn, ctx));
      const event = JSON.stringify({ Records: batch.map((r) => r.event) });
      out = await this.invoker.run(resolved, event, { requestId, endpoint: c.Endpoint });
    } catch {
      // Not invoked (function missing, not Active, throttled): retried without counting an attempt.
      patchMapping(this.svc, m.uuid, { LastProcessingResult: 'PROBLEM: Function call failed' });
      return 1000;
    }
    const failedAt = out.ok ? this.reportedFailure(c, out.payload, batch) : 0;
    if (failedAt === undefined) {
      patchMapping(this.svc, m.uuid, { LastProcessingResult: 'OK' });
      commit({ next: end, attempts: 0, ...(cp.cap ? { cap: cp.cap } : {}) });
      return full ? 0 : IDLE_MS;
    }
    if (!out.ok) patchMapping(this.svc, m.uuid, { LastProcessingResult: 'PROBLEM: Function call failed' });
    const remaining = batch.slice(failedAt);
    const lastSeq = remaining[remaining.length - 1]!.seq;
    if (!out.ok && c.BisectBatchOnFunctionError && remaining.length > 1) {
      // Splitting does not count towards the retry quota.
      const cap = { end: cp.cap?.end ?? lastSeq, size: Math.ceil(remaining.length / 2) };
      commit({ next: remaining[0]!.seq, attempts: cp.attempts, cap });
      return 0;
    }
    const attempts = cp.attempts + 1;
    if (c.MaximumRetryAttempts !== -1 && attempts > c.MaximumRetryAttempts) {
      const last = { requestId, version: out.version, functionError: !out.ok };
      await this.discard(m, {
        ...base,
        condition: 'RetryAttemptsExhausted',
        records: remaining,
        invokeCount: attempts,
        last,
      });
      commit({ next: lastSeq + 1, attempts: 0, ...(cp.cap ? { cap: cp.cap } : {}) });
      return 0;
    }
    commit({ next: remaining[0]!.seq, attempts, ...(cp.cap ? { cap: cp.cap } : {}) });
    return Math.min(2000, 100 * 2 ** (attempts - 1));
  }

  /**
   * The next batch from the checkpoint: up to `size` records that pass the filters (and, while bisecting, do
   * not go past the window). `end` is where the checkpoint moves once the batch is done (records the filters
   * dropped before it are skipped); `full` says more records are waiting.
   */
  private collect(
    stream: StreamRow,
    cp: Checkpoint,
    size: number,
    filters: ReturnType<typeof storedFilters>,
  ): { batch: SourceRecord[]; end: number; full: boolean } {
    const batch: SourceRecord[] = [];
    let end = cp.next;
    let scanned = 0;
    const page = Math.min(Math.max(size, 100), 1000);
    for (;;) {
      const rows = this.source.read(stream, end, page);
      for (const r of rows) {
        if (cp.cap && r.seq > cp.cap.end) return { batch, end, full: true };
        end = r.seq + 1;
        scanned += 1;
        if (passes(filters, r.event)) batch.push(r);
        if (batch.length >= size || scanned >= SCAN_LIMIT) return { batch, end, full: true };
      }
      if (rows.length < page) return { batch, end, full: false };
    }
  }

  /**
   * With ReportBatchItemFailures: the index of the first record to retry, or undefined when the batch
   * succeeded. An empty or missing list is success; an identifier that names no record fails the whole batch.
   */
  private reportedFailure(c: StreamMappingConfig, payload: string, batch: SourceRecord[]): number | undefined {
    if (!c.FunctionResponseTypes?.includes('ReportBatchItemFailures')) return undefined;
    let failures: unknown;
    try {
      failures = (JSON.parse(payload) as { batchItemFailures?: unknown } | null)?.batchItemFailures;
    } catch {
      return undefined;
    }
    if (!Array.isArray(failures) || failures.length === 0) return undefined;
    const seqs = batch.map((r) => (r.event.dynamodb as { SequenceNumber: string }).SequenceNumber);
    let first = Infinity;
    for (const f of failures) {
      const id = (f as { itemIdentifier?: unknown } | null)?.itemIdentifier;
      const i = typeof id === 'string' ? seqs.indexOf(id) : -1;
      if (i < 0) return 0;
      first = Math.min(first, i);
    }
    return first;
  }

  private async discard(m: StoredMapping, b: DiscardedBatch): Promise<void> {
    const c = m.config as unknown as StreamMappingConfig;
    const dest = c.DestinationConfig?.OnFailure?.Destination;
    if (!dest) return;
    const fnCtx = { accountId: m.accountId, region: m.region } as RequestContext;
    const caller = functionCaller(this.svc, this.svc.ref(c.FunctionArn, fnCtx));
    await sendFailure(this.svc.core, dest, c.Endpoint, caller, failureRecord(b, this.svc.now()));
  }
}

function key(uuid: string): string {
  return `${STREAM_JOB}:${uuid}`;
}
