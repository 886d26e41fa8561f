// Custom key stores (CloudHSM, external), imported key material and ECDH key agreement are not served: each answers
// NotImplemented rather than pretending.
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import { notImplementedTable } from '../not-implemented.js';

export const NOT_IMPLEMENTED = [
  'ConnectCustomKeyStore',
  'CreateCustomKeyStore',
  'DeleteCustomKeyStore',
  'DescribeCustomKeyStores',
  'DisconnectCustomKeyStore',
  'UpdateCustomKeyStore',
  'GetParametersForImport',
  'ImportKeyMaterial',
  'DeleteImportedKeyMaterial',
  'DeriveSharedSecret',
] as const;

type Missing = (typeof NOT_IMPLEMENTED)[number];

export function notImplementedHandlers(): Pick<HandlerTable<Operations>, Missing> {
  return notImplementedTable(NOT_IMPLEMENTED);
}
