// SQS API shapes as handlers see them (JSON shape of the API reference). Temporary local copy until the
// generator's generated/sqs/types.ts lands; then this file re-exports those types instead.
export interface MessageAttributeValue {
  StringValue?: string;
  BinaryValue?: Uint8Array;
  StringListValues?: string[];
  BinaryListValues?: Uint8Array[];
  DataType: string;
}
export type MessageSystemAttributeValue = MessageAttributeValue;
export type MessageBodyAttributeMap = Record<string, MessageAttributeValue>;
export type MessageBodySystemAttributeMap = Partial<Record<string, MessageSystemAttributeValue>>;
export type QueueAttributeMap = Partial<Record<string, string>>;
export type TagMap = Record<string, string>;

export interface BatchResultErrorEntry {
  Id: string;
  SenderFault: boolean;
  Code: string;
  Message?: string;
}

export interface Message {
  MessageId?: string;
  ReceiptHandle?: string;
  MD5OfBody?: string;
  Body?: string;
  Attributes?: Partial<Record<string, string>>;
  MD5OfMessageAttributes?: string;
  MessageAttributes?: MessageBodyAttributeMap;
}

export interface SendMessageBatchRequestEntry {
  Id: string;
  MessageBody: string;
  DelaySeconds?: number;
  MessageAttributes?: MessageBodyAttributeMap;
  MessageSystemAttributes?: MessageBodySystemAttributeMap;
  MessageDeduplicationId?: string;
  MessageGroupId?: string;
}
export interface SendMessageBatchResultEntry {
  Id: string;
  MessageId: string;
  MD5OfMessageBody: string;
  MD5OfMessageAttributes?: string;
  MD5OfMessageSystemAttributes?: string;
  SequenceNumber?: string;
}
export interface ListMessageMoveTasksResultEntry {
  TaskHandle?: string;
  Status?: string;
  SourceArn?: string;
  DestinationArn?: string;
  MaxNumberOfMessagesPerSecond?: number;
  ApproximateNumberOfMessagesMoved?: number;
  ApproximateNumberOfMessagesToMove?: number;
  FailureReason?: string;
  StartedTimestamp?: number;
}

type Empty = Record<string, never>;

export interface Operations {
  AddPermission: {
    input: { QueueUrl: string; Label: string; AWSAccountIds: string[]; Actions: string[] };
    output: Empty | void;
  };
  CancelMessageMoveTask: { input: { TaskHandle: string }; output: { ApproximateNumberOfMessagesMoved?: number } };
  ChangeMessageVisibility: {
    input: { QueueUrl: string; ReceiptHandle: string; VisibilityTimeout: number };
    output: Empty | void;
  };
  ChangeMessageVisibilityBatch: {
    input: { QueueUrl: string; Entries: Array<{ Id: string; ReceiptHandle: string; VisibilityTimeout?: number }> };
    output: { Successful: Array<{ Id: string }>; Failed: BatchResultErrorEntry[] };
  };
  CreateQueue: {
    input: { QueueName: string; Attributes?: QueueAttributeMap; tags?: TagMap };
    output: { QueueUrl?: string };
  };
  DeleteMessage: { input: { QueueUrl: string; ReceiptHandle: string }; output: Empty | void };
  DeleteMessageBatch: {
    input: { QueueUrl: string; Entries: Array<{ Id: string; ReceiptHandle: string }> };
    output: { Successful: Array<{ Id: string }>; Failed: BatchResultErrorEntry[] };
  };
  DeleteQueue: { input: { QueueUrl: string }; output: Empty | void };
  GetQueueAttributes: {
    input: { QueueUrl: string; AttributeNames?: string[] };
    output: { Attributes?: QueueAttributeMap };
  };
  GetQueueUrl: { input: { QueueName: string; QueueOwnerAWSAccountId?: string }; output: { QueueUrl?: string } };
  ListDeadLetterSourceQueues: {
    input: { QueueUrl: string; NextToken?: string; MaxResults?: number };
    output: { queueUrls: string[]; NextToken?: string };
  };
  ListMessageMoveTasks: {
    input: { SourceArn: string; MaxResults?: number };
    output: { Results?: ListMessageMoveTasksResultEntry[] };
  };
  ListQueueTags: { input: { QueueUrl: string }; output: { Tags?: TagMap } };
  ListQueues: {
    input: { QueueNamePrefix?: string; NextToken?: string; MaxResults?: number };
    output: { QueueUrls?: string[]; NextToken?: string };
  };
  PurgeQueue: { input: { QueueUrl: string }; output: Empty | void };
  ReceiveMessage: {
    input: {
      QueueUrl: string;
      AttributeNames?: string[];
      MessageSystemAttributeNames?: string[];
      MessageAttributeNames?: string[];
      MaxNumberOfMessages?: number;
      VisibilityTimeout?: number;
      WaitTimeSeconds?: number;
      ReceiveRequestAttemptId?: string;
    };
    output: { Messages?: Message[] };
  };
  RemovePermission: { input: { QueueUrl: string; Label: string }; output: Empty | void };
  SendMessage: {
    input: {
      QueueUrl: string;
      MessageBody: string;
      DelaySeconds?: number;
      MessageAttributes?: MessageBodyAttributeMap;
      MessageSystemAttributes?: MessageBodySystemAttributeMap;
      MessageDeduplicationId?: string;
      MessageGroupId?: string;
    };
    output: {
      MD5OfMessageBody?: string;
      MD5OfMessageAttributes?: string;
      MD5OfMessageSystemAttributes?: string;
      MessageId?: string;
      SequenceNumber?: string;
    };
  };
  SendMessageBatch: {
    input: { QueueUrl: string; Entries: SendMessageBatchRequestEntry[] };
    output: { Successful: SendMessageBatchResultEntry[]; Failed: BatchResultErrorEntry[] };
  };
  SetQueueAttributes: { input: { QueueUrl: string; Attributes: QueueAttributeMap }; output: Empty | void };
  StartMessageMoveTask: {
    input: { SourceArn: string; DestinationArn?: string; MaxNumberOfMessagesPerSecond?: number };
    output: { TaskHandle?: string };
  };
  TagQueue: { input: { QueueUrl: string; Tags: TagMap }; output: Empty | void };
  UntagQueue: { input: { QueueUrl: string; TagKeys: string[] }; output: Empty | void };
}
