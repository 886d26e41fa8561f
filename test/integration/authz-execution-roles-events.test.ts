// EventBridge targets with a RoleArn are delivered as a session of that role when IAM has it (session name = the
// rule name): the role's policies decide, and a denial or a role that does not trust events.amazonaws.com
// dead-letters at once with NO_PERMISSIONS.
process.env.ATOLL_SFN_TIME_SCALE = '0.01';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IAMClient } from '@aws-sdk/client-iam';
import { CreateStateMachineCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import {
  CreateEventBusCommand,
  PutRuleCommand,
  PutTargetsCommand,
  PutEventsCommand,
  type EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { TEST_CREDENTIALS, useAtoll } from '../helpers/atoll.js';
import { eventsClient, receiveN } from '../helpers/events.js';
import { sleep, uniqueName } from '../helpers/util.js';
import { ACCT, allowRole, createQueue, createRole } from './execution-role-helpers.js';

const t = useAtoll();
let iam: IAMClient;
let sfn: SFNClient;
let eb: EventBridgeClient;
const common = { region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 };

beforeAll(() => {
  iam = new IAMClient({ endpoint: t.endpoint, ...common });
  sfn = new SFNClient({ endpoint: t.endpoint, ...common });
  eb = eventsClient(t.endpoint);
});
afterAll(() => {
  for (const c of [iam, sfn, eb]) c.destroy();
});

const role = (service: string) => createRole(iam, service);
const allow = (roleName: string, action: string, resource: string) => allowRole(iam, roleName, action, resource);
const queue = () => createQueue(t.sqs);

describe('an EventBridge target acts as its RoleArn', () => {
  async function pass(): Promise<string> {
    const definition = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    const sm = await sfn.send(
      new CreateStateMachineCommand({
        name: uniqueName('sm'),
        definition: JSON.stringify(definition),
        roleArn: `arn:aws:iam::${ACCT}:role/made-up`,
      }),
    );
    return sm.stateMachineArn!;
  }

  it('dead-letters a delivery the role does not allow (NO_PERMISSIONS, no retries)', async () => {
    const r = await role('events.amazonaws.com');
    const dlq = await queue();
    const target = await pass();
    const rule = uniqueName('rule');
    const source = uniqueName('src');
    await eb.send(new PutRuleCommand({ Name: rule, EventPattern: JSON.stringify({ source: [source] }) }));
    await eb.send(
      new PutTargetsCommand({
        Rule: rule,
        Targets: [{ Id: 'sm', Arn: target, RoleArn: r.arn, DeadLetterConfig: { Arn: dlq.arn } }],
      }),
    );
    const put = await eb.send(new PutEventsCommand({ Entries: [{ Source: source, DetailType: 't', Detail: '{}' }] }));
    const [msg] = await receiveN(t.sqs, dlq.url, 1, 30_000);
    expect(JSON.parse(msg!.Body!).id).toBe(put.Entries![0]!.EventId);
    const attrs = msg!.MessageAttributes!;
    expect(attrs.ERROR_CODE?.StringValue).toBe('NO_PERMISSIONS');
    expect(attrs.ERROR_MESSAGE?.StringValue).toContain(
      `assumed-role/${r.name}/${rule} is not authorized to perform: states:StartExecution on resource: ${target}`,
    );
    expect(attrs.RETRY_ATTEMPTS?.StringValue).toBe('0');
    expect(attrs.TARGET_ARN?.StringValue).toBe(target);
  });

  it('dead-letters a delivery whose role does not trust events.amazonaws.com', async () => {
    const r = await role('lambda.amazonaws.com');
    await allow(r.name, 'states:StartExecution', '*');
    const dlq = await queue();
    const target = await pass();
    const rule = uniqueName('rule');
    const source = uniqueName('src');
    await eb.send(new PutRuleCommand({ Name: rule, EventPattern: JSON.stringify({ source: [source] }) }));
    await eb.send(
      new PutTargetsCommand({
        Rule: rule,
        Targets: [{ Id: 'sm', Arn: target, RoleArn: r.arn, DeadLetterConfig: { Arn: dlq.arn } }],
      }),
    );
    await eb.send(new PutEventsCommand({ Entries: [{ Source: source, DetailType: 't', Detail: '{}' }] }));
    const [msg] = await receiveN(t.sqs, dlq.url, 1, 30_000);
    expect(msg!.MessageAttributes!.ERROR_CODE?.StringValue).toBe('NO_PERMISSIONS');
    expect(msg!.MessageAttributes!.ERROR_MESSAGE?.StringValue).toBe(
      `User: events.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: ${r.arn}`,
    );
  });

  it('dead-letters a bus-to-bus forward the role does not allow, and forwards once it does', async () => {
    const r = await role('events.amazonaws.com');
    const dlq = await queue();
    const sink = await queue();
    const busName = uniqueName('bus');
    const bus = (await eb.send(new CreateEventBusCommand({ Name: busName }))).EventBusArn!;
    const source = uniqueName('src');
    await eb.send(
      new PutRuleCommand({ Name: 'sink', EventBusName: busName, EventPattern: JSON.stringify({ source: [source] }) }),
    );
    await eb.send(
      new PutTargetsCommand({ Rule: 'sink', EventBusName: busName, Targets: [{ Id: 'q', Arn: sink.arn }] }),
    );
    const rule = uniqueName('rule');
    await eb.send(new PutRuleCommand({ Name: rule, EventPattern: JSON.stringify({ source: [source] }) }));
    await eb.send(
      new PutTargetsCommand({
        Rule: rule,
        Targets: [{ Id: 'b', Arn: bus, RoleArn: r.arn, DeadLetterConfig: { Arn: dlq.arn } }],
      }),
    );
    await eb.send(new PutEventsCommand({ Entries: [{ Source: source, DetailType: 't', Detail: '{}' }] }));
    const [msg] = await receiveN(t.sqs, dlq.url, 1, 30_000);
    expect(msg!.MessageAttributes!.ERROR_CODE?.StringValue).toBe('NO_PERMISSIONS');
    expect(msg!.MessageAttributes!.ERROR_MESSAGE?.StringValue).toBe(
      `User: arn:aws:sts::${ACCT}:assumed-role/${r.name}/${rule} is not authorized to perform: events:PutEvents on resource: ${bus}`,
    );

    await allow(r.name, 'events:PutEvents', bus);
    const put = await eb.send(new PutEventsCommand({ Entries: [{ Source: source, DetailType: 't', Detail: '{}' }] }));
    const [fwd] = await receiveN(t.sqs, sink.url, 1, 30_000);
    expect(JSON.parse(fwd!.Body!).id).toBe(put.Entries![0]!.EventId);
  });

  it('starts the execution once the role allows states:StartExecution', async () => {
    const r = await role('events.amazonaws.com');
    const target = await pass();
    await allow(r.name, 'states:StartExecution', target);
    const rule = uniqueName('rule');
    const source = uniqueName('src');
    await eb.send(new PutRuleCommand({ Name: rule, EventPattern: JSON.stringify({ source: [source] }) }));
    await eb.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: 'sm', Arn: target, RoleArn: r.arn }] }));
    await eb.send(new PutEventsCommand({ Entries: [{ Source: source, DetailType: 't', Detail: '{}' }] }));
    for (let i = 0; i < 600; i++) {
      const list = await sfn.send(new ListExecutionsCommand({ stateMachineArn: target }));
      if ((list.executions ?? []).length > 0) return;
      await sleep(50);
    }
    throw new Error('no execution started');
  });
});
