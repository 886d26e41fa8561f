// Step Functions control plane through @aws-sdk/client-sfn: state machines, versions and aliases, validation,
// activities, tags, execution naming and listing, history paging, and the errors AWS answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateActivityCommand,
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteActivityCommand,
  DeleteStateMachineCommand,
  DeleteStateMachineVersionCommand,
  DescribeActivityCommand,
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  ListActivitiesCommand,
  ListExecutionsCommand,
  ListStateMachineAliasesCommand,
  ListStateMachinesCommand,
  ListStateMachineVersionsCommand,
  ListTagsForResourceCommand,
  PublishStateMachineVersionCommand,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import { useAtoll } from '../helpers/atoll.js';
import { expectAwsError, sleep, uniqueName } from '../helpers/util.js';

const ctx = useAtoll();
let sfn: SFNClient;
const ROLE = 'arn:aws:iam::000000000000:role/sfn';
const PASS = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
const WAIT = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } });

beforeAll(() => {
  sfn = new SFNClient({
    endpoint: ctx.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});
afterAll(() => sfn.destroy());

async function create(definition = PASS, name = uniqueName('sm')): Promise<string> {
  const res = await sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE }));
  return res.stateMachineArn ?? '';
}

describe('state machines', () => {
  it('creates, describes, updates, lists and deletes', async () => {
    const name = uniqueName('sm');
    const arn = await create(PASS, name);
    expect(arn).toBe(`arn:aws:states:us-east-1:000000000000:stateMachine:${name}`);
    // Identical request: idempotent; a different definition: StateMachineAlreadyExists.
    expect(
      (await sfn.send(new CreateStateMachineCommand({ name, definition: PASS, roleArn: ROLE }))).stateMachineArn,
    ).toBe(arn);
    await expectAwsError(sfn.send(new CreateStateMachineCommand({ name, definition: WAIT, roleArn: ROLE })), {
      name: 'StateMachineAlreadyExists',
      message: `State Machine Already Exists: '${arn}'`,
    });
    const d = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(d).toMatchObject({ name, definition: PASS, roleArn: ROLE, type: 'STANDARD', status: 'ACTIVE' });
    expect(d.loggingConfiguration).toEqual({ level: 'OFF', includeExecutionData: false });
    expect(d.creationDate).toBeInstanceOf(Date);
    const up = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: WAIT }));
    expect(up.updateDate).toBeInstanceOf(Date);
    expect((await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).definition).toBe(WAIT);
    const all = await sfn.send(new ListStateMachinesCommand({}));
    expect(all.stateMachines?.map((s) => s.stateMachineArn)).toContain(arn);
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    await expectAwsError(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })), {
      name: 'StateMachineDoesNotExist',
      message: `State Machine Does Not Exist: '${arn}'`,
    });
  });

  it('rejects invalid definitions, names and ARNs', async () => {
    await expectAwsError(
      sfn.send(
        new CreateStateMachineCommand({
          name: uniqueName('x'),
          definition: '{"StartAt":"Nope","States":{}}',
          roleArn: ROLE,
        }),
      ),
      { name: 'InvalidDefinition', message: /^Invalid State Machine Definition: / },
    );
    await expectAwsError(
      sfn.send(new CreateStateMachineCommand({ name: 'bad name', definition: PASS, roleArn: ROLE })),
      {
        name: 'InvalidName',
        message: "Invalid Name: 'bad name'",
      },
    );
    await expectAwsError(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: 'nope' })), {
      name: 'InvalidArn',
    });
    await expectAwsError(sfn.send(new UpdateStateMachineCommand({ stateMachineArn: await create() })), {
      name: 'MissingRequiredParameter',
    });
  });

  it('pages ListStateMachines', async () => {
    for (let i = 0; i < 3; i++) await create();
    const first = await sfn.send(new ListStateMachinesCommand({ maxResults: 2 }));
    expect(first.stateMachines).toHaveLength(2);
    expect(first.nextToken).toBeTruthy();
    const next = await sfn.send(new ListStateMachinesCommand({ maxResults: 2, nextToken: first.nextToken }));
    expect(next.stateMachines?.[0]?.stateMachineArn).not.toBe(first.stateMachines?.[1]?.stateMachineArn);
  });

  it('validates definitions with diagnostics', async () => {
    const ok = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: PASS }));
    expect(ok).toMatchObject({ result: 'OK', diagnostics: [] });
    const bad = await sfn.send(
      new ValidateStateMachineDefinitionCommand({ definition: '{"StartAt":"X","States":{}}' }),
    );
    expect(bad.result).toBe('FAIL');
    expect(bad.diagnostics?.[0]?.severity).toBe('ERROR');
  });

  it('publishes versions and routes aliases', async () => {
    const name = uniqueName('ver');
    const created = await sfn.send(
      new CreateStateMachineCommand({ name, definition: PASS, roleArn: ROLE, publish: true }),
    );
    const arn = created.stateMachineArn ?? '';
    expect(created.stateMachineVersionArn).toBe(`${arn}:1`);
    await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: WAIT }));
    const v2 = await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn, description: 'two' }));
    expect(v2.stateMachineVersionArn).toBe(`${arn}:2`);
    const versions = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn }));
    expect(versions.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([`${arn}:2`, `${arn}:1`]);
    const v1 = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${arn}:1` }));
    expect(v1.definition).toBe(PASS);
    const alias = await sfn.send(
      new CreateStateMachineAliasCommand({
        name: 'live',
        routingConfiguration: [{ stateMachineVersionArn: `${arn}:1`, weight: 100 }],
      }),
    );
    expect(alias.stateMachineAliasArn).toBe(`${arn}:live`);
    const da = await sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:live` }));
    expect(da.routingConfiguration).toEqual([{ stateMachineVersionArn: `${arn}:1`, weight: 100 }]);
    const la = await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn: arn }));
    expect(la.stateMachineAliases?.map((a) => a.stateMachineAliasArn)).toEqual([`${arn}:live`]);
    await expectAwsError(sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${arn}:1` })), {
      name: 'ConflictException',
    });
    // An execution through the alias runs version 1 and records both ARNs.
    const exec = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${arn}:live` }));
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn: exec.executionArn }));
    expect(d).toMatchObject({ stateMachineVersionArn: `${arn}:1`, stateMachineAliasArn: `${arn}:live` });
  });
});

describe('executions', () => {
  it('applies name uniqueness, lists, pages history and describes the machine used', async () => {
    const arn = await create(WAIT);
    const name = uniqueName('run');
    const a = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name, input: '{"x":1}' }));
    expect(a.executionArn).toBe(arn.replace(':stateMachine:', ':execution:') + `:${name}`);
    // Same name and input while open: the same execution; other input: ExecutionAlreadyExists.
    const again = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name, input: '{"x":1}' }));
    expect(again.executionArn).toBe(a.executionArn);
    await expectAwsError(sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name, input: '{"x":2}' })), {
      name: 'ExecutionAlreadyExists',
    });
    await expectAwsError(sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{oops' })), {
      name: 'InvalidExecutionInput',
    });
    await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
    const running = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'RUNNING', maxResults: 1 }),
    );
    expect(running.executions).toHaveLength(1);
    expect(running.nextToken).toBeTruthy();
    const rest = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, nextToken: running.nextToken }));
    expect(rest.executions?.[0]?.executionArn).toBe(a.executionArn);

    const h = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn: a.executionArn, reverseOrder: true, maxResults: 1 }),
    );
    expect(h.events?.[0]?.type).toBe('WaitStateEntered');
    const h2 = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn: a.executionArn,
        reverseOrder: true,
        nextToken: h.nextToken,
        includeExecutionData: false,
      }),
    );
    expect(h2.events?.[0]?.type).toBe('ExecutionStarted');
    expect(h2.events?.[0]?.executionStartedEventDetails?.input).toBeUndefined();

    await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: PASS }));
    const used = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: a.executionArn }));
    expect(used.definition).toBe(WAIT);

    const missing = a.executionArn?.replace(name, 'missing') ?? '';
    await expectAwsError(sfn.send(new DescribeExecutionCommand({ executionArn: missing })), {
      name: 'ExecutionDoesNotExist',
      message: `Execution Does Not Exist: '${missing}'`,
    });
    await expectAwsError(sfn.send(new RedriveExecutionCommand({ executionArn: a.executionArn })), {
      name: 'ExecutionNotRedrivable',
      message: 'Execution is RUNNING and cannot be redriven',
    });
  });
});

describe('activities and tags', () => {
  it('creates, lists, describes, tags and deletes activities', async () => {
    const name = uniqueName('act');
    const a = await sfn.send(new CreateActivityCommand({ name, tags: [{ key: 'team', value: 'core' }] }));
    expect(a.activityArn).toBe(`arn:aws:states:us-east-1:000000000000:activity:${name}`);
    expect((await sfn.send(new CreateActivityCommand({ name }))).activityArn).toBe(a.activityArn);
    const d = await sfn.send(new DescribeActivityCommand({ activityArn: a.activityArn }));
    expect(d.name).toBe(name);
    const list = await sfn.send(new ListActivitiesCommand({}));
    expect(list.activities?.map((x) => x.activityArn)).toContain(a.activityArn);
    await sfn.send(new TagResourceCommand({ resourceArn: a.activityArn, tags: [{ key: 'env', value: 'dev' }] }));
    await sfn.send(new UntagResourceCommand({ resourceArn: a.activityArn, tagKeys: ['team'] }));
    const tags = await sfn.send(new ListTagsForResourceCommand({ resourceArn: a.activityArn }));
    expect(tags.tags).toEqual([{ key: 'env', value: 'dev' }]);
    // A long poll with nothing scheduled ends empty when the client gives up; here: abort after 200 ms.
    const controller = new AbortController();
    const poll = sfn.send(new GetActivityTaskCommand({ activityArn: a.activityArn }), {
      abortSignal: controller.signal,
    });
    await sleep(200);
    controller.abort();
    await expect(poll).rejects.toThrow();
    await sfn.send(new DeleteActivityCommand({ activityArn: a.activityArn }));
    await expectAwsError(sfn.send(new DescribeActivityCommand({ activityArn: a.activityArn })), {
      name: 'ActivityDoesNotExist',
    });
    await expectAwsError(sfn.send(new ListTagsForResourceCommand({ resourceArn: a.activityArn })), {
      name: 'ResourceNotFound',
    });
  });
});
