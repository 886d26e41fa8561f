// Durability of Standard executions: kill -9 the CLI mid-execution, restart it on the same state dir, and the
// execution resumes from its last committed transition (its pending Wait timer and task jobs survive).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { CreateQueueCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sqsClient } from '../helpers/atoll.js';
import { type AtollProcess, freePort, killCli, startCli } from '../helpers/process.js';
import { sleep } from '../helpers/util.js';

const dirs: string[] = [];
const running: AtollProcess[] = [];
const clients: Array<SFNClient | SQSClient> = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const p of running.splice(0)) await killCli(p);
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function start(port: number, dir: string) {
  const proc = await startCli(['--port', String(port), '--host', '127.0.0.1', '--state-dir', dir]);
  running.push(proc);
  const sfn = new SFNClient({
    endpoint: proc.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  const sqs = sqsClient(proc.endpoint);
  clients.push(sfn, sqs);
  return { proc, sfn, sqs };
}

describe('Step Functions crash recovery (kill -9)', () => {
  it('resumes a Standard execution from its last transition after SIGKILL mid-wait', async () => {
    const port = await freePort();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'atoll-sfn-crash-'));
    dirs.push(dir);
    let { proc, sfn, sqs } = await start(port, dir);
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'after-wait' }))).QueueUrl ?? '';
    const sm = await sfn.send(
      new CreateStateMachineCommand({
        name: 'durable',
        roleArn: 'arn:aws:iam::000000000000:role/sfn',
        definition: JSON.stringify({
          StartAt: 'Before',
          States: {
            Before: { Type: 'Pass', Result: 'before', ResultPath: '$.before', Next: 'Wait' },
            Wait: { Type: 'Wait', Seconds: 3, Next: 'Notify' },
            Notify: {
              Type: 'Task',
              Resource: 'arn:aws:states:::sqs:sendMessage',
              Parameters: { QueueUrl: url, 'MessageBody.$': '$' },
              ResultSelector: { 'sent.$': '$.MessageId' },
              ResultPath: '$.notify',
              End: true,
            },
          },
        }),
      }),
    );
    const exec = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn, name: 'run-1', input: '{"id":42}' }),
    );
    await sleep(800);
    const mid = await sfn.send(new DescribeExecutionCommand({ executionArn: exec.executionArn }));
    expect(mid.status).toBe('RUNNING');

    expect(await killCli(proc)).toBe('SIGKILL');
    ({ proc, sfn, sqs } = await start(port, dir));

    let status = 'RUNNING';
    let output = '';
    const until = Date.now() + 15_000;
    while (status === 'RUNNING' && Date.now() < until) {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn: exec.executionArn }));
      status = d.status ?? '';
      output = d.output ?? '';
      if (status === 'RUNNING') await sleep(100);
    }
    expect(status, proc.output()).toBe('SUCCEEDED');
    const out = JSON.parse(output) as { id: number; before: string; notify: { sent: string } };
    expect(out).toMatchObject({ id: 42, before: 'before' });
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }));
    expect(got.Messages?.[0]?.MessageId).toBe(out.notify.sent);
    const h = await sfn.send(new GetExecutionHistoryCommand({ executionArn: exec.executionArn }));
    const types = (h.events ?? []).map((e) => e.type);
    expect(types).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'WaitStateEntered',
      'WaitStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    // Ids are contiguous: nothing was recorded twice across the restart.
    expect((h.events ?? []).map((e) => e.id)).toEqual(types.map((_, i) => i + 1));
  });
});
