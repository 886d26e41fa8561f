// Data events (SQS messages, SNS Publish, EventBridge PutEvents): never in event history (LookupEvents shows
// management events only), and written to a trail's log files only when its event selectors select them.
import {
  CloudTrailClient,
  CreateTrailCommand,
  LookupEventsCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { useAtoll } from '../helpers/atoll.js';
import { createTrailBucket, waitForRecord } from './cloudtrail-helpers.js';

// Short delivery interval for tests (AWS: about every 5 minutes). Read when records are queued.
process.env.ATOLL_CLOUDTRAIL_DELIVERY_MS = '300';

const ctx = useAtoll();
const cfg = (account: string) => ({
  endpoint: ctx.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: account, secretAccessKey: 'x' },
  maxAttempts: 1,
});
const ct = (account: string) => new CloudTrailClient(cfg(account));
let seq = 0;
const unique = (p: string) => `${p}-${process.pid}-${++seq}-${Date.now().toString(36)}`;

async function lookupNames(account: string, eventName: string): Promise<string[]> {
  const out = await ct(account).send(
    new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: eventName }] }),
  );
  return (out.Events ?? []).map((e) => e.EventName ?? '');
}

describe('CloudTrail data events', () => {
  it('keeps SendMessage and PutEvents out of event history while management calls are recorded', async () => {
    const account = '420000000001';
    const sqs = new SQSClient(cfg(account));
    const name = unique('dq');
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));
    const put = await new EventBridgeClient(cfg(account)).send(
      new PutEventsCommand({ Entries: [{ Source: 'app', DetailType: 't', Detail: '{"a":1}' }] }),
    );
    expect(put.FailedEntryCount).toBe(0);
    // LookupEvents flushes what was recorded before answering.
    expect(await lookupNames(account, 'CreateQueue')).toEqual(['CreateQueue']);
    expect(await lookupNames(account, 'SendMessage')).toEqual([]);
    expect(await lookupNames(account, 'PutEvents')).toEqual([]);
  });

  it('writes SendMessage and PutEvents to a trail that selects them with advanced event selectors', async () => {
    const account = '420000000002';
    const bucket = unique('ct-data-logs');
    const trail = unique('data-trail');
    await createTrailBucket(ctx.endpoint, cfg(account).credentials, bucket);
    await ct(account).send(new CreateTrailCommand({ Name: trail, S3BucketName: bucket }));
    await ct(account).send(
      new PutEventSelectorsCommand({
        TrailName: trail,
        AdvancedEventSelectors: [
          {
            Name: 'queue messages',
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Data'] },
              { Field: 'resources.type', Equals: ['AWS::SQS::Queue'] },
              { Field: 'eventName', Equals: ['SendMessage'] },
            ],
          },
          {
            Name: 'event bus',
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Data'] },
              { Field: 'resources.type', Equals: ['AWS::Events::EventBus'] },
            ],
          },
        ],
      }),
    );
    await ct(account).send(new StartLoggingCommand({ Name: trail }));
    const sqs = new SQSClient(cfg(account));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: unique('dq') }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));
    await new EventBridgeClient(cfg(account)).send(
      new PutEventsCommand({ Entries: [{ Source: 'app', DetailType: 't', Detail: '{"a":1}' }] }),
    );

    const s3 = new S3Client({ ...cfg(account), forcePathStyle: true });
    const prefix = `AWSLogs/${account}/CloudTrail/us-east-1/`;
    // The two records may land in different files: wait for each (the second read sees every file so far).
    await waitForRecord(s3, bucket, prefix, (r) => r.eventName === 'SendMessage');
    const { all } = await waitForRecord(s3, bucket, prefix, (r) => r.eventName === 'PutEvents');
    const send = all.find((r) => r.eventName === 'SendMessage')!;
    expect(send).toMatchObject({
      eventSource: 'sqs.amazonaws.com',
      eventCategory: 'Data',
      managementEvent: false,
      readOnly: false,
      recipientAccountId: account,
    });
    expect(send.resources).toEqual([
      { accountId: account, type: 'AWS::SQS::Queue', ARN: expect.stringContaining(`:${account}:dq-`) as string },
    ]);
    const putEvents = all.find((r) => r.eventName === 'PutEvents')!;
    expect(putEvents).toMatchObject({
      eventSource: 'events.amazonaws.com',
      eventCategory: 'Data',
      managementEvent: false,
      readOnly: false,
    });
    expect(putEvents.resources).toEqual([
      {
        accountId: account,
        type: 'AWS::Events::EventBus',
        ARN: `arn:aws:events:us-east-1:${account}:event-bus/default`,
      },
    ]);
    // The selectors name data events only: CreateQueue (management) is not in the trail's files.
    expect(all.some((r) => r.eventName === 'CreateQueue')).toBe(false);
    // Still not in event history.
    expect(await lookupNames(account, 'SendMessage')).toEqual([]);
    expect(await lookupNames(account, 'PutEvents')).toEqual([]);
  }, 120_000);
});
