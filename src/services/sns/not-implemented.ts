// Mobile push (platform applications/endpoints), SMS account settings and sandbox, and data protection policies
// are not served: each answers AWS-shaped NotImplemented rather than pretending.
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import { notImplementedTable } from '../not-implemented.js';

export const NOT_IMPLEMENTED = [
  'CheckIfPhoneNumberIsOptedOut',
  'CreatePlatformApplication',
  'CreatePlatformEndpoint',
  'CreateSMSSandboxPhoneNumber',
  'DeleteEndpoint',
  'DeletePlatformApplication',
  'DeleteSMSSandboxPhoneNumber',
  'GetDataProtectionPolicy',
  'GetEndpointAttributes',
  'GetPlatformApplicationAttributes',
  'GetSMSAttributes',
  'GetSMSSandboxAccountStatus',
  'ListEndpointsByPlatformApplication',
  'ListOriginationNumbers',
  'ListPhoneNumbersOptedOut',
  'ListPlatformApplications',
  'ListSMSSandboxPhoneNumbers',
  'OptInPhoneNumber',
  'PutDataProtectionPolicy',
  'SetEndpointAttributes',
  'SetPlatformApplicationAttributes',
  'SetSMSAttributes',
  'VerifySMSSandboxPhoneNumber',
] as const;

type Unserved = (typeof NOT_IMPLEMENTED)[number];

export function notImplementedHandlers(): Pick<HandlerTable<Operations>, Unserved> {
  return notImplementedTable(NOT_IMPLEMENTED);
}
