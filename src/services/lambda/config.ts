// The checks Lambda applies to a function's configuration (runtime, handler, timeout, environment) and the
// defaults it fills in. Shared by CreateFunction and UpdateFunctionConfiguration.
import { AwsError } from '../../protocol/errors.js';
import type { FunctionConfiguration, Runtime } from './api.js';
import { LambdaErrors } from './errors.js';

/** Runtimes atoll runs (in worker processes). Other current runtimes are stored but cannot be invoked. */
export const RUNNABLE_RUNTIMES = new Set<string>(['nodejs18.x', 'nodejs20.x', 'nodejs22.x']);

/** Runtimes AWS no longer lets anyone create or update functions with. */
const BLOCKED_RUNTIMES = new Set<string>([
  'nodejs',
  'nodejs4.3',
  'nodejs4.3-edge',
  'nodejs6.10',
  'nodejs8.10',
  'nodejs10.x',
  'nodejs12.x',
  'nodejs14.x',
  'nodejs16.x',
  'java8',
  'python2.7',
  'python3.6',
  'python3.7',
  'python3.8',
  'dotnetcore1.0',
  'dotnetcore2.0',
  'dotnetcore2.1',
  'dotnetcore3.1',
  'dotnet6',
  'go1.x',
  'ruby2.5',
  'ruby2.7',
  'provided',
]);

const RESERVED_ENV = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

export interface ConfigInput {
  Runtime?: Runtime;
  Handler?: string;
  Timeout?: number;
  MemorySize?: number;
  Description?: string;
  Role?: string;
  Environment?: { Variables?: Record<string, string> };
  DeadLetterConfig?: { TargetArn?: string };
  TracingConfig?: { Mode?: string };
  Layers?: string[];
  VpcConfig?: { SubnetIds?: string[]; SecurityGroupIds?: string[] };
  FileSystemConfigs?: unknown[];
  KMSKeyArn?: string;
}

export function checkRuntime(runtime: string | undefined): void {
  if (runtime !== undefined && BLOCKED_RUNTIMES.has(runtime)) {
    throw LambdaErrors.invalidParameter(
      `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. ` +
        'We recommend you use a supported runtime while creating or updating functions.',
    );
  }
}

/** Applies (validated) configuration members onto a function configuration. */
export function applyConfig(target: FunctionConfiguration, input: ConfigInput): void {
  checkRuntime(input.Runtime);
  if (input.Layers !== undefined && input.Layers.length > 0) {
    throw new AwsError('NotImplemented', 'atoll does not implement Lambda layers yet (see docs/coverage/lambda.md).', {
      status: 501,
      fault: 'server',
    });
  }
  if (input.Timeout !== undefined && input.Timeout > 900) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value '${input.Timeout}' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900`,
    );
  }
  if (input.Environment?.Variables) checkEnvironment(input.Environment.Variables);
  if (input.DeadLetterConfig?.TargetArn && !/^arn:aws[a-z-]*:(sqs|sns):/.test(input.DeadLetterConfig.TargetArn)) {
    throw LambdaErrors.invalidParameter(
      `The provided target arn ${input.DeadLetterConfig.TargetArn} is invalid. Only SQS queues and SNS topics are supported.`,
    );
  }
  if (input.Runtime !== undefined) target.Runtime = input.Runtime;
  if (input.Handler !== undefined) target.Handler = input.Handler;
  if (input.Timeout !== undefined) target.Timeout = input.Timeout;
  if (input.MemorySize !== undefined) target.MemorySize = input.MemorySize;
  if (input.Description !== undefined) target.Description = input.Description;
  if (input.Role !== undefined) target.Role = input.Role;
  if (input.KMSKeyArn !== undefined) target.KMSKeyArn = input.KMSKeyArn;
  if (input.Environment !== undefined) target.Environment = { Variables: { ...(input.Environment.Variables ?? {}) } };
  if (input.DeadLetterConfig !== undefined) {
    if (input.DeadLetterConfig.TargetArn) target.DeadLetterConfig = { TargetArn: input.DeadLetterConfig.TargetArn };
    else delete target.DeadLetterConfig;
  }
  if (input.TracingConfig?.Mode !== undefined) target.TracingConfig = { Mode: input.TracingConfig.Mode as 'Active' };
  if (input.VpcConfig !== undefined) {
    target.VpcConfig = {
      SubnetIds: input.VpcConfig.SubnetIds ?? [],
      SecurityGroupIds: input.VpcConfig.SecurityGroupIds ?? [],
      VpcId: '',
    };
  }
}

function checkEnvironment(vars: Record<string, string>): void {
  const reserved = Object.keys(vars).filter((k) => RESERVED_ENV.has(k));
  if (reserved.length > 0) {
    throw LambdaErrors.invalidParameter(
      'Lambda was unable to configure your environment variables because the environment variables you have ' +
        `provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  const measured = JSON.stringify(vars);
  if (Buffer.byteLength(measured) > 4096) {
    throw LambdaErrors.invalidParameter(
      'Lambda was unable to configure your environment variables because the environment variables you have ' +
        `provided exceeded the 4KB limit. String measured: ${measured}`,
    );
  }
}
