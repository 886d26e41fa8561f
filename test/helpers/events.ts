// EventBridge test helpers: a client pointed at atoll, and receiving what targets delivered to SQS.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { TEST_CREDENTIALS } from './atoll.js';
import { waitFor } from './util.js';

export function eventsClient(
  endpoint: string,
  opts: { accessKeyId?: string; region?: string } = {},
): EventBridgeClient {
  return new EventBridgeClient({
    endpoint,
    region: opts.region ?? 'us-east-1',
    credentials: { accessKeyId: opts.accessKeyId ?? TEST_CREDENTIALS.accessKeyId, secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

/** Receives until `count` messages arrived (or the timeout passes). */
export async function receiveN(sqs: SQSClient, url: string, count: number, timeoutMs = 10_000): Promise<Message[]> {
  const got: Message[] = [];
  await waitFor(async () => {
    const res = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    got.push(...(res.Messages ?? []));
    return got.length >= count;
  }, timeoutMs);
  return got;
}
