// The recorder and event history: buffered writes (one transaction per batch), LookupEvents filters, paging and
// scoping, data events kept only for trails that select them, and CloudWatch Logs delivery jobs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Operations } from '../../../generated/cloudtrail/types.js';
import { Scheduler } from '../../../src/scheduler/scheduler.js';
import {
  cloudtrail,
  createCloudTrailRecorder,
  type CloudTrailRecorder,
} from '../../../src/services/cloudtrail/index.js';
import type { CloudTrailEntry } from '../../../src/services/cloudtrail/entry.js';
import type { CoreServices, RequestContext, ServiceInstance } from '../../../src/services/types.js';
import { Store } from '../../../src/store/store.js';
import { AwsError } from '../../../src/protocol/errors.js';

const A = '111111111111';
const B = '222222222222';
let store: Store;
let instance: ServiceInstance;
let recorder: CloudTrailRecorder;
let clock = Date.UTC(2024, 4, 1);

const ctx = (accountId = A, region = 'us-east-1'): RequestContext => ({
  requestId: 'r',
  accountId,
  region,
  principal: { accountId, arn: `arn:aws:iam::${accountId}:root`, accessKeyId: '', anonymous: false },
  protocol: 'awsJson1_1',
  operation: 'x',
  endpoint: 'http://localhost:4566',
  path: '/',
  signal: new AbortController().signal,
});

async function call<K extends keyof Operations>(
  op: K,
  input: Operations[K]['input'],
  c: RequestContext = ctx(),
): Promise<Operations[K]['output']> {
  const h = instance.handlers[op] as unknown as (i: unknown, c: RequestContext) => unknown;
  return (await h(input, c)) as Operations[K]['output'];
}

async function error(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as AwsError).code;
  }
  throw new Error('expected an error');
}

function entry(over: Partial<CloudTrailEntry> = {}): CloudTrailEntry & { principalArn: string } {
  const accountId = over.accountId ?? A;
  return {
    requestId: `req-${Math.random()}`,
    time: clock,
    service: 'sqs',
    operation: 'CreateQueue',
    accountId,
    region: 'us-east-1',
    principalArn: `arn:aws:iam::${accountId}:root`,
    principal: { accountId, arn: `arn:aws:iam::${accountId}:root`, accessKeyId: '', anonymous: false },
    status: 200,
    ...over,
  };
}

const TRAIL_BUCKET_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: ['s3:GetBucketAcl', 's3:PutObject'],
      Resource: ['arn:aws:s3:::bucket', 'arn:aws:s3:::bucket/*'],
    },
  ],
});

const historyRows = () => (store.db.prepare('SELECT COUNT(*) AS n FROM cloudtrail_events').get() as { n: number }).n;

beforeEach(() => {
  store = Store.open({ inMemory: true });
  const core = {
    store,
    scheduler: new Scheduler(store, () => clock),
    config: { defaultAccountId: A, defaultRegion: 'us-east-1' },
    now: () => clock,
    // CreateTrail checks its bucket: S3 answers GetBucketAcl, and the bucket policy admits CloudTrail.
    service: (name: string) =>
      name === 's3' ? { handlers: {}, resourcePolicy: () => TRAIL_BUCKET_POLICY } : undefined,
    call: (service: string, op: string) =>
      service === 's3' && op === 'GetBucketAcl' ? Promise.resolve({}) : Promise.reject(new Error('no such service')),
  } as unknown as CoreServices;
  recorder = createCloudTrailRecorder(core);
  store.migrate(cloudtrail.migrations);
  instance = cloudtrail.create(core);
});

afterEach(() => {
  recorder.close();
  store.close();
});

describe('recorder', () => {
  it('buffers records and writes them in one batch after ~100 ms', async () => {
    recorder({
      requestId: 'legacy',
      time: clock,
      service: 'sqs',
      operation: 'DeleteQueue',
      accountId: A,
      region: 'us-east-1',
      principalArn: `arn:aws:iam::${A}:root`,
      status: 200,
    });
    recorder(entry());
    expect(historyRows()).toBe(0);
    await new Promise((r) => setTimeout(r, 150));
    expect(historyRows()).toBe(2);
  });

  it('answers LookupEvents newest first, scoped to the caller account and region', async () => {
    for (const [i, op] of ['CreateQueue', 'GetQueueUrl', 'DeleteQueue'].entries()) {
      clock += 1000;
      recorder(entry({ operation: op, requestId: `r${i}` }));
    }
    recorder(entry({ accountId: B, operation: 'CreateTopic', service: 'sns' }));
    recorder(entry({ region: 'eu-west-1', operation: 'TagQueue' }));
    recorder(entry({ service: 'iam', operation: 'CreateUser', region: 'eu-west-1' }));
    const out = await call('LookupEvents', {});
    expect(out.Events?.map((e) => e.EventName)).toEqual(['CreateUser', 'DeleteQueue', 'GetQueueUrl', 'CreateQueue']);
    const del = out.Events![1]!;
    expect(del).toMatchObject({
      EventName: 'DeleteQueue',
      ReadOnly: 'false',
      EventSource: 'sqs.amazonaws.com',
      Username: 'root',
    });
    expect(JSON.parse(del.CloudTrailEvent!)).toMatchObject({
      eventID: del.EventId,
      requestID: 'r2',
      awsRegion: 'us-east-1',
    });
    const west = await call('LookupEvents', {}, ctx(A, 'eu-west-1'));
    expect(west.Events?.map((e) => e.EventName)).toEqual(['TagQueue']);
    const other = await call('LookupEvents', {}, ctx(B));
    expect(other.Events?.map((e) => e.EventSource)).toEqual(['sns.amazonaws.com']);
  });

  it('filters by one lookup attribute', async () => {
    const queue = `arn:aws:sqs:us-east-1:${A}:orders`;
    recorder(entry({ operation: 'CreateQueue', targets: [{ action: 'sqs:CreateQueue', resource: queue }] }));
    recorder(
      entry({
        operation: 'ListQueues',
        principal: { accountId: A, arn: 'x', accessKeyId: 'AKIAEXAMPLE', anonymous: false },
      }),
    );
    const names = async (
      key: NonNullable<Operations['LookupEvents']['input']['LookupAttributes']>[number]['AttributeKey'],
      value: string,
    ) =>
      (await call('LookupEvents', { LookupAttributes: [{ AttributeKey: key, AttributeValue: value }] })).Events?.map(
        (e) => e.EventName,
      );
    expect(await names('EventName', 'ListQueues')).toEqual(['ListQueues']);
    expect(await names('ReadOnly', 'true')).toEqual(['ListQueues']);
    expect(await names('ReadOnly', 'false')).toEqual(['CreateQueue']);
    expect(await names('ResourceName', 'orders')).toEqual(['CreateQueue']);
    expect(await names('ResourceName', queue)).toEqual(['CreateQueue']);
    expect(await names('ResourceType', 'AWS::SQS::Queue')).toEqual(['CreateQueue']);
    expect(await names('AccessKeyId', 'AKIAEXAMPLE')).toEqual(['ListQueues']);
    expect(await names('Username', 'root')).toHaveLength(2);
    expect(await names('EventSource', 'sns.amazonaws.com')).toEqual([]);
    const all = await call('LookupEvents', {});
    expect(await names('EventId', all.Events![0]!.EventId!)).toEqual([all.Events![0]!.EventName]);
    expect(all.Events!.find((e) => e.EventName === 'CreateQueue')!.Resources).toEqual([
      { ResourceType: 'AWS::SQS::Queue', ResourceName: 'orders' },
    ]);
  });

  it('pages with NextToken and refuses bad requests', async () => {
    for (let i = 0; i < 5; i++) {
      clock += 10;
      recorder(entry({ operation: `CreateQueue`, requestId: `p${i}` }));
    }
    const first = await call('LookupEvents', { MaxResults: 2 });
    expect(first.Events).toHaveLength(2);
    const second = await call('LookupEvents', { MaxResults: 2, NextToken: first.NextToken! });
    const third = await call('LookupEvents', { MaxResults: 2, NextToken: second.NextToken! });
    expect(third.NextToken).toBeUndefined();
    const ids = [...first.Events!, ...second.Events!, ...third.Events!].map(
      (e) => JSON.parse(e.CloudTrailEvent!).requestID,
    );
    expect(ids).toEqual(['p4', 'p3', 'p2', 'p1', 'p0']);
    expect(
      await error(
        call('LookupEvents', {
          MaxResults: 2,
          NextToken: first.NextToken!,
          LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'x' }],
        }),
      ),
    ).toBe('InvalidNextTokenException');
    expect(await error(call('LookupEvents', { NextToken: 'garbage' }))).toBe('InvalidNextTokenException');
    expect(
      await error(
        call('LookupEvents', {
          LookupAttributes: [
            { AttributeKey: 'EventName', AttributeValue: 'a' },
            { AttributeKey: 'Username', AttributeValue: 'b' },
          ],
        }),
      ),
    ).toBe('InvalidLookupAttributesException');
    expect(await error(call('LookupEvents', { StartTime: new Date(clock), EndTime: new Date(clock - 1000) }))).toBe(
      'InvalidTimeRangeException',
    );
    const window = await call('LookupEvents', { StartTime: new Date(clock - 25), EndTime: new Date(clock) });
    expect(window.Events).toHaveLength(3);
  });

  it('keeps data events only for trails that select them, and never in event history', async () => {
    recorder(entry({ operation: 'SendMessage' }));
    recorder.flush();
    expect(historyRows()).toBe(0);
    await call('CreateTrail', {
      Name: 'data-trail',
      S3BucketName: 'bucket',
      CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${A}:log-group:trail:*`,
      CloudWatchLogsRoleArn: `arn:aws:iam::${A}:role/ct`,
    });
    await call('StartLogging', { Name: 'data-trail' });
    await call('PutEventSelectors', {
      TrailName: 'data-trail',
      AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }],
    });
    recorder(
      entry({
        operation: 'SendMessage',
        targets: [{ action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${A}:q` }],
      }),
    );
    recorder(entry({ operation: 'CreateQueue' }));
    recorder.flush();
    expect(historyRows()).toBe(1);
    const jobs = store.db.prepare(`SELECT payload FROM _jobs WHERE kind = 'cloudtrail.cwl'`).all() as Array<{
      payload: string;
    }>;
    expect(jobs).toHaveLength(1);
    const payload = JSON.parse(jobs[0]!.payload) as {
      group: string;
      stream: string;
      events: Array<{ message: string }>;
    };
    expect(payload.group).toBe('trail');
    expect(payload.stream).toBe(`${A}_CloudTrail_us-east-1`);
    expect(payload.events.map((e) => JSON.parse(e.message).eventName)).toEqual(['SendMessage']);
  });

  it('delivers management events to a logging trail with the default selectors', async () => {
    await call('CreateTrail', {
      Name: 'mgmt',
      S3BucketName: 'bucket',
      CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${A}:log-group:ct`,
      CloudWatchLogsRoleArn: `arn:aws:iam::${A}:role/ct`,
    });
    recorder(entry({ operation: 'CreateQueue' }));
    recorder.flush();
    // Not logging yet.
    expect(store.db.prepare(`SELECT COUNT(*) AS n FROM _jobs WHERE kind = 'cloudtrail.cwl'`).get()).toEqual({ n: 0 });
    await call('StartLogging', { Name: 'mgmt' });
    recorder(entry({ operation: 'CreateQueue' }));
    recorder(entry({ operation: 'GetQueueUrl' }));
    recorder(entry({ region: 'eu-west-1', operation: 'CreateQueue' }));
    recorder.flush();
    const jobs = store.db.prepare(`SELECT payload FROM _jobs WHERE kind = 'cloudtrail.cwl'`).all() as Array<{
      payload: string;
    }>;
    expect(jobs).toHaveLength(1);
    expect((JSON.parse(jobs[0]!.payload) as { events: unknown[] }).events).toHaveLength(2);
  });
});
