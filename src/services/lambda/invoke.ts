// Running a function: picks the version (alias weights), enforces state and reserved concurrency, starts or
// reuses a worker with Lambda's environment, frames the logs, and answers Invoke for the three invocation types.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CommonErrors } from '../../protocol/errors.js';
import type { HandlerTable, RequestContext } from '../types.js';
import type { FunctionConfiguration, Operations } from './api.js';
import { enqueueAsync } from './async.js';
import { RUNNABLE_RUNTIMES } from './config.js';
import { LambdaErrors } from './errors.js';
import { credentialEnv } from './execution-role.js';
import { frame, shipLogs, tail } from './logs.js';
import { functionArn } from './names.js';
import type { LambdaService, Resolved } from './service.js';

const SYNC_LIMIT = 6 * 1024 * 1024;
const ASYNC_LIMIT = 256 * 1024;

export interface RunResult {
  ok: boolean;
  payload: string;
  version: string;
  logs: string[];
}

/** node_modules holding the AWS SDK v3, which Lambda's Node.js runtimes provide to handlers. */
const SDK_PATH = (() => {
  try {
    const entry = createRequire(import.meta.url).resolve('@aws-sdk/client-lambda');
    return entry.slice(0, entry.lastIndexOf(`${path.sep}@aws-sdk${path.sep}`));
  } catch {
    return undefined;
  }
})();

export class Invoker {
  private readonly inflight = new Map<string, number>();

  constructor(private readonly svc: LambdaService) {}

  /** Picks the version an alias routes this invocation to (AdditionalVersionWeights). */
  pick(r: Resolved): { version: string; config: FunctionConfiguration } {
    const weights = r.alias?.RoutingConfig?.AdditionalVersionWeights;
    if (weights) {
      let roll = Math.random();
      for (const [version, weight] of Object.entries(weights)) {
        if (roll < weight) {
          const config = this.svc.store.getVersion(r.key, version);
          if (config) return { version, config };
        }
        roll -= weight;
      }
    }
    return { version: r.version, config: r.config };
  }

  /** Throws what Invoke answers before running anything (state, runtime, throttling). */
  check(r: Resolved, config: FunctionConfiguration): void {
    if (config.State && config.State !== 'Active') throw LambdaErrors.stateConflict(config.State);
    if (!RUNNABLE_RUNTIMES.has(config.Runtime ?? '')) {
      throw CommonErrors.notImplemented(`Invoke (runtime ${config.Runtime ?? 'none'}; atoll runs Node.js runtimes)`);
    }
    const reserved = r.row.reserved_concurrency;
    if (reserved !== null && (this.inflight.get(functionArn(r.key)) ?? 0) >= reserved) {
      throw LambdaErrors.tooManyRequests('Rate Exceeded.', 'ReservedFunctionConcurrentInvocationLimitExceeded');
    }
  }

  async run(
    r: Resolved,
    event: string,
    opts: { requestId: string; endpoint: string; clientContext?: string },
  ): Promise<RunResult> {
    const { version, config } = this.pick(r);
    this.check(r, config);
    const arn = functionArn(r.key);
    this.inflight.set(arn, (this.inflight.get(arn) ?? 0) + 1);
    try {
      const creds = credentialEnv(this.svc, r.key, config);
      // A worker keeps the environment it started with: new credentials mean new workers (old ones idle out).
      const key = `${arn}:${version}:${config.RevisionId ?? ''}:${creds.AWS_ACCESS_KEY_ID}`;
      const stream = logStream(version, key, this.svc.now());
      const group = config.LoggingConfig?.LogGroup ?? `/aws/lambda/${r.key.name}`;
      const codeDir = this.svc.code.unpacked(config.CodeSha256 ?? '');
      const memory = config.MemorySize ?? 128;
      const env: Record<string, string> = {
        ...(config.Environment?.Variables ?? {}),
        PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
        LANG: 'en_US.UTF-8',
        TZ: ':UTC',
        ...(SDK_PATH ? { NODE_PATH: SDK_PATH } : {}),
        LAMBDA_TASK_ROOT: codeDir,
        LAMBDA_RUNTIME_DIR: codeDir,
        _HANDLER: config.Handler ?? '',
        AWS_REGION: r.key.region,
        AWS_DEFAULT_REGION: r.key.region,
        AWS_EXECUTION_ENV: `AWS_Lambda_${config.Runtime ?? ''}`,
        AWS_LAMBDA_FUNCTION_NAME: r.key.name,
        AWS_LAMBDA_FUNCTION_VERSION: version,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memory),
        AWS_LAMBDA_LOG_GROUP_NAME: group,
        AWS_LAMBDA_LOG_STREAM_NAME: stream,
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
        AWS_ENDPOINT_URL: opts.endpoint,
        // The execution role's session credentials (cached per function), or the account's root.
        ...creds,
      };
      const invokedArn = r.qualifier !== undefined ? functionArn(r.key, r.qualifier) : arn;
      const out = await this.svc.pool.invoke(
        { key, codeDir, handler: config.Handler ?? '', env, memoryMb: memory },
        {
          id: opts.requestId,
          event,
          timeoutMs: (config.Timeout ?? 3) * 1000,
          invokedFunctionArn: invokedArn,
          ...(opts.clientContext ? { clientContext: opts.clientContext } : {}),
        },
      );
      const logs = frame(opts.requestId, version, out.logs, out.durationMs, memory, out.maxMemoryMb);
      const now = this.svc.now();
      this.svc.tx(() =>
        shipLogs(this.svc, {
          accountId: r.key.accountId,
          region: r.key.region,
          group,
          stream,
          events: logs.map((message) => ({ timestamp: now, message })),
        }),
      );
      return { ok: out.ok, payload: out.payload, version, logs };
    } finally {
      this.inflight.set(arn, (this.inflight.get(arn) ?? 1) - 1);
    }
  }
}

function logStream(version: string, key: string, now: number): string {
  const d = new Date(now).toISOString().slice(0, 10).replace(/-/g, '/');
  return `${d}/[${version}]${createHash('md5').update(key).digest('hex')}`;
}

/** Checks the payload is JSON (Lambda rejects anything else) and returns it as text. */
function eventText(payload: Uint8Array | undefined, limit: number): string {
  if (!payload || payload.length === 0) return '{}';
  if (payload.length > limit) {
    throw LambdaErrors.requestTooLarge(`Request must be smaller than ${limit} bytes for the InvokeFunction operation`);
  }
  const text = Buffer.from(payload).toString('utf8');
  try {
    JSON.parse(text);
  } catch {
    throw LambdaErrors.invalidRequestContent(
      'Could not parse request body into json: Could not parse payload into json: Unexpected character: was expecting a JSON value',
    );
  }
  return text;
}

export function invokeHandlers(
  svc: LambdaService,
  invoker: Invoker,
): Pick<HandlerTable<Operations>, 'Invoke' | 'InvokeAsync'> {
  return {
    Invoke: async (input, ctx: RequestContext) => {
      const ref = svc.ref(input.FunctionName, ctx, input.Qualifier);
      const r = svc.resolve(ref);
      const type = input.InvocationType ?? 'RequestResponse';
      if (type === 'DryRun') {
        eventText(input.Payload, SYNC_LIMIT);
        return { StatusCode: 204 };
      }
      if (type === 'Event') {
        const event = eventText(input.Payload, ASYNC_LIMIT);
        if (r.config.State && r.config.State !== 'Active') throw LambdaErrors.stateConflict(r.config.State);
        svc.tx(() => enqueueAsync(svc, ref, event, ctx.requestId, ctx.endpoint));
        return { StatusCode: 202 };
      }
      const event = eventText(input.Payload, SYNC_LIMIT);
      const clientContext = input.ClientContext
        ? Buffer.from(input.ClientContext, 'base64').toString('utf8')
        : undefined;
      const out = await invoker.run(r, event, {
        requestId: ctx.requestId,
        endpoint: ctx.endpoint,
        ...(clientContext ? { clientContext } : {}),
      });
      return {
        StatusCode: 200,
        Payload: Buffer.from(out.payload, 'utf8'),
        ExecutedVersion: out.version,
        ...(out.ok ? {} : { FunctionError: 'Unhandled' }),
        ...(input.LogType === 'Tail' ? { LogResult: tail(out.logs) } : {}),
      };
    },

    InvokeAsync: (input, ctx) => {
      const ref = svc.ref(input.FunctionName, ctx);
      svc.resolve(ref);
      const event = eventText(input.InvokeArgs, ASYNC_LIMIT);
      svc.tx(() => enqueueAsync(svc, ref, event, ctx.requestId, ctx.endpoint));
      return { Status: 202 };
    },
  };
}
