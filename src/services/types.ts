// What a service is to the core: its generated model plus an exhaustive table of operation handlers.
import type { ServiceModel } from '../protocol/model.js';
import type { Store } from '../store/store.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { Protocol } from '../protocol/model.js';
import type { AwsError } from '../protocol/errors.js';
import type { Violation } from '../protocol/validate.js';
import type { CredentialChain } from '../auth/credentials.js';

export interface Principal {
  accountId: string;
  /** e.g. arn:aws:iam::000000000000:root */
  arn: string;
  accessKeyId: string;
  anonymous: boolean;
}

/** Per-request facts every handler may use. Built by the pipeline before the handler runs. */
export interface RequestContext {
  requestId: string;
  /** The account the request acts in (the caller's account). */
  accountId: string;
  region: string;
  principal: Principal;
  protocol: Protocol;
  operation: string;
  /** Base URL clients used to reach atoll, e.g. http://localhost:4566 (from the Host header). */
  endpoint: string;
  /** Raw request path (some services address resources by path, e.g. SQS queue URLs). */
  path: string;
  /** Aborted when the client disconnects or atoll shuts down: long polls end early. */
  signal: AbortSignal;
  /** For in-process calls made on behalf of another resource (aws:SourceArn). */
  sourceArn?: string;
  /** A large S3 upload the HTTP front spooled to disk instead of the parsed input's Body. */
  bodyFile?: { path: string; size: number };
  /** The raw request headers (S3 verifies aws-chunked chunk signatures against the seed signature). */
  headers?: Record<string, string | string[] | undefined>;
}

export type OperationHandler<I, O> = (input: I, ctx: RequestContext) => O | Promise<O>;

/** Exhaustive: a service that misses an operation of its model fails to compile. */
export type HandlerTable<Ops> = {
  [K in keyof Ops]: Ops[K] extends { input: infer I; output: infer O } ? OperationHandler<I, O> : never;
};

/** Shared core facilities handed to a service when atoll starts. */
export interface CoreServices {
  store: Store;
  scheduler: Scheduler;
  config: { defaultAccountId: string; defaultRegion: string };
  /** Current time in ms; one clock for the whole process so tests can reason about it. */
  now(): number;
  /**
   * Calls another service's operation in-process on behalf of `caller` (deliveries to targets, subscriptions,
   * Step Functions integrations). The input is validated against the model and authorized like an external
   * request; errors are thrown as AwsError. Never call this from inside a store transaction.
   */
  call<O = unknown>(service: string, operation: string, input: Record<string, unknown>, caller: Caller): Promise<O>;
  /**
   * Another service's instance by name if it is loaded (services load on first use; core.call loads its target).
   * Use hasService() to ask whether atoll serves a service at all.
   */
  service(name: string): ServiceInstance | undefined;
  /** Whether this atoll serves the service (loaded yet or not). */
  hasService(name: string): boolean;
  /** Keys SigV4 verifies strictly. IAM adds the access keys it issues and STS its temporary credentials. */
  credentials: CredentialChain;
}

/** Who an in-process call acts as. */
export interface Caller {
  accountId: string;
  region: string;
  /** Defaults to the account's root; a service principal (e.g. events.amazonaws.com) for deliveries. */
  principal?: Principal;
  /** Set when a service acts on a user's behalf (aws:SourceArn for the target's resource policy). */
  sourceArn?: string;
}

export interface ServiceInstance {
  // The table is typed exhaustively inside each service; the core dispatches by operation name from the model.
  handlers: Record<string, OperationHandler<never, unknown>>;
  /** Called once on shutdown (stop timers, end long polls). */
  close?(): void;
  /** Health summary for GET /_atoll/health. */
  health?(): Record<string, unknown>;
  /** The resource-based policy (JSON text) of a resource this service owns, for the policy engine. */
  resourcePolicy?(arn: string): string | undefined;
  /** Tags of a resource this service owns (aws:ResourceTag/* conditions). */
  resourceTags?(arn: string): Record<string, string> | undefined;
  /** Organizations exposes the account hierarchy and its SCPs/RCPs to the authorizer through this. */
  organizationView?: OrganizationView;
  /**
   * Plain HTTP endpoints under /_atoll/<service>/... (e.g. the SNS signing certificate). Return undefined for
   * paths the service does not serve (404).
   */
  httpRoute?(method: string, subPath: string, body: Buffer): HttpRouteResponse | undefined;
}

export interface HttpRouteResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/**
 * What one request needs to be allowed: an IAM action on a resource, with the service's condition keys.
 * An operation may need several (e.g. a copy reads one resource and writes another).
 */
export interface AuthzTarget {
  /** e.g. 'sqs:SendMessage' */
  action: string;
  /** Resource ARN, or '*' for actions without a resource type. */
  resource: string;
  /** Account owning the resource (cross-account evaluation); defaults to the ARN's account. */
  resourceAccountId?: string;
  /** Service-specific condition keys, e.g. { 'sqs:MessageGroupId': 'g' } (global keys are added by the core). */
  context?: Record<string, string | string[] | number | boolean>;
}

/** The account hierarchy as the policy engine needs it (implemented by the Organizations service). */
export interface OrganizationView {
  /** SCP documents per level, root first, account last; undefined if the account has no SCPs in force. */
  serviceControlPolicies(accountId: string): string[][] | undefined;
  /** RCP documents per level, root first, account last; undefined if none in force. */
  resourceControlPolicies(accountId: string): string[][] | undefined;
  isManagementAccount(accountId: string): boolean;
  organizationOf(accountId: string): { id: string; managementAccountId: string; paths: string[] } | undefined;
}

export interface ServiceDefinition {
  /** Folder / signing name, e.g. 'sqs'. */
  name: string;
  model: ServiceModel;
  /** Creates the service over the core's store and scheduler (migrations run before this). */
  create(core: CoreServices): ServiceInstance;
  migrations: import('../store/store.js').Migration[];
  /**
   * Fills input members that the protocol carries outside the body before validation, e.g. SQS's query
   * protocol addressing a queue by the request path instead of a QueueUrl parameter.
   */
  inferInput?(operation: string, input: Record<string, unknown>, ctx: RequestContext): void;
  /** How model validation failures are reported: coral ValidationException, or query-style MissingParameter etc. */
  validationStyle?: 'coral' | 'query';
  /**
   * Lets a service answer particular model violations with its own error (e.g. SQS: an unknown attribute name in
   * an enum-keyed map is InvalidAttributeName). Return undefined to fall back on validationStyle.
   */
  formatValidation?(violations: Violation[], operation: string): AwsError | undefined;
  /**
   * The IAM action(s), resource ARN(s) and service condition keys an operation needs, computed from its input.
   * One place per service (its authz.ts). Default: `<signingName>:<Operation>` on '*'.
   */
  authorization?(operation: string, input: Record<string, unknown>, ctx: RequestContext): AuthzTarget[];
}
