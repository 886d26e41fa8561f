// Event source mappings for SQS: Create/Get/Update/Delete/ListEventSourceMappings, and the poller. Each mapping
// is one durable scheduler job (keyed by its UUID) that receives a batch through SQS's own API, invokes the
// function with the SQS event, and deletes what the function processed (all of the batch, or all but the
// batchItemFailures it reports). Other sources (DynamoDB/Kinesis streams, Kafka, MQ) are not implemented yet.
import { randomUUID } from 'node:crypto';
import { CommonErrors } from '../../protocol/errors.js';
import type { Caller, HandlerTable, RequestContext } from '../types.js';
import type { EventSourceMappingConfiguration, Operations } from './api.js';
import { LambdaErrors } from './errors.js';
import type { Invoker } from './invoke.js';
import { functionArn } from './names.js';
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

type Ops = Pick<
  HandlerTable<Operations>,
  | 'CreateEventSourceMapping'
  | 'GetEventSourceMapping'
  | 'UpdateEventSourceMapping'
  | 'DeleteEventSourceMapping'
  | 'ListEventSourceMappings'
>;

function show(m: StoredMapping): EventSourceMappingConfiguration {
  const c = m.config as unknown as EventSourceMappingConfiguration & { LastModified: number; Endpoint?: string };
  const { Endpoint: _endpoint, ...rest } = c;
  return { ...rest, LastModified: new Date(c.LastModified) };
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
    const m = this.svc.store.getMapping(p.uuid);
    if (!m) return;
    const c = m.config as Record<string, unknown>;
    const state = c.State as string;
    if (state === 'Deleting') {
      this.svc.tx(() => this.svc.store.deleteMapping(p.uuid));
      return;
    }
    if (state === 'Creating' || state === 'Enabling' || state === 'Disabling' || state === 'Updating') {
      const enabled = c.Enabled !== false;
      this.save(m, { State: enabled ? 'Enabled' : 'Disabled' });
      if (!enabled) return;
    } else if (state !== 'Enabled') return;
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
    m.config = { ...m.config, ...patch };
    this.svc.tx(() => this.svc.store.putMapping(m));
  }

  private async pollOnce(m: StoredMapping): Promise<number> {
    const c = m.config as unknown as EventSourceMappingConfiguration & { Endpoint: string };
    const arn = c.EventSourceArn!;
    const [, , , region, account, queue] = arn.split(':');
    const queueUrl = `${c.Endpoint}/${account}/${queue}`;
    const caller: Caller = { accountId: m.accountId, region: m.region, sourceArn: c.FunctionArn! };
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
    const event = {
      Records: messages.map((msg) => ({
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
      })),
    };
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
    const done = messages.filter((msg) => !failed.has(msg.MessageId));
    for (let i = 0; i < done.length; i += 10) {
      const entries = done.slice(i, i + 10).map((msg, j) => ({ Id: String(j), ReceiptHandle: msg.ReceiptHandle }));
      await this.svc.core.call('sqs', 'DeleteMessageBatch', { QueueUrl: queueUrl, Entries: entries }, caller);
    }
    return messages.length;
  }
}

export function mappingHandlers(svc: LambdaService, poller: MappingPoller): Ops {
  const get = (uuid: string) => {
    const m = svc.store.getMapping(uuid);
    if (!m) throw LambdaErrors.notFound(`The resource you requested does not exist.`);
    return m;
  };
  const checkBatch = (size: number | undefined, window: number | undefined) => {
    if (size !== undefined && (size < 1 || size > 10_000)) {
      throw LambdaErrors.invalidParameter('BatchSize must be between 1 and 10000 for SQS event sources.');
    }
    if ((size ?? 10) > 10 && (window ?? 0) < 1) {
      throw LambdaErrors.invalidParameter(
        'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
      );
    }
  };
  const target = (name: string, ctx: RequestContext) => {
    const ref = svc.ref(name, ctx);
    svc.resolve(ref);
    return functionArn(ref, ref.qualifier);
  };

  return {
    CreateEventSourceMapping: (input, ctx) => {
      const source = input.EventSourceArn ?? '';
      if (!/^arn:aws[a-z-]*:sqs:/.test(source)) {
        throw CommonErrors.notImplemented('CreateEventSourceMapping (only SQS event sources)');
      }
      if (input.FilterCriteria) throw CommonErrors.notImplemented('CreateEventSourceMapping (FilterCriteria)');
      checkBatch(input.BatchSize, input.MaximumBatchingWindowInSeconds);
      const fnArn = target(input.FunctionName, ctx);
      const uuid = randomUUID();
      const config = {
        UUID: uuid,
        BatchSize: input.BatchSize ?? 10,
        MaximumBatchingWindowInSeconds: input.MaximumBatchingWindowInSeconds ?? 0,
        EventSourceArn: source,
        FunctionArn: fnArn,
        LastModified: svc.now(),
        State: 'Creating',
        StateTransitionReason: 'USER_INITIATED',
        Enabled: input.Enabled ?? true,
        FunctionResponseTypes: input.FunctionResponseTypes ?? [],
        ...(input.ScalingConfig ? { ScalingConfig: input.ScalingConfig } : {}),
        EventSourceMappingArn: `arn:aws:lambda:${ctx.region}:${ctx.accountId}:event-source-mapping:${uuid}`,
        Endpoint: ctx.endpoint,
      };
      const m: StoredMapping = { uuid, accountId: ctx.accountId, region: ctx.region, functionName: fnArn, config };
      svc.tx(() => {
        svc.store.putMapping(m);
        poller.schedule(uuid, svc.now());
      });
      return show(m);
    },
    GetEventSourceMapping: (input) => show(get(input.UUID)),
    UpdateEventSourceMapping: (input, ctx) => {
      const m = get(input.UUID);
      if (input.FilterCriteria) throw CommonErrors.notImplemented('UpdateEventSourceMapping (FilterCriteria)');
      const c = m.config as Record<string, unknown>;
      const size = input.BatchSize ?? (c.BatchSize as number);
      const window = input.MaximumBatchingWindowInSeconds ?? (c.MaximumBatchingWindowInSeconds as number);
      checkBatch(size, window);
      const patch: Record<string, unknown> = {
        BatchSize: size,
        MaximumBatchingWindowInSeconds: window,
        LastModified: svc.now(),
      };
      if (input.FunctionName) patch.FunctionArn = target(input.FunctionName, ctx);
      if (input.FunctionResponseTypes) patch.FunctionResponseTypes = input.FunctionResponseTypes;
      if (input.ScalingConfig) patch.ScalingConfig = input.ScalingConfig;
      if (input.Enabled !== undefined) {
        patch.Enabled = input.Enabled;
        patch.State = input.Enabled ? 'Enabling' : 'Disabling';
      } else patch.State = 'Updating';
      m.config = { ...c, ...patch };
      svc.tx(() => {
        svc.store.putMapping(m);
        poller.schedule(m.uuid, svc.now());
      });
      return show(m);
    },
    DeleteEventSourceMapping: (input) => {
      const m = get(input.UUID);
      m.config = { ...m.config, State: 'Deleting' };
      svc.tx(() => {
        svc.store.putMapping(m);
        poller.schedule(m.uuid, svc.now());
      });
      return show(m);
    },
    ListEventSourceMappings: (input, ctx) => {
      const fnArn = input.FunctionName ? target(input.FunctionName, ctx) : undefined;
      const all = svc.store
        .listMappings(ctx.accountId, ctx.region)
        .filter((m) => !input.EventSourceArn || m.config.EventSourceArn === input.EventSourceArn)
        .filter((m) => !fnArn || m.config.FunctionArn === fnArn)
        .map(show);
      const start = input.Marker ? Number(input.Marker) || 0 : 0;
      const limit = input.MaxItems ?? 100;
      return {
        EventSourceMappings: all.slice(start, start + limit),
        ...(start + limit < all.length ? { NextMarker: String(start + limit) } : {}),
      };
    },
  };
}
