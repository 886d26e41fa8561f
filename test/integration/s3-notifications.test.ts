// S3 event notifications delivered to SQS with AWS's event record format, filtered by event type and key.
import { describe, expect, it } from 'vitest';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { useAtoll } from '../helpers/atoll.js';
import { s3Client } from './s3-helpers.js';

const ctx = useAtoll();

interface EventRecord {
  eventVersion: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  s3: {
    bucket: { name: string; arn: string };
    object: { key: string; size?: number; eTag?: string };
    configurationId: string;
  };
}

describe('S3 event notifications', () => {
  it('delivers matching ObjectCreated and ObjectRemoved events to SQS', async () => {
    const s3 = s3Client(ctx.endpoint);
    const { QueueUrl } = await ctx.sqs.send(new CreateQueueCommand({ QueueName: 's3-events' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'notify-bucket' }));
    const NotificationConfiguration = {
      QueueConfigurations: [
        {
          Id: 'uploads',
          QueueArn: 'arn:aws:sqs:us-east-1:000000000000:s3-events',
          Events: ['s3:ObjectCreated:*' as const, 's3:ObjectRemoved:Delete' as const],
          Filter: { Key: { FilterRules: [{ Name: 'prefix' as const, Value: 'in/' }] } },
        },
      ],
    };
    await s3.send(
      new PutBucketNotificationConfigurationCommand({ Bucket: 'notify-bucket', NotificationConfiguration }),
    );
    const stored = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'notify-bucket' }));
    expect(stored.QueueConfigurations?.[0]?.Id).toBe('uploads');
    await s3.send(new PutObjectCommand({ Bucket: 'notify-bucket', Key: 'out/skip.txt', Body: 'no' }));
    await s3.send(new PutObjectCommand({ Bucket: 'notify-bucket', Key: 'in/my file.txt', Body: 'hello' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'notify-bucket', Key: 'in/my file.txt' }));
    const records: EventRecord[] = [];
    for (let i = 0; i < 10 && records.length < 2; i++) {
      const res = await ctx.sqs.send(
        new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }),
      );
      for (const m of res.Messages ?? []) records.push(...(JSON.parse(m.Body!) as { Records: EventRecord[] }).Records);
    }
    expect(records.map((r) => r.eventName).sort()).toEqual(['ObjectCreated:Put', 'ObjectRemoved:Delete']);
    const created = records.find((r) => r.eventName === 'ObjectCreated:Put')!;
    expect(created).toMatchObject({ eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: 'us-east-1' });
    expect(created.s3).toMatchObject({
      configurationId: 'uploads',
      bucket: { name: 'notify-bucket', arn: 'arn:aws:s3:::notify-bucket' },
      object: { key: 'in/my+file.txt', size: 5, eTag: '5d41402abc4b2a76b9719d911017c592' },
    });
  });
});
