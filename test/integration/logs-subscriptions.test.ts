// Subscription filters delivering matching events to a Lambda function with AWS's awslogs payload.
import { readFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeSubscriptionFiltersCommand,
  DeleteSubscriptionFilterCommand,
  PutLogEventsCommand,
  PutSubscriptionFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DEFAULT_ACCOUNT, TEST_CREDENTIALS, useAtoll } from '../helpers/atoll.js';
import { expectAwsError, sleep, uniqueName } from '../helpers/util.js';
import { createFunction, lambdaClient } from './lambda-helpers.js';

const ctx = useAtoll();

describe('subscription filters to Lambda', () => {
  it('delivers matching events as base64(gzip(JSON))', async () => {
    const logs = new CloudWatchLogsClient({
      endpoint: ctx.endpoint,
      region: 'us-east-1',
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    const lambda = lambdaClient(ctx.endpoint);
    const out = join(mkdtempSync(join(tmpdir(), 'atoll-logs-')), 'out.jsonl');
    const fn = uniqueName('sub');
    await createFunction(lambda, fn, {
      'index.js': `const zlib = require('zlib'); const fs = require('fs');
exports.handler = async (event) => {
  const data = JSON.parse(zlib.gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'));
  fs.appendFileSync(${JSON.stringify(out)}, JSON.stringify(data) + '\\n');
};`,
    });
    const group = `/atoll/${uniqueName('sub')}`;
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 's' }));
    const arn = `arn:aws:lambda:us-east-1:${DEFAULT_ACCOUNT}:function:${fn}`;
    await logs.send(
      new PutSubscriptionFilterCommand({
        logGroupName: group,
        filterName: 'errors',
        filterPattern: 'ERROR',
        destinationArn: arn,
      }),
    );
    const described = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: group }));
    expect(described.subscriptionFilters).toMatchObject([
      {
        filterName: 'errors',
        filterPattern: 'ERROR',
        destinationArn: arn,
        distribution: 'ByLogStream',
        logGroupName: group,
      },
    ]);
    await logs.send(
      new PutSubscriptionFilterCommand({
        logGroupName: group,
        filterName: 'all',
        filterPattern: '',
        destinationArn: arn,
      }),
    );
    await expectAwsError(
      logs.send(
        new PutSubscriptionFilterCommand({
          logGroupName: group,
          filterName: 'x',
          filterPattern: '',
          destinationArn: arn,
        }),
      ),
      { name: 'LimitExceededException' },
    );
    await logs.send(new DeleteSubscriptionFilterCommand({ logGroupName: group, filterName: 'x' })).then(
      () => expect.fail('deleting a filter that does not exist must fail'),
      (err: Error) => expect(err.name).toBe('ResourceNotFoundException'),
    );

    const now = Date.now();
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 's',
        logEvents: [
          { timestamp: now, message: 'INFO fine' },
          { timestamp: now + 1, message: 'ERROR broken' },
        ],
      }),
    );
    let lines: string[] = [];
    for (let i = 0; i < 200 && lines.length < 2; i++) {
      await sleep(50);
      if (existsSync(out)) lines = readFileSync(out, 'utf8').trim().split('\n');
    }
    expect(lines).toHaveLength(2);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const data = parsed.find((d) => (d.subscriptionFilters as string[])[0] === 'errors')!;
    const all = parsed.find((d) => (d.subscriptionFilters as string[])[0] === 'all')!;
    expect((all.logEvents as unknown[]).length).toBe(2);
    expect(data).toMatchObject({
      messageType: 'DATA_MESSAGE',
      owner: DEFAULT_ACCOUNT,
      logGroup: group,
      logStream: 's',
      subscriptionFilters: ['errors'],
      logEvents: [{ timestamp: now + 1, message: 'ERROR broken' }],
    });
    expect((data.logEvents as Array<{ id: string }>)[0]!.id).toMatch(/^\d{56}$/);
    logs.destroy();
    lambda.destroy();
  }, 30_000);
});
