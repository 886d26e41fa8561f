import { describe, expect, it } from 'vitest';
import { model } from '../../../generated/sqs/model.js';
import { AwsError } from '../../../src/protocol/errors.js';
import { parseJsonInput, serializeJsonError, serializeJsonOutput } from '../../../src/protocol/json.js';
import {
  parseQueryParams,
  readQueryInput,
  serializeQueryError,
  serializeQueryOutput,
} from '../../../src/protocol/query.js';
import { validateInput } from '../../../src/protocol/validate.js';

describe('query protocol', () => {
  it('reads flattened maps, lists and nested structures by their xmlName', () => {
    const raw = new URLSearchParams({
      Action: 'SendMessageBatch',
      QueueUrl: 'http://localhost/000000000000/q',
      'SendMessageBatchRequestEntry.1.Id': 'a',
      'SendMessageBatchRequestEntry.1.MessageBody': 'body one',
      'SendMessageBatchRequestEntry.1.MessageAttribute.1.Name': 'color',
      'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType': 'String',
      'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue': 'red',
      'SendMessageBatchRequestEntry.2.Id': 'b',
      'SendMessageBatchRequestEntry.2.MessageBody': 'body two',
      'SendMessageBatchRequestEntry.2.DelaySeconds': '5',
    }).toString();
    const input = readQueryInput(model, 'SendMessageBatchRequest', parseQueryParams(raw));
    expect(input).toEqual({
      QueueUrl: 'http://localhost/000000000000/q',
      Entries: [
        { Id: 'a', MessageBody: 'body one', MessageAttributes: { color: { DataType: 'String', StringValue: 'red' } } },
        { Id: 'b', MessageBody: 'body two', DelaySeconds: 5 },
      ],
    });
  });

  it('reads the CreateQueue attribute map (Attribute.N.Name / Attribute.N.Value)', () => {
    const raw =
      'Action=CreateQueue&QueueName=q&Attribute.1.Name=DelaySeconds&Attribute.1.Value=3&Tag.1.Key=k&Tag.1.Value=v';
    expect(readQueryInput(model, 'CreateQueueRequest', parseQueryParams(raw))).toEqual({
      QueueName: 'q',
      Attributes: { DelaySeconds: '3' },
      tags: { k: 'v' },
    });
  });

  it('rejects a non-integer where the model wants an integer', () => {
    const raw = 'Action=ReceiveMessage&QueueUrl=u&MaxNumberOfMessages=ten';
    expect(() => readQueryInput(model, 'ReceiveMessageRequest', parseQueryParams(raw))).toThrow(AwsError);
  });

  it('writes results with flattened members and the request id', () => {
    const xml = serializeQueryOutput(
      model,
      'ReceiveMessage',
      'ReceiveMessageResult',
      { Messages: [{ MessageId: 'm1', Body: 'a<b', Attributes: { SenderId: 'x' } }] },
      'rid',
    );
    expect(xml).toContain('<ReceiveMessageResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">');
    expect(xml).toContain('<ReceiveMessageResult><Message><MessageId>m1</MessageId>');
    expect(xml).toContain('<Body>a&lt;b</Body>');
    expect(xml).toContain('<Attribute><Name>SenderId</Name><Value>x</Value></Attribute>');
    expect(xml).toContain('<ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata>');
  });

  it('writes errors with Type, Code (the query code) and Message', () => {
    const err = new AwsError('QueueDoesNotExist', 'The specified queue does not exist.', {
      queryCode: 'AWS.SimpleQueueService.NonExistentQueue',
    });
    expect(serializeQueryError(model, err, 'rid')).toContain(
      '<Error><Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>The specified queue does not exist.</Message><Detail/></Error><RequestId>rid</RequestId>',
    );
  });
});

describe('JSON protocol', () => {
  it('parses input, ignoring unknown members and nulls', () => {
    const body = Buffer.from(JSON.stringify({ QueueUrl: 'u', MessageBody: 'b', Unknown: 1, DelaySeconds: null }));
    expect(parseJsonInput(model, 'SendMessageRequest', body)).toEqual({ QueueUrl: 'u', MessageBody: 'b' });
  });

  it('decodes base64 blobs and rejects bad ones', () => {
    const ok = Buffer.from(
      JSON.stringify({
        QueueUrl: 'u',
        MessageBody: 'b',
        MessageAttributes: { bin: { DataType: 'Binary', BinaryValue: Buffer.from('hi').toString('base64') } },
      }),
    );
    const input = parseJsonInput(model, 'SendMessageRequest', ok) as {
      MessageAttributes: { bin: { BinaryValue: Uint8Array } };
    };
    expect(Buffer.from(input.MessageAttributes.bin.BinaryValue).toString()).toBe('hi');
    const bad = Buffer.from(
      JSON.stringify({
        QueueUrl: 'u',
        MessageBody: 'b',
        MessageAttributes: { bin: { DataType: 'Binary', BinaryValue: '%%' } },
      }),
    );
    expect(() => parseJsonInput(model, 'SendMessageRequest', bad)).toThrow(/Base64/);
  });

  it('rejects malformed JSON and wrong member types with SerializationException', () => {
    expect(() => parseJsonInput(model, 'SendMessageRequest', Buffer.from('{"QueueUrl":'))).toThrow(AwsError);
    expect(() => parseJsonInput(model, 'SendMessageRequest', Buffer.from('[1]'))).toThrow(/list/i);
    try {
      parseJsonInput(model, 'SendMessageRequest', Buffer.from('{"QueueUrl": 5}'));
      expect.unreachable();
    } catch (e) {
      expect((e as AwsError).code).toBe('SerializationException');
    }
  });

  it('encodes blobs as base64 on output', () => {
    const out = serializeJsonOutput(model, 'ReceiveMessageResult', {
      Messages: [{ MessageAttributes: { b: { DataType: 'Binary', BinaryValue: Buffer.from('hi') } } }],
    });
    expect(JSON.parse(out)).toEqual({
      Messages: [{ MessageAttributes: { b: { DataType: 'Binary', BinaryValue: 'aGk=' } } }],
    });
  });

  it('adds x-amzn-query-error for query-compatible services', () => {
    const err = new AwsError('QueueDoesNotExist', 'The specified queue does not exist.', {
      queryCode: 'AWS.SimpleQueueService.NonExistentQueue',
    });
    const res = serializeJsonError(model, err);
    expect(res.headers['x-amzn-query-error']).toBe('AWS.SimpleQueueService.NonExistentQueue;Sender');
    expect(JSON.parse(res.body)).toEqual({
      __type: 'com.amazonaws.sqs#QueueDoesNotExist',
      message: 'The specified queue does not exist.',
    });
  });
});

describe('validation', () => {
  it('reports missing required members and enum violations', () => {
    const v = validateInput(model, 'GetQueueAttributesRequest', { AttributeNames: ['Bogus'] });
    expect(v.map((x) => [x.path, x.kind])).toEqual([
      ['QueueUrl', 'required'],
      ['AttributeNames.1', 'enum'],
    ]);
  });
});
