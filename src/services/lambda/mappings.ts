// Event source mappings: Create/Get/Update/Delete/ListEventSourceMappings for SQS queues (sqs-poller.ts) and
// DynamoDB streams (stream-poller.ts). Other sources (Kinesis, Kafka, MQ, DocumentDB) answer NotImplemented.
import { randomUUID } from 'node:crypto';
import { CommonErrors } from '../../protocol/errors.js';
import type { HandlerTable, RequestContext } from '../types.js';
import type { EventSourceMappingConfiguration, Operations } from './api.js';
import { LambdaErrors } from './errors.js';
import { compileFilters } from './filters.js';
import { functionArn } from './names.js';
import type { LambdaService } from './service.js';
import type { MappingPoller } from './sqs-poller.js';
import { streamPatch, streamSettings } from './stream-config.js';
import type { StreamPoller } from './stream-poller.js';
import { DDB_STREAM_ARN } from './stream-source.js';
import type { StoredMapping } from './store.js';

type Ops = Pick<
  HandlerTable<Operations>,
  | 'CreateEventSourceMapping'
  | 'GetEventSourceMapping'
  | 'UpdateEventSourceMapping'
  | 'DeleteEventSourceMapping'
  | 'ListEventSourceMappings'
>;

export interface Pollers {
  sqs: MappingPoller;
  streams: StreamPoller;
}

function show(m: StoredMapping): EventSourceMappingConfiguration {
  const c = m.config as unknown as EventSourceMappingConfiguration & { LastModified: number; Endpoint?: string };
  const { Endpoint: _endpoint, ...rest } = c;
  return { ...rest, LastModified: new Date(c.LastModified) };
}

const isStream = (m: StoredMapping) => DDB_STREAM_ARN.test(String(m.config.EventSourceArn));

/** An empty FilterCriteria (no Filters) removes the mapping's filters. */
function withoutEmptyFilters(config: Record<string, unknown>): Record<string, unknown> {
  const f = config.FilterCriteria as { Filters?: unknown[] } | undefined;
  if (f && !f.Filters?.length) {
    const { FilterCriteria: _dropped, ...rest } = config;
    return rest;
  }
  return config;
}

export function mappingHandlers(svc: LambdaService, pollers: Pollers): Ops {
  const schedule = (m: StoredMapping) =>
    isStream(m) ? pollers.streams.schedule(m.uuid, svc.now()) : pollers.sqs.schedule(m.uuid, svc.now());
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
      const stream = DDB_STREAM_ARN.test(source);
      if (!stream && !/^arn:aws[a-z-]*:sqs:/.test(source)) {
        throw CommonErrors.notImplemented('CreateEventSourceMapping (only SQS queues and DynamoDB streams)');
      }
      const fnArn = target(input.FunctionName, ctx);
      const uuid = randomUUID();
      const common = {
        UUID: uuid,
        EventSourceArn: source,
        FunctionArn: fnArn,
        LastModified: svc.now(),
        State: 'Creating',
        Enabled: input.Enabled ?? true,
        EventSourceMappingArn: `arn:aws:lambda:${ctx.region}:${ctx.accountId}:event-source-mapping:${uuid}`,
        Endpoint: ctx.endpoint,
      };
      let config: Record<string, unknown>;
      const row = stream ? pollers.streams.source.stream(source) : undefined;
      if (stream) {
        const settings = streamSettings(input);
        if (!row) {
          throw LambdaErrors.invalidParameter(
            `Cannot access stream ${source}. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.`,
          );
        }
        const dup = svc.store
          .listMappings(ctx.accountId, ctx.region)
          .find((m) => m.config.EventSourceArn === source && m.config.FunctionArn === fnArn);
        if (dup) {
          throw LambdaErrors.conflict(
            `The event source arn (" ${source} ") and function (" ${svc.ref(input.FunctionName, ctx).name} ") provided mapping already exists. Please update or delete the existing mapping with UUID ${dup.uuid}`,
          );
        }
        config = {
          ...common,
          ...settings,
          LastProcessingResult: 'No records processed',
          StateTransitionReason: 'User action',
        };
      } else {
        compileFilters(input.FilterCriteria);
        checkBatch(input.BatchSize, input.MaximumBatchingWindowInSeconds);
        config = {
          ...common,
          BatchSize: input.BatchSize ?? 10,
          MaximumBatchingWindowInSeconds: input.MaximumBatchingWindowInSeconds ?? 0,
          StateTransitionReason: 'USER_INITIATED',
          FunctionResponseTypes: input.FunctionResponseTypes ?? [],
          ...(input.FilterCriteria ? { FilterCriteria: input.FilterCriteria } : {}),
          ...(input.ScalingConfig ? { ScalingConfig: input.ScalingConfig } : {}),
        };
      }
      const m: StoredMapping = {
        uuid,
        accountId: ctx.accountId,
        region: ctx.region,
        functionName: fnArn,
        config: withoutEmptyFilters(config),
      };
      svc.tx(() => {
        svc.store.putMapping(m);
        if (row) pollers.streams.start(uuid, row, String(config.StartingPosition));
        schedule(m);
      });
      return show(m);
    },
    GetEventSourceMapping: (input) => show(get(input.UUID)),
    UpdateEventSourceMapping: (input, ctx) => {
      const m = get(input.UUID);
      const c = m.config;
      let patch: Record<string, unknown>;
      if (isStream(m)) patch = streamPatch(input);
      else {
        if (input.FilterCriteria) compileFilters(input.FilterCriteria);
        const size = input.BatchSize ?? (c.BatchSize as number);
        const window = input.MaximumBatchingWindowInSeconds ?? (c.MaximumBatchingWindowInSeconds as number);
        checkBatch(size, window);
        patch = { BatchSize: size, MaximumBatchingWindowInSeconds: window };
        if (input.FunctionResponseTypes) patch.FunctionResponseTypes = input.FunctionResponseTypes;
        if (input.ScalingConfig) patch.ScalingConfig = input.ScalingConfig;
        if (input.FilterCriteria) patch.FilterCriteria = input.FilterCriteria;
      }
      patch.LastModified = svc.now();
      if (input.FunctionName) patch.FunctionArn = target(input.FunctionName, ctx);
      if (input.Enabled !== undefined) {
        patch.Enabled = input.Enabled;
        patch.State = input.Enabled ? 'Enabling' : 'Disabling';
      } else patch.State = 'Updating';
      m.config = withoutEmptyFilters({ ...c, ...patch });
      if (typeof patch.FunctionArn === 'string') m.functionName = patch.FunctionArn;
      svc.tx(() => {
        svc.store.putMapping(m);
        schedule(m);
      });
      return show(m);
    },
    DeleteEventSourceMapping: (input) => {
      const m = get(input.UUID);
      m.config = { ...m.config, State: 'Deleting' };
      svc.tx(() => {
        svc.store.putMapping(m);
        schedule(m);
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
