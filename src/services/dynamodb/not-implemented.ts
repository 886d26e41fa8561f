// Operations atoll does not implement yet: each answers NotImplemented (see docs/coverage/dynamodb.md).
import { CommonErrors } from '../../protocol/errors.js';

export const NOT_IMPLEMENTED = [
  'BatchExecuteStatement',
  'CreateBackup',
  'CreateGlobalTable',
  'DeleteBackup',
  'DeleteResourcePolicy',
  'DescribeBackup',
  'DescribeContinuousBackups',
  'DescribeContributorInsights',
  'DescribeExport',
  'DescribeGlobalTable',
  'DescribeGlobalTableSettings',
  'DescribeImport',
  'DescribeKinesisStreamingDestination',
  'DescribeTableReplicaAutoScaling',
  'DisableKinesisStreamingDestination',
  'EnableKinesisStreamingDestination',
  'ExecuteStatement',
  'ExecuteTransaction',
  'ExportTableToPointInTime',
  'GetResourcePolicy',
  'ImportTable',
  'ListBackups',
  'ListContributorInsights',
  'ListExports',
  'ListGlobalTables',
  'ListImports',
  'PutResourcePolicy',
  'RestoreTableFromBackup',
  'RestoreTableToPointInTime',
  'UpdateContinuousBackups',
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
