// Performs a Task state's integration through atoll's other services (core.call), mapping results and errors the
// way Step Functions reports them: optimized integrations (lambda:invoke, sqs:sendMessage, ...), bare Lambda
// function ARNs, nested executions, and the generic `aws-sdk:<service>:<action>` integrations.
import { randomUUID } from 'node:crypto';
import { AwsError } from '../../protocol/errors.js';
import { serviceRolesFor } from '../../iam/service-roles.js';
import type { Caller, CoreServices, Principal } from '../types.js';
import type { Effect, JsonObject, JsonValue } from './asl/index.js';

export type InvokeEffect = Extract<Effect, { kind: 'invokeTask' }>;

export type TaskOutcome =
  | { kind: 'succeeded'; output: JsonValue }
  | { kind: 'failed'; error: string; cause?: string }
  /** `.waitForTaskToken`: the result comes later through SendTaskSuccess/SendTaskFailure. */
  | { kind: 'pending' }
  /** A nested `.sync` execution was started; its completion answers the task. */
  | { kind: 'submitted'; output: JsonValue; childArn: string };

/** aws-sdk service name → atoll service and the PascalCase prefix of its error names. */
const SDK_SERVICES: Record<string, { service: string; prefix: string; label: string }> = {
  sqs: { service: 'sqs', prefix: 'Sqs', label: 'Sqs' },
  sns: { service: 'sns', prefix: 'Sns', label: 'Sns' },
  dynamodb: { service: 'dynamodb', prefix: 'DynamoDb', label: 'DynamoDb' },
  eventbridge: { service: 'events', prefix: 'EventBridge', label: 'EventBridge' },
  lambda: { service: 'lambda', prefix: 'Lambda', label: 'Lambda' },
  sfn: { service: 'stepfunctions', prefix: 'Sfn', label: 'Sfn' },
  s3: { service: 's3', prefix: 'S3', label: 'S3' },
  kms: { service: 'kms', prefix: 'Kms', label: 'Kms' },
  iam: { service: 'iam', prefix: 'Iam', label: 'Iam' },
  sts: { service: 'sts', prefix: 'Sts', label: 'Sts' },
  organizations: { service: 'organizations', prefix: 'Organizations', label: 'Organizations' },
  cloudwatchlogs: { service: 'logs', prefix: 'CloudWatchLogs', label: 'CloudWatchLogs' },
};

/** Optimized integrations: service → (action → operation), error prefix and the Java SDK service label. */
const OPTIMIZED: Record<string, { service: string; prefix: string; label: string; actions: Record<string, string> }> = {
  lambda: { service: 'lambda', prefix: 'Lambda', label: 'AWSLambda', actions: { invoke: 'Invoke' } },
  sqs: { service: 'sqs', prefix: 'SQS', label: 'AmazonSQS', actions: { sendMessage: 'SendMessage' } },
  sns: { service: 'sns', prefix: 'SNS', label: 'AmazonSNS', actions: { publish: 'Publish' } },
  dynamodb: {
    service: 'dynamodb',
    prefix: 'DynamoDB',
    label: 'AmazonDynamoDBv2',
    actions: { getItem: 'GetItem', putItem: 'PutItem', updateItem: 'UpdateItem', deleteItem: 'DeleteItem' },
  },
  events: { service: 'events', prefix: 'EventBridge', label: 'AmazonEventBridge', actions: { putEvents: 'PutEvents' } },
  states: {
    service: 'stepfunctions',
    prefix: 'StepFunctions',
    label: 'AWSStepFunctions',
    actions: { startExecution: 'StartExecution' },
  },
};

export interface TaskContext {
  executionArn: string;
  accountId: string;
  region: string;
  /** The state machine's execution role: its session makes the task's calls when IAM has the role. */
  roleArn?: string;
}

export async function performTask(core: CoreServices, effect: InvokeEffect, ctx: TaskContext): Promise<TaskOutcome> {
  const r = effect.resource;
  const caller: Caller = {
    accountId: r.account ?? ctx.accountId,
    region: r.region ?? ctx.region,
    sourceArn: ctx.executionArn,
  };
  const role = executionRole(core, ctx);
  if (role === 'untrusted') {
    return {
      kind: 'failed',
      error: 'States.TaskFailed',
      cause:
        'Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.',
    };
  }
  if (role) caller.principal = role;
  const params = (isObj(effect.parameters) ? effect.parameters : {}) as JsonObject;
  if (r.kind === 'lambda-function') return invokeFunction(core, caller, r.arn, effect.parameters);
  if (r.kind === 'aws-sdk') {
    const sdk = SDK_SERVICES[r.service];
    if (!sdk || !core.hasService(sdk.service)) return unavailable(`${r.service}`);
    const operation = r.action.charAt(0).toUpperCase() + r.action.slice(1);
    const input = sdk.service === 'stepfunctions' ? camelKeys(params) : params;
    try {
      const out = await core.call(sdk.service, operation, input, caller);
      if (r.pattern === 'waitForTaskToken') return { kind: 'pending' };
      return { kind: 'succeeded', output: toJson(sdk.service === 'stepfunctions' ? pascalKeys(out) : out) };
    } catch (e) {
      return sdkFailure(sdk.prefix, sdk.label, e);
    }
  }
  const opt = OPTIMIZED[r.service];
  const operation = opt?.actions[r.action];
  if (!opt || !operation) return unavailable(`${r.service}:${r.action}`);
  if (!core.hasService(opt.service)) return unavailable(opt.service);
  let input: JsonObject = params;
  if (opt.service === 'lambda') {
    input = { ...params };
    if ('Payload' in input && typeof input.Payload !== 'string') input.Payload = JSON.stringify(input.Payload);
  } else if (opt.service === 'sqs' && typeof params.MessageBody !== 'string' && params.MessageBody !== undefined) {
    input = { ...params, MessageBody: JSON.stringify(params.MessageBody) };
  } else if (opt.service === 'sns' && typeof params.Message !== 'string' && params.Message !== undefined) {
    input = { ...params, Message: JSON.stringify(params.Message) };
  } else if (opt.service === 'events' && Array.isArray(params.Entries)) {
    input = {
      ...params,
      Entries: params.Entries.map((en) =>
        isObj(en) && en.Detail !== undefined && typeof en.Detail !== 'string'
          ? { ...en, Detail: JSON.stringify(en.Detail) }
          : en,
      ),
    };
  } else if (opt.service === 'stepfunctions') {
    input = camelKeys(params);
    if (input.input !== undefined && typeof input.input !== 'string') input.input = JSON.stringify(input.input);
  }
  let out: unknown;
  try {
    out = await core.call(opt.service, operation, toRecord(input), caller);
  } catch (e) {
    return sdkFailure(opt.prefix, opt.label, e);
  }
  if (opt.service === 'lambda') {
    const res = out as { StatusCode?: number; FunctionError?: string; ExecutedVersion?: string; Payload?: unknown };
    const payloadText = blobText(res.Payload);
    if (res.FunctionError) return functionError(payloadText);
    if (r.pattern === 'waitForTaskToken') return { kind: 'pending' };
    return {
      kind: 'succeeded',
      output: {
        ExecutedVersion: res.ExecutedVersion ?? '$LATEST',
        Payload: parseOr(payloadText),
        SdkHttpMetadata: { HttpStatusCode: res.StatusCode ?? 200 },
        SdkResponseMetadata: { RequestId: randomUUID() },
        StatusCode: res.StatusCode ?? 200,
      },
    };
  }
  if (r.pattern === 'waitForTaskToken') return { kind: 'pending' };
  if (opt.service === 'stepfunctions') {
    const o = out as { executionArn: string; startDate: Date };
    const submitted = { ExecutionArn: o.executionArn, StartDate: o.startDate.getTime() };
    if (r.pattern === 'sync' || r.pattern === 'sync:2') {
      return { kind: 'submitted', output: submitted, childArn: o.executionArn };
    }
    return { kind: 'succeeded', output: submitted };
  }
  return { kind: 'succeeded', output: toJson(out) };
}

async function invokeFunction(
  core: CoreServices,
  caller: Caller,
  arn: string,
  payload: JsonValue,
): Promise<TaskOutcome> {
  if (!core.hasService('lambda')) return unavailable('lambda');
  try {
    const res = await core.call<{ FunctionError?: string; Payload?: unknown }>(
      'lambda',
      'Invoke',
      { FunctionName: arn, Payload: JSON.stringify(payload) },
      caller,
    );
    const text = blobText(res.Payload);
    if (res.FunctionError) return functionError(text);
    return { kind: 'succeeded', output: parseOr(text) };
  } catch (e) {
    return sdkFailure('Lambda', 'AWSLambda', e);
  }
}

/** A function error: the error name is the payload's errorType (Lambda.Unknown without one), the cause the payload. */
function functionError(payloadText: string): TaskOutcome {
  const parsed = parseOr(payloadText);
  const errorType = isObj(parsed) && typeof parsed.errorType === 'string' ? parsed.errorType : 'Lambda.Unknown';
  return { kind: 'failed', error: errorType, cause: payloadText };
}

/** `<Prefix>.<Code>Exception` (AWS always adds the suffix), with the Java SDK's cause text. */
function sdkFailure(prefix: string, label: string, e: unknown): TaskOutcome {
  if (!(e instanceof AwsError)) return { kind: 'failed', error: 'States.TaskFailed', cause: String(e) };
  const errorName = e.code.endsWith('Exception') ? e.code : `${e.code}Exception`;
  return {
    kind: 'failed',
    error: `${prefix}.${errorName}`,
    cause: `${e.message} (Service: ${label}; Status Code: ${e.status}; Error Code: ${e.code}; Request ID: ${randomUUID()}; Proxy: null)`,
  };
}

function unavailable(what: string): TaskOutcome {
  return {
    kind: 'failed',
    error: 'States.TaskFailed',
    cause: `The service integration '${what}' is not available in this atoll (the service is not running).`,
  };
}

function isObj(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date);
}

function blobText(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  return JSON.stringify(v);
}

function parseOr(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

/** Service outputs as task results: Dates become epoch milliseconds, blobs base64, undefined members dropped. */
function toJson(v: unknown): JsonValue {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.getTime();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === 'object') {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) out[k] = toJson(x);
    return out;
  }
  return v as JsonValue;
}

function toRecord(o: JsonObject): Record<string, unknown> {
  return o as Record<string, unknown>;
}

/** Step Functions' own API is camelCase; task parameters are PascalCase (top-level members). */
function camelKeys(o: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), v]));
}

function pascalKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pascalKeys);
  if (!isObj(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.charAt(0).toUpperCase() + k.slice(1), pascalKeys(x)]));
}

/**
 * The principal a task acts as: a session of the state machine's role (session name: the execution's name), or
 * undefined (the account's root) when IAM has no such role.
 */
function executionRole(core: CoreServices, ctx: TaskContext): Principal | 'untrusted' | undefined {
  if (!ctx.roleArn) return undefined;
  const name = ctx.executionArn.slice(ctx.executionArn.lastIndexOf(':') + 1);
  const use = serviceRolesFor(core).assume(ctx.roleArn, 'states.amazonaws.com', name, {
    region: ctx.region,
    sourceArn: ctx.executionArn,
  });
  if (use.kind === 'untrusted') return 'untrusted';
  return use.kind === 'session' ? use.session.principal : undefined;
}
