// Assembles one atoll instance: config -> store (+ migrations) -> scheduler -> services -> pipeline -> HTTP.
import { readFileSync } from 'node:fs';
import { CredentialChain, StaticCredentials } from './auth/credentials.js';
import { createAuthorizer } from './iam/authorizer.js';
import { TraceLog } from './iam/traces.js';
import { resolveConfig, type AtollConfig, type ConfigInput } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { Scheduler } from './scheduler/scheduler.js';
import { HttpFront } from './server/http.js';
import { Pipeline, type Authorizer, type RawResponse, type Recorder } from './server/pipeline.js';
import { Router } from './server/router.js';
import { ServiceLoader } from './services/loader.js';
import { GOVERNANCE_SERVICES, services as allServices } from './services/registry.js';
import type { Caller, CoreServices } from './services/types.js';
import { Store } from './store/store.js';
import { createCloudTrailRecorder } from './services/cloudtrail/recorder.js';

export interface StartOptions extends ConfigInput {
  /** Where log lines go; silent by default when embedded. */
  logger?: Logger;
}

export interface AtollInstance {
  endpoint: string;
  port: number;
  host: string;
  config: AtollConfig;
  /** Wipes all state atomically (same as POST /_atoll/reset). */
  reset(): void;
  stop(): Promise<void>;
}

export const VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return '0.0.0';
  }
})();

export async function startAtoll(options: StartOptions = {}): Promise<AtollInstance> {
  const started = Date.now();
  // Embedded use defaults to a free port and in-memory state unless told otherwise.
  const config = resolveConfig({ port: 0, inMemory: options.stateDir === undefined, ...stripUndefined(options) });
  const logger = options.logger ?? createLogger('silent');
  const store = Store.open({ stateDir: config.stateDir, inMemory: config.inMemory });
  const scheduler = new Scheduler(store);
  const credentials = new CredentialChain([
    new StaticCredentials(config.credentials, config.defaultAccountId),
    StaticCredentials.fromEnv(
      config.defaultAccountId,
      config.credentialsFile ? { filePath: config.credentialsFile } : {},
    ),
  ]);
  // Services get the pipeline through core.call once it exists; calls before listen() see the configured endpoint.
  const pipelineRef: { current?: Pipeline } = {};
  let endpoint = `http://${config.host}:${config.port}`;
  const core: CoreServices = {
    store,
    scheduler,
    config: { defaultAccountId: config.defaultAccountId, defaultRegion: config.defaultRegion },
    now: Date.now,
    call: async <O>(service: string, operation: string, input: Record<string, unknown>, caller: Caller) => {
      if (!pipelineRef.current) throw new Error('atoll is not started');
      return (await pipelineRef.current.invoke(service, operation, input, caller, endpoint)) as O;
    },
    service: (name) => loader.get(name)?.instance,
    hasService: (name) => loader.has(name),
    credentials,
  };
  const loader = new ServiceLoader(allServices, store, () => core);
  // IAM enforcement: identity, resource, boundary, session, SCP and RCP policies for every request.
  // Built on first use: it reads IAM's tables, which exist once the IAM service has loaded (the pipeline loads
  // the governance services before it authenticates the first request).
  // ATOLL_IAM=off registers no authorizer at all; audit lets denials through (logged). Decisions are kept for
  // GET /_atoll/explain/<requestId>.
  let authorizer: Authorizer | undefined;
  const traces = new TraceLog();
  const iamMode = config.iamMode;
  const authorizers: Authorizer[] =
    iamMode === 'off'
      ? []
      : [
          (ctx, targets, input) =>
            (authorizer ??= createAuthorizer(core, { mode: iamMode, logger, traces }))(ctx, targets, input),
        ];
  // CloudTrail's event history and trails: every request is recorded (buffered, written in batches).
  const cloudTrailRecorder = createCloudTrailRecorder(core);
  const recorders: Recorder[] = [cloudTrailRecorder];
  const pipeline = new Pipeline({
    router: new Router(allServices, async (name) => (await loader.load(name)).def.model),
    loader,
    governance: GOVERNANCE_SERVICES,
    credentials,
    defaultAccountId: config.defaultAccountId,
    defaultRegion: config.defaultRegion,
    authorizers,
    recorders,
    onInternalError: (err, info) => logger.error({ err, ...info }, 'internal error'),
  });
  pipelineRef.current = pipeline;
  const front = new HttpFront({
    pipeline,
    maxBodyBytes: config.maxBodyBytes,
    operator: {
      health: () => ({
        status: 'ready',
        version: VERSION,
        uptime: (Date.now() - started) / 1000,
        state: config.inMemory ? 'in-memory' : store.path,
        // Services load on first use; one not used yet is 'available'.
        services: Object.fromEntries(
          allServices.map((e) => {
            const loaded = loader.get(e.name);
            return [
              e.name,
              loaded ? { state: 'running', ...(loaded.instance.health?.() ?? {}) } : { state: 'available' },
            ];
          }),
        ),
      }),
      reset: () => store.reset(),
      serviceRoute: async (name, method, subPath, body) =>
        name === 'explain'
          ? explainResponse(traces, method, subPath, iamMode)
          : loader.has(name)
            ? (await loader.load(name)).instance.httpRoute?.(method, subPath, body)
            : undefined,
    },
  });
  const address = await front.listen(config.port, config.host);
  scheduler.start();
  // Durable work left by an earlier run needs its services' job handlers: load those services now.
  loader
    .loadForPendingJobs()
    .catch((err: unknown) => logger.error({ err }, 'loading services with pending jobs failed'));
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  endpoint = `http://${hostForUrl === '0.0.0.0' ? '127.0.0.1' : hostForUrl}:${address.port}`;
  let stopping: Promise<void> | undefined;
  return {
    endpoint,
    port: address.port,
    host: config.host,
    config,
    reset: () => store.reset(),
    stop: () =>
      (stopping ??= (async () => {
        // Stop accepting and abort request signals, then end parked work (long polls) so in-flight requests
        // answer at once, then wait for them before closing the store.
        const closed = front.close();
        scheduler.stop();
        loader.close();
        await closed;
        cloudTrailRecorder.close(); // writes the audit records still buffered
        store.close();
      })()),
  };
}

function explainResponse(traces: TraceLog, method: string, requestId: string, mode: string): RawResponse {
  const json = (status: number, value: unknown): RawResponse => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(value, null, 2),
  });
  if (method !== 'GET') return json(405, { error: 'MethodNotAllowed', message: 'GET /_atoll/explain/<requestId>' });
  const doc = traces.explain(requestId);
  if (doc) return json(200, doc);
  const why = mode === 'off' ? 'IAM evaluation is off (ATOLL_IAM=off)' : 'not among the last 1000 requests authorized';
  return json(404, { error: 'NotFound', message: `no authorization trace for request ${requestId}: ${why}` });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
