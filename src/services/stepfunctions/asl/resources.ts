/** Task `Resource` ARNs normalized into the integration the service must perform. */
export type IntegrationPattern = 'requestResponse' | 'sync' | 'sync:2' | 'waitForTaskToken';

export interface TaskResource {
  arn: string;
  /** service: an optimized integration; aws-sdk: an SDK integration; lambda-function: a bare function ARN. */
  kind: 'service' | 'aws-sdk' | 'lambda-function' | 'activity';
  /** `lambda`, `sqs`, `sns`, `dynamodb`, `events`, `states`, ... ; the SDK service name for aws-sdk. */
  service: string;
  /** `invoke`, `sendMessage`, `putItem`, `startExecution`, the SDK action; the ARN for functions and activities. */
  action: string;
  pattern: IntegrationPattern;
  /** `resourceType` / `resource` as GetExecutionHistory reports them for Task* events. */
  resourceType: string;
  resourceName: string;
  region?: string;
  account?: string;
}

export function parseResource(arn: string): TaskResource | null {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || !parts[1]) return null;
  const partitionOk = /^aws(-[a-z]+)*$/.test(parts[1]);
  if (!partitionOk) return null;
  const region = parts[3] || undefined;
  const account = parts[4] || undefined;
  if (parts[2] === 'lambda') {
    if (parts[5] !== 'function' || !parts[6] || parts.length > 8 || !region || !account) return null;
    return {
      arn,
      kind: 'lambda-function',
      service: 'lambda',
      action: arn,
      pattern: 'requestResponse',
      resourceType: 'lambda',
      resourceName: arn,
      region,
      account,
    };
  }
  if (parts[2] !== 'states') return null;
  const rest = parts.slice(5);
  if (rest[0] === 'activity') {
    if (!rest[1] || rest.length !== 2 || !region || !account) return null;
    return {
      arn,
      kind: 'activity',
      service: 'activity',
      action: arn,
      pattern: 'requestResponse',
      resourceType: 'activity',
      resourceName: arn,
      region,
      account,
    };
  }
  let service: string;
  let actionPart: string;
  let kind: TaskResource['kind'] = 'service';
  if (rest[0] === 'aws-sdk') {
    if (!rest[1] || !rest[2]) return null;
    service = rest[1];
    actionPart = rest.slice(2).join(':');
    kind = 'aws-sdk';
  } else {
    if (!rest[0] || !rest[1]) return null;
    service = rest[0];
    actionPart = rest.slice(1).join(':');
  }
  const dot = actionPart.indexOf('.');
  const action = dot < 0 ? actionPart : actionPart.slice(0, dot);
  const suffix = dot < 0 ? '' : actionPart.slice(dot + 1);
  if (!/^[A-Za-z0-9-]+$/.test(action) || !/^[A-Za-z0-9-]+$/.test(service)) return null;
  let pattern: IntegrationPattern;
  if (suffix === '') pattern = 'requestResponse';
  else if (suffix === 'sync' || suffix === 'sync:2' || suffix === 'waitForTaskToken') pattern = suffix;
  else return null;
  return {
    arn,
    kind,
    service,
    action,
    pattern,
    resourceType: kind === 'aws-sdk' ? `aws-sdk:${service}` : service,
    resourceName: actionPart,
    region,
    account,
  };
}
