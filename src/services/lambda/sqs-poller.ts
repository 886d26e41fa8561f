// The poller of SQS event source mappings. Each mapping is one durable scheduler job (keyed by its UUID) that
// receives a batch through SQS's own API, drops the messages FilterCriteria rejects (AWS deletes them),
// invokes the function with the SQS event, and deletes what the function processed (all of the batch, or all
// but the batchItemFailures it reports).
import { randomUUID } from 'node:crypto';
import type { Caller, RequestContext } from '../types.js';
import type { EventSourceMappingConfiguration } from './api.js';
import { passes, sqsFilterView, storedFilters } from './filters.js';
import type { Invoker } from './invoke.js';
import { patchMapping, settle } from './mapping-state.js';
import { functionCaller } from './execution-role.js';
import type { LambdaService } from './service.js';
import type { StoredMapping } from './store.js';

export const POLL_JOB = 'lambda.esm.poll';

export interface PollPayload {
  uuid: string;
}

interface SqsMessage {
  MessageId: string;
  ReceiptHandle: string;
  Body: string;
  MD5OfBody?: string;
  Attributes?: Record<string, string>;
  MessageAttributes?: Record<string, { StringValue?: string; BinaryValue?: Uint8Array; DataType: string }>;
}

export class MappingPoller {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly svc: LambdaService,
    private readonly invoker: Invoker,
  ) {}

  schedule(uuid: string, at: number): void {
    this.svc.core.scheduler.schedule(POLL_JOB, at, { uuid } satisfies PollPayload, `${POLL_JOB}:${uuid}`);
  }

  onJob(p: PollPayload): void {
    const m = settle(this.svc, p.uuid);
    if (!m) return;
    // The poll runs beside the scheduler (it may wait for the function); the job is pushed past the function's
    // timeout meanwhile, so if atoll dies mid-batch the mapping still polls again after restart.
    this.schedule(p.uuid, this.svc.now() + 960_000);
    const work = this.pollOnce(m).then(
      (found) => {
        if (found > 0) this.save(m, { LastProcessingResult: 'OK' });
        return found;
      },
      () => {
        this.save(m, { LastProcessingResult: 'PROBLEM: Function call failed' });
        return 0;
      },
    );
    const tracked = work
      .then((found) => {
        // At once while the queue has messages, otherwise after a short idle pause.
        if (this.svc.store.getMapping(p.uuid)) this.schedule(p.uuid, this.svc.now() + (found > 0 ? 0 : 1000));
      })
      .catch(() => undefined)
      .finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  async drain(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private save(m: StoredMapping, patch: Record<string, unknown>): void {
    patchMapping(this.svc, m.uuid, patch);
  }

  private async pollOnce(m: StoredMapping): Promise<number> {
    const c = m.config as unknown as EventSourceMappingConfiguration & { Endpoint: string; FilterCriteria?: unknown };
    const arn = c.EventSourceArn!;
    const [, , , region, account, queue] = arn.split(':');
    const queueUrl = `${c.Endpoint}/${account}/${queue}`;
    // Lambda polls with the function's execution role (sqs:ReceiveMessage/DeleteMessage in its policy).
    const fnCtx = { accountId: m.accountId, region: m.region } as RequestContext;
    const caller: Caller = functionCaller(this.svc, this.svc.ref(c.FunctionArn!, fnCtx), m.region);
    const batchSize = c.BatchSize ?? 10;
    const windowMs = (c.MaximumBatchingWindowInSeconds ?? 0) * 1000;
    const deadline = this.svc.now() + windowMs;
    const messages: SqsMessage[] = [];
    do {
      const out = await this.svc.core.call<{ Messages?: SqsMessage[] }>(
        'sqs',
        'ReceiveMessage',
        {
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, batchSize - messages.length),
          AttributeNames: ['All'],
          MessageAttributeNames: ['All'],
          WaitTimeSeconds: 0,
        },
        caller,
      );
      const got = out.Messages ?? [];
      messages.push(...got);
      if (got.length === 0 && windowMs === 0) break;
      if (got.length === 0) await new Promise((r) => setTimeout(r, Math.min(200, Math.max(0, deadline - Date.now()))));
    } while (messages.length < batchSize && this.svc.now() < deadline);
    if (messages.length === 0) return 0;
    const records = messages.map((msg) => ({
      messageId: msg.MessageId,
      receiptHandle: msg.ReceiptHandle,
      body: msg.Body,
      attributes: msg.Attributes ?? {},
      messageAttributes: Object.fromEntries(
        Object.entries(msg.MessageAttributes ?? {}).map(([k, v]) => [
          k,
          {
            ...(v.StringValue !== undefined ? { stringValue: v.StringValue } : {}),
            ...(v.BinaryValue !== undefined ? { binaryValue: Buffer.from(v.BinaryValue).toString('base64') } : {}),
            stringListValues: [],
            binaryListValues: [],
            dataType: v.DataType,
          },
        ]),
      ),
      md5OfBody: msg.MD5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: arn,
      awsRegion: region,
    }));
    const filters = storedFilters(c.FilterCriteria);
    const kept = records.filter((r) => passes(filters, sqsFilterView(r)));
    const dropped = new Set(records.filter((r) => !kept.includes(r)).map((r) => r.messageId));
    await this.deleteMessages(
      queueUrl,
      caller,
      messages.filter((msg) => dropped.has(msg.MessageId)),
    );
    if (kept.length === 0) return messages.length;
    const event = { Records: kept };
    const ref = this.svc.ref(c.FunctionArn!, {
      accountId: m.accountId,
      region: m.region,
    } as RequestContext);
    const resolved = this.svc.resolve(ref);
    const out = await this.invoker.run(resolved, JSON.stringify(event), {
      requestId: randomUUID(),
      endpoint: c.Endpoint,
    });
    if (!out.ok) return messages.length; // the batch becomes visible again after the visibility timeout
    let failed = new Set<string>();
    if (c.FunctionResponseTypes?.includes('ReportBatchItemFailures')) {
      try {
        const res = JSON.parse(out.payload) as { batchItemFailures?: Array<{ itemIdentifier?: string }> } | null;
        failed = new Set((res?.batchItemFailures ?? []).map((f) => f.itemIdentifier ?? ''));
      } catch {
        failed = new Set();
      }
    }
    const done = messages.filter((msg) => !failed.has(msg.MessageId) && !dropped.has(msg.MessageId));
    await this.deleteMessages(queueUrl, caller, done);
    return messages.length;
  }

  private async deleteMessages(queueUrl: string, caller: Caller, done: SqsMessage[]): Promise<void> {
    for (let i = 0; i < done.length; i += 10) {
      const entries = done.slice(i, i + 10).map((msg, j) => ({ Id: String(j), ReceiptHandle: msg.ReceiptHandle }));
      await this.svc.core.call('sqs', 'DeleteMessageBatch', { QueueUrl: queueUrl, Entries: entries }, caller);
    }
  }
}
