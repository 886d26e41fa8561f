// What a service is to the core: its generated model plus an exhaustive table of operation handlers.
import type { ServiceModel } from '../protocol/model.js';
import type { Store } from '../store/store.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { Protocol } from '../protocol/model.js';
import type { AwsError } from '../protocol/errors.js';
import type { Violation } from '../protocol/validate.js';

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
}
