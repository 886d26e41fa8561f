// SDK clients for the main (platform) account and the analytics account, ARNs of the blueprint's resources, and
// small helpers shared by deploy, verify and destroy.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { BlueprintContext } from '../../src/blueprints/types.js';
import {
  ANALYTICS_ACCOUNT,
  ANALYTICS_BUS,
  ANALYTICS_QUEUE,
  ANALYTICS_RULE,
  ARCHIVE,
  BUS,
  QUEUES,
  TOPIC,
  functionName,
  roleName,
  type Service,
} from './names.js';

export interface Clients {
  iam: IAMClient;
  ddb: DynamoDBClient;
  sqs: SQSClient;
  sns: SNSClient;
  lambda: LambdaClient;
  events: EventBridgeClient;
  /** Acting as the analytics account. */
  analytics: { events: EventBridgeClient; sqs: SQSClient };
}

export function clients(ctx: BlueprintContext): Clients {
  const c = ctx.clientConfig;
  const a = ctx.clientConfigFor(ANALYTICS_ACCOUNT);
  return {
    iam: new IAMClient(c),
    ddb: new DynamoDBClient(c),
    sqs: new SQSClient(c),
    sns: new SNSClient(c),
    lambda: new LambdaClient(c),
    events: new EventBridgeClient(c),
    analytics: { events: new EventBridgeClient(a), sqs: new SQSClient(a) },
  };
}

export function arns(ctx: BlueprintContext) {
  const r = ctx.region;
  const main = ctx.accountId;
  return {
    bus: `arn:aws:events:${r}:${main}:event-bus/${BUS}`,
    archive: `arn:aws:events:${r}:${main}:archive/${ARCHIVE}`,
    rule: (name: string) => `arn:aws:events:${r}:${main}:rule/${BUS}/${name}`,
    rulesOfBus: `arn:aws:events:${r}:${main}:rule/${BUS}/*`,
    queue: (name: string) => `arn:aws:sqs:${r}:${main}:${name}`,
    eventsDlq: `arn:aws:sqs:${r}:${main}:${QUEUES.eventsDlq}`,
    consumerFailures: `arn:aws:sqs:${r}:${main}:${QUEUES.consumerFailures}`,
    topic: `arn:aws:sns:${r}:${main}:${TOPIC}`,
    fn: (s: Service) => `arn:aws:lambda:${r}:${main}:function:${functionName(s)}`,
    role: (name: string) => `arn:aws:iam::${main}:role/${name}`,
    serviceRole: (s: Service) => `arn:aws:iam::${main}:role/${roleName(s)}`,
    table: (name: string) => `arn:aws:dynamodb:${r}:${main}:table/${name}`,
    analyticsBus: `arn:aws:events:${r}:${ANALYTICS_ACCOUNT}:event-bus/${ANALYTICS_BUS}`,
    analyticsRule: `arn:aws:events:${r}:${ANALYTICS_ACCOUNT}:rule/${ANALYTICS_BUS}/${ANALYTICS_RULE}`,
    analyticsQueue: `arn:aws:sqs:${r}:${ANALYTICS_ACCOUNT}:${ANALYTICS_QUEUE}`,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function errorName(err: unknown): string {
  return err instanceof Error ? err.name : '';
}

/** Runs `fn`, ignoring errors whose name is listed (e.g. "already exists" on a re-deploy, "not found" on destroy). */
export async function ignoring<T>(names: readonly string[], fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if (names.includes(errorName(err))) return undefined;
    throw err;
  }
}

/** Polls `probe` until it returns a value (not undefined) or the deadline passes (then returns undefined). */
export async function poll<T>(probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 250) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    await sleep(everyMs);
  }
}
