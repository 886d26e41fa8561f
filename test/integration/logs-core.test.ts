// CloudWatch Logs through @aws-sdk/client-cloudwatch-logs: groups, streams, events, filters, tags, policies.
import { describe, expect, it } from 'vitest';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DeleteMetricFilterCommand,
  DeleteResourcePolicyCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  DescribeMetricFiltersCommand,
  DescribeResourcePoliciesCommand,
  DescribeSubscriptionFiltersCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  PutLogEventsCommand,
  PutMetricFilterCommand,
  PutResourcePolicyCommand,
  PutRetentionPolicyCommand,
  PutSubscriptionFilterCommand,
  StartQueryCommand,
  TagLogGroupCommand,
  TagResourceCommand,
  TestMetricFilterCommand,
  UntagLogGroupCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DEFAULT_ACCOUNT, TEST_CREDENTIALS, useAtoll } from '../helpers/atoll.js';
import { expectAwsError, uniqueName } from '../helpers/util.js';

const ctx = useAtoll();
let client: CloudWatchLogsClient | undefined;
const logs = (): CloudWatchLogsClient =>
  (client ??= new CloudWatchLogsClient({
    endpoint: ctx.endpoint,
    region: 'us-east-1',
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  }));

const GROUP_NOT_FOUND = { name: 'ResourceNotFoundException', message: 'The specified log group does not exist.' };
const STREAM_NOT_FOUND = { name: 'ResourceNotFoundException', message: 'The specified log stream does not exist.' };

async function groupWithStream(stream = 's1'): Promise<string> {
  const name = `/atoll/${uniqueName('g')}`;
  await logs().send(new CreateLogGroupCommand({ logGroupName: name }));
  await logs().send(new CreateLogStreamCommand({ logGroupName: name, logStreamName: stream }));
  return name;
}

async function put(group: string, stream: string, messages: string[], base = Date.now() - 60_000) {
  return logs().send(
    new PutLogEventsCommand({
      logGroupName: group,
      logStreamName: stream,
      logEvents: messages.map((message, i) => ({ timestamp: base + i, message })),
    }),
  );
}

describe('log groups', () => {
  it('creates, describes and deletes a group', async () => {
    const name = `/aws/lambda/${uniqueName('fn')}`;
    await logs().send(new CreateLogGroupCommand({ logGroupName: name, tags: { team: 'a' } }));
    const res = await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    expect(res.logGroups).toHaveLength(1);
    const g = res.logGroups![0]!;
    expect(g.logGroupName).toBe(name);
    expect(g.arn).toBe(`arn:aws:logs:us-east-1:${DEFAULT_ACCOUNT}:log-group:${name}:*`);
    expect(g.logGroupArn).toBe(`arn:aws:logs:us-east-1:${DEFAULT_ACCOUNT}:log-group:${name}`);
    expect(g.storedBytes).toBe(0);
    expect(g.metricFilterCount).toBe(0);
    expect(g.logGroupClass).toBe('STANDARD');
    expect(g.retentionInDays).toBeUndefined();
    expect(Math.abs(g.creationTime! - Date.now())).toBeLessThan(10_000);
    await expectAwsError(logs().send(new CreateLogGroupCommand({ logGroupName: name })), {
      name: 'ResourceAlreadyExistsException',
      message: 'The specified log group already exists',
    });
    await logs().send(new DeleteLogGroupCommand({ logGroupName: name }));
    expect((await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups).toEqual([]);
    await expectAwsError(logs().send(new DeleteLogGroupCommand({ logGroupName: name })), GROUP_NOT_FOUND);
  });

  it('rejects invalid names through model validation', async () => {
    await expectAwsError(logs().send(new CreateLogGroupCommand({ logGroupName: 'bad name!' })), {
      name: 'ValidationException',
    });
  });

  it('pages, and filters by pattern', async () => {
    const prefix = `/page/${uniqueName('p')}`;
    for (const n of ['a', 'b', 'c']) await logs().send(new CreateLogGroupCommand({ logGroupName: `${prefix}/${n}` }));
    const first = await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, limit: 2 }));
    expect(first.logGroups!.map((g) => g.logGroupName)).toEqual([`${prefix}/a`, `${prefix}/b`]);
    expect(first.nextToken).toBeDefined();
    const second = await logs().send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, limit: 2, nextToken: first.nextToken }),
    );
    expect(second.logGroups!.map((g) => g.logGroupName)).toEqual([`${prefix}/c`]);
    expect(second.nextToken).toBeUndefined();
    const byPattern = await logs().send(new DescribeLogGroupsCommand({ logGroupNamePattern: prefix.slice(6) }));
    expect(byPattern.logGroups).toHaveLength(3);
    await expectAwsError(
      logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, logGroupNamePattern: 'x' })),
      { name: 'InvalidParameterException' },
    );
  });

  it('sets and removes a retention policy', async () => {
    const name = await groupWithStream();
    await logs().send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: 7 }));
    let g = (await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups![0]!;
    expect(g.retentionInDays).toBe(7);
    await expectAwsError(logs().send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: 2 })), {
      name: 'InvalidParameterException',
    });
    // Events older than the retention period are rejected as expired.
    const res = await put(name, 's1', ['old', 'new'], Date.now() - 8 * 86_400_000);
    expect(res.rejectedLogEventsInfo).toEqual({ expiredLogEventEndIndex: 2 });
    await logs().send(new DeleteRetentionPolicyCommand({ logGroupName: name }));
    g = (await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups![0]!;
    expect(g.retentionInDays).toBeUndefined();
    await expectAwsError(
      logs().send(new PutRetentionPolicyCommand({ logGroupName: `${name}-x`, retentionInDays: 1 })),
      GROUP_NOT_FOUND,
    );
  });
});

describe('log streams', () => {
  it('creates, describes (by name and by last event time) and deletes streams', async () => {
    const group = await groupWithStream('b');
    await logs().send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'a' }));
    await expectAwsError(logs().send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'a' })), {
      name: 'ResourceAlreadyExistsException',
      message: 'The specified log stream already exists',
    });
    await put(group, 'b', ['x'], Date.now() - 5000);
    await put(group, 'a', ['y'], Date.now() - 1000);
    const byName = await logs().send(new DescribeLogStreamsCommand({ logGroupName: group }));
    expect(byName.logStreams!.map((s) => s.logStreamName)).toEqual(['a', 'b']);
    const b = byName.logStreams![1]!;
    expect(b.arn).toBe(`arn:aws:logs:us-east-1:${DEFAULT_ACCOUNT}:log-group:${group}:log-stream:b`);
    expect(b.firstEventTimestamp).toBe(b.lastEventTimestamp);
    expect(b.lastIngestionTime).toBeGreaterThan(0);
    expect(b.uploadSequenceToken).toMatch(/^\d{56}$/);
    const byTime = await logs().send(
      new DescribeLogStreamsCommand({ logGroupName: group, orderBy: 'LastEventTime', descending: true }),
    );
    expect(byTime.logStreams!.map((s) => s.logStreamName)).toEqual(['a', 'b']);
    const paged = await logs().send(new DescribeLogStreamsCommand({ logGroupName: group, limit: 1 }));
    expect(paged.logStreams!.map((s) => s.logStreamName)).toEqual(['a']);
    const rest = await logs().send(
      new DescribeLogStreamsCommand({ logGroupName: group, limit: 1, nextToken: paged.nextToken }),
    );
    expect(rest.logStreams!.map((s) => s.logStreamName)).toEqual(['b']);
    await expectAwsError(
      logs().send(
        new DescribeLogStreamsCommand({ logGroupName: group, orderBy: 'LastEventTime', logStreamNamePrefix: 'a' }),
      ),
      { name: 'InvalidParameterException' },
    );
    await logs().send(new DeleteLogStreamCommand({ logGroupName: group, logStreamName: 'a' }));
    await expectAwsError(
      logs().send(new DeleteLogStreamCommand({ logGroupName: group, logStreamName: 'a' })),
      STREAM_NOT_FOUND,
    );
    await expectAwsError(
      logs().send(new DescribeLogStreamsCommand({ logGroupName: `${group}-none` })),
      GROUP_NOT_FOUND,
    );
  });
});

describe('PutLogEvents and GetLogEvents', () => {
  it('stores events and reads them with forward and backward tokens', async () => {
    const group = await groupWithStream();
    const res = await put(group, 's1', ['e0', 'e1', 'e2', 'e3', 'e4']);
    expect(res.nextSequenceToken).toMatch(/^\d{56}$/);
    expect(res.rejectedLogEventsInfo).toBeUndefined();
    const head = await logs().send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: 's1', startFromHead: true, limit: 2 }),
    );
    expect(head.events!.map((e) => e.message)).toEqual(['e0', 'e1']);
    expect(head.nextForwardToken).toMatch(/^f\/\d{56}\/s$/);
    expect(head.nextBackwardToken).toMatch(/^b\/\d{56}\/s$/);
    const next = await logs().send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: 's1', nextToken: head.nextForwardToken, limit: 2 }),
    );
    expect(next.events!.map((e) => e.message)).toEqual(['e2', 'e3']);
    const tail = await logs().send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 's1', limit: 2 }));
    expect(tail.events!.map((e) => e.message)).toEqual(['e3', 'e4']);
    const back = await logs().send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: 's1',
        nextToken: tail.nextBackwardToken,
        limit: 2,
      }),
    );
    expect(back.events!.map((e) => e.message)).toEqual(['e1', 'e2']);
    // At the end of the stream the same forward token comes back.
    const end = await logs().send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: 's1', nextToken: tail.nextForwardToken }),
    );
    expect(end.events).toEqual([]);
    expect(end.nextForwardToken).toBe(tail.nextForwardToken);
    const ranged = await logs().send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: 's1',
        startTime: head.events![1]!.timestamp,
        endTime: head.events![1]!.timestamp! + 2,
        startFromHead: true,
      }),
    );
    expect(ranged.events!.map((e) => e.message)).toEqual(['e1', 'e2']);
    expect(ranged.events![0]!.ingestionTime).toBeGreaterThan(0);
  });

  it('rejects too old and too new events, and out-of-order or over-long batches', async () => {
    const group = await groupWithStream();
    const now = Date.now();
    const res = await logs().send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 's1',
        logEvents: [
          { timestamp: now - 14 * 86_400_000 - 3_600_000, message: 'old' },
          { timestamp: now - 14 * 86_400_000 - 3_599_000, message: 'old2' },
          { timestamp: now - 14 * 86_400_000 + 3_600_000, message: 'ok' },
          { timestamp: now - 14 * 86_400_000 + 3_600_000 + 60_000, message: 'ok2' },
        ],
      }),
    );
    expect(res.rejectedLogEventsInfo).toEqual({ tooOldLogEventEndIndex: 2 });
    const future = await logs().send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 's1',
        logEvents: [
          { timestamp: now, message: 'now' },
          { timestamp: now + 3 * 3_600_000, message: 'future' },
        ],
      }),
    );
    expect(future.rejectedLogEventsInfo).toEqual({ tooNewLogEventStartIndex: 1 });
    const all = await logs().send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 's1' }));
    expect(all.events!.map((e) => e.message)).toEqual(['ok', 'ok2', 'now']);
    await expectAwsError(
      logs().send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: 's1',
          logEvents: [
            { timestamp: now, message: 'b' },
            { timestamp: now - 1, message: 'a' },
          ],
        }),
      ),
      { name: 'InvalidParameterException', message: /chronological order/ },
    );
    await expectAwsError(
      logs().send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: 's1',
          logEvents: [
            { timestamp: now - 25 * 3_600_000, message: 'a' },
            { timestamp: now, message: 'b' },
          ],
        }),
      ),
      { name: 'InvalidParameterException', message: /24 hours/ },
    );
    await expectAwsError(put(group, 'nope', ['x']), STREAM_NOT_FOUND);
    await expectAwsError(put(`${group}-nope`, 's1', ['x']), GROUP_NOT_FOUND);
  });

  it('accepts concurrent puts to one stream (sequence tokens are ignored)', async () => {
    const group = await groupWithStream();
    const base = Date.now() - 10_000;
    await Promise.all(Array.from({ length: 20 }, (_, i) => put(group, 's1', [`m${i}`], base + i)));
    const all = await logs().send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: 's1', startFromHead: true }),
    );
    expect(all.events).toHaveLength(20);
    const g = (await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }))).logGroups![0]!;
    expect(g.storedBytes).toBeGreaterThan(0);
  });
});

describe('FilterLogEvents', () => {
  it('filters across streams with the filter-pattern syntax', async () => {
    const group = await groupWithStream('app-1');
    await logs().send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'app-2' }));
    await logs().send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'other' }));
    const base = Date.now() - 60_000;
    await put(group, 'app-1', ['[ERROR] disk full', JSON.stringify({ level: 'ERROR', latency: 250 })], base);
    await put(group, 'app-2', ['[INFO] ok', JSON.stringify({ level: 'INFO', latency: 50 })], base + 10);
    await put(group, 'other', ['127.0.0.1 - - [x] "GET /" 500 1200'], base + 20);
    const run = async (input: Partial<ConstructorParameters<typeof FilterLogEventsCommand>[0]>) =>
      (await logs().send(new FilterLogEventsCommand({ logGroupName: group, ...input }))).events!.map((e) => e.message);

    expect(await run({})).toHaveLength(5);
    expect(await run({ filterPattern: 'ERROR' })).toEqual([
      '[ERROR] disk full',
      JSON.stringify({ level: 'ERROR', latency: 250 }),
    ]);
    expect(await run({ filterPattern: '?INFO ?disk' })).toHaveLength(3);
    expect(await run({ filterPattern: '{ $.latency > 100 }' })).toEqual([
      JSON.stringify({ level: 'ERROR', latency: 250 }),
    ]);
    expect(await run({ filterPattern: '[ip, id, user, ts, req, status = 5*, bytes > 1000]' })).toHaveLength(1);
    expect(await run({ logStreamNamePrefix: 'app-' })).toHaveLength(4);
    expect(await run({ logStreamNames: ['app-2'], filterPattern: '-ok' })).toEqual([
      JSON.stringify({ level: 'INFO', latency: 50 }),
    ]);
    expect(await run({ startTime: base + 10, endTime: base + 11 })).toHaveLength(2);

    const page = await logs().send(new FilterLogEventsCommand({ logGroupName: group, limit: 2 }));
    expect(page.events).toHaveLength(2);
    expect(page.events![0]!.logStreamName).toBe('app-1');
    expect(page.events![0]!.eventId).toMatch(/^\d{56}$/);
    expect(page.searchedLogStreams).toEqual([]);
    const rest = await logs().send(
      new FilterLogEventsCommand({ logGroupName: group, limit: 10, nextToken: page.nextToken }),
    );
    expect(rest.events).toHaveLength(3);
    expect(rest.nextToken).toBeUndefined();

    await expectAwsError(logs().send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '{ $.a = ' })), {
      name: 'InvalidParameterException',
    });
    await expectAwsError(
      logs().send(new FilterLogEventsCommand({ logGroupName: group, logStreamNames: ['a'], logStreamNamePrefix: 'a' })),
      { name: 'InvalidParameterException' },
    );
    await expectAwsError(logs().send(new FilterLogEventsCommand({ logGroupName: `${group}-x` })), GROUP_NOT_FOUND);
  });
});

describe('metric filters', () => {
  it('puts, describes, tests and deletes metric filters', async () => {
    const group = await groupWithStream();
    const transformation = { metricName: 'Errors', metricNamespace: 'App', metricValue: '1' };
    await logs().send(
      new PutMetricFilterCommand({
        logGroupName: group,
        filterName: 'errors',
        filterPattern: 'ERROR',
        metricTransformations: [transformation],
      }),
    );
    const d = await logs().send(new DescribeMetricFiltersCommand({ logGroupName: group }));
    expect(d.metricFilters).toHaveLength(1);
    expect(d.metricFilters![0]).toMatchObject({
      filterName: 'errors',
      filterPattern: 'ERROR',
      logGroupName: group,
      metricTransformations: [transformation],
    });
    const byMetric = await logs().send(
      new DescribeMetricFiltersCommand({ metricName: 'Errors', metricNamespace: 'App' }),
    );
    expect(byMetric.metricFilters!.some((f) => f.logGroupName === group)).toBe(true);
    const g = (await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }))).logGroups![0]!;
    expect(g.metricFilterCount).toBe(1);
    await logs().send(new DeleteMetricFilterCommand({ logGroupName: group, filterName: 'errors' }));
    await expectAwsError(logs().send(new DeleteMetricFilterCommand({ logGroupName: group, filterName: 'errors' })), {
      name: 'ResourceNotFoundException',
    });
  });

  it('TestMetricFilter returns matches and extracted values', async () => {
    const res = await logs().send(
      new TestMetricFilterCommand({
        filterPattern: '[ip, user, status = 4*]',
        logEventMessages: ['1.2.3.4 bob 404', '1.2.3.4 bob 200', '5.6.7.8 amy 403'],
      }),
    );
    expect(res.matches).toEqual([
      {
        eventNumber: 1,
        eventMessage: '1.2.3.4 bob 404',
        extractedValues: { $ip: '1.2.3.4', $user: 'bob', $status: '404' },
      },
      {
        eventNumber: 3,
        eventMessage: '5.6.7.8 amy 403',
        extractedValues: { $ip: '5.6.7.8', $user: 'amy', $status: '403' },
      },
    ]);
  });
});

describe('subscription filters', () => {
  it('validates the destination and describes none when nothing was put', async () => {
    const group = await groupWithStream();
    await expectAwsError(
      logs().send(
        new PutSubscriptionFilterCommand({
          logGroupName: group,
          filterName: 'f',
          filterPattern: '',
          destinationArn: 'not-an-arn',
        }),
      ),
      { name: 'InvalidParameterException' },
    );
    await expectAwsError(
      logs().send(
        new PutSubscriptionFilterCommand({
          logGroupName: group,
          filterName: 'f',
          filterPattern: 'ERROR',
          destinationArn: `arn:aws:lambda:us-east-1:${DEFAULT_ACCOUNT}:function:does-not-exist`,
        }),
      ),
      { name: 'InvalidParameterException', message: /Could not execute the lambda function/ },
    );
    const d = await logs().send(new DescribeSubscriptionFiltersCommand({ logGroupName: group }));
    expect(d.subscriptionFilters).toEqual([]);
  });
});

describe('tags', () => {
  it('tags by ARN and by name', async () => {
    const group = await groupWithStream();
    const arn = `arn:aws:logs:us-east-1:${DEFAULT_ACCOUNT}:log-group:${group}`;
    await logs().send(new TagResourceCommand({ resourceArn: arn, tags: { a: '1', b: '2' } }));
    await logs().send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a'] }));
    expect((await logs().send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({ b: '2' });
    await logs().send(new TagLogGroupCommand({ logGroupName: group, tags: { c: '3' } }));
    await logs().send(new UntagLogGroupCommand({ logGroupName: group, tags: ['b'] }));
    expect((await logs().send(new ListTagsLogGroupCommand({ logGroupName: group }))).tags).toEqual({ c: '3' });
    await expectAwsError(
      logs().send(new ListTagsForResourceCommand({ resourceArn: `${arn}-missing` })),
      GROUP_NOT_FOUND,
    );
  });
});

describe('resource policies', () => {
  it('puts, describes and deletes', async () => {
    const name = uniqueName('pol');
    const doc = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'logs:*', Resource: '*' }],
    });
    const put1 = await logs().send(new PutResourcePolicyCommand({ policyName: name, policyDocument: doc }));
    expect(put1.resourcePolicy).toMatchObject({ policyName: name, policyDocument: doc });
    const d = await logs().send(new DescribeResourcePoliciesCommand({}));
    expect(d.resourcePolicies!.map((p) => p.policyName)).toContain(name);
    await logs().send(new DeleteResourcePolicyCommand({ policyName: name }));
    await expectAwsError(logs().send(new DeleteResourcePolicyCommand({ policyName: name })), {
      name: 'ResourceNotFoundException',
    });
    await expectAwsError(logs().send(new PutResourcePolicyCommand({ policyName: name, policyDocument: '{' })), {
      name: 'InvalidParameterException',
    });
  });
});

describe('not implemented operations', () => {
  it('answer NotImplemented', async () => {
    await expectAwsError(
      logs().send(
        new StartQueryCommand({ logGroupName: 'x', startTime: 0, endTime: 1, queryString: 'fields @message' }),
      ),
      { name: 'NotImplemented', status: 501 },
    );
  });
});
