// Route: which service, protocol and operation a request is for, decided from X-Amz-Target, the query/form
// Action, the SigV4 credential scope's service, and the path, in that order.
import type { OperationModel, Protocol, ServiceMeta, ServiceModel } from '../protocol/model.js';
import { AwsError, CommonErrors } from '../protocol/errors.js';
import { parseQueryParams, type QueryParams } from '../protocol/query.js';
import { RestRoutes } from '../protocol/rest-routes.js';
import type { ServiceEntry } from '../services/loader.js';
import { toPathStyle, virtualHostBucket } from '../services/s3/addressing.js';

/** A service as routing sees it: its name and metadata (no shapes; its code may not be loaded yet). */
export interface RoutedService {
  name: string;
  meta: ServiceMeta;
}

export interface Route {
  service: RoutedService;
  protocol: Protocol;
  operation: OperationModel;
  /** Query protocol only: the parsed form/query parameters. */
  params?: QueryParams;
  /** REST protocols only: the URI's labels and the query string. */
  rest?: { labels: Record<string, string>; query: URLSearchParams };
}

/** A routing failure still needs a protocol (and service, if known) to answer in the right shape. */
export class RouteError extends Error {
  constructor(
    readonly error: AwsError,
    readonly protocol: Protocol,
    readonly service?: RoutedService,
  ) {
    super(error.message);
  }
}

export interface RouteInput {
  method: string;
  path: string;
  rawQuery: string;
  contentType: string;
  target: string | undefined;
  /** Credential scope service from SigV4, if any. */
  scopeService: string | undefined;
  body: Buffer;
  /** Host header: S3's virtual-hosted addressing names the bucket there. */
  host?: string;
  /** S3 tells some operations apart by header (x-amz-copy-source). */
  headers?: Record<string, string | string[] | undefined>;
}

const JSON_TYPES = new Set(['application/x-amz-json-1.0', 'application/x-amz-json-1.1', 'application/json']);

export class Router {
  private readonly byTargetPrefix = new Map<string, RoutedService>();
  private readonly bySigningName = new Map<string, RoutedService>();
  private readonly queryServices: RoutedService[] = [];
  private readonly byName = new Map<string, RoutedService>();
  private readonly restServices: RoutedService[] = [];
  /** REST route tables need the input shapes' bindings, so they are built when the service's model loads. */
  private readonly restTables = new Map<string, Promise<RestRoutes>>();

  constructor(
    services: readonly ServiceEntry[],
    private readonly loadModel: (name: string) => Promise<ServiceModel>,
  ) {
    for (const entry of services) {
      const rs: RoutedService = { name: entry.name, meta: entry.meta };
      this.byName.set(entry.name, rs);
      // S3 Control signs as `s3` too; it is routed by its versioned path instead (route()).
      if (entry.name !== 's3control') this.bySigningName.set(entry.meta.signingName, rs);
      if (entry.meta.protocols.some((p) => p === 'awsJson1_0' || p === 'awsJson1_1')) {
        this.byTargetPrefix.set(entry.meta.shapeName, rs);
      }
      if (entry.meta.protocols.includes('awsQuery')) this.queryServices.push(rs);
      if (isRest(entry.meta.protocols[0])) this.restServices.push(rs);
    }
  }

  /** A service by its atoll name (folder name, e.g. 'sqs'). */
  service(name: string): RoutedService | undefined {
    return this.byName.get(name);
  }

  async route(req: RouteInput): Promise<Route> {
    if (req.target !== undefined) return this.routeJson(req);
    // S3 Control: `/v20180820/...` with the account in x-amz-account-id, reached through `<account>.<host>` or the
    // plain host (SDK disableHostPrefix); decided before S3's virtual-hosted addressing reads the host prefix.
    const control = this.byName.get('s3control');
    if (control && req.path.startsWith('/v20180820/') && req.headers?.['x-amz-account-id'] !== undefined) {
      return this.routeRest(req, control);
    }
    // S3 virtual-hosted style: `<bucket>.localhost/key` routes as `/<bucket>/key` (signed or not).
    const s3 = this.bySigningName.get('s3');
    if (s3 && (req.scopeService === 's3' || (!req.scopeService && !req.rawQuery.includes('Action=')))) {
      const bucket = virtualHostBucket(req.host);
      if (bucket) return this.routeRest({ ...req, path: toPathStyle(req.path, bucket) }, s3);
    }
    // REST services are told apart by the signing scope; their operations by method and path.
    const scoped = req.scopeService ? this.bySigningName.get(req.scopeService) : undefined;
    if (scoped && this.restServices.includes(scoped)) return this.routeRest(req, scoped);
    const isForm = req.contentType.startsWith('application/x-www-form-urlencoded');
    if ((req.method === 'POST' && isForm) || req.rawQuery.includes('Action=')) return this.routeQuery(req, isForm);
    const svc = req.scopeService ? this.bySigningName.get(req.scopeService) : undefined;
    if (svc?.meta.protocols.includes('awsQuery') && req.method === 'POST' && req.body.length === 0) {
      throw new RouteError(CommonErrors.missingAction(), 'awsQuery', svc);
    }
    if (svc && JSON_TYPES.has(req.contentType) === false && svc.meta.protocols[0]?.startsWith('awsJson')) {
      throw new RouteError(CommonErrors.unknownOperation(), svc.meta.protocols[0], svc);
    }
    if (!svc) {
      // Unsigned requests: the REST service whose route table knows the path (their paths are versioned).
      // S3's `/{Bucket}/{Key+}` matches any path, so it is tried last.
      for (const rs of this.restServices) {
        if (rs !== s3 && (await this.matchRest(req, rs))) return this.routeRest(req, rs);
      }
      if (s3 && (await this.matchRest(req, s3))) return this.routeRest(req, s3);
    }
    throw new RouteError(
      new AwsError('InvalidRequest', 'atoll could not tell which AWS service and operation this request is for.'),
      svc?.meta.protocols[0] ?? 'awsQuery',
      svc,
    );
  }

  private routeJson(req: RouteInput): Route {
    const target = req.target ?? '';
    const dot = target.lastIndexOf('.');
    const svc = this.byTargetPrefix.get(dot === -1 ? target : target.slice(0, dot));
    const fallback = svc ?? (req.scopeService ? this.bySigningName.get(req.scopeService) : undefined);
    const protocol: Protocol = fallback?.meta.protocols.find((p) => p.startsWith('awsJson')) ?? 'awsJson1_0';
    if (!svc || dot === -1) throw new RouteError(CommonErrors.unknownOperation(), protocol, fallback);
    const operation = svc.meta.operations[target.slice(dot + 1)];
    if (!operation) throw new RouteError(CommonErrors.unknownOperation(), protocol, svc);
    if (req.method !== 'POST') throw new RouteError(CommonErrors.unknownOperation(), protocol, svc);
    if (!JSON_TYPES.has(req.contentType)) {
      // AWS's JSON services only accept their JSON media types for X-Amz-Target requests.
      throw new RouteError(CommonErrors.unknownOperation(), protocol, svc);
    }
    return { service: svc, protocol, operation };
  }

  private async matchRest(req: RouteInput, svc: RoutedService) {
    let table = this.restTables.get(svc.name);
    if (!table) {
      table = this.loadModel(svc.name).then((model) => new RestRoutes(model));
      this.restTables.set(svc.name, table);
    }
    const query = new URLSearchParams(req.rawQuery);
    const match = (await table).match(req.method, req.path, query);
    return match ? { match, query } : undefined;
  }

  private async routeRest(req: RouteInput, svc: RoutedService): Promise<Route> {
    const protocol = svc.meta.protocols[0]!;
    const found = await this.matchRest(req, svc);
    if (!found) {
      throw new RouteError(
        new AwsError('UnknownOperationException', 'Unknown operation', { status: 404 }),
        protocol,
        svc,
      );
    }
    const { match, query } = found;
    let operation = match.operation;
    // S3 copies share their method and path with uploads; without the SDK's x-id hint the header decides.
    if (svc.meta.signingName === 's3' && !query.has('x-id')) {
      const copy = req.headers?.['x-amz-copy-source'] !== undefined;
      const swap: Record<string, string> = copy
        ? { PutObject: 'CopyObject', UploadPart: 'UploadPartCopy' }
        : { CopyObject: 'PutObject', UploadPartCopy: 'UploadPart' };
      const other = swap[operation.name];
      if (other && svc.meta.operations[other]) operation = svc.meta.operations[other];
    }
    return { service: svc, protocol, operation, rest: { labels: match.labels, query } };
  }

  private routeQuery(req: RouteInput, isForm: boolean): Route {
    const raw = isForm ? req.body.toString('utf8') : req.rawQuery;
    const params = parseQueryParams(raw);
    // Query services tell themselves apart by the signing scope; unsigned requests pick the service that has
    // the action (SQS first, as the only query service today).
    const scoped = req.scopeService ? this.bySigningName.get(req.scopeService) : undefined;
    const action = params.values.get('Action');
    const candidates = scoped ? [scoped] : this.queryServices;
    const svc = candidates.find((s) => action !== undefined && s.meta.operations[action]) ?? candidates[0];
    if (!svc || !svc.meta.protocols.includes('awsQuery')) {
      throw new RouteError(CommonErrors.invalidAction(action ?? ''), 'awsQuery', svc);
    }
    if (action === undefined || action === '') throw new RouteError(CommonErrors.missingAction(), 'awsQuery', svc);
    const operation = svc.meta.operations[action];
    if (!operation) throw new RouteError(CommonErrors.invalidAction(action), 'awsQuery', svc);
    return { service: svc, protocol: 'awsQuery', operation, params };
  }
}

function isRest(protocol: Protocol | undefined): boolean {
  return protocol === 'restJson1' || protocol === 'restXml';
}
