// The order-processing saga of seed 004 (section 6.4): run verbatim, and with its Lambda tasks swapped for SQS
// sendMessage tasks (atoll's Lambda may not be running), on the success path and the compensation path.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { useAtoll } from '../helpers/atoll.js';
import { REPO_ROOT } from '../helpers/process.js';
import { sleep, uniqueName } from '../helpers/util.js';

const ctx = useAtoll();
let sfn: SFNClient;

/** The first JSON object after "# Step Functions State Machine (ASL)" in seed 004. */
interface Asl {
  States: Record<string, Record<string, unknown>>;
}

function sagaDefinition(): Asl {
  const seeds = path.join(REPO_ROOT, '..', 'shared', 'seeds');
  const file = readdirSync(seeds).find((f) => f.startsWith('004_')) ?? '';
  const text = readFileSync(path.join(seeds, file), 'utf8');
  const at = text.indexOf('# Step Functions State Machine (ASL)');
  const start = text.indexOf('{', at);
  let depth = 0;
  let end = start;
  for (; end < text.length; end++) {
    if (text[end] === '{') depth++;
    if (text[end] === '}' && --depth === 0) break;
  }
  return JSON.parse(text.slice(start, end + 1)) as Asl;
}

beforeAll(() => {
  sfn = new SFNClient({
    endpoint: ctx.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});
afterAll(() => sfn.destroy());

async function execute(definition: object, input: object) {
  const sm = await sfn.send(
    new CreateStateMachineCommand({
      name: uniqueName('saga'),
      definition: JSON.stringify(definition),
      roleArn: 'arn:aws:iam::123456789012:role/sfn',
    }),
  );
  const exec = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn, input: JSON.stringify(input) }),
  );
  let d: DescribeExecutionCommandOutput;
  for (;;) {
    d = await sfn.send(new DescribeExecutionCommand({ executionArn: exec.executionArn }));
    if (d.status !== 'RUNNING') break;
    await sleep(20);
  }
  const h = await sfn.send(new GetExecutionHistoryCommand({ executionArn: exec.executionArn, maxResults: 1000 }));
  const entered = (h.events ?? [])
    .filter((e) => e.type.endsWith('StateEntered'))
    .map((e) => e.stateEnteredEventDetails?.name);
  return { d, entered };
}

/** The saga with every Lambda task replaced by an SQS sendMessage of the state input; `failing` targets no queue. */
async function withSqs(failing?: string) {
  const def = sagaDefinition();
  const url = (await ctx.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('saga') }))).QueueUrl ?? '';
  for (const [name, st] of Object.entries(def.States)) {
    if (st.Type !== 'Task') continue;
    st.Resource = 'arn:aws:states:::sqs:sendMessage';
    st.Parameters = {
      QueueUrl: name === failing ? `${url}-does-not-exist` : url,
      MessageBody: { step: name, 'order.$': '$.orderId' },
    };
  }
  return def;
}

describe('order saga (seed 004, section 6.4)', () => {
  it('is accepted verbatim and ends in OrderFailed when its functions cannot be invoked', async () => {
    const { d, entered } = await execute(sagaDefinition(), { orderId: 'o-1' });
    expect(d.status).toBe('FAILED');
    expect(d.error).toBe('OrderProcessingFailed');
    expect(d.cause).toBe('One or more steps in the saga failed');
    expect(entered).toEqual(['ReserveInventory', 'OrderFailed']);
  });

  it('[Lambda tasks swapped for SQS sendMessage] succeeds end to end', async () => {
    const { d, entered } = await execute(await withSqs(), { orderId: 'o-2' });
    expect(d.status).toBe('SUCCEEDED');
    expect(entered).toEqual(['ReserveInventory', 'ProcessPayment', 'ShipOrder', 'OrderSucceeded']);
    const out = JSON.parse(d.output ?? '') as Record<string, { MessageId?: string }>;
    for (const k of ['inventoryResult', 'paymentResult', 'shipmentResult']) expect(out[k]?.MessageId).toBeTruthy();
  });

  it('[Lambda tasks swapped for SQS sendMessage] compensates when shipping fails', async () => {
    const { d, entered } = await execute(await withSqs('ShipOrder'), { orderId: 'o-3' });
    expect(d.status).toBe('FAILED');
    expect(d.error).toBe('OrderProcessingFailed');
    expect(entered).toEqual([
      'ReserveInventory',
      'ProcessPayment',
      'ShipOrder',
      'RefundPayment',
      'ReleaseInventory',
      'OrderFailed',
    ]);
  });
});
