// EventBridge buses, rules, targets, permissions and tags through the SDK, with AWS's errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  type EventBridgeClient,
  ListEventBusesCommand,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutPermissionCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemovePermissionCommand,
  RemoveTargetsCommand,
  TagResourceCommand,
  TestEventPatternCommand,
  UntagResourceCommand,
  CreateEventBusCommandOutput,
} from '@aws-sdk/client-eventbridge';
import { useAtoll } from '../helpers/atoll.js';
import { eventsClient } from '../helpers/events.js';
import { expectAwsError } from '../helpers/util.js';

const t = useAtoll();
let eb: EventBridgeClient;
const ACCT = '000000000000';

beforeAll(() => {
  eb = eventsClient(t.endpoint);
});
afterAll(() => eb.destroy());

describe('event buses', () => {
  it('has an implicit default bus', async () => {
    const d = await eb.send(new DescribeEventBusCommand({}));
    expect(d.Name).toBe('default');
    expect(d.Arn).toBe(`arn:aws:events:us-east-1:${ACCT}:event-bus/default`);
    const list = await eb.send(new ListEventBusesCommand({}));
    expect(list.EventBuses?.map((b) => b.Name)).toContain('default');
  });

  it('creates, lists with a prefix and pages, describes and deletes custom buses', async () => {
    const made: CreateEventBusCommandOutput = await eb.send(
      new CreateEventBusCommand({ Name: 'orders-bus', Description: 'orders' }),
    );
    expect(made.EventBusArn).toBe(`arn:aws:events:us-east-1:${ACCT}:event-bus/orders-bus`);
    await eb.send(new CreateEventBusCommand({ Name: 'orders-bus-2' }));
    await expectAwsError(eb.send(new CreateEventBusCommand({ Name: 'orders-bus' })), {
      name: 'ResourceAlreadyExistsException',
      status: 400,
      message: 'Event bus orders-bus already exists.',
    });
    const p1 = await eb.send(new ListEventBusesCommand({ NamePrefix: 'orders', Limit: 1 }));
    expect(p1.EventBuses?.map((b) => b.Name)).toEqual(['orders-bus']);
    const p2 = await eb.send(new ListEventBusesCommand({ NamePrefix: 'orders', Limit: 1, NextToken: p1.NextToken }));
    expect(p2.EventBuses?.map((b) => b.Name)).toEqual(['orders-bus-2']);
    expect(p2.NextToken).toBeUndefined();
    const d = await eb.send(new DescribeEventBusCommand({ Name: 'orders-bus' }));
    expect(d.Description).toBe('orders');
    await eb.send(new DeleteEventBusCommand({ Name: 'orders-bus-2' }));
    await expectAwsError(eb.send(new DescribeEventBusCommand({ Name: 'orders-bus-2' })), {
      name: 'ResourceNotFoundException',
      message: 'Event bus orders-bus-2 does not exist.',
    });
    await expectAwsError(eb.send(new DeleteEventBusCommand({ Name: 'default' })), {
      name: 'ValidationException',
      message: 'Cannot delete event bus default.',
    });
  });

  it('manages the bus policy with PutPermission and RemovePermission', async () => {
    await eb.send(new CreateEventBusCommand({ Name: 'shared' }));
    await eb.send(
      new PutPermissionCommand({
        EventBusName: 'shared',
        Action: 'events:PutEvents',
        Principal: '111111111111',
        StatementId: 'acct1',
      }),
    );
    await eb.send(
      new PutPermissionCommand({
        EventBusName: 'shared',
        Action: 'events:PutEvents',
        Principal: '*',
        StatementId: 'org',
        Condition: { Type: 'StringEquals', Key: 'aws:PrincipalOrgID', Value: 'o-abc123' },
      }),
    );
    const d = await eb.send(new DescribeEventBusCommand({ Name: 'shared' }));
    const policy = JSON.parse(d.Policy ?? '{}') as { Statement: Array<Record<string, unknown>> };
    expect(policy.Statement).toEqual([
      {
        Sid: 'acct1',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:root' },
        Action: 'events:PutEvents',
        Resource: `arn:aws:events:us-east-1:${ACCT}:event-bus/shared`,
      },
      {
        Sid: 'org',
        Effect: 'Allow',
        Principal: '*',
        Action: 'events:PutEvents',
        Resource: `arn:aws:events:us-east-1:${ACCT}:event-bus/shared`,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
      },
    ]);
    await eb.send(new RemovePermissionCommand({ EventBusName: 'shared', StatementId: 'acct1' }));
    await expectAwsError(eb.send(new RemovePermissionCommand({ EventBusName: 'shared', StatementId: 'acct1' })), {
      name: 'ResourceNotFoundException',
      message: 'Statement with the provided id does not exist.',
    });
    await eb.send(new RemovePermissionCommand({ EventBusName: 'shared', RemoveAllPermissions: true }));
    expect((await eb.send(new DescribeEventBusCommand({ Name: 'shared' }))).Policy).toBeUndefined();
  });
});

describe('rules', () => {
  it('puts, describes, lists, disables and deletes rules', async () => {
    const pattern = JSON.stringify({ source: ['my.app'] });
    const put = await eb.send(new PutRuleCommand({ Name: 'r1', EventPattern: pattern, Description: 'd' }));
    expect(put.RuleArn).toBe(`arn:aws:events:us-east-1:${ACCT}:rule/r1`);
    const d = await eb.send(new DescribeRuleCommand({ Name: 'r1' }));
    expect(d).toMatchObject({
      Name: 'r1',
      Arn: put.RuleArn,
      EventPattern: pattern,
      State: 'ENABLED',
      Description: 'd',
      EventBusName: 'default',
      CreatedBy: ACCT,
    });
    await eb.send(new DisableRuleCommand({ Name: 'r1' }));
    expect((await eb.send(new DescribeRuleCommand({ Name: 'r1' }))).State).toBe('DISABLED');
    const listed = await eb.send(new ListRulesCommand({ NamePrefix: 'r' }));
    expect(listed.Rules?.map((r) => r.Name)).toContain('r1');
    await eb.send(new DeleteRuleCommand({ Name: 'r1' }));
    await expectAwsError(eb.send(new DescribeRuleCommand({ Name: 'r1' })), {
      name: 'ResourceNotFoundException',
      message: 'Rule r1 does not exist on EventBus default.',
    });
    await eb.send(new DeleteRuleCommand({ Name: 'r1' })); // deleting a missing rule succeeds
  });

  it('uses the bus name in ARNs of rules on custom buses', async () => {
    await eb.send(new CreateEventBusCommand({ Name: 'custom' }));
    const put = await eb.send(
      new PutRuleCommand({ Name: 'c1', EventBusName: 'custom', EventPattern: '{"source":["x"]}' }),
    );
    expect(put.RuleArn).toBe(`arn:aws:events:us-east-1:${ACCT}:rule/custom/c1`);
  });

  it('validates patterns and schedules with AWS messages', async () => {
    await expectAwsError(eb.send(new PutRuleCommand({ Name: 'bad' })), {
      name: 'ValidationException',
      message: 'Parameter(s) EventPattern or ScheduleExpression must be specified.',
    });
    await expectAwsError(eb.send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"source":"x"}' })), {
      name: 'InvalidEventPatternException',
      message: /^Event pattern is not valid\. Reason: /,
    });
    for (const expr of [
      'rate(1 minutes)',
      'rate(0 minutes)',
      'rate(5 minute)',
      'cron(0 12 * * *)',
      'cron(0 12 * * ? ? *)',
      'cron(0 12 * * 1 *)',
      'every day',
    ]) {
      await expectAwsError(eb.send(new PutRuleCommand({ Name: 'bad', ScheduleExpression: expr })), {
        name: 'ValidationException',
        message: 'Parameter ScheduleExpression is not valid.',
      });
    }
    for (const expr of [
      'rate(1 minute)',
      'rate(5 minutes)',
      'cron(0 12 * * ? *)',
      'cron(0/15 8-17 ? * MON-FRI *)',
      'cron(0 10 L * ? *)',
      'cron(0 10 ? * 6#3 *)',
      'cron(0 10 15W * ? 2030)',
    ]) {
      await eb.send(new PutRuleCommand({ Name: 'good', ScheduleExpression: expr }));
    }
    await expectAwsError(
      eb.send(new PutRuleCommand({ Name: 's', EventBusName: 'custom', ScheduleExpression: 'rate(1 minute)' })),
      { name: 'ValidationException', message: 'ScheduleExpression is supported only on the default event bus.' },
    );
    await expectAwsError(eb.send(new PutRuleCommand({ Name: 's', EventBusName: 'nope', EventPattern: '{"a":[1]}' })), {
      name: 'ResourceNotFoundException',
      message: 'Event bus nope does not exist.',
    });
  });

  it('answers TestEventPattern with the pattern engine', async () => {
    const event = JSON.stringify({
      id: '1',
      account: ACCT,
      source: 'my.app',
      time: '2024-01-01T00:00:00Z',
      region: 'us-east-1',
      'detail-type': 'x',
      detail: { n: 5 },
    });
    const yes = await eb.send(
      new TestEventPatternCommand({ EventPattern: '{"detail":{"n":[{"numeric":[">",3]}]}}', Event: event }),
    );
    expect(yes.Result).toBe(true);
    const no = await eb.send(new TestEventPatternCommand({ EventPattern: '{"source":["other"]}', Event: event }));
    expect(no.Result).toBe(false);
    await expectAwsError(eb.send(new TestEventPatternCommand({ EventPattern: '{"source":["x"]}', Event: '{}' })), {
      name: 'ValidationException',
      message: 'Parameter Event is not valid.',
    });
  });
});

describe('targets', () => {
  it('puts, lists, finds by target and removes targets; a rule with targets cannot be deleted', async () => {
    await eb.send(new PutRuleCommand({ Name: 'tr', EventPattern: '{"source":["a"]}' }));
    const qArn = `arn:aws:sqs:us-east-1:${ACCT}:some-queue`;
    const res = await eb.send(
      new PutTargetsCommand({ Rule: 'tr', Targets: [{ Id: 't1', Arn: qArn, Input: '{"a":1}' }] }),
    );
    expect(res.FailedEntryCount).toBe(0);
    expect(res.FailedEntries).toEqual([]);
    const list = await eb.send(new ListTargetsByRuleCommand({ Rule: 'tr' }));
    expect(list.Targets).toEqual([{ Id: 't1', Arn: qArn, Input: '{"a":1}' }]);
    const names = await eb.send(new ListRuleNamesByTargetCommand({ TargetArn: qArn }));
    expect(names.RuleNames).toEqual(['tr']);
    await expectAwsError(eb.send(new DeleteRuleCommand({ Name: 'tr' })), {
      name: 'ValidationException',
      message: "Rule can't be deleted since it has targets.",
    });
    await eb.send(new RemoveTargetsCommand({ Rule: 'tr', Ids: ['t1'] }));
    await eb.send(new DeleteRuleCommand({ Name: 'tr' }));
  });

  it('rejects targets on missing rules, FIFO queues without a group id, and more than five targets', async () => {
    await expectAwsError(
      eb.send(
        new PutTargetsCommand({ Rule: 'missing', Targets: [{ Id: 'x', Arn: 'arn:aws:sqs:us-east-1:000000000000:q' }] }),
      ),
      { name: 'ResourceNotFoundException', message: 'Rule missing does not exist on EventBus default.' },
    );
    await eb.send(new PutRuleCommand({ Name: 'lim', EventPattern: '{"source":["a"]}' }));
    await expectAwsError(
      eb.send(
        new PutTargetsCommand({ Rule: 'lim', Targets: [{ Id: 'f', Arn: `arn:aws:sqs:us-east-1:${ACCT}:q.fifo` }] }),
      ),
      { name: 'ValidationException', message: 'Parameter(s) SqsParameters must be specified for target: f.' },
    );
    const six = Array.from({ length: 6 }, (_, i) => ({ Id: `t${i}`, Arn: `arn:aws:sqs:us-east-1:${ACCT}:q${i}` }));
    await expectAwsError(eb.send(new PutTargetsCommand({ Rule: 'lim', Targets: six })), {
      name: 'LimitExceededException',
    });
  });
});

describe('tags', () => {
  it('tags rules and buses', async () => {
    const arn = (
      await eb.send(
        new PutRuleCommand({ Name: 'tagged', EventPattern: '{"source":["a"]}', Tags: [{ Key: 'a', Value: '1' }] }),
      )
    ).RuleArn!;
    await eb.send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'b', Value: '2' }] }));
    await eb.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ['a'] }));
    expect((await eb.send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags).toEqual([
      { Key: 'b', Value: '2' },
    ]);
    const bus = (await eb.send(new CreateEventBusCommand({ Name: 'tagbus', Tags: [{ Key: 'env', Value: 'dev' }] })))
      .EventBusArn!;
    expect((await eb.send(new ListTagsForResourceCommand({ ResourceARN: bus }))).Tags).toEqual([
      { Key: 'env', Value: 'dev' },
    ]);
    await expectAwsError(
      eb.send(new ListTagsForResourceCommand({ ResourceARN: `arn:aws:events:us-east-1:${ACCT}:rule/none` })),
      { name: 'ResourceNotFoundException', message: 'Rule none does not exist on EventBus default.' },
    );
  });
});
