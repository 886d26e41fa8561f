// The one ordered request pipeline every service shares:
// route -> authenticate -> resolve account/region/principal -> parse + validate -> authorize -> handler ->
// serialize -> record.
import { randomUUID } from 'node:crypto';
import { authenticate, AuthError, parseCredentialScope, type CredentialLookup } from '../auth/sigv4.js';
import { AwsError, toAwsError } from '../protocol/errors.js';
import { parseJsonInput, serializeJsonError, serializeJsonOutput } from '../protocol/json.js';
import type { Protocol, ServiceMeta, ServiceModel } from '../protocol/model.js';
import { readQueryInput, serializeQueryError, serializeQueryOutput } from '../protocol/query.js';
import { parseRestInput, serializeRestOutput } from '../protocol/rest.js';
import { readJsonBody, serializeRestJsonError, writeJsonBody } from '../protocol/rest-json.js';
import { readXmlBody, serializeRestXmlError, writeXmlBody } from '../protocol/rest-xml.js';
import { coralValidationError, queryStyleValidationError, validateInput } from '../protocol/validate.js';
import type {
  AuthzTarget,
  Caller,
  OperationHandler,
  Principal,
  RequestContext,
  ServiceDefinition,
} from '../services/types.js';
import type { ServiceLoader } from '../services/loader.js';
import { type Route, RouteError, Router } from './router.js';
import { s3ControlResponse, s3Response } from './s3-response.js';
import { StreamBody } from './stream-body.js';

export interface RawRequest {
  /** The client's IP address (socket.remoteAddress). */
  remoteAddress?: string;
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Lazily created abort signal (client gone or shutdown). */
  signal: () => AbortSignal;
  /** A large S3 upload spooled to disk (body is then empty); see spool.ts. */
  bodyFile?: { path: string; size: number };
  /** SHA-256 of the spooled body, for SigV4's payload check. */
  bodySha256?: string | undefined;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer | StreamBody;
}

/** Decides whether the principal may call the operation; throws an AwsError (AccessDenied) if not. */
export type Authorizer = (ctx: RequestContext, targets: AuthzTarget[], input: Record<string, unknown>) => void;
/** Receives one entry per completed request (the audit trail; CloudTrail fills it). */
export type Recorder = (entry: AuditEntry) => void;

export interface AuditEntry {
  requestId: string;
  time: number;
  service: string;
  operation: string;
  accountId: string;
  region: string;
  principalArn: string;
  status: number;
  errorCode?: string;
  errorMessage?: string;
  /** The model's endpoint prefix (CloudTrail's eventSource is `<prefix>.amazonaws.com`). */
  endpointPrefix: string;
  principal: Principal;
  /** The client's address and User-Agent header. */
  sourceIp?: string;
  userAgent?: string;
  /** Parsed input (absent if the request failed before parsing) and, on success, the handler's output. */
  input?: Record<string, unknown>;
  output?: unknown;
  /** The service model and the operation's shapes (to write parameters in the API's own terms). */
  model?: ServiceModel;
  inputShape?: string;
  outputShape?: string;
  /** The authorization targets computed for the request (resources named, their owning accounts). */
  targets?: readonly AuthzTarget[];
}

/** What the pipeline learns about a request as it goes, for its audit entry. */
interface AuditDetails {
  input?: Record<string, unknown>;
  output?: unknown;
  model?: ServiceModel;
  targets?: AuthzTarget[];
  errorCode?: string;
  errorMessage?: string;
}

export interface PipelineDeps {
  router: Router;
  loader: ServiceLoader;
  /** Services authentication/authorization consult; loaded before the first request is authenticated. */
  governance: readonly string[];
  credentials: CredentialLookup;
  defaultAccountId: string;
  defaultRegion: string;
  authorizers: Authorizer[];
  recorders: Recorder[];
  onInternalError(err: unknown, ctx: { requestId: string; operation?: string }): void;
}

const CONTENT_TYPES: Record<Protocol, string> = {
  awsJson1_0: 'application/x-amz-json-1.0',
  awsJson1_1: 'application/x-amz-json-1.1',
  awsQuery: 'text/xml',
  ec2Query: 'text/xml',
  restXml: 'application/xml',
  restJson1: 'application/json',
};

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

export class Pipeline {
  private governanceLoaded = false;

  constructor(private readonly deps: PipelineDeps) {}

  /** Issued keys, sessions and SCPs must be known before any request is authenticated. */
  private async governanceReady(): Promise<void> {
    if (this.governanceLoaded) return;
    for (const name of this.deps.governance) if (this.deps.loader.has(name)) await this.deps.loader.load(name);
    this.governanceLoaded = true;
  }

  async handle(req: RawRequest): Promise<RawResponse> {
    const requestId = randomUUID();
    if (req.method === 'OPTIONS' && this.deps.loader.has('s3')) return this.s3Preflight(req, requestId);
    const started = Date.now();
    let route: Route | undefined;
    let ctx: RequestContext | undefined;
    const audit: AuditDetails = {};
    try {
      // 1. route
      const scope = parseCredentialScope(req);
      const host = headerValue(req.headers.host) ?? '';
      route = await this.deps.router.route({
        method: req.method,
        path: req.rawPath,
        rawQuery: req.rawQuery,
        contentType: (headerValue(req.headers['content-type']) ?? '').split(';')[0]!.trim().toLowerCase(),
        target: headerValue(req.headers['x-amz-target']),
        scopeService: scope?.service,
        body: req.body,
        host,
        headers: req.headers,
      });
      // 2-3. authenticate, resolve account/region/principal
      await this.governanceReady();
      const auth = authenticate(req, this.deps.credentials, {
        defaultAccountId: this.deps.defaultAccountId,
        defaultRegion: this.deps.defaultRegion,
      });
      const lazySignal = req.signal;
      ctx = {
        get signal() {
          return lazySignal();
        },
        requestId,
        accountId: auth.accountId,
        region: auth.region || this.deps.defaultRegion,
        principal: {
          accountId: auth.accountId,
          arn: auth.principalArn,
          accessKeyId: auth.accessKeyId,
          anonymous: auth.anonymous,
        },
        protocol: route.protocol,
        operation: route.operation.name,
        endpoint: `http://${host}`,
        path: req.rawPath.includes('%') ? safeDecode(req.rawPath) : req.rawPath,
        ...(req.bodyFile ? { bodyFile: req.bodyFile } : {}),
        headers: req.headers,
      };
      // 4. parse and validate against the model (the service's code and shapes load on first use)
      const svc = await this.deps.loader.load(route.service.name);
      const { def } = svc;
      const model = def.model;
      const input: Record<string, unknown> = route.rest
        ? parseRestInput(
            model,
            route.operation,
            { headers: req.headers, body: req.body, ...route.rest },
            route.protocol === 'restXml' ? readXmlBody : readJsonBody,
          )
        : route.protocol === 'awsQuery'
          ? readQueryInput(model, route.operation.input, route.params!)
          : parseJsonInput(model, route.operation.input, req.body);
      def.inferInput?.(route.operation.name, input, ctx);
      audit.model = model;
      audit.input = input;
      const violations = validateInput(model, route.operation.input, input);
      if (violations.length > 0) {
        const custom = def.formatValidation?.(violations, route.operation.name);
        if (custom) throw custom;
        const style = def.validationStyle ?? (model.protocols.includes('awsQuery') ? 'query' : 'coral');
        throw style === 'query' ? queryStyleValidationError(violations) : coralValidationError(violations);
      }
      // 5. authorize
      audit.targets = await this.authorize(def, ctx, input);
      // 6. handler
      const handler = svc.instance.handlers[route.operation.name] as OperationHandler<unknown, unknown> | undefined;
      if (!handler) throw new AwsError('InternalFailure', 'service not loaded', { status: 500, fault: 'server' });
      const output = await handler(input, ctx);
      audit.output = output;
      // 7. serialize
      const res = this.success(model, route, output, requestId);
      this.record(req, route, ctx, requestId, started, res.status, audit);
      if (route.service.name === 's3control') return s3ControlResponse(res, requestId);
      return route.service.name === 's3' ? s3Response(res, requestId) : res;
    } catch (err) {
      const failed = this.failure(err, route, requestId);
      const res =
        route?.service.name === 's3' || (err instanceof RouteError && err.service?.name === 's3')
          ? { ...s3Response(failed, requestId), errorCode: failed.errorCode }
          : route?.service.name === 's3control'
            ? { ...s3ControlResponse(failed, requestId), errorCode: failed.errorCode }
            : failed;
      if (route && ctx) {
        this.record(req, route, ctx, requestId, started, res.status, {
          ...audit,
          output: undefined,
          errorCode: failed.errorCode,
          errorMessage: failed.errorMessage,
        });
      }
      return res;
    }
  }

  /** CORS preflight: OPTIONS carries no signature nor model operation; S3 answers it from the bucket's rules. */
  private async s3Preflight(req: RawRequest, requestId: string): Promise<RawResponse> {
    const { instance } = await this.deps.loader.load('s3');
    const preflight = (instance as { corsPreflight?: S3Preflight }).corsPreflight;
    if (!preflight) return { status: 405, headers: {}, body: '' };
    return s3Response(preflight(headerValue(req.headers.host) ?? '', req.rawPath, req.headers, requestId), requestId);
  }

  /**
   * In-process call of an operation (core.call): the same parse-free path as a request after routing:
   * validate -> authorize -> handler. `endpoint` is atoll's own base URL for URLs in outputs.
   */
  async invoke(
    serviceName: string,
    operation: string,
    input: Record<string, unknown>,
    caller: Caller,
    endpoint: string,
  ): Promise<unknown> {
    if (!this.deps.loader.has(serviceName)) {
      throw new AwsError('InternalFailure', `atoll has no service ${serviceName}`, { status: 500, fault: 'server' });
    }
    const service = await this.deps.loader.load(serviceName);
    const model = service.def.model;
    const op = model.operations[operation];
    if (!op) throw new AwsError('InternalFailure', `no operation ${serviceName}:${operation}`, { status: 500 });
    const ctx: RequestContext = {
      requestId: randomUUID(),
      accountId: caller.accountId,
      region: caller.region,
      principal: caller.principal ?? {
        accountId: caller.accountId,
        arn: `arn:aws:iam::${caller.accountId}:root`,
        accessKeyId: '',
        anonymous: false,
      },
      protocol: model.protocols[0]!,
      operation,
      endpoint,
      path: '/',
      signal: new AbortController().signal,
      ...(caller.sourceArn ? { sourceArn: caller.sourceArn } : {}),
    };
    const violations = validateInput(model, op.input, input);
    if (violations.length > 0) {
      throw service.def.formatValidation?.(violations, operation) ?? coralValidationError(violations);
    }
    await this.governanceReady();
    await this.authorize(service.def, ctx, input);
    const handler = service.instance.handlers[operation] as OperationHandler<unknown, unknown> | undefined;
    if (!handler) throw new AwsError('InternalFailure', `service ${serviceName} not loaded`, { status: 500 });
    return handler(input, ctx);
  }

  private async authorize(
    def: ServiceDefinition,
    ctx: RequestContext,
    input: Record<string, unknown>,
  ): Promise<AuthzTarget[]> {
    const targets = def.authorization?.(ctx.operation, input, ctx) ?? [
      { action: `${def.model.signingName}:${ctx.operation}`, resource: '*' },
    ];
    if (this.deps.authorizers.length === 0) return targets;
    // The services owning the resources must be loaded: their resource policies and tags take part.
    for (const t of targets) {
      const ns = t.resource.startsWith('arn:') ? t.resource.split(':', 3)[2] : undefined;
      const owner = ns ? this.deps.loader.ownerOfArnNamespace(ns) : undefined;
      if (owner && !this.deps.loader.get(owner)) await this.deps.loader.load(owner);
    }
    for (const authorize of this.deps.authorizers) authorize(ctx, targets, input);
    return targets;
  }

  private success(model: ServiceModel, route: Route, output: unknown, requestId: string): RawResponse {
    if (route.rest) {
      const writer = route.protocol === 'restXml' ? writeXmlBody : writeJsonBody;
      const { output: rest, stream } = takeStreamBody(output);
      const res = serializeRestOutput(model, route.operation, rest, writer);
      const body = stream ?? res.body;
      return { status: res.status, headers: { ...res.headers, 'x-amzn-RequestId': requestId }, body };
    }
    const headers: Record<string, string> = {
      'content-type': CONTENT_TYPES[route.protocol],
      'x-amzn-RequestId': requestId,
    };
    const body =
      route.protocol === 'awsQuery'
        ? serializeQueryOutput(model, route.operation.name, route.operation.output, output, requestId)
        : serializeJsonOutput(model, route.operation.output, output);
    return { status: 200, headers, body };
  }

  private failure(
    err: unknown,
    route: Route | undefined,
    requestId: string,
  ): RawResponse & { errorCode: string; errorMessage: string } {
    let protocol: Protocol = route?.protocol ?? 'awsQuery';
    // The full model when the service is loaded (REST error bodies look at the error shape), else its metadata.
    const modelOf = (name: string | undefined, meta: ServiceMeta | undefined): ServiceMeta | undefined =>
      (name ? this.deps.loader.get(name)?.def.model : undefined) ?? meta;
    let model = modelOf(route?.service.name, route?.service.meta);
    let error: AwsError;
    if (err instanceof RouteError) {
      protocol = err.protocol;
      model = modelOf(err.service?.name, err.service?.meta);
      error = err.error;
    } else if (err instanceof AuthError) {
      const json = (protocol.startsWith('awsJson') || protocol === 'restJson1') && !model?.awsQueryCompatible;
      error = new AwsError(json ? err.jsonCode : err.code, err.message, {
        status: err.httpStatus,
        queryCode: err.code,
        jsonNamespace: 'com.amazon.coral.service',
      });
    } else {
      error = toAwsError(err);
      if (!(err instanceof AwsError)) this.deps.onInternalError(err, { requestId, operation: route?.operation.name });
    }
    const headers: Record<string, string> = { 'x-amzn-RequestId': requestId };
    if (protocol === 'restJson1' || protocol === 'restXml') {
      const rest =
        protocol === 'restJson1' ? serializeRestJsonError(model, error) : serializeRestXmlError(error, requestId);
      headers['content-type'] = CONTENT_TYPES[protocol];
      return {
        status: rest.status,
        headers: { ...headers, ...rest.headers },
        body: rest.body,
        errorCode: error.code,
        errorMessage: error.message,
      };
    }
    if (protocol === 'awsQuery' || protocol === 'ec2Query') {
      headers['content-type'] = 'text/xml';
      return {
        status: error.status,
        headers: { ...headers, ...error.headers },
        body: serializeQueryError(model, error, requestId),
        errorCode: error.code,
        errorMessage: error.message,
      };
    }
    const json = serializeJsonError(model, error);
    headers['content-type'] = CONTENT_TYPES[protocol];
    return {
      status: json.status,
      headers: { ...headers, ...json.headers },
      body: json.body,
      errorCode: error.code,
      errorMessage: error.message,
    };
  }

  private record(
    req: RawRequest,
    route: Route,
    ctx: RequestContext,
    requestId: string,
    time: number,
    status: number,
    audit: AuditDetails,
  ): void {
    if (this.deps.recorders.length === 0) return;
    const entry: AuditEntry = {
      requestId,
      time,
      service: route.service.name,
      operation: route.operation.name,
      accountId: ctx.accountId,
      region: ctx.region,
      principalArn: ctx.principal.arn,
      status,
      ...(audit.errorCode ? { errorCode: audit.errorCode, errorMessage: audit.errorMessage } : {}),
      endpointPrefix: route.service.meta.endpointPrefix,
      principal: ctx.principal,
      sourceIp: req.remoteAddress,
      userAgent: headerValue(req.headers['user-agent']),
      input: audit.input,
      output: audit.output,
      model: audit.model,
      inputShape: route.operation.input,
      outputShape: route.operation.output,
      targets: audit.targets,
    };
    for (const r of this.deps.recorders) r(entry);
  }
}

type S3Preflight = (host: string, rawPath: string, headers: RawRequest['headers'], requestId: string) => RawResponse;

/** A streamed payload (S3 GetObject) bypasses the serializer, which only knows in-memory blobs. */
function takeStreamBody(output: unknown): { output: unknown; stream?: StreamBody } {
  if (typeof output !== 'object' || output === null) return { output };
  for (const [k, v] of Object.entries(output)) {
    if (v instanceof StreamBody) return { output: { ...output, [k]: undefined }, stream: v };
  }
  return { output };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
