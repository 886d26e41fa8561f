// Put/Get/Update/Delete/ListFunctionEventInvokeConfig: per-qualifier settings of asynchronous invocation.
import type { HandlerTable, RequestContext } from '../types.js';
import type { DestinationConfig, FunctionEventInvokeConfig, Operations } from './api.js';
import { LambdaErrors } from './errors.js';
import { functionArn, isVersion, LATEST, type FunctionRef } from './names.js';
import type { LambdaService } from './service.js';

type Ops = Pick<
  HandlerTable<Operations>,
  | 'PutFunctionEventInvokeConfig'
  | 'UpdateFunctionEventInvokeConfig'
  | 'GetFunctionEventInvokeConfig'
  | 'DeleteFunctionEventInvokeConfig'
  | 'ListFunctionEventInvokeConfigs'
>;

interface Stored {
  LastModified: number;
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
  DestinationConfig?: DestinationConfig;
}

function checkDestinations(d: DestinationConfig | undefined): void {
  for (const dest of [d?.OnSuccess?.Destination, d?.OnFailure?.Destination]) {
    if (dest !== undefined && !/^arn:aws[a-z-]*:(sqs|sns|lambda|events|s3):/.test(dest)) {
      throw LambdaErrors.invalidParameter(`The destination ARN ${dest} is invalid.`);
    }
  }
}

function show(ref: FunctionRef, qualifier: string, s: Stored): FunctionEventInvokeConfig {
  return {
    LastModified: new Date(s.LastModified),
    FunctionArn: functionArn(ref, qualifier),
    ...(s.MaximumRetryAttempts !== undefined ? { MaximumRetryAttempts: s.MaximumRetryAttempts } : {}),
    ...(s.MaximumEventAgeInSeconds !== undefined ? { MaximumEventAgeInSeconds: s.MaximumEventAgeInSeconds } : {}),
    DestinationConfig: {
      OnSuccess: s.DestinationConfig?.OnSuccess ?? {},
      OnFailure: s.DestinationConfig?.OnFailure ?? {},
    },
  };
}

export function eventInvokeConfigHandlers(svc: LambdaService): Ops {
  const target = (name: string, ctx: RequestContext, qualifier?: string) => {
    const ref = svc.ref(name, ctx, qualifier);
    svc.fn(ref);
    const q = ref.qualifier ?? LATEST;
    const exists = isVersion(q) ? svc.store.getVersion(ref, q) : svc.store.getAlias(ref, q);
    if (!exists) throw LambdaErrors.functionNotFound(functionArn(ref, q));
    return { ref, q };
  };
  const missing = (ref: FunctionRef, q: string) =>
    LambdaErrors.notFound(`The function ${functionArn(ref, q)} doesn't have an EventInvokeConfig`);
  const put = (ref: FunctionRef, q: string, s: Stored) => {
    checkDestinations(s.DestinationConfig);
    svc.tx(() => svc.store.putEventInvokeConfig(ref, q, s as unknown as Record<string, unknown>));
    return show(ref, q, s);
  };

  return {
    PutFunctionEventInvokeConfig: (input, ctx) => {
      const { ref, q } = target(input.FunctionName, ctx, input.Qualifier);
      return put(ref, q, {
        LastModified: svc.now(),
        ...(input.MaximumRetryAttempts !== undefined ? { MaximumRetryAttempts: input.MaximumRetryAttempts } : {}),
        ...(input.MaximumEventAgeInSeconds !== undefined
          ? { MaximumEventAgeInSeconds: input.MaximumEventAgeInSeconds }
          : {}),
        ...(input.DestinationConfig ? { DestinationConfig: input.DestinationConfig } : {}),
      });
    },
    UpdateFunctionEventInvokeConfig: (input, ctx) => {
      const { ref, q } = target(input.FunctionName, ctx, input.Qualifier);
      const current = svc.store.getEventInvokeConfig(ref, q) as Stored | undefined;
      const next: Stored = { ...(current ?? {}), LastModified: svc.now() };
      if (input.MaximumRetryAttempts !== undefined) next.MaximumRetryAttempts = input.MaximumRetryAttempts;
      if (input.MaximumEventAgeInSeconds !== undefined) next.MaximumEventAgeInSeconds = input.MaximumEventAgeInSeconds;
      if (input.DestinationConfig) {
        next.DestinationConfig = { ...(current?.DestinationConfig ?? {}), ...input.DestinationConfig };
      }
      return put(ref, q, next);
    },
    GetFunctionEventInvokeConfig: (input, ctx) => {
      const { ref, q } = target(input.FunctionName, ctx, input.Qualifier);
      const s = svc.store.getEventInvokeConfig(ref, q) as Stored | undefined;
      if (!s) throw missing(ref, q);
      return show(ref, q, s);
    },
    DeleteFunctionEventInvokeConfig: (input, ctx) => {
      const { ref, q } = target(input.FunctionName, ctx, input.Qualifier);
      if (!svc.store.getEventInvokeConfig(ref, q)) throw missing(ref, q);
      svc.tx(() => svc.store.deleteEventInvokeConfig(ref, q));
    },
    ListFunctionEventInvokeConfigs: (input, ctx) => {
      const ref = svc.ref(input.FunctionName, ctx);
      svc.fn(ref);
      const all = svc.store
        .listEventInvokeConfigs(ref)
        .map((e) => show(ref, e.qualifier, e.config as unknown as Stored));
      const start = input.Marker ? Number(input.Marker) || 0 : 0;
      const limit = input.MaxItems ?? 50;
      return {
        FunctionEventInvokeConfigs: all.slice(start, start + limit),
        ...(start + limit < all.length ? { NextMarker: String(start + limit) } : {}),
      };
    },
  };
}
