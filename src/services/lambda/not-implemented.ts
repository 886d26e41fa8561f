// Operations atoll does not implement yet: each answers NotImplemented (listed in docs/coverage/lambda.md).
import type { HandlerTable } from '../types.js';
import type { Operations } from './api.js';
import { notImplementedTable } from '../not-implemented.js';

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
  return notImplementedTable(OPS);
}
