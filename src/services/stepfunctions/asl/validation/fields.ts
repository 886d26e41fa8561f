/** The fields each state type accepts, per query language, and other static tables of the validator. */
export const STATE_TYPES = ['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'];
export const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const FLOW = ['Next', 'End'];
const JSONPATH_IO = ['InputPath', 'OutputPath'];

export const FIELDS: Record<string, { JSONPath: string[]; JSONata: string[] }> = {
  Pass: {
    JSONPath: [...FLOW, ...JSONPATH_IO, 'Parameters', 'ResultPath', 'Result', 'Assign'],
    JSONata: [...FLOW, 'Output', 'Assign'],
  },
  Task: {
    JSONPath: [
      ...FLOW,
      ...JSONPATH_IO,
      'Parameters',
      'ResultPath',
      'ResultSelector',
      'Resource',
      'TimeoutSeconds',
      'TimeoutSecondsPath',
      'HeartbeatSeconds',
      'HeartbeatSecondsPath',
      'Retry',
      'Catch',
      'Credentials',
      'Assign',
    ],
    JSONata: [
      ...FLOW,
      'Resource',
      'Arguments',
      'Output',
      'Assign',
      'TimeoutSeconds',
      'HeartbeatSeconds',
      'Retry',
      'Catch',
      'Credentials',
    ],
  },
  Choice: {
    JSONPath: ['Choices', 'Default', ...JSONPATH_IO, 'Assign'],
    JSONata: ['Choices', 'Default', 'Output', 'Assign'],
  },
  Wait: {
    JSONPath: [...FLOW, ...JSONPATH_IO, 'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath', 'Assign'],
    JSONata: [...FLOW, 'Seconds', 'Timestamp', 'Output', 'Assign'],
  },
  Succeed: { JSONPath: [...JSONPATH_IO], JSONata: ['Output'] },
  Fail: { JSONPath: ['Error', 'ErrorPath', 'Cause', 'CausePath'], JSONata: ['Error', 'Cause'] },
  Parallel: {
    JSONPath: [
      ...FLOW,
      ...JSONPATH_IO,
      'Parameters',
      'ResultPath',
      'ResultSelector',
      'Branches',
      'Retry',
      'Catch',
      'Assign',
    ],
    JSONata: [...FLOW, 'Arguments', 'Output', 'Assign', 'Branches', 'Retry', 'Catch'],
  },
  Map: {
    JSONPath: [
      ...FLOW,
      ...JSONPATH_IO,
      'ItemsPath',
      'ItemSelector',
      'Parameters',
      'ResultPath',
      'ResultSelector',
      'ItemProcessor',
      'Iterator',
      'MaxConcurrency',
      'MaxConcurrencyPath',
      'ItemReader',
      'ItemBatcher',
      'ResultWriter',
      'ToleratedFailurePercentage',
      'ToleratedFailurePercentagePath',
      'ToleratedFailureCount',
      'ToleratedFailureCountPath',
      'Label',
      'Retry',
      'Catch',
      'Assign',
    ],
    JSONata: [
      ...FLOW,
      'Items',
      'ItemSelector',
      'ItemProcessor',
      'MaxConcurrency',
      'ItemReader',
      'ItemBatcher',
      'ResultWriter',
      'ToleratedFailurePercentage',
      'ToleratedFailureCount',
      'Label',
      'Output',
      'Assign',
      'Retry',
      'Catch',
    ],
  },
};

export const RETRIER_FIELDS = [
  'ErrorEquals',
  'IntervalSeconds',
  'MaxAttempts',
  'BackoffRate',
  'MaxDelaySeconds',
  'JitterStrategy',
  'Comment',
];

export function positiveInt(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}
