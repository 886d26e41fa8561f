// RedriveExecution: a failed / aborted Standard execution resumes at the failed state with its variables; redrive
// fields in DescribeExecution / ListExecutions (redriveFilter); AWS errors; monotonic history timestamps.
process.env.ATOLL_SFN_TIME_SCALE = '0.01';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { useAtoll } from '../helpers/atoll.js';
import { expectAwsError, sleep, uniqueName } from '../helpers/util.js';

const ctx = useAtoll();
let sfn: SFNClient;
let s3: S3Client;
const ROLE = 'arn:aws:iam::000000000000:role/sfn';
const BUCKET = 'redrive-bucket';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

beforeAll(async () => {
  sfn = new SFNClient({ endpoint: ctx.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  s3 = new S3Client({ endpoint: ctx.endpoint, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(() => {
  sfn.destroy();
  s3.destroy();
});

async function machine(definition: object): Promise<string> {
  const sm = await sfn.send(
    new CreateStateMachineCommand({ name: uniqueName('rd'), definition: JSON.stringify(definition), roleArn: ROLE }),
  );
  return sm.stateMachineArn ?? '';
}

async function settled(executionArn: string, want?: string): Promise<DescribeExecutionCommandOutput> {
  const until = Date.now() + 60_000;
  for (;;) {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if ((want ? d.status === want : d.status !== 'RUNNING') || Date.now() > until) return d;
    await sleep(50);
  }
}

const fetching = {
  StartAt: 'A',
  States: {
    A: { Type: 'Pass', Assign: { greeting: 'hi' }, Result: { key: 'k1' }, Next: 'Fetch' },
    Fetch: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:s3:headObject',
      Parameters: { Bucket: BUCKET, 'Key.$': '$.key' },
      ResultSelector: { 'length.$': '$.ContentLength' },
      Next: 'Done',
    },
    Done: { Type: 'Pass', Parameters: { 'length.$': '$.length', 'greeting.$': '$greeting' }, End: true },
  },
};

describe('RedriveExecution', () => {
  it('resumes a FAILED execution at the failed state, keeping variables and history', async () => {
    const smArn = await machine(fetching);
    const ex = await sfn.send(new StartExecutionCommand({ stateMachineArn: smArn, name: 'first' }));
    const arn = ex.executionArn ?? '';
    const failed = await settled(arn);
    expect(failed.status).toBe('FAILED');
    expect(failed.redriveStatus).toBe('REDRIVABLE');
    expect(failed.redriveCount).toBe(0);

    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k1', Body: 'hello' }));
    const r = await sfn.send(new RedriveExecutionCommand({ executionArn: arn }));
    expect(r.redriveDate).toBeInstanceOf(Date);
    const done = await settled(arn, 'SUCCEEDED');
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output ?? '')).toEqual({ length: 5, greeting: 'hi' });
    expect(done.redriveCount).toBe(1);
    expect(done.redriveDate?.getTime()).toBe(r.redriveDate?.getTime());
    expect(done.redriveStatus).toBe('NOT_REDRIVABLE');
    expect(done.redriveStatusReason).toBe('Execution is SUCCEEDED and cannot be redriven');

    const h = await sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 1000 }));
    const events = h.events ?? [];
    const types = events.map((e) => e.type);
    const at = types.indexOf('ExecutionRedriven');
    expect(types.slice(0, at)).toContain('ExecutionFailed');
    expect(events[at]?.executionRedrivenEventDetails?.redriveCount).toBe(1);
    expect(types.slice(at + 1, at + 2)).toEqual(['TaskStateEntered']);
    expect(events[at + 1]?.stateEnteredEventDetails?.name).toBe('Fetch');
    expect(types.filter((t) => t === 'PassStateEntered')).toHaveLength(2); // A once, Done once
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));

    await expectAwsError(sfn.send(new RedriveExecutionCommand({ executionArn: arn })), {
      name: 'ExecutionNotRedrivable',
      message: 'Execution is SUCCEEDED and cannot be redriven',
    });

    const redriven = await sfn.send(new ListExecutionsCommand({ stateMachineArn: smArn, redriveFilter: 'REDRIVEN' }));
    expect(redriven.executions?.map((e) => e.name)).toEqual(['first']);
    expect(redriven.executions?.[0]?.redriveCount).toBe(1);
    const plain = await sfn.send(new ListExecutionsCommand({ stateMachineArn: smArn, redriveFilter: 'NOT_REDRIVEN' }));
    expect(plain.executions).toEqual([]);
  });

  it('redrives an ABORTED execution from the state that was running', async () => {
    const smArn = await machine({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Next: 'W' },
        W: { Type: 'Wait', Seconds: 100000, Next: 'B' },
        B: { Type: 'Pass', Result: 'done', End: true },
      },
    });
    const ex = await sfn.send(new StartExecutionCommand({ stateMachineArn: smArn }));
    const arn = ex.executionArn ?? '';
    await sfn.send(new StopExecutionCommand({ executionArn: arn, error: 'Stop' }));
    const aborted = await settled(arn);
    expect(aborted.status).toBe('ABORTED');
    expect(aborted.redriveStatus).toBe('REDRIVABLE');
    await sfn.send(new RedriveExecutionCommand({ executionArn: arn }));
    const running = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    expect(running.status).toBe('RUNNING');
    expect(running.redriveStatusReason).toBe('Execution is RUNNING and cannot be redriven');
    await expectAwsError(sfn.send(new RedriveExecutionCommand({ executionArn: arn })), {
      name: 'ExecutionNotRedrivable',
      message: 'Execution is RUNNING and cannot be redriven',
    });
    const h = await sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, reverseOrder: true, maxResults: 2 }));
    expect(h.events?.map((e) => e.type)).toEqual(['WaitStateEntered', 'ExecutionRedriven']);
    await sfn.send(new StopExecutionCommand({ executionArn: arn }));
  });

  it('answers ExecutionDoesNotExist and InvalidArn like AWS', async () => {
    const smArn = await machine({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });
    const missing = smArn.replace(':stateMachine:', ':execution:') + ':nope';
    await expectAwsError(sfn.send(new RedriveExecutionCommand({ executionArn: missing })), {
      name: 'ExecutionDoesNotExist',
    });
    await expectAwsError(sfn.send(new RedriveExecutionCommand({ executionArn: smArn })), { name: 'InvalidArn' });
  });
});

describe('history timestamps', () => {
  it('never go backwards and are spread over the execution', async () => {
    const smArn = await machine({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Next: 'W' },
        W: { Type: 'Wait', Seconds: 20, Next: 'B' },
        B: { Type: 'Pass', End: true },
      },
    });
    const ex = await sfn.send(new StartExecutionCommand({ stateMachineArn: smArn }));
    await settled(ex.executionArn ?? '');
    const h = await sfn.send(new GetExecutionHistoryCommand({ executionArn: ex.executionArn }));
    const times = (h.events ?? []).map((e) => e.timestamp?.getTime() ?? 0);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1] as number);
    // The Wait (20 s × 0.01) separates the events before it from those after it.
    const types = (h.events ?? []).map((e) => e.type);
    const exited = times[types.indexOf('WaitStateExited')] as number;
    expect(exited - (times[types.indexOf('WaitStateEntered')] as number)).toBeGreaterThanOrEqual(150);
  });
});
