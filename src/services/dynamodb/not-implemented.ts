// Operations atoll does not implement yet: each answers NotImplemented (see docs/coverage/dynamodb.md).
import { notImplementedTable } from '../not-implemented.js';

export const NOT_IMPLEMENTED = [
  'CreateGlobalTable',
  'DeleteResourcePolicy',
  'DescribeContributorInsights',
  'DescribeExport',
  'DescribeGlobalTable',
  'DescribeGlobalTableSettings',
  'DescribeImport',
  'DescribeKinesisStreamingDestination',
  'DescribeTableReplicaAutoScaling',
  'DisableKinesisStreamingDestination',
  'EnableKinesisStreamingDestination',
  'ExportTableToPointInTime',
  'GetResourcePolicy',
  'ImportTable',
  'ListContributorInsights',
  'ListExports',
  'ListGlobalTables',
  'ListImports',
  'PutResourcePolicy',
  'UpdateContributorInsights',
  'UpdateGlobalTable',
  'UpdateGlobalTableSettings',
  'UpdateKinesisStreamingDestination',
  'UpdateTableReplicaAutoScaling',
] as const;

export type NotImplementedOp = (typeof NOT_IMPLEMENTED)[number];

export function notImplementedHandlers(): Record<NotImplementedOp, () => never> {
  return notImplementedTable(NOT_IMPLEMENTED);
}
