// Custom key stores (CloudHSM, external), imported key material and ECDH key agreement are not served: each answers
// NotImplemented rather than pretending.
import { CommonErrors } from '../../protocol/errors.js';
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';

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
  const out: Record<string, () => never> = {};
  for (const op of NOT_IMPLEMENTED)
    out[op] = () => {
      throw CommonErrors.notImplemented(op);
    };
  return out as unknown as Pick<HandlerTable<Operations>, Missing>;
}
