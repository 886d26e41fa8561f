// Calls services make for a resource act as its execution role when IAM has the role: a Lambda handler's SDK
// (temporary credentials of an assumed-role session named after the function), Lambda's SQS polling and a state
// machine's tasks (EventBridge targets: authz-execution-roles-events.test.ts). A role IAM does not know leaves the
// call acting as the account's root. Also: Lambda code from S3.
process.env.ATOLL_SFN_TIME_SCALE = '0.01';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteRolePolicyCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  GetEventSourceMappingCommand,
  InvokeCommand,
  UpdateFunctionCodeCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { TEST_CREDENTIALS, useAtoll } from '../helpers/atoll.js';
import { receiveN } from '../helpers/events.js';
import { expectAwsError, sleep, uniqueName } from '../helpers/util.js';
import { allowRole, createQueue, createRole, ACCT } from './execution-role-helpers.js';
import { createFunction, decode, lambdaClient, waitActive, zip } from './lambda-helpers.js';

const t = useAtoll();
let iam: IAMClient;
let lambda: LambdaClient;
let sfn: SFNClient;
let s3: S3Client;

const common = { region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 };

beforeAll(() => {
  iam = new IAMClient({ endpoint: t.endpoint, ...common });
  lambda = lambdaClient(t.endpoint);
  sfn = new SFNClient({ endpoint: t.endpoint, ...common });
  s3 = new S3Client({ endpoint: t.endpoint, forcePathStyle: true, ...common });
});
afterAll(() => {
  for (const c of [iam, lambda, sfn, s3]) c.destroy();
});

const role = (service: string) => createRole(iam, service);
const allow = (roleName: string, action: string, resource: string) => allowRole(iam, roleName, action, resource);
const queue = () => createQueue(t.sqs);

/** Sends a message and reports who the handler's SDK calls as; errors are returned, not thrown. */
const SENDER = `
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
exports.handler = async (event) => {
  const who = (await new STSClient({}).send(new GetCallerIdentityCommand({}))).Arn;
  try {
    await new SQSClient({}).send(new SendMessageCommand({ QueueUrl: event.url, MessageBody: 'hi' }));
    return { who, sent: true, token: Boolean(process.env.AWS_SESSION_TOKEN) };
  } catch (err) {
    return { who, sent: false, name: err.name, message: err.message };
  }
};`;

describe('a Lambda function acts as its execution role', () => {
  it('gets AccessDenied inside the function until the role allows the call', async () => {
    const r = await role('lambda.amazonaws.com');
    const q = await queue();
    const name = uniqueName('fn');
    await createFunction(lambda, name, { 'index.js': SENDER }, { Role: r.arn, Timeout: 30 });
    const invoke = async () =>
      decode(
        (await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(q)) }))).Payload,
      ) as Record<string, unknown>;
    const session = `arn:aws:sts::${ACCT}:assumed-role/${r.name}/${name}`;

    const denied = await invoke();
    expect(denied).toMatchObject({ who: session, sent: false });
    expect(String(denied.name)).toMatch(/^AccessDenied/);
    expect(denied.message).toBe(
      `User: ${session} is not authorized to perform: sqs:SendMessage on resource: ${q.arn} because no identity-based policy allows the sqs:SendMessage action`,
    );

    await allow(r.name, 'sqs:SendMessage', q.arn);
    expect(await invoke()).toEqual({ who: session, sent: true, token: true });
    expect(await receiveN(t.sqs, q.url, 1)).toHaveLength(1);

    await iam.send(new DeleteRolePolicyCommand({ RoleName: r.name, PolicyName: 'p' }));
    expect(await invoke()).toMatchObject({ sent: false });
  });

  it('acts as the account root when the role does not exist in IAM', async () => {
    const q = await queue();
    const name = uniqueName('fn');
    await createFunction(lambda, name, { 'index.js': SENDER }, { Timeout: 30 });
    const out = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(q)) }));
    expect(decode(out.Payload)).toEqual({ who: `arn:aws:iam::${ACCT}:root`, sent: true, token: false });
  });

  it('refuses CreateFunction with a role whose trust policy does not allow Lambda', async () => {
    const r = await role('states.amazonaws.com');
    await expectAwsError(
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: uniqueName('fn'),
          Runtime: 'nodejs20.x',
          Role: r.arn,
          Handler: 'index.handler',
          Code: { ZipFile: zip({ 'index.js': 'exports.handler = async () => 1;' }) },
        }),
      ),
      {
        name: 'InvalidParameterValueException',
        status: 400,
        message: 'The role defined for the function cannot be assumed by Lambda.',
      },
    );
  });
});

describe('an SQS event source mapping polls with the execution role', () => {
  it('leaves the queue alone until the role allows receiving, then consumes it', async () => {
    const r = await role('lambda.amazonaws.com');
    const q = await queue();
    const name = uniqueName('fn');
    await createFunction(lambda, name, { 'index.js': 'exports.handler = async () => null;' }, { Role: r.arn });
    const m = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: name, EventSourceArn: q.arn }));
    await t.sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'm' }));
    const count = async () => {
      const a = await t.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: q.url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return (
        Number(a.Attributes!.ApproximateNumberOfMessages) + Number(a.Attributes!.ApproximateNumberOfMessagesNotVisible)
      );
    };
    let result: string | undefined;
    for (let i = 0; i < 300 && !result?.startsWith('PROBLEM'); i++) {
      result = (await lambda.send(new GetEventSourceMappingCommand({ UUID: m.UUID! }))).LastProcessingResult;
      if (!result?.startsWith('PROBLEM')) await sleep(100);
    }
    expect(result).toBe('PROBLEM: Function call failed');
    expect(await count()).toBe(1);

    const doc = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
          Resource: q.arn,
        },
      ],
    };
    await iam.send(
      new PutRolePolicyCommand({ RoleName: r.name, PolicyName: 'sqs', PolicyDocument: JSON.stringify(doc) }),
    );
    let left = 1;
    for (let i = 0; i < 300 && left > 0; i++) {
      left = await count();
      if (left > 0) await sleep(100);
    }
    expect(left).toBe(0);
  });
});

describe('Lambda code from S3', () => {
  it('creates and updates a function from an S3 object, and answers a missing object as AWS does', async () => {
    const bucket = uniqueName('code').toLowerCase();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const v1 = zip({ 'index.js': 'exports.handler = async () => ({ v: 1 });' });
    const v2 = zip({ 'index.js': 'exports.handler = async () => ({ v: 2 });' });
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'v1.zip', Body: v1 }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'v2.zip', Body: v2 }));
    const name = uniqueName('s3fn');
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Role: `arn:aws:iam::${ACCT}:role/made-up`,
        Handler: 'index.handler',
        Code: { S3Bucket: bucket, S3Key: 'v1.zip' },
      }),
    );
    expect(created.CodeSize).toBe(v1.length);
    await waitActive(lambda, name);
    expect(decode((await lambda.send(new InvokeCommand({ FunctionName: name }))).Payload)).toEqual({ v: 1 });

    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, S3Bucket: bucket, S3Key: 'v2.zip' }));
    await waitActive(lambda, name);
    expect(decode((await lambda.send(new InvokeCommand({ FunctionName: name }))).Payload)).toEqual({ v: 2 });

    await expectAwsError(
      lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, S3Bucket: bucket, S3Key: 'nope.zip' })),
      {
        name: 'InvalidParameterValueException',
        status: 400,
        message:
          'Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.',
      },
    );
  });
});

async function finished(arn: string) {
  for (let i = 0; i < 600; i++) {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    if (d.status !== 'RUNNING') return d;
    await sleep(50);
  }
  throw new Error(`${arn} still running`);
}

describe('a state machine acts as its role', () => {
  it('fails a task the role does not allow with the service error, and runs it once allowed', async () => {
    const r = await role('states.amazonaws.com');
    const q = await queue();
    const definition = {
      StartAt: 'Send',
      States: {
        Send: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage',
          Parameters: { QueueUrl: q.url, MessageBody: 'hi' },
          End: true,
        },
      },
    };
    const sm = await sfn.send(
      new CreateStateMachineCommand({ name: uniqueName('sm'), definition: JSON.stringify(definition), roleArn: r.arn }),
    );
    const run = async () =>
      finished(
        (await sfn.send(new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn!, name: uniqueName('x') })))
          .executionArn!,
      );

    const denied = await run();
    expect(denied.status).toBe('FAILED');
    expect(denied.error).toBe('SQS.AccessDeniedException');
    expect(denied.cause).toMatch(
      new RegExp(
        `^User: arn:aws:sts::${ACCT}:assumed-role/${r.name}/x-[^ ]+ is not authorized to perform: sqs:SendMessage`,
      ),
    );

    await allow(r.name, 'sqs:SendMessage', q.arn);
    expect((await run()).status).toBe('SUCCEEDED');
    expect(await receiveN(t.sqs, q.url, 1)).toHaveLength(1);
  });

  it('fails a task when the role does not trust Step Functions', async () => {
    const r = await role('lambda.amazonaws.com');
    await allow(r.name, 'sqs:SendMessage', '*');
    const q = await queue();
    const definition = {
      StartAt: 'Send',
      States: {
        Send: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage',
          Parameters: { QueueUrl: q.url, MessageBody: 'hi' },
          End: true,
        },
      },
    };
    const sm = await sfn.send(
      new CreateStateMachineCommand({ name: uniqueName('sm'), definition: JSON.stringify(definition), roleArn: r.arn }),
    );
    const x = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn! }));
    const done = await finished(x.executionArn!);
    expect(done).toMatchObject({
      status: 'FAILED',
      error: 'States.TaskFailed',
      cause:
        'Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.',
    });
  });

  it('runs tasks as the account root when the role does not exist in IAM', async () => {
    const q = await queue();
    const definition = {
      StartAt: 'Send',
      States: {
        Send: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage',
          Parameters: { QueueUrl: q.url, MessageBody: 'hi' },
          End: true,
        },
      },
    };
    const sm = await sfn.send(
      new CreateStateMachineCommand({
        name: uniqueName('sm'),
        definition: JSON.stringify(definition),
        roleArn: `arn:aws:iam::${ACCT}:role/made-up`,
      }),
    );
    const x = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm.stateMachineArn! }));
    expect((await finished(x.executionArn!)).status).toBe('SUCCEEDED');
  });
});
