// Executions end to end through @aws-sdk/client-sfn: state types, Retry/Catch, callbacks via SQS, activities,
// nested executions, history events. Waits run 100× faster (ATOLL_SFN_TIME_SCALE=0.01).
process.env.ATOLL_SFN_TIME_SCALE = '0.01';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { useAtoll } from '../helpers/atoll.js';
import { expectAwsError, sleep, uniqueName } from '../helpers/util.js';

const ctx = useAtoll();
let sfn: SFNClient;
const ROLE = 'arn:aws:iam::000000000000:role/sfn';

beforeAll(() => {
  sfn = new SFNClient({
    endpoint: ctx.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    // StartSyncExecution carries a `sync-` host prefix; atoll serves it on its one endpoint.
    disableHostPrefix: true,
  });
});
afterAll(() => sfn.destroy());

async function machine(definition: object, type: 'STANDARD' | 'EXPRESS' = 'STANDARD'): Promise<string> {
  const res = await sfn.send(
    new CreateStateMachineCommand({
      name: uniqueName('sm'),
      definition: JSON.stringify(definition),
      roleArn: ROLE,
      type,
    }),
  );
  return res.stateMachineArn ?? '';
}

async function finished(executionArn: string, timeoutMs = 10_000): Promise<DescribeExecutionCommandOutput> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== 'RUNNING' || Date.now() > until) return d;
    await sleep(20);
  }
}

async function run(definition: object, input: unknown = {}) {
  const sm = await machine(definition);
  const start = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm, input: JSON.stringify(input) }));
  const d = await finished(start.executionArn ?? '');
  return { sm, arn: start.executionArn ?? '', d, history: await history(start.executionArn ?? '') };
}

async function history(executionArn: string): Promise<HistoryEvent[]> {
  const res = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return res.events ?? [];
}

const types = (h: HistoryEvent[]) => h.map((e) => e.type);

describe('state types', () => {
  it('runs Pass, Choice, Succeed with the right history', async () => {
    const { d, history: h } = await run(
      {
        StartAt: 'P',
        States: {
          P: { Type: 'Pass', Result: { n: 3 }, ResultPath: '$.r', Next: 'C' },
          C: {
            Type: 'Choice',
            Choices: [{ Variable: '$.r.n', NumericGreaterThan: 2, Next: 'Big' }],
            Default: 'Small',
          },
          Big: { Type: 'Succeed' },
          Small: { Type: 'Fail', Error: 'Small' },
        },
      },
      { a: 1 },
    );
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output ?? '')).toEqual({ a: 1, r: { n: 3 } });
    expect(types(h)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(h[0]?.timestamp).toBeInstanceOf(Date);
    expect(h[1]?.previousEventId).toBe(1);
  });

  it('fails on a Fail state with its error and cause', async () => {
    const { d, history: h } = await run({
      StartAt: 'F',
      States: { F: { Type: 'Fail', Error: 'Boom', Cause: 'because' } },
    });
    expect(d.status).toBe('FAILED');
    expect(d.error).toBe('Boom');
    expect(d.cause).toBe('because');
    expect(types(h)).toEqual(['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed']);
  });

  it('waits in a Wait state (scaled) and then continues', async () => {
    const { d, history: h } = await run({
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 50, Next: 'Done' }, Done: { Type: 'Pass', End: true } },
    });
    expect(d.status).toBe('SUCCEEDED');
    expect(types(h)).toContain('WaitStateExited');
  });

  it('runs Parallel branches and a Map over items', async () => {
    const { d, history: h } = await run(
      {
        StartAt: 'Par',
        States: {
          Par: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'A', States: { A: { Type: 'Pass', Result: 'a', End: true } } },
              { StartAt: 'B', States: { B: { Type: 'Wait', Seconds: 10, End: true } } },
            ],
            ResultPath: '$.par',
            Next: 'Map',
          },
          Map: {
            Type: 'Map',
            ItemsPath: '$.items',
            ItemProcessor: {
              StartAt: 'Double',
              States: { Double: { Type: 'Pass', Parameters: { 'v.$': 'States.MathAdd($, $)' }, End: true } },
            },
            ResultPath: '$.doubled',
            End: true,
          },
        },
      },
      { items: [1, 2, 3] },
    );
    expect(d.status).toBe('SUCCEEDED');
    const out = JSON.parse(d.output ?? '') as { par: unknown[]; doubled: unknown[] };
    expect(out.par).toEqual(['a', { items: [1, 2, 3] }]);
    expect(out.doubled).toEqual([{ v: 2 }, { v: 4 }, { v: 6 }]);
    expect(types(h)).toEqual(
      expect.arrayContaining([
        'ParallelStateStarted',
        'ParallelStateSucceeded',
        'MapStateStarted',
        'MapIterationSucceeded',
        'MapStateSucceeded',
      ]),
    );
  });
});

describe('Retry and Catch', () => {
  it('retries a failing task, then catches into a fallback', async () => {
    const { d, history: h } = await run({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage',
          Parameters: { QueueUrl: 'http://localhost/000000000000/missing-queue', MessageBody: 'x' },
          Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2 }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.err', Next: 'Fallback' }],
          End: true,
        },
        Fallback: { Type: 'Pass', End: true },
      },
    });
    expect(d.status).toBe('SUCCEEDED');
    const out = JSON.parse(d.output ?? '') as { err: { Error: string; Cause: string } };
    expect(out.err.Error).toMatch(/^SQS\./);
    expect(types(h).filter((t) => t === 'TaskFailed')).toHaveLength(3);
  });
});

describe('integrations', () => {
  it('sends an SQS message with .waitForTaskToken and resumes on SendTaskSuccess', async () => {
    const url = (await ctx.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('cb') }))).QueueUrl ?? '';
    const sm = await machine({
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: { QueueUrl: url, MessageBody: { 'token.$': '$$.Task.Token', 'order.$': '$.order' } },
          HeartbeatSeconds: 600,
          ResultPath: '$.answer',
          End: true,
        },
      },
    });
    const start = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm, input: '{"order":7}' }));
    let body: { token: string; order: number } | undefined;
    for (let i = 0; i < 50 && !body; i++) {
      const got = await ctx.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }));
      const m = got.Messages?.[0];
      if (m?.Body) body = JSON.parse(m.Body) as { token: string; order: number };
    }
    expect(body?.order).toBe(7);
    const token = body?.token ?? '';
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"ok":true}' }));
    const d = await finished(start.executionArn ?? '');
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output ?? '')).toEqual({ order: 7, answer: { ok: true } });
    // The task is closed now.
    await expectAwsError(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })), {
      name: 'TaskTimedOut',
    });
    await expectAwsError(sfn.send(new SendTaskFailureCommand({ taskToken: 'not-a-token' })), { name: 'InvalidToken' });
  });

  it('times out a callback task that gets no heartbeat', async () => {
    const url = (await ctx.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('hb') }))).QueueUrl ?? '';
    const { d, history: h } = await run({
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: { QueueUrl: url, MessageBody: { 'token.$': '$$.Task.Token' } },
          HeartbeatSeconds: 5,
          End: true,
        },
      },
    });
    expect(d.status).toBe('FAILED');
    expect(d.error).toBe('States.HeartbeatTimeout');
    expect(types(h)).toContain('TaskTimedOut');
  });

  it('hands an activity task to GetActivityTask and fails the execution on SendTaskFailure', async () => {
    const act = await sfn.send(new CreateActivityCommand({ name: uniqueName('act') }));
    const sm = await machine({
      StartAt: 'Work',
      States: { Work: { Type: 'Task', Resource: act.activityArn, End: true } },
    });
    const poll = sfn.send(new GetActivityTaskCommand({ activityArn: act.activityArn, workerName: 'w1' }));
    await sleep(50);
    const start = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm, input: '{"job":1}' }));
    const task = await poll;
    expect(JSON.parse(task.input ?? '')).toEqual({ job: 1 });
    await sfn.send(new SendTaskFailureCommand({ taskToken: task.taskToken, error: 'WorkerError', cause: 'nope' }));
    const d = await finished(start.executionArn ?? '');
    expect(d.status).toBe('FAILED');
    expect(d.error).toBe('WorkerError');
    const h = types(await history(start.executionArn ?? ''));
    expect(h).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'ActivityScheduled',
      'ActivityStarted',
      'ActivityFailed',
      'ExecutionFailed',
    ]);
  });

  it('runs a nested execution with startExecution.sync:2 and .sync', async () => {
    const child = await machine({
      StartAt: 'W',
      States: {
        W: { Type: 'Wait', Seconds: 10, Next: 'P' },
        P: { Type: 'Pass', Result: { child: 'done' }, End: true },
      },
    });
    const { d, history: h } = await run({
      StartAt: 'Sync2',
      States: {
        Sync2: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.sync:2',
          Parameters: { StateMachineArn: child, Input: { from: 'parent' } },
          ResultSelector: { 'out.$': '$.Output', 'status.$': '$.Status' },
          ResultPath: '$.two',
          Next: 'Sync',
        },
        Sync: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.sync',
          Parameters: { StateMachineArn: child },
          ResultSelector: { 'out.$': '$.Output' },
          ResultPath: '$.one',
          End: true,
        },
      },
    });
    expect(d.status).toBe('SUCCEEDED');
    const out = JSON.parse(d.output ?? '') as { two: unknown; one: unknown };
    expect(out.two).toEqual({ out: { child: 'done' }, status: 'SUCCEEDED' });
    expect(out.one).toEqual({ out: '{"child":"done"}' });
    expect(types(h)).toContain('TaskSubmitted');
    const children = await sfn.send(new ListExecutionsCommand({ stateMachineArn: child }));
    expect(children.executions?.map((e) => e.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  });
});

describe('StopExecution and StartSyncExecution', () => {
  it('aborts a waiting execution', async () => {
    const sm = await machine({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 100_000, End: true } } });
    const start = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm }));
    const stop = await sfn.send(new StopExecutionCommand({ executionArn: start.executionArn, error: 'E', cause: 'C' }));
    expect(stop.stopDate).toBeInstanceOf(Date);
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn: start.executionArn }));
    expect(d).toMatchObject({ status: 'ABORTED', error: 'E', cause: 'C' });
    expect(types(await history(start.executionArn ?? '')).slice(-2)).toEqual(['WaitStateAborted', 'ExecutionAborted']);
  });

  it('runs an EXPRESS machine synchronously', async () => {
    const sm = await machine(
      { StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'sum.$': 'States.MathAdd($.a, $.b)' }, End: true } } },
      'EXPRESS',
    );
    const res = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: sm, input: '{"a":2,"b":3}' }));
    expect(res.status).toBe('SUCCEEDED');
    expect(JSON.parse(res.output ?? '')).toEqual({ sum: 5 });
    expect(res.executionArn).toMatch(/^arn:aws:states:us-east-1:000000000000:express:/);
    const standard = await machine({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    await expectAwsError(sfn.send(new StartSyncExecutionCommand({ stateMachineArn: standard })), {
      name: 'StateMachineTypeNotSupported',
    });
  });
});
