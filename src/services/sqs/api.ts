// SQS API shapes as handlers see them: the generator's types, plus short aliases used across this folder.
import type { MessageAttributeValue, Operations as GeneratedOperations } from '../../../generated/sqs/types.js';

export type {
  BatchResultErrorEntry,
  ListMessageMoveTasksResultEntry,
  Message,
  MessageAttributeValue,
  SendMessageBatchResultEntry,
} from '../../../generated/sqs/types.js';
export type Operations = GeneratedOperations;
export type MessageBodyAttributeMap = Record<string, MessageAttributeValue>;
export type MessageBodySystemAttributeMap = Record<string, MessageAttributeValue>;
