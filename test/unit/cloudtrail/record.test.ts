// Building CloudTrail records from audit entries: AWS's record layout, lowerCamelCase parameters, read-only and
// failed calls, global services, data events and cross-account recipients.
import { describe, expect, it } from 'vitest';
import { model as sqsModel } from '../../../generated/sqs/model.js';
import { describeArn, eventKind, isReadOnly } from '../../../src/services/cloudtrail/classify.js';
import type { CloudTrailEntry } from '../../../src/services/cloudtrail/entry.js';
import { buildEvents, recordText } from '../../../src/services/cloudtrail/record.js';
import {
  HIDDEN_VALUE,
  lowerCamel,
  MAX_PARAMETERS_BYTES,
  toRecordValue,
} from '../../../src/services/cloudtrail/wire.js';
import type { CoreServices } from '../../../src/services/types.js';

const core = {} as CoreServices; // identity resolution needs IAM only for keys IAM issued
const ACCOUNT = '111111111111';
const NOW = Date.UTC(2024, 4, 1, 12, 30, 45, 123);
let ids = 0;
const newId = () => `id-${++ids}`;

function entry(over: Partial<CloudTrailEntry> = {}): CloudTrailEntry {
  return {
    requestId: 'req-1',
    time: NOW,
    service: 'sqs',
    endpointPrefix: 'sqs',
    operation: 'CreateQueue',
    accountId: ACCOUNT,
    region: 'eu-west-1',
    principal: { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accessKeyId: '', anonymous: false },
    status: 200,
    sourceIp: '10.0.0.1',
    userAgent: 'aws-sdk-js/3',
    model: sqsModel,
    inputShape: 'CreateQueueRequest',
    outputShape: 'CreateQueueResult',
    input: { QueueName: 'orders', Attributes: { VisibilityTimeout: '30' }, tags: { Team: 'a' } },
    output: { QueueUrl: 'http://localhost/111111111111/orders' },
    targets: [{ action: 'sqs:CreateQueue', resource: `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders` }],
    ...over,
  };
}

describe('buildEvents', () => {
  it('writes a management write event as AWS does', () => {
    const [e] = buildEvents(core, entry(), { now: NOW, newId });
    expect(e).toMatchObject({ kind: 'management', recipientAccountId: ACCOUNT, region: 'eu-west-1', readOnly: false });
    expect(e!.username).toBe('root');
    expect(e!.resources).toEqual([
      { type: 'AWS::SQS::Queue', name: 'orders', arn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders`, accountId: ACCOUNT },
    ]);
    expect(Object.keys(e!.record)).toEqual([
      'eventVersion',
      'userIdentity',
      'eventTime',
      'eventSource',
      'eventName',
      'awsRegion',
      'sourceIPAddress',
      'userAgent',
      'requestParameters',
      'responseElements',
      'requestID',
      'eventID',
      'readOnly',
      'eventType',
      'managementEvent',
      'recipientAccountId',
      'eventCategory',
    ]);
    expect(e!.record).toMatchObject({
      eventVersion: '1.11',
      userIdentity: { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT },
      eventTime: '2024-05-01T12:30:45Z',
      eventSource: 'sqs.amazonaws.com',
      eventName: 'CreateQueue',
      awsRegion: 'eu-west-1',
      sourceIPAddress: '10.0.0.1',
      userAgent: 'aws-sdk-js/3',
      // members in lowerCamelCase, map keys as given
      requestParameters: { queueName: 'orders', attributes: { VisibilityTimeout: '30' }, tags: { Team: 'a' } },
      responseElements: { queueUrl: 'http://localhost/111111111111/orders' },
      requestID: 'req-1',
      eventID: e!.eventId,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Management',
    });
    expect(e!.record).not.toHaveProperty('tlsDetails');
    expect(e!.record).not.toHaveProperty('sharedEventID');
  });

  it('leaves responseElements null for read-only and failed calls, with the error', () => {
    const [read] = buildEvents(
      core,
      entry({ operation: 'GetQueueUrl', inputShape: 'GetQueueUrlRequest', input: { QueueName: 'orders' } }),
      { now: NOW, newId },
    );
    expect(read!.readOnly).toBe(true);
    expect(read!.record.responseElements).toBeNull();
    const [failed] = buildEvents(
      core,
      entry({ status: 400, errorCode: 'QueueAlreadyExists', errorMessage: 'exists', output: undefined }),
      { now: NOW, newId },
    );
    expect(failed!.record).toMatchObject({
      errorCode: 'QueueAlreadyExists',
      errorMessage: 'exists',
      responseElements: null,
    });
    const [empty] = buildEvents(core, entry({ operation: 'ListQueues', input: {}, inputShape: 'ListQueuesRequest' }), {
      now: NOW,
      newId,
    });
    expect(empty!.record.requestParameters).toBeNull();
  });

  it('records global services in us-east-1 and skips unlogged and data events as classified', () => {
    const [iam] = buildEvents(
      core,
      entry({
        service: 'iam',
        endpointPrefix: 'iam',
        operation: 'CreateUser',
        model: undefined,
        input: { UserName: 'bob' },
      }),
      { now: NOW, newId },
    );
    expect(iam!.region).toBe('us-east-1');
    expect(iam!.record.requestParameters).toEqual({ userName: 'bob' });
    expect(
      buildEvents(core, entry({ service: 'logs', endpointPrefix: 'logs', operation: 'PutLogEvents' }), { now: NOW }),
    ).toEqual([]);
    const [data] = buildEvents(core, entry({ operation: 'SendMessage', input: { QueueUrl: 'u', MessageBody: 'b' } }), {
      now: NOW,
      newId,
    });
    expect(data).toMatchObject({ kind: 'data' });
    expect(data!.record).toMatchObject({
      managementEvent: false,
      eventCategory: 'Data',
      responseElements: null,
      resources: [{ accountId: ACCOUNT, type: 'AWS::SQS::Queue', ARN: `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders` }],
    });
  });

  it('writes oversized parameters as null and keeps the record text otherwise as built', () => {
    const [small] = buildEvents(core, entry(), { now: NOW, newId });
    expect(recordText(small!)).toBe(JSON.stringify(small!.record));
    const big = 'x'.repeat(MAX_PARAMETERS_BYTES);
    const [e] = buildEvents(
      core,
      entry({ input: { QueueName: 'orders', Attributes: { Policy: big } }, output: { QueueUrl: 'u' } }),
      { now: NOW, newId },
    );
    const record = JSON.parse(recordText(e!)) as Record<string, unknown>;
    expect(record.requestParameters).toBeNull();
    expect(record.responseElements).toEqual({ queueUrl: 'u' });
    expect(Object.keys(record)).toEqual(Object.keys(e!.record));
  });

  it('delivers a cross-account call to both accounts with one sharedEventID', () => {
    const other = '222222222222';
    const events = buildEvents(
      core,
      entry({
        operation: 'SetQueueAttributes',
        inputShape: 'SetQueueAttributesRequest',
        input: { QueueUrl: 'u', Attributes: {} },
        output: {},
        targets: [{ action: 'sqs:SetQueueAttributes', resource: `arn:aws:sqs:eu-west-1:${other}:shared` }],
      }),
      { now: NOW, newId },
    );
    expect(events.map((e) => e.recipientAccountId)).toEqual([ACCOUNT, other]);
    const shared = events[0]!.record.sharedEventID;
    expect(shared).toBeTypeOf('string');
    expect(events[1]!.record.sharedEventID).toBe(shared);
    expect(events[0]!.eventId).not.toBe(events[1]!.eventId);
    expect(events[1]!.record.recipientAccountId).toBe(other);
  });

  it('names service principals as AWSService with invokedBy', () => {
    const [e] = buildEvents(
      core,
      entry({ principal: { accountId: ACCOUNT, arn: 'events.amazonaws.com', accessKeyId: '', anonymous: false } }),
      { now: NOW, newId },
    );
    expect(e!.record.userIdentity).toEqual({ type: 'AWSService', invokedBy: 'events.amazonaws.com' });
    expect(e!.username).toBe('events.amazonaws.com');
  });
});

describe('classification and wire form', () => {
  it('derives readOnly from the operation name', () => {
    for (const op of ['GetItem', 'ListQueues', 'DescribeTrails', 'HeadObject', 'LookupEvents', 'BatchGetItem']) {
      expect(isReadOnly(op), op).toBe(true);
    }
    for (const op of ['CreateTrail', 'PutItem', 'DeleteQueue', 'Getaway', 'StartLogging']) {
      expect(isReadOnly(op), op).toBe(false);
    }
  });

  it('classifies data events and unlogged calls', () => {
    expect(eventKind('dynamodb.amazonaws.com', 'PutItem')).toBe('data');
    expect(eventKind('dynamodb.amazonaws.com', 'CreateTable')).toBe('management');
    expect(eventKind('logs.amazonaws.com', 'PutLogEvents')).toBe('none');
    // EventBridge PutEvents and SQS/SNS message calls are data events (opt-in), the rest of their APIs management.
    expect(eventKind('events.amazonaws.com', 'PutEvents')).toBe('data');
    expect(eventKind('events.amazonaws.com', 'PutRule')).toBe('management');
    expect(eventKind('sqs.amazonaws.com', 'SendMessage')).toBe('data');
    expect(eventKind('sqs.amazonaws.com', 'CreateQueue')).toBe('management');
    expect(eventKind('sns.amazonaws.com', 'Publish')).toBe('data');
  });

  it('writes member names in lowerCamelCase and hides secrets', () => {
    expect(lowerCamel('S3BucketName')).toBe('s3BucketName');
    expect(lowerCamel('KMSKeyId')).toBe('kmsKeyId');
    expect(lowerCamel('TagsList')).toBe('tagsList');
    expect(lowerCamel('trailNameList')).toBe('trailNameList');
    // Cached names answer the same the second time.
    expect([lowerCamel('S3BucketName'), lowerCamel('KMSKeyId'), lowerCamel('ID')]).toEqual([
      's3BucketName',
      'kmsKeyId',
      'id',
    ]);
    expect(
      toRecordValue(undefined, undefined, { Password: 'x', SecretAccessKey: 'y', Code: new Uint8Array(2) }),
    ).toEqual({
      password: HIDDEN_VALUE,
    });
  });

  it('names resources from ARNs', () => {
    expect(describeArn('arn:aws:iam::111111111111:role/path/app')).toMatchObject({
      type: 'AWS::IAM::Role',
      name: 'app',
    });
    expect(describeArn('arn:aws:lambda:us-east-1:111111111111:function:fn:3')).toMatchObject({
      type: 'AWS::Lambda::Function',
      name: 'fn',
    });
    expect(describeArn('arn:aws:logs:us-east-1:111111111111:log-group:/aws/x:*')).toMatchObject({ name: '/aws/x' });
    expect(describeArn('*')).toBeUndefined();
  });
});
