// The settings of a DynamoDB stream event source mapping, validated as Lambda does on Create and Update, with
// the defaults GetEventSourceMapping shows for stream sources (BatchSize 100, infinite retries and record age).
import { CommonErrors } from '../../protocol/errors.js';
import type { CreateEventSourceMappingRequest, DestinationConfig, UpdateEventSourceMappingRequest } from './api.js';
import { LambdaErrors } from './errors.js';
import { compileFilters } from './filters.js';

type Settable = Omit<UpdateEventSourceMappingRequest, 'UUID' | 'FunctionName' | 'Enabled'>;

/** Options of other source types that a stream mapping does not take. */
function rejectForeign(input: Settable | CreateEventSourceMappingRequest): void {
  if (input.TumblingWindowInSeconds) throw CommonErrors.notImplemented('EventSourceMapping (TumblingWindowInSeconds)');
  if (input.SourceAccessConfigurations?.length || input.ScalingConfig || input.DocumentDBEventSourceConfig) {
    throw LambdaErrors.invalidParameter('Unsupported parameter for the event source mapping type: DynamoDB Streams.');
  }
  if (input.ProvisionedPollerConfig) {
    throw CommonErrors.notImplemented('EventSourceMapping (ProvisionedPollerConfig)');
  }
}

function checkDestination(d: DestinationConfig | undefined): void {
  if (!d) return;
  if (d.OnSuccess?.Destination) {
    throw LambdaErrors.invalidParameter('Unsupported DestinationConfig parameter for given event source mapping type.');
  }
  const dest = d.OnFailure?.Destination;
  if (dest === undefined) return;
  const service = /^arn:aws[\w-]*:([a-z0-9-]+):/.exec(dest)?.[1];
  if (service === 's3') throw CommonErrors.notImplemented('EventSourceMapping (Amazon S3 on-failure destination)');
  if (service !== 'sqs' && service !== 'sns') {
    throw LambdaErrors.invalidParameter(`The destination ARN ${dest} is invalid.`);
  }
}

/** The settings an Update changes (only the members it names), after validating them. */
export function streamPatch(input: Settable): Record<string, unknown> {
  rejectForeign(input);
  checkDestination(input.DestinationConfig);
  if (input.FilterCriteria) compileFilters(input.FilterCriteria);
  const patch: Record<string, unknown> = {};
  const copy = [
    'BatchSize',
    'MaximumBatchingWindowInSeconds',
    'ParallelizationFactor',
    'MaximumRecordAgeInSeconds',
    'BisectBatchOnFunctionError',
    'MaximumRetryAttempts',
    'FunctionResponseTypes',
    'FilterCriteria',
  ] as const;
  for (const k of copy) if (input[k] !== undefined) patch[k] = input[k];
  if (input.DestinationConfig) patch.DestinationConfig = { OnFailure: input.DestinationConfig.OnFailure ?? {} };
  return patch;
}

/** The full settings of a new stream mapping (defaults filled in), after validating the request. */
export function streamSettings(input: CreateEventSourceMappingRequest): Record<string, unknown> {
  if (input.StartingPosition === undefined) {
    throw LambdaErrors.invalidParameter(
      "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.",
    );
  }
  if (input.StartingPosition !== 'TRIM_HORIZON' && input.StartingPosition !== 'LATEST') {
    throw LambdaErrors.invalidParameter(
      `Unsupported starting position for arn type: ${input.StartingPosition}. Supported values: TRIM_HORIZON, LATEST.`,
    );
  }
  if (input.StartingPositionTimestamp !== undefined) {
    throw LambdaErrors.invalidParameter(
      'StartingPositionTimestamp is only allowed with StartingPosition AT_TIMESTAMP.',
    );
  }
  if (input.Topics?.length || input.Queues?.length || input.SelfManagedEventSource) {
    throw LambdaErrors.invalidParameter('Unsupported parameter for the event source mapping type: DynamoDB Streams.');
  }
  return {
    StartingPosition: input.StartingPosition,
    BatchSize: 100,
    MaximumBatchingWindowInSeconds: 0,
    ParallelizationFactor: 1,
    DestinationConfig: { OnFailure: {} },
    MaximumRecordAgeInSeconds: -1,
    BisectBatchOnFunctionError: false,
    MaximumRetryAttempts: -1,
    TumblingWindowInSeconds: 0,
    FunctionResponseTypes: [],
    ...streamPatch(input),
  };
}
