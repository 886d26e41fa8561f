// SNS API shapes as handlers see them: the generator's types under short names used across this folder.
import type { Operations as GeneratedOperations } from '../../../generated/sns/types.js';

export type {
  MessageAttributeValue,
  PublishBatchRequestEntry,
  PublishBatchResultEntry,
  BatchResultErrorEntry,
  Subscription,
  Tag,
} from '../../../generated/sns/types.js';
export type Operations = GeneratedOperations;
