// SNS test helpers: an SNSClient for an atoll endpoint, and waiting for SQS deliveries.
import { SNSClient } from '@aws-sdk/client-sns';
import { type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

export function snsClient(endpoint: string, region = 'us-east-1', accessKeyId = 'test'): SNSClient {
  return new SNSClient({
    endpoint,
    region,
    credentials: { accessKeyId, secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

/** Long-polls until `count` messages arrived (or `timeoutMs` passed). */
export async function receiveAll(sqs: SQSClient, url: string, count: number, timeoutMs = 8000): Promise<Message[]> {
  const out: Message[] = [];
  const until = Date.now() + timeoutMs;
  while (out.length < count && Date.now() < until) {
    const res = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    out.push(...(res.Messages ?? []));
  }
  return out;
}
