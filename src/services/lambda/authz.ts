// The IAM view of Lambda requests (AWS's "Fine-tuning the Resources and Conditions sections of policies"):
// function actions on the function ARN the request names, qualified (`function:name:qualifier`) when it names a
// version or alias, in the account of the ARN it gives (so another account's function is reached through its
// resource policy); event source mappings on their mapping ARN; account-wide actions on '*'.
import type { AuthzTarget, RequestContext } from '../types.js';
import { functionArn, parseFunctionName } from './names.js';

type Input = Record<string, unknown>;
type Context = NonNullable<AuthzTarget['context']>;

/**
 * Operations whose IAM action is not `lambda:<Operation>`. The deprecated InvokeAsync is denied by AWS as
 * lambda:InvokeFunction (the message names that action), so a grant of InvokeFunction covers it.
 */
const ACTION: Record<string, string> = {
  Invoke: 'InvokeFunction',
  InvokeAsync: 'InvokeFunction',
  InvokeWithResponseStream: 'InvokeFunction',
  GetLayerVersionByArn: 'GetLayerVersion',
};

const ACCOUNT_WIDE = new Set([
  'GetAccountSettings',
  'ListFunctions',
  'ListEventSourceMappings',
  'CreateEventSourceMapping',
  'ListLayers',
  'ListLayerVersions',
  'ListCodeSigningConfigs',
  'CreateCodeSigningConfig',
]);

const CODE_SIGNING = new Set([
  'GetCodeSigningConfig',
  'UpdateCodeSigningConfig',
  'DeleteCodeSigningConfig',
  'ListFunctionsByCodeSigningConfig',
]);

const LAYER_VERSION = new Set([
  'GetLayerVersion',
  'DeleteLayerVersion',
  'GetLayerVersionPolicy',
  'AddLayerVersionPermission',
  'RemoveLayerVersionPermission',
]);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The function ARN a FunctionName (+ Qualifier) names. Malformed names, a region other than the request's and a
 * Qualifier contradicting the name's are answered with the handler's own validation errors, as AWS does before
 * authorizing.
 */
function functionResource(input: Input, ctx: RequestContext): string {
  const ref = parseFunctionName(str(input.FunctionName) ?? '', ctx, str(input.Qualifier));
  return functionArn(ref, ref.qualifier);
}

function layerArn(input: Input, ctx: RequestContext, withVersion: boolean): string {
  const name = str(input.LayerName) ?? '';
  const base = name.startsWith('arn:') ? name : `arn:aws:lambda:${ctx.region}:${ctx.accountId}:layer:${name}`;
  const v = input.VersionNumber;
  return withVersion && typeof v === 'number' ? `${base}:${v}` : base;
}

/** aws:RequestTag/* and aws:TagKeys for requests that set tags (CreateFunction, TagResource). */
function requestTags(tags: unknown): Context {
  if (!tags || typeof tags !== 'object') return {};
  const entries = Object.entries(tags as Record<string, string>);
  if (entries.length === 0) return {};
  const c: Context = Object.fromEntries(entries.map(([k, v]) => [`aws:RequestTag/${k}`, v]));
  c['aws:TagKeys'] = entries.map(([k]) => k);
  return c;
}

/** lambda:Layer and the VPC keys CreateFunction / UpdateFunctionConfiguration are authorized with. */
function configurationKeys(input: Input): Context {
  const c: Context = {};
  if (Array.isArray(input.Layers)) c['lambda:Layer'] = input.Layers as string[];
  const vpc = input.VpcConfig as { SubnetIds?: string[]; SecurityGroupIds?: string[] } | undefined;
  if (vpc?.SubnetIds) c['lambda:SubnetIds'] = vpc.SubnetIds;
  if (vpc?.SecurityGroupIds) c['lambda:SecurityGroupIds'] = vpc.SecurityGroupIds;
  return c;
}

function target(operation: string, input: Input, ctx: RequestContext): { resource: string; context?: Context } {
  if (ACCOUNT_WIDE.has(operation)) {
    // CreateEventSourceMapping: the mapping has no ARN yet; the function it targets is the condition key.
    if (operation === 'CreateEventSourceMapping' && input.FunctionName !== undefined) {
      return { resource: '*', context: { 'lambda:FunctionArn': functionResource(input, ctx) } };
    }
    return { resource: '*' };
  }
  if (operation === 'GetEventSourceMapping' || operation === 'DeleteEventSourceMapping') {
    return { resource: `arn:aws:lambda:${ctx.region}:${ctx.accountId}:event-source-mapping:${str(input.UUID)}` };
  }
  if (operation === 'UpdateEventSourceMapping') {
    const resource = `arn:aws:lambda:${ctx.region}:${ctx.accountId}:event-source-mapping:${str(input.UUID)}`;
    if (input.FunctionName === undefined) return { resource };
    return { resource, context: { 'lambda:FunctionArn': functionResource(input, ctx) } };
  }
  if (operation === 'TagResource' || operation === 'UntagResource' || operation === 'ListTags') {
    const resource = str(input.Resource) ?? '*';
    if (operation === 'TagResource') return { resource, context: requestTags(input.Tags) };
    if (operation === 'UntagResource' && Array.isArray(input.TagKeys)) {
      return { resource, context: { 'aws:TagKeys': input.TagKeys as string[] } };
    }
    return { resource };
  }
  if (CODE_SIGNING.has(operation)) return { resource: str(input.CodeSigningConfigArn) ?? '*' };
  if (LAYER_VERSION.has(operation)) return { resource: layerArn(input, ctx, true) };
  if (operation === 'GetLayerVersionByArn') return { resource: str(input.Arn) ?? '*' };
  if (operation === 'PublishLayerVersion') return { resource: layerArn(input, ctx, false) };

  // Everything else acts on a function.
  const resource = functionResource(input, ctx);
  switch (operation) {
    case 'AddPermission': {
      const c: Context = {};
      if (typeof input.Principal === 'string') c['lambda:Principal'] = input.Principal;
      if (typeof input.FunctionUrlAuthType === 'string') c['lambda:FunctionUrlAuthType'] = input.FunctionUrlAuthType;
      return { resource, context: c };
    }
    case 'CreateFunction':
      return { resource, context: { ...configurationKeys(input), ...requestTags(input.Tags) } };
    case 'UpdateFunctionConfiguration':
      return { resource, context: configurationKeys(input) };
    case 'PutFunctionCodeSigningConfig':
      return typeof input.CodeSigningConfigArn === 'string'
        ? { resource, context: { 'lambda:CodeSigningConfigArn': input.CodeSigningConfigArn } }
        : { resource };
    case 'CreateFunctionUrlConfig':
    case 'UpdateFunctionUrlConfig':
      return typeof input.AuthType === 'string'
        ? { resource, context: { 'lambda:FunctionUrlAuthType': input.AuthType } }
        : { resource };
    default:
      return { resource };
  }
}

export function lambdaAuthorization(operation: string, input: Input, ctx: RequestContext): AuthzTarget[] {
  const { resource, context } = target(operation, input, ctx);
  const t: AuthzTarget = { action: `lambda:${ACTION[operation] ?? operation}`, resource };
  if (context && Object.keys(context).length > 0) t.context = context;
  return [t];
}
