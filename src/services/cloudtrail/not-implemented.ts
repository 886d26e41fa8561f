// Operations of the CloudTrail model atoll does not implement (event data stores / Lake queries, channels,
// dashboards, imports, federation, resource policies, delegated administrators): each answers NotImplemented
// (501). docs/coverage/cloudtrail.md lists them.
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import { notImplementedTable } from '../not-implemented.js';

export const NOT_IMPLEMENTED = [
  'CancelQuery',
  'CreateChannel',
  'CreateDashboard',
  'CreateEventDataStore',
  'DeleteChannel',
  'DeleteDashboard',
  'DeleteEventDataStore',
  'DeleteResourcePolicy',
  'DeregisterOrganizationDelegatedAdmin',
  'DescribeQuery',
  'DisableFederation',
  'EnableFederation',
  'GenerateQuery',
  'GetChannel',
  'GetDashboard',
  'GetEventDataStore',
  'GetImport',
  'GetQueryResults',
  'GetResourcePolicy',
  'ListChannels',
  'ListDashboards',
  'ListEventDataStores',
  'ListImportFailures',
  'ListImports',
  'ListInsightsMetricData',
  'ListPublicKeys',
  'ListQueries',
  'PutResourcePolicy',
  'RegisterOrganizationDelegatedAdmin',
  'RestoreEventDataStore',
  'SearchSampleQueries',
  'StartDashboardRefresh',
  'StartEventDataStoreIngestion',
  'StartImport',
  'StartQuery',
  'StopEventDataStoreIngestion',
  'StopImport',
  'UpdateChannel',
  'UpdateDashboard',
  'UpdateEventDataStore',
] as const;

type NotImplemented = (typeof NOT_IMPLEMENTED)[number];

export function notImplementedHandlers(): Pick<HandlerTable<Operations>, NotImplemented> {
  return notImplementedTable(NOT_IMPLEMENTED);
}
