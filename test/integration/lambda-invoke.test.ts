// Invoking Node.js handlers in worker processes: results, errors, timeouts, logs, context, environment,
// ESM and callback handlers, DryRun, async invocations with destinations, and reserved concurrency.
import { describe, expect, it } from 'vitest';
import {
  DeleteFunctionConcurrencyCommand,
  InvokeCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  GetFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { useAtoll } from '../helpers/atoll.js';
import { expectAwsError, sleep, uniqueName } from '../helpers/util.js';
import { createFunction, decode, lambdaClient } from './lambda-helpers.js';

const ctx = useAtoll();
const client = () => lambdaClient(ctx.endpoint);

describe('Invoke RequestResponse', () => {
  it('returns the handler result, the executed version and a log tail', async () => {
    const name = uniqueName('inv');
    await createFunction(
      client(),
      name,
      {
        'index.js': `exports.handler = async (event, context) => {
          console.log('hello', event.x);
          return { x: event.x, fn: context.functionName, arn: context.invokedFunctionArn, id: context.awsRequestId,
            mem: context.memoryLimitInMB, remaining: context.getRemainingTimeInMillis() > 0,
            region: process.env.AWS_REGION, custom: process.env.CUSTOM, endpoint: process.env.AWS_ENDPOINT_URL };
        };`,
      },
      { Environment: { Variables: { CUSTOM: 'yes' } } },
    );
    const res = await client().send(
      new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"x":42}'), LogType: 'Tail' }),
    );
    expect(res.StatusCode).toBe(200);
    expect(res.ExecutedVersion).toBe('$LATEST');
    expect(res.FunctionError).toBeUndefined();
    const out = decode(res.Payload) as Record<string, unknown>;
    expect(out).toMatchObject({
      x: 42,
      fn: name,
      arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
      mem: '128',
      remaining: true,
      region: 'us-east-1',
      custom: 'yes',
      endpoint: ctx.endpoint,
    });
    expect(out.id).toBe(res.$metadata.requestId);
    const log = Buffer.from(res.LogResult!, 'base64').toString('utf8');
    expect(log).toContain(`START RequestId: ${String(out.id)} Version: $LATEST`);
    expect(log).toMatch(/\tINFO\thello 42/);
    expect(log).toContain('REPORT RequestId:');
  });

  it('reports a thrown error as an Unhandled function error', async () => {
    const name = uniqueName('err');
    await createFunction(client(), name, {
      'index.js': `exports.handler = async () => { const e = new TypeError('boom'); throw e; };`,
    });
    const res = await client().send(new InvokeCommand({ FunctionName: name }));
    expect(res.StatusCode).toBe(200);
    expect(res.FunctionError).toBe('Unhandled');
    const err = decode(res.Payload) as { errorType: string; errorMessage: string; trace: string[] };
    expect(err.errorType).toBe('TypeError');
    expect(err.errorMessage).toBe('boom');
    expect(err.trace[0]).toBe('TypeError: boom');
  });

  it('kills a handler that runs past its timeout', async () => {
    const name = uniqueName('slow');
    await createFunction(
      client(),
      name,
      { 'index.js': `exports.handler = () => new Promise(() => {});` },
      { Timeout: 1 },
    );
    const res = await client().send(new InvokeCommand({ FunctionName: name }));
    expect(res.FunctionError).toBe('Unhandled');
    expect((decode(res.Payload) as { errorMessage: string }).errorMessage).toMatch(/Task timed out after 1.00 seconds/);
    // The next invocation gets a fresh worker.
    const again = await client().send(new InvokeCommand({ FunctionName: name }));
    expect(again.FunctionError).toBe('Unhandled');
  });

  it('runs ESM (.mjs) and callback-style handlers, keeping module state warm', async () => {
    const esm = uniqueName('esm');
    await createFunction(client(), esm, {
      'index.mjs': `let n = 0; export const handler = async () => ({ n: ++n });`,
    });
    expect(decode((await client().send(new InvokeCommand({ FunctionName: esm }))).Payload)).toEqual({ n: 1 });
    expect(decode((await client().send(new InvokeCommand({ FunctionName: esm }))).Payload)).toEqual({ n: 2 });
    const cb = uniqueName('cb');
    await createFunction(
      client(),
      cb,
      {
        'app/main.js': `exports.run = (event, context, callback) => setTimeout(() => callback(null, 'cb:' + event.v), 5);`,
      },
      { Handler: 'app/main.run' },
    );
    const res = await client().send(new InvokeCommand({ FunctionName: cb, Payload: Buffer.from('{"v":1}') }));
    expect(decode(res.Payload)).toBe('cb:1');
  });

  it('answers DryRun with 204, rejects non-JSON payloads and missing functions', async () => {
    const name = uniqueName('dry');
    await createFunction(client(), name, { 'index.js': 'exports.handler = async () => 1;' });
    const dry = await client().send(new InvokeCommand({ FunctionName: name, InvocationType: 'DryRun' }));
    expect(dry.StatusCode).toBe(204);
    await expectAwsError(client().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('not json') })), {
      name: 'InvalidRequestContentException',
      status: 400,
    });
    await expectAwsError(client().send(new InvokeCommand({ FunctionName: 'missing-fn' })), {
      name: 'ResourceNotFoundException',
      status: 404,
    });
  });

  it('throttles when reserved concurrency is 0', async () => {
    const name = uniqueName('thr');
    await createFunction(client(), name, { 'index.js': 'exports.handler = async () => 1;' });
    await client().send(new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 0 }));
    const err = await expectAwsError(client().send(new InvokeCommand({ FunctionName: name })), {
      name: 'TooManyRequestsException',
      status: 429,
    });
    expect((err as unknown as { Reason: string }).Reason).toBe('ReservedFunctionConcurrentInvocationLimitExceeded');
    await client().send(new DeleteFunctionConcurrencyCommand({ FunctionName: name }));
    expect((await client().send(new InvokeCommand({ FunctionName: name }))).StatusCode).toBe(200);
  });
});

describe('Invoke Event', () => {
  it('queues the event, runs it and sends the result to the OnSuccess / OnFailure destinations', async () => {
    const ok = await ctx.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('ok') }));
    const failed = await ctx.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('fail') }));
    const arnOf = async (url: string) =>
      (await ctx.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!
        .QueueArn!;
    const name = uniqueName('async');
    await createFunction(client(), name, {
      'index.js': `exports.handler = async (e) => { if (e.fail) throw new Error('nope'); return { got: e.v }; };`,
    });
    const cfg = await client().send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: name,
        MaximumRetryAttempts: 0,
        DestinationConfig: {
          OnSuccess: { Destination: await arnOf(ok.QueueUrl!) },
          OnFailure: { Destination: await arnOf(failed.QueueUrl!) },
        },
      }),
    );
    expect(cfg.FunctionArn).toBe(`arn:aws:lambda:us-east-1:000000000000:function:${name}:$LATEST`);
    expect(
      (await client().send(new GetFunctionEventInvokeConfigCommand({ FunctionName: name }))).MaximumRetryAttempts,
    ).toBe(0);
    const res = await client().send(
      new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: Buffer.from('{"v":7}') }),
    );
    expect(res.StatusCode).toBe(202);
    await client().send(
      new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: Buffer.from('{"fail":true}') }),
    );
    const receive = async (url: string) => {
      for (let i = 0; i < 50; i++) {
        const r = await ctx.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }));
        if (r.Messages?.length) return JSON.parse(r.Messages[0]!.Body!) as Record<string, unknown>;
        await sleep(50);
      }
      throw new Error('no destination record');
    };
    const success = await receive(ok.QueueUrl!);
    expect(success).toMatchObject({
      version: '1.0',
      requestContext: { requestId: res.$metadata.requestId, condition: 'Success', approximateInvokeCount: 1 },
      requestPayload: { v: 7 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
      responsePayload: { got: 7 },
    });
    const failure = await receive(failed.QueueUrl!);
    expect(failure).toMatchObject({
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 1 },
      requestPayload: { fail: true },
      responseContext: { functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'nope' },
    });
  });
});
