// DynamoDB stream event source mappings: in-order batches from the checkpoint, partial batch responses, bisection
// to isolate a poison record, retry exhaustion to an OnFailure queue, starting positions, filters, disable/enable
// and AWS's validation errors — driven with the official DynamoDB, Lambda and SQS clients.
import { afterAll, describe, expect, it } from 'vitest';
import { DeleteItemCommand, DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { TEST_CREDENTIALS, useAtoll } from '../helpers/atoll.js';
import { expectAwsError, sleep, uniqueName, waitFor } from '../helpers/util.js';
import { createFunction, lambdaClient } from './lambda-helpers.js';
import { batches, createTable, HANDLER, lastEvent, put } from './lambda-streams-helpers.js';

const ctx = useAtoll();
const lambda = () => lambdaClient(ctx.endpoint);
let client: DynamoDBClient | undefined;
const ddb = () =>
  (client ??= new DynamoDBClient({
    endpoint: ctx.endpoint,
    region: 'us-east-1',
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  }));
afterAll(() => client?.destroy());

/** A function running HANDLER in `mode`, logging into a new target table. */
async function fn(mode: string): Promise<{ name: string; target: string }> {
  const target = (await createTable(ddb())).name;
  const name = uniqueName('fn');
  await createFunction(
    lambda(),
    name,
    { 'index.js': HANDLER },
    { Environment: { Variables: { TARGET: target, MODE: mode } }, Timeout: 10 },
  );
  return { name, target };
}

async function queue(): Promise<{ url: string; arn: string }> {
  const url = (await ctx.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('dlq') }))).QueueUrl!;
  const attrs = await ctx.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return { url, arn: attrs.Attributes!.QueueArn! };
}

/** Waits until the logged batches, flattened, equal `ids`; returns the batches. */
async function until(target: string, ids: string[]): Promise<string[][]> {
  let last: string[][] = [];
  try {
    return await waitFor(async () => {
      last = await batches(ddb(), target);
      return last.flat().length >= ids.length && last;
    }, 10_000);
  } finally {
    expect(last.flat()).toEqual(ids);
  }
}

describe('DynamoDB stream event source mapping', () => {
  it('projects every change in order with the Lambda DynamoDB event format', async () => {
    const source = await createTable(ddb(), 'NEW_AND_OLD_IMAGES');
    const { name, target } = await fn('project');
    const created = await lambda().send(
      new CreateEventSourceMappingCommand({
        FunctionName: name,
        EventSourceArn: source.streamArn,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 3,
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(202);
    expect(created).toMatchObject({
      State: 'Creating',
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 3,
      MaximumBatchingWindowInSeconds: 0,
      ParallelizationFactor: 1,
      MaximumRecordAgeInSeconds: -1,
      MaximumRetryAttempts: -1,
      BisectBatchOnFunctionError: false,
      TumblingWindowInSeconds: 0,
      DestinationConfig: { OnFailure: {} },
      LastProcessingResult: 'No records processed',
      StateTransitionReason: 'User action',
      EventSourceArn: source.streamArn,
    });
    const ids = ['a1', 'a2', 'a3', 'a4', 'a5'];
    for (const id of ids) await put(ddb(), source.name, id, { v: { N: '1' }, bin: { B: Buffer.from([1, 2, 3]) } });
    await ddb().send(
      new UpdateItemCommand({
        TableName: source.name,
        Key: { id: { S: 'a2' } },
        UpdateExpression: 'SET v = :v',
        ExpressionAttributeValues: { ':v': { N: '2' } },
      }),
    );
    await ddb().send(new DeleteItemCommand({ TableName: source.name, Key: { id: { S: 'a3' } } }));
    const seen = await until(target, [...ids, 'a2', 'a3']);
    expect(seen.every((b) => b.length <= 3)).toBe(true);
    // The handler logs a batch before projecting it: wait for the last projection.
    const item = async (id: string) =>
      (await ddb().send(new GetItemCommand({ TableName: target, Key: { id: { S: id } }, ConsistentRead: true }))).Item;
    await waitFor(async () => (await item('a3')) === undefined && (await item('a2'))?.v?.N === '2');
    expect(await item('a2')).toEqual({ id: { S: 'a2' }, v: { N: '2' }, bin: { B: new Uint8Array([1, 2, 3]) } });
    expect(await item('a5')).toEqual({ id: { S: 'a5' }, v: { N: '1' }, bin: { B: new Uint8Array([1, 2, 3]) } });
    // The last batch held the REMOVE of a3: Lambda's DynamoDB event record.
    const ev = await lastEvent(ddb(), target);
    const rec = ev.Records[ev.Records.length - 1]!;
    expect(rec).toMatchObject({
      eventName: 'REMOVE',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      eventSourceARN: source.streamArn,
      dynamodb: {
        Keys: { id: { S: 'a3' } },
        OldImage: { id: { S: 'a3' }, v: { N: '1' }, bin: { B: 'AQID' } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    const d = rec.dynamodb as Record<string, unknown>;
    expect(typeof d.ApproximateCreationDateTime).toBe('number');
    expect(Math.abs((d.ApproximateCreationDateTime as number) - Date.now() / 1000)).toBeLessThan(60);
    expect(d.SequenceNumber).toMatch(/^\d{21,40}$/);
    expect(typeof d.SizeBytes).toBe('number');
    expect(rec.userIdentity).toBeUndefined();
    const got = await lambda().send(new GetEventSourceMappingCommand({ UUID: created.UUID! }));
    expect(got).toMatchObject({ State: 'Enabled', LastProcessingResult: 'OK' });
  });

  it('retries from the first failed record reported in batchItemFailures', async () => {
    const source = await createTable(ddb(), 'KEYS_ONLY');
    for (const id of ['r1', 'r2', 'r3']) await put(ddb(), source.name, id);
    const { name, target } = await fn('partial');
    await lambda().send(
      new CreateEventSourceMappingCommand({
        FunctionName: name,
        EventSourceArn: source.streamArn,
        StartingPosition: 'TRIM_HORIZON',
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    );
    const seen = await until(target, ['r1', 'r2', 'r3', 'r2', 'r3']);
    expect(seen).toEqual([
      ['r1', 'r2', 'r3'],
      ['r2', 'r3'],
    ]);
  });

  it('bisects a failing batch and sends the isolated poison record to the OnFailure queue', async () => {
    const source = await createTable(ddb(), 'KEYS_ONLY');
    for (const id of ['p1', 'p2', 'poison', 'p4']) await put(ddb(), source.name, id);
    const dlq = await queue();
    const { name, target } = await fn('poison');
    const m = await lambda().send(
      new CreateEventSourceMappingCommand({
        FunctionName: name,
        EventSourceArn: source.streamArn,
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 4,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 1,
        DestinationConfig: { OnFailure: { Destination: dlq.arn } },
      }),
    );
    expect(m.DestinationConfig).toEqual({ OnFailure: { Destination: dlq.arn } });
    const seen = await until(target, [
      'p1',
      'p2',
      'poison',
      'p4',
      'p1',
      'p2',
      'poison',
      'p4',
      'poison',
      'poison',
      'p4',
    ]);
    expect(seen).toEqual([
      ['p1', 'p2', 'poison', 'p4'],
      ['p1', 'p2'],
      ['poison', 'p4'],
      ['poison'],
      ['poison'],
      ['p4'],
    ]);
    const r = await ctx.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.url, WaitTimeSeconds: 2 }));
    const body = JSON.parse(r.Messages![0]!.Body!) as Record<string, Record<string, unknown>>;
    const ev = await lastEvent(ddb(), target); // the batch [p4]
    expect(body.requestContext).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 2,
      functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    });
    expect(body.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    expect(body.version).toBe('1.0');
    const info = body.DDBStreamBatchInfo!;
    expect(info).toMatchObject({ batchSize: 1, streamArn: source.streamArn });
    expect(info.startSequenceNumber).toBe(info.endSequenceNumber);
    const p4Seq = (ev.Records[0]!.dynamodb as { SequenceNumber: string }).SequenceNumber;
    expect(BigInt(info.startSequenceNumber as string)).toBeLessThan(BigInt(p4Seq));
    expect(info.shardId).toMatch(/^shardId-/);
    expect(info.approximateArrivalOfFirstRecord).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const got = await lambda().send(new GetEventSourceMappingCommand({ UUID: m.UUID! }));
    expect(got.LastProcessingResult).toBe('OK');
  });

  it('discards a batch after MaximumRetryAttempts and moves on', async () => {
    const source = await createTable(ddb(), 'KEYS_ONLY');
    for (const id of ['q1', 'poison']) await put(ddb(), source.name, id);
    const dlq = await queue();
    const { name, target } = await fn('poison');
    const m = await lambda().send(
      new CreateEventSourceMappingCommand({
        FunctionName: name,
        EventSourceArn: source.streamArn,
        StartingPosition: 'TRIM_HORIZON',
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: dlq.arn } },
      }),
    );
    await until(target, ['q1', 'poison', 'q1', 'poison', 'q1', 'poison']);
    const r = await ctx.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.url, WaitTimeSeconds: 2 }));
    const body = JSON.parse(r.Messages![0]!.Body!) as Record<string, Record<string, unknown>>;
    expect(body.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 });
    expect(body.DDBStreamBatchInfo).toMatchObject({ batchSize: 2 });
    const got = await lambda().send(new GetEventSourceMappingCommand({ UUID: m.UUID! }));
    expect(got.LastProcessingResult).toBe('PROBLEM: Function call failed');
    await put(ddb(), source.name, 'q3');
    await until(target, ['q1', 'poison', 'q1', 'poison', 'q1', 'poison', 'q3']);
  });

  it('starts at LATEST after existing records, at TRIM_HORIZON from the oldest', async () => {
    const source = await createTable(ddb(), 'KEYS_ONLY');
    await put(ddb(), source.name, 'old');
    const latest = await fn('none');
    const horizon = await fn('none');
    for (const [f, position] of [
      [latest, 'LATEST'],
      [horizon, 'TRIM_HORIZON'],
    ] as const) {
      await lambda().send(
        new CreateEventSourceMappingCommand({
          FunctionName: f.name,
          EventSourceArn: source.streamArn,
          StartingPosition: position,
        }),
      );
    }
    await put(ddb(), source.name, 'new');
    await until(latest.target, ['new']);
    await until(horizon.target, ['old', 'new']);
  });

  it('sends only records matching FilterCriteria and skips the rest', async () => {
    const source = await createTable(ddb(), 'NEW_IMAGE');
    const { name, target } = await fn('none');
    const pattern = { eventName: ['INSERT'], dynamodb: { NewImage: { kind: { S: ['keep'] } } } };
    const m = await lambda().send(
      new CreateEventSourceMappingCommand({
        FunctionName: name,
        EventSourceArn: source.streamArn,
        StartingPosition: 'TRIM_HORIZON',
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify(pattern) }] },
      }),
    );
    expect(m.FilterCriteria).toEqual({ Filters: [{ Pattern: JSON.stringify(pattern) }] });
    await put(ddb(), source.name, 'k1', { kind: { S: 'keep' } });
    await put(ddb(), source.name, 'd1', { kind: { S: 'drop' } });
    await put(ddb(), source.name, 'k1', { kind: { S: 'keep' }, again: { BOOL: true } }); // MODIFY: filtered out
    await put(ddb(), source.name, 'k2', { kind: { S: 'keep' } });
    await until(target, ['k1', 'k2']);
    await expectAwsError(
      lambda().send(
        new CreateEventSourceMappingCommand({
          FunctionName: (await fn('none')).name,
          EventSourceArn: source.streamArn,
          StartingPosition: 'LATEST',
          FilterCriteria: { Filters: [{ Pattern: '{"eventName": "INSERT"}' }] },
        }),
      ),
      { name: 'InvalidParameterValueException', status: 400, message: 'Invalid filter pattern definition.' },
    );
  });

  it('pauses while disabled and resumes from where it stopped', async () => {
    const source = await createTable(ddb(), 'KEYS_ONLY');
    const { name, target } = await fn('none');
    const m = await lambda().send(
      new CreateEventSourceMappingCommand({
        FunctionName: name,
        EventSourceArn: source.streamArn,
        StartingPosition: 'LATEST',
      }),
    );
    await put(ddb(), source.name, 'e1');
    await until(target, ['e1']);
    const off = await lambda().send(new UpdateEventSourceMappingCommand({ UUID: m.UUID!, Enabled: false }));
    expect(off.State).toBe('Disabling');
    await waitFor(
      async () => (await lambda().send(new GetEventSourceMappingCommand({ UUID: m.UUID! }))).State === 'Disabled',
    );
    await put(ddb(), source.name, 'e2');
    await sleep(700);
    expect((await batches(ddb(), target)).flat()).toEqual(['e1']);
    const on = await lambda().send(new UpdateEventSourceMappingCommand({ UUID: m.UUID!, Enabled: true, BatchSize: 5 }));
    expect(on).toMatchObject({ State: 'Enabling', BatchSize: 5 });
    await until(target, ['e1', 'e2']);
    const got = await lambda().send(new GetEventSourceMappingCommand({ UUID: m.UUID! }));
    expect(got.State).toBe('Enabled');
  });

  it("answers AWS's validation errors", async () => {
    const source = await createTable(ddb(), 'KEYS_ONLY');
    const { name } = await fn('none');
    const create = (extra: Partial<ConstructorParameters<typeof CreateEventSourceMappingCommand>[0]>) =>
      lambda().send(
        new CreateEventSourceMappingCommand({ FunctionName: name, EventSourceArn: source.streamArn, ...extra }),
      );
    await expectAwsError(create({}), {
      name: 'InvalidParameterValueException',
      status: 400,
      message:
        "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.",
    });
    const missing = `${source.streamArn.slice(0, -5)}nope!`;
    await expectAwsError(create({ StartingPosition: 'LATEST', EventSourceArn: missing }), {
      name: 'InvalidParameterValueException',
      status: 400,
      message: `Cannot access stream ${missing}. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.`,
    });
    const first = await create({ StartingPosition: 'LATEST' });
    await expectAwsError(create({ StartingPosition: 'LATEST' }), {
      name: 'ResourceConflictException',
      status: 409,
      message: `The event source arn (" ${source.streamArn} ") and function (" ${name} ") provided mapping already exists. Please update or delete the existing mapping with UUID ${first.UUID}`,
    });
    await expectAwsError(
      lambda().send(
        new UpdateEventSourceMappingCommand({
          UUID: first.UUID!,
          DestinationConfig: { OnSuccess: { Destination: 'arn:aws:sqs:us-east-1:000000000000:x' } },
        }),
      ),
      { name: 'InvalidParameterValueException', status: 400 },
    );
  });
});

describe('SQS event source mapping FilterCriteria', () => {
  it('invokes only with matching messages and deletes the others', async () => {
    const src = await queue();
    const sink = await queue();
    const name = uniqueName('fn');
    await createFunction(
      lambda(),
      name,
      {
        'index.js': `
        const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
        const sqs = new SQSClient({});
        exports.handler = async (event) => {
          for (const r of event.Records) await sqs.send(new SendMessageCommand({ QueueUrl: process.env.SINK, MessageBody: r.body }));
        };`,
      },
      { Environment: { Variables: { SINK: sink.url } }, Timeout: 10 },
    );
    await lambda().send(
      new CreateEventSourceMappingCommand({
        FunctionName: name,
        EventSourceArn: src.arn,
        FilterCriteria: { Filters: [{ Pattern: '{"body":{"kind":["keep"]}}' }] },
      }),
    );
    for (const body of ['{"kind":"drop"}', 'not json', '{"kind":"keep","n":1}']) {
      await ctx.sqs.send(new SendMessageCommand({ QueueUrl: src.url, MessageBody: body }));
    }
    const got = await waitFor(async () => {
      const r = await ctx.sqs.send(new ReceiveMessageCommand({ QueueUrl: sink.url, WaitTimeSeconds: 1 }));
      return r.Messages?.[0]?.Body;
    });
    expect(got).toBe('{"kind":"keep","n":1}');
    await waitFor(async () => {
      const a = await ctx.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: src.url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return (
        a.Attributes!.ApproximateNumberOfMessages === '0' && a.Attributes!.ApproximateNumberOfMessagesNotVisible === '0'
      );
    });
    const more = await ctx.sqs.send(new ReceiveMessageCommand({ QueueUrl: sink.url, WaitTimeSeconds: 0 }));
    expect(more.Messages ?? []).toEqual([]);
  });
});
