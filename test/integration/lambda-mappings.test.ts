// SQS event source mappings: the poller invokes the function with the SQS event and deletes processed messages,
// keeping those the function reports in batchItemFailures.
import { describe, expect, it } from 'vitest';
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
} from '@aws-sdk/client-lambda';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { useAtoll } from '../helpers/atoll.js';
import { sleep, uniqueName } from '../helpers/util.js';
import { createFunction, lambdaClient } from './lambda-helpers.js';

const ctx = useAtoll();
const client = () => lambdaClient(ctx.endpoint);

describe('SQS event source mapping', () => {
  it('delivers batches and keeps reported failures', async () => {
    const source = await ctx.sqs.send(
      new CreateQueueCommand({ QueueName: uniqueName('src'), Attributes: { VisibilityTimeout: '1' } }),
    );
    const sink = await ctx.sqs.send(new CreateQueueCommand({ QueueName: uniqueName('sink') }));
    const attrs = await ctx.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: source.QueueUrl!, AttributeNames: ['QueueArn'] }),
    );
    const name = uniqueName('esm');
    // The handler forwards each record to the sink queue through atoll (AWS_ENDPOINT_URL) and fails "bad" ones.
    await createFunction(
      client(),
      name,
      {
        'index.js': `
        const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
        const sqs = new SQSClient({});
        exports.handler = async (event) => {
          const failures = [];
          for (const r of event.Records) {
            if (r.body === 'bad') { failures.push({ itemIdentifier: r.messageId }); continue; }
            await sqs.send(new SendMessageCommand({ QueueUrl: process.env.SINK,
              MessageBody: JSON.stringify({ body: r.body, source: r.eventSource, arn: r.eventSourceARN }) }));
          }
          return { batchItemFailures: failures };
        };`,
      },
      { Environment: { Variables: { SINK: sink.QueueUrl! } }, Timeout: 10 },
    );
    const mapping = await client().send(
      new CreateEventSourceMappingCommand({
        FunctionName: name,
        EventSourceArn: attrs.Attributes!.QueueArn!,
        BatchSize: 5,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    );
    expect(mapping.$metadata.httpStatusCode).toBe(202);
    expect(mapping).toMatchObject({ State: 'Creating', BatchSize: 5, EventSourceArn: attrs.Attributes!.QueueArn });
    await ctx.sqs.send(new SendMessageCommand({ QueueUrl: source.QueueUrl!, MessageBody: 'good' }));
    await ctx.sqs.send(new SendMessageCommand({ QueueUrl: source.QueueUrl!, MessageBody: 'bad' }));
    let forwarded: Record<string, unknown> | undefined;
    for (let i = 0; i < 30 && !forwarded; i++) {
      const r = await ctx.sqs.send(new ReceiveMessageCommand({ QueueUrl: sink.QueueUrl!, WaitTimeSeconds: 1 }));
      if (r.Messages?.length) forwarded = JSON.parse(r.Messages[0]!.Body!) as Record<string, unknown>;
    }
    expect(forwarded).toEqual({ body: 'good', source: 'aws:sqs', arn: attrs.Attributes!.QueueArn });
    const got = await client().send(new GetEventSourceMappingCommand({ UUID: mapping.UUID! }));
    expect(got.State).toBe('Enabled');
    const listed = await client().send(new ListEventSourceMappingsCommand({ FunctionName: name }));
    expect(listed.EventSourceMappings?.map((m) => m.UUID)).toEqual([mapping.UUID]);
    await client().send(new DeleteEventSourceMappingCommand({ UUID: mapping.UUID! }));
    await sleep(300);
    // 'bad' stays in the source queue (it was reported as failed).
    const left = await ctx.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: source.QueueUrl!,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    const total =
      Number(left.Attributes!.ApproximateNumberOfMessages) +
      Number(left.Attributes!.ApproximateNumberOfMessagesNotVisible);
    expect(total).toBe(1);
  });
});
