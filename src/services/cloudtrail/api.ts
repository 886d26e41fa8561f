// CloudTrail API shapes as handlers see them (the generator's types) and the stored form of a trail.
import type {
  AdvancedEventSelector,
  EventSelector,
  InsightSelector,
  Operations as GeneratedOperations,
  Tag,
} from '../../../generated/cloudtrail/types.js';

export type {
  AdvancedEventSelector,
  AdvancedFieldSelector,
  DataResource,
  Event,
  EventSelector,
  InsightSelector,
  LookupAttribute,
  Tag,
  Trail,
} from '../../../generated/cloudtrail/types.js';
export type Operations = GeneratedOperations;

/** A trail as stored: its settings, selectors, tags and logging status. */
export interface TrailRec {
  name: string;
  accountId: string;
  homeRegion: string;
  arn: string;
  s3BucketName: string;
  s3KeyPrefix?: string;
  snsTopicName?: string;
  snsTopicArn?: string;
  includeGlobalServiceEvents: boolean;
  isMultiRegionTrail: boolean;
  logFileValidationEnabled: boolean;
  cloudWatchLogsLogGroupArn?: string;
  cloudWatchLogsRoleArn?: string;
  kmsKeyId?: string;
  isOrganizationTrail: boolean;
  /** The organization an organization trail logs (member accounts' events reach it). */
  organizationId?: string;
  eventSelectors?: EventSelector[];
  advancedEventSelectors?: AdvancedEventSelector[];
  insightSelectors?: InsightSelector[];
  tags: Tag[];
  createdAt: number;
  logging: boolean;
  startLoggingAt?: number;
  stopLoggingAt?: number;
  latestCloudWatchLogsDeliveryAt?: number;
  latestCloudWatchLogsDeliveryError?: string;
  /** S3 log file delivery (s3-delivery.ts): last success, last attempt and its error. */
  latestDeliveryAt?: number;
  latestDeliveryAttemptAt?: number;
  latestDeliveryError?: string;
  /** SNS notification of a delivered log file. */
  latestNotificationAt?: number;
  latestNotificationAttemptAt?: number;
  latestNotificationError?: string;
}
