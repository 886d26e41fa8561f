// Operations of the CloudWatch Logs model atoll does not implement: each answers NotImplemented (501) rather
// than pretending to succeed. docs/coverage/logs.md lists them.
import { CommonErrors } from '../../protocol/errors.js';
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';

export const UNIMPLEMENTED = [
  'AssociateKmsKey',
  'CancelExportTask',
  'CreateDelivery',
  'CreateExportTask',
  'CreateLogAnomalyDetector',
  'DeleteAccountPolicy',
  'DeleteDataProtectionPolicy',
  'DeleteDelivery',
  'DeleteDeliveryDestination',
  'DeleteDeliveryDestinationPolicy',
  'DeleteDeliverySource',
  'DeleteDestination',
  'DeleteIndexPolicy',
  'DeleteIntegration',
  'DeleteLogAnomalyDetector',
  'DeleteQueryDefinition',
  'DeleteTransformer',
  'DescribeAccountPolicies',
  'DescribeConfigurationTemplates',
  'DescribeDeliveries',
  'DescribeDeliveryDestinations',
  'DescribeDeliverySources',
  'DescribeDestinations',
  'DescribeExportTasks',
  'DescribeFieldIndexes',
  'DescribeIndexPolicies',
  'DescribeQueries',
  'DescribeQueryDefinitions',
  'DisassociateKmsKey',
  'GetDataProtectionPolicy',
  'GetDelivery',
  'GetDeliveryDestination',
  'GetDeliveryDestinationPolicy',
  'GetDeliverySource',
  'GetIntegration',
  'GetLogAnomalyDetector',
  'GetLogGroupFields',
  'GetLogRecord',
  'GetQueryResults',
  'GetTransformer',
  'ListAnomalies',
  'ListIntegrations',
  'ListLogAnomalyDetectors',
  'ListLogGroupsForQuery',
  'PutAccountPolicy',
  'PutDataProtectionPolicy',
  'PutDeliveryDestination',
  'PutDeliveryDestinationPolicy',
  'PutDeliverySource',
  'PutDestination',
  'PutDestinationPolicy',
  'PutIndexPolicy',
  'PutIntegration',
  'PutQueryDefinition',
  'PutTransformer',
  'StartLiveTail',
  'StartQuery',
  'StopQuery',
  'TestTransformer',
  'UpdateAnomaly',
  'UpdateDeliveryConfiguration',
  'UpdateLogAnomalyDetector',
] as const;

type Unimplemented = (typeof UNIMPLEMENTED)[number];

export function unimplementedHandlers(): Pick<HandlerTable<Operations>, Unimplemented> {
  const table: Partial<Record<Unimplemented, () => never>> = {};
  for (const op of UNIMPLEMENTED) {
    table[op] = () => {
      throw CommonErrors.notImplemented(op);
    };
  }
  return table as Pick<HandlerTable<Operations>, Unimplemented>;
}
