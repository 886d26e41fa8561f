// Operations atoll does not implement yet: each answers NotImplemented (listed in docs/coverage/lambda.md).
import { CommonErrors } from '../../protocol/errors.js';
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';

const OPS = [
  'AddLayerVersionPermission',
  'CreateCodeSigningConfig',
  'CreateFunctionUrlConfig',
  'DeleteCodeSigningConfig',
  'DeleteFunctionCodeSigningConfig',
  'DeleteFunctionUrlConfig',
  'DeleteLayerVersion',
  'DeleteProvisionedConcurrencyConfig',
  'GetAccountSettings',
  'GetCodeSigningConfig',
  'GetFunctionCodeSigningConfig',
  'GetFunctionRecursionConfig',
  'GetFunctionUrlConfig',
  'GetLayerVersion',
  'GetLayerVersionByArn',
  'GetLayerVersionPolicy',
  'GetProvisionedConcurrencyConfig',
  'GetRuntimeManagementConfig',
  'InvokeWithResponseStream',
  'ListCodeSigningConfigs',
  'ListFunctionUrlConfigs',
  'ListFunctionsByCodeSigningConfig',
  'ListLayerVersions',
  'ListLayers',
  'ListProvisionedConcurrencyConfigs',
  'PublishLayerVersion',
  'PutFunctionCodeSigningConfig',
  'PutFunctionRecursionConfig',
  'PutProvisionedConcurrencyConfig',
  'PutRuntimeManagementConfig',
  'RemoveLayerVersionPermission',
  'UpdateCodeSigningConfig',
  'UpdateFunctionUrlConfig',
] as const;

type Missing = (typeof OPS)[number];

export function notImplementedHandlers(): Pick<HandlerTable<Operations>, Missing> {
  const table: Record<string, () => never> = {};
  for (const op of OPS) {
    table[op] = () => {
      throw CommonErrors.notImplemented(op);
    };
  }
  return table as unknown as Pick<HandlerTable<Operations>, Missing>;
}
