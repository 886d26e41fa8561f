// Distributed Map end to end: ItemReader from S3 (JSON, JSONL, CSV, listObjectsV2), ItemBatcher, tolerated
// failures, ResultWriter to S3 (manifest.json + SUCCEEDED_0.json / FAILED_0.json), Map Run APIs and history events.
process.env.ATOLL_SFN_TIME_SCALE = '0.01';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  DescribeMapRunCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  SFNClient,
  StartExecutionCommand,
  UpdateMapRunCommand,
} from '@aws-sdk/client-sfn';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { useAtoll } from '../helpers/atoll.js';
import { expectAwsError, sleep, uniqueName } from '../helpers/util.js';

const ctx = useAtoll();
let sfn: SFNClient;
let s3: S3Client;
const ROLE = 'arn:aws:iam::000000000000:role/sfn';
const BUCKET = 'dmap-items';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

beforeAll(async () => {
  sfn = new SFNClient({ endpoint: ctx.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  s3 = new S3Client({ endpoint: ctx.endpoint, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const put = (Key: string, Body: string) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
  await put('items.json', JSON.stringify([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }, { n: 5 }]));
  await put('items.jsonl', '{"n":10}\n{"n":20}\n\n{"n":30}\n');
  await put('items.csv', 'name,qty\n"apple, red",3\npear,5\n');
  await put('headless.csv', 'kiwi|7\nfig|9\n');
  await put('listing/a.txt', 'aaa');
  await put('listing/b.txt', 'bbbbbb');
});
afterAll(() => {
  sfn.destroy();
  s3.destroy();
});

async function run(definition: object, input: object = {}): Promise<DescribeExecutionCommandOutput & { arn: string }> {
  const sm = await sfn.send(
    new CreateStateMachineCommand({ name: uniqueName('dmap'), definition: JSON.stringify(definition), roleArn: ROLE }),
  );
  const ex = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn, input: JSON.stringify(input) }),
  );
  const arn = ex.executionArn ?? '';
  const until = Date.now() + 60_000;
  for (;;) {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    if (d.status !== 'RUNNING' || Date.now() > until) return { ...d, arn };
    await sleep(50);
  }
}

const distributed = (extra: object, processor: object = passProcessor) => ({
  StartAt: 'M',
  States: { M: { Type: 'Map', End: true, ItemProcessor: processor, ...extra } },
});
const passProcessor = {
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
  StartAt: 'P',
  States: { P: { Type: 'Pass', End: true } },
};

describe('ItemReader', () => {
  it('reads a JSON array, honours MaxItems and records MapRunStarted/MapRunSucceeded', async () => {
    const d = await run(
      distributed({
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSON', MaxItems: 4 },
          Parameters: { Bucket: BUCKET, Key: 'items.json' },
        },
      }),
    );
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output ?? '')).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    const h = await sfn.send(new GetExecutionHistoryCommand({ executionArn: d.arn }));
    const types = (h.events ?? []).map((e) => e.type);
    expect(types).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapRunStarted',
      'MapRunSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
    const started = h.events?.find((e) => e.type === 'MapRunStarted');
    expect(started?.mapRunStartedEventDetails?.mapRunArn).toMatch(
      /^arn:aws:states:us-east-1:000000000000:mapRun:dmap[^/]*\/M:[0-9a-f-]{36}$/,
    );
  });

  it('reads JSONL and CSV (FIRST_ROW with quoted fields, GIVEN headers with a delimiter)', async () => {
    const jsonl = await run(
      distributed({
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSONL' },
          Parameters: { Bucket: BUCKET, Key: 'items.jsonl' },
        },
      }),
    );
    expect(JSON.parse(jsonl.output ?? '')).toEqual([{ n: 10 }, { n: 20 }, { n: 30 }]);
    const csv = await run(
      distributed({
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
          Parameters: { Bucket: BUCKET, Key: 'items.csv' },
        },
      }),
    );
    expect(JSON.parse(csv.output ?? '')).toEqual([
      { name: 'apple, red', qty: '3' },
      { name: 'pear', qty: '5' },
    ]);
    const given = await run(
      distributed({
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: {
            InputType: 'CSV',
            CSVHeaderLocation: 'GIVEN',
            CSVHeaders: ['fruit', 'n'],
            CSVDelimiter: 'PIPE',
          },
          Parameters: { Bucket: BUCKET, Key: 'headless.csv' },
        },
      }),
    );
    expect(JSON.parse(given.output ?? '')).toEqual([
      { fruit: 'kiwi', n: '7' },
      { fruit: 'fig', n: '9' },
    ]);
  });

  it('lists objects with listObjectsV2 and passes them through ItemSelector', async () => {
    const d = await run(
      distributed({
        ItemReader: {
          Resource: 'arn:aws:states:::s3:listObjectsV2',
          Parameters: { Bucket: BUCKET, Prefix: 'listing/' },
        },
        ItemSelector: {
          'key.$': '$$.Map.Item.Value.Key',
          'size.$': '$$.Map.Item.Value.Size',
          'i.$': '$$.Map.Item.Index',
        },
      }),
    );
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output ?? '')).toEqual([
      { key: 'listing/a.txt', size: 3, i: 0 },
      { key: 'listing/b.txt', size: 6, i: 1 },
    ]);
  });

  it('fails with States.ItemReaderFailed when the object does not exist', async () => {
    const d = await run(
      distributed({
        ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: BUCKET, Key: 'missing.json' } },
      }),
    );
    expect(d.status).toBe('FAILED');
    expect(d.error).toBe('States.ItemReaderFailed');
    expect(d.cause).toMatch(/NoSuchKey/);
  });
});

describe('batching, tolerance and Map Runs', () => {
  it('batches items (MaxItemsPerBatch, BatchInput) and counts items and executions', async () => {
    const d = await run(
      distributed({
        ItemsPath: '$.items',
        ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'tag.$': '$.tag' } },
      }),
      { items: [1, 2, 3, 4, 5], tag: 't' },
    );
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output ?? '')).toEqual([
      { BatchInput: { tag: 't' }, Items: [1, 2] },
      { BatchInput: { tag: 't' }, Items: [3, 4] },
      { BatchInput: { tag: 't' }, Items: [5] },
    ]);
    const runs = await sfn.send(new ListMapRunsCommand({ executionArn: d.arn }));
    expect(runs.mapRuns).toHaveLength(1);
    const mapRunArn = runs.mapRuns?.[0]?.mapRunArn ?? '';
    expect(runs.mapRuns?.[0]?.executionArn).toBe(d.arn);
    const m = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(m.status).toBe('SUCCEEDED');
    expect(m.executionCounts).toMatchObject({ total: 3, succeeded: 3, failed: 0, pending: 0, running: 0 });
    expect(m.itemCounts).toMatchObject({ total: 5, succeeded: 5, failed: 0 });
    expect(m.stopDate).toBeInstanceOf(Date);
    const listed = await sfn.send(new ListExecutionsCommand({ mapRunArn }));
    expect(listed.executions).toEqual([]);
  });

  it('tolerates failures up to ToleratedFailureCount and fails beyond it', async () => {
    const failing = {
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ Variable: '$', NumericGreaterThan: 3, Next: 'Bad' }], Default: 'Ok' },
        Bad: { Type: 'Fail', Error: 'TooBig', Cause: 'over three' },
        Ok: { Type: 'Pass', End: true },
      },
    };
    const ok = await run(distributed({ ToleratedFailureCount: 2 }, failing), [1, 2, 3, 4, 5]);
    expect(ok.status).toBe('SUCCEEDED');
    const out = JSON.parse(ok.output ?? '') as unknown[];
    expect(out.slice(0, 3)).toEqual([1, 2, 3]);
    expect(out[3]).toEqual({ Error: 'TooBig', Cause: 'over three' });

    const bad = await run(distributed({ ToleratedFailureCount: 1 }, failing), [1, 2, 3, 4, 5]);
    expect(bad.status).toBe('FAILED');
    expect(bad.error).toBe('States.ExceedToleratedFailureThreshold');
    const h = await sfn.send(new GetExecutionHistoryCommand({ executionArn: bad.arn }));
    const failed = h.events?.find((e) => e.type === 'MapRunFailed');
    expect(failed?.mapRunFailedEventDetails?.error).toBe('States.ExceedToleratedFailureThreshold');
    const runs = await sfn.send(new ListMapRunsCommand({ executionArn: bad.arn }));
    const m = await sfn.send(new DescribeMapRunCommand({ mapRunArn: runs.mapRuns?.[0]?.mapRunArn ?? '' }));
    expect(m.status).toBe('FAILED');
    expect(m.toleratedFailureCount).toBe(1);
    expect(m.executionCounts?.failed).toBe(2);

    const none = await run(distributed({}, failing), [1, 9]);
    expect(none.error).toBe('States.ExceedToleratedFailureThreshold');
  });

  it('UpdateMapRun changes a running Map Run; errors for unknown or finished runs', async () => {
    const slow = {
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 50, End: true } },
    };
    const sm = await sfn.send(
      new CreateStateMachineCommand({
        name: uniqueName('dmap'),
        definition: JSON.stringify(distributed({ MaxConcurrency: 1 }, slow)),
        roleArn: ROLE,
      }),
    );
    const ex = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn, input: '[1,2,3,4]' }));
    const arn = ex.executionArn ?? '';
    let mapRunArn = '';
    const until = Date.now() + 30_000;
    while (!mapRunArn && Date.now() < until) {
      const runs = await sfn.send(new ListMapRunsCommand({ executionArn: arn }));
      mapRunArn = runs.mapRuns?.[0]?.mapRunArn ?? '';
      if (!mapRunArn) await sleep(50);
    }
    const before = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(before.maxConcurrency).toBe(1);
    await sfn.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 4, toleratedFailurePercentage: 50 }));
    const after = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(after.maxConcurrency).toBe(4);
    expect(after.toleratedFailurePercentage).toBe(50);
    let d = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    const end = Date.now() + 60_000;
    while (d.status === 'RUNNING' && Date.now() < end) {
      await sleep(100);
      d = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    }
    expect(d.status).toBe('SUCCEEDED');
    await expectAwsError(sfn.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 2 })), {
      name: 'ValidationException',
    });
    const unknown = mapRunArn.replace(/:[0-9a-f-]{36}$/, ':00000000-0000-0000-0000-000000000000');
    await expectAwsError(sfn.send(new DescribeMapRunCommand({ mapRunArn: unknown })), { name: 'ResourceNotFound' });
    await expectAwsError(sfn.send(new DescribeMapRunCommand({ mapRunArn: arn })), {
      name: 'InvalidArn',
      message: /Resource type not valid in this context: execution/,
    });
  });
});

describe('ResultWriter', () => {
  it('writes manifest.json and SUCCEEDED_0.json / FAILED_0.json under <prefix>/<map run id>/', async () => {
    const processor = {
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 2, Next: 'Bad' }], Default: 'Ok' },
        Bad: { Type: 'Fail', Error: 'Two', Cause: 'no twos' },
        Ok: { Type: 'Pass', Parameters: { 'doubled.$': 'States.MathAdd($.n, $.n)' }, End: true },
      },
    };
    const d = await run(
      distributed(
        {
          ToleratedFailurePercentage: 50,
          ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: BUCKET, Prefix: 'out' } },
        },
        processor,
      ),
      [{ n: 1 }, { n: 2 }, { n: 3 }],
    );
    expect(d.status).toBe('SUCCEEDED');
    const output = JSON.parse(d.output ?? '') as {
      MapRunArn: string;
      ResultWriterDetails: { Bucket: string; Key: string };
    };
    const runId = output.MapRunArn.split(':').pop() ?? '';
    expect(output.ResultWriterDetails).toEqual({ Bucket: BUCKET, Key: `out/${runId}/manifest.json` });
    const read = async (Key: string) =>
      JSON.parse(
        await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }))).Body!.transformToString(),
      ) as unknown;
    const manifest = (await read(`out/${runId}/manifest.json`)) as {
      DestinationBucket: string;
      MapRunArn: string;
      ResultFiles: Record<string, Array<{ Key: string; Size: number }>>;
    };
    expect(manifest.DestinationBucket).toBe(BUCKET);
    expect(manifest.MapRunArn).toBe(output.MapRunArn);
    expect(manifest.ResultFiles.SUCCEEDED?.[0]?.Key).toBe(`out/${runId}/SUCCEEDED_0.json`);
    expect(manifest.ResultFiles.FAILED?.[0]?.Key).toBe(`out/${runId}/FAILED_0.json`);
    expect(manifest.ResultFiles.PENDING).toEqual([]);
    const succeeded = (await read(`out/${runId}/SUCCEEDED_0.json`)) as Array<Record<string, unknown>>;
    expect(succeeded.map((r) => JSON.parse(r.Output as string) as unknown)).toEqual([{ doubled: 2 }, { doubled: 6 }]);
    expect(succeeded[0]).toMatchObject({ Status: 'SUCCEEDED', Input: '{"n":1}', InputDetails: { Included: true } });
    const failed = (await read(`out/${runId}/FAILED_0.json`)) as Array<Record<string, unknown>>;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ Status: 'FAILED', Error: 'Two', Cause: 'no twos', Input: '{"n":2}' });
  });

  it('WriterConfig without a Resource shapes the state output (FLATTEN)', async () => {
    const processor = {
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
      StartAt: 'P',
      States: { P: { Type: 'Pass', Parameters: { 'pair.$': 'States.Array($, $)' }, OutputPath: '$.pair', End: true } },
    };
    const d = await run(
      distributed({ ResultWriter: { WriterConfig: { Transformation: 'FLATTEN', OutputType: 'JSON' } } }, processor),
      [1, 2],
    );
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output ?? '')).toEqual([1, 1, 2, 2]);
  });
});
