// Operations atoll does not serve yet (connections, API destinations, global endpoints, partner event sources):
// each answers NotImplemented rather than pretending to work.
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import { notImplementedTable } from '../not-implemented.js';

export const NOT_IMPLEMENTED = [
  'ActivateEventSource',
  'CreateApiDestination',
  'CreateConnection',
  'CreateEndpoint',
  'CreatePartnerEventSource',
  'DeactivateEventSource',
  'DeauthorizeConnection',
  'DeleteApiDestination',
  'DeleteConnection',
  'DeleteEndpoint',
  'DeletePartnerEventSource',
  'DescribeApiDestination',
  'DescribeConnection',
  'DescribeEndpoint',
  'DescribeEventSource',
  'DescribePartnerEventSource',
  'ListApiDestinations',
  'ListConnections',
  'ListEndpoints',
  'ListEventSources',
  'ListPartnerEventSourceAccounts',
  'ListPartnerEventSources',
  'PutPartnerEvents',
  'UpdateApiDestination',
  'UpdateConnection',
  'UpdateEndpoint',
] as const;

type Missing = (typeof NOT_IMPLEMENTED)[number];

export function notImplementedHandlers(): HandlerTable<Pick<Operations, Missing>> {
  return notImplementedTable(NOT_IMPLEMENTED);
}
