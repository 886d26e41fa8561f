// TestState: one state through the real engine (Pass, Choice, Fail, Task against real S3, Retry/Catch outcomes),
// inspection levels, variables and InvalidDefinition errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SFNClient, TestStateCommand } from '@aws-sdk/client-sfn';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { useAtoll } from '../helpers/atoll.js';
import { expectAwsError } from '../helpers/util.js';

const ctx = useAtoll();
let sfn: SFNClient;
let s3: S3Client;
const ROLE = 'arn:aws:iam::000000000000:role/sfn';
const BUCKET = 'teststate-bucket';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

beforeAll(async () => {
  // TestState is modelled on a `sync-` host prefix; atoll serves it on its one endpoint.
  sfn = new SFNClient({
    endpoint: ctx.endpoint,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
    disableHostPrefix: true,
  });
  s3 = new S3Client({ endpoint: ctx.endpoint, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'present', Body: 'four' }));
});
afterAll(() => {
  sfn.destroy();
  s3.destroy();
});

const test = (state: object, input: object, extra: Record<string, unknown> = {}) =>
  sfn.send(
    new TestStateCommand({ definition: JSON.stringify(state), input: JSON.stringify(input), roleArn: ROLE, ...extra }),
  );

describe('TestState', () => {
  it('runs a Pass state and reports DEBUG inspection data and the next state', async () => {
    const r = await test(
      {
        Type: 'Pass',
        InputPath: '$.in',
        Parameters: { 'v.$': '$.x' },
        ResultPath: '$.res',
        OutputPath: '$.res',
        Next: 'Later',
      },
      { in: { x: 7 } },
      { inspectionLevel: 'DEBUG' },
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(r.nextState).toBe('Later');
    expect(JSON.parse(r.output ?? '')).toEqual({ v: 7 });
    expect(r.inspectionData).toEqual({
      input: '{"in":{"x":7}}',
      afterInputPath: '{"x":7}',
      afterParameters: '{"v":7}',
      result: '{"v":7}',
      afterResultPath: '{"in":{"x":7},"res":{"v":7}}',
    });
  });

  it('omits inspection data at INFO and reports Choice transitions and variables', async () => {
    const r = await test(
      {
        Type: 'Choice',
        Choices: [{ Variable: '$.n', NumericGreaterThan: 1, Next: 'Big', Assign: { seen: true } }],
        Default: 'Small',
      },
      { n: 5 },
      { inspectionLevel: 'INFO' },
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(r.nextState).toBe('Big');
    expect(r.inspectionData).toBeUndefined();
    const withVars = await sfn.send(
      new TestStateCommand({
        definition: JSON.stringify({ Type: 'Pass', Parameters: { 'greet.$': '$name' }, End: true }),
        variables: JSON.stringify({ name: 'ann' }),
        inspectionLevel: 'DEBUG',
      }),
    );
    expect(JSON.parse(withVars.output ?? '')).toEqual({ greet: 'ann' });
    expect(withVars.nextState).toBeUndefined();
    expect(withVars.inspectionData?.variables).toBe('{"name":"ann"}');
  });

  it('reports a Fail state as FAILED with its error and cause', async () => {
    const r = await test({ Type: 'Fail', Error: 'Oops', Cause: 'bad input' }, {});
    expect(r).toMatchObject({ status: 'FAILED', error: 'Oops', cause: 'bad input' });
    expect(r.output).toBeUndefined();
  });

  it('invokes the real integration of a Task state', async () => {
    const state = {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:s3:headObject',
      Parameters: { Bucket: BUCKET, 'Key.$': '$.key' },
      ResultSelector: { 'size.$': '$.ContentLength' },
      ResultPath: '$.head',
      Next: 'Use',
    };
    const ok = await test(state, { key: 'present' }, { inspectionLevel: 'DEBUG' });
    expect(ok.status).toBe('SUCCEEDED');
    expect(JSON.parse(ok.output ?? '')).toEqual({ key: 'present', head: { size: 4 } });
    expect(ok.nextState).toBe('Use');
    expect(JSON.parse(ok.inspectionData?.afterParameters ?? '')).toEqual({ Bucket: BUCKET, Key: 'present' });
    expect(JSON.parse(ok.inspectionData?.afterResultSelector ?? '')).toEqual({ size: 4 });

    const missing = await test(state, { key: 'absent' });
    expect(missing.status).toBe('FAILED');
    expect(missing.error).toMatch(/^S3\./);

    const retriable = await test(
      { ...state, Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }] },
      { key: 'absent' },
    );
    expect(retriable.status).toBe('RETRIABLE');
    expect(retriable.error).toBe(missing.error);

    const caught = await test(
      { ...state, Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.err', Next: 'Recover' }] },
      { key: 'absent' },
    );
    expect(caught.status).toBe('CAUGHT_ERROR');
    expect(caught.nextState).toBe('Recover');
    expect(caught.error).toBe(missing.error);
    const out = JSON.parse(caught.output ?? '') as { key: string; err: { Error: string } };
    expect(out.key).toBe('absent');
    expect(out.err.Error).toBe(missing.error);
  });

  it('rejects invalid definitions and input', async () => {
    await expectAwsError(sfn.send(new TestStateCommand({ definition: '{not json', roleArn: ROLE })), {
      name: 'InvalidDefinition',
    });
    await expectAwsError(sfn.send(new TestStateCommand({ definition: '{"Type":"Bogus"}', roleArn: ROLE })), {
      name: 'InvalidDefinition',
    });
    await expectAwsError(
      sfn.send(new TestStateCommand({ definition: '{"Type":"Pass","End":true}', input: '{bad', roleArn: ROLE })),
      { name: 'InvalidExecutionInput' },
    );
  });
});
