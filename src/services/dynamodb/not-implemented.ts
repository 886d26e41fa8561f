// Operations atoll does not implement yet: each answers NotImplemented (see docs/coverage/dynamodb.md).
import { CommonErrors } from '../../protocol/errors.js';

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
  const out = {} as Record<NotImplementedOp, () => never>;
  for (const op of NOT_IMPLEMENTED) {
    out[op] = () => {
      throw CommonErrors.notImplemented(op);
    };
  }
  return out;
}
