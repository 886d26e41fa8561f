// How CloudTrail sees a call: its event source, whether it is read-only, a management or a data event (or not
// logged at all), the region it is recorded in, and the resources it names.
import type { AuthzTarget } from '../types.js';

/** Endpoint prefixes whose CloudTrail event source differs (DynamoDB Streams records as dynamodb). */
const SOURCE_OVERRIDES: Record<string, string> = { 'streams.dynamodb': 'dynamodb' };

/** atoll service name -> endpoint prefix, for entries that do not carry the model's prefix. */
const PREFIX_OF: Record<string, string> = { stepfunctions: 'states', dynamodbstreams: 'streams.dynamodb' };

const sources = new Map<string, string>();

export function eventSource(service: string, endpointPrefix?: string): string {
  const prefix = endpointPrefix ?? PREFIX_OF[service] ?? service;
  let source = sources.get(prefix);
  if (source === undefined) {
    source = `${SOURCE_OVERRIDES[prefix] ?? prefix}.amazonaws.com`;
    if (sources.size < 1_000) sources.set(prefix, source);
  }
  return source;
}

/** Global services: their events are recorded in us-east-1 whatever region the caller signed for. */
const GLOBAL_SOURCES = new Set(['iam.amazonaws.com', 'organizations.amazonaws.com', 'cloudfront.amazonaws.com']);

export function isGlobalSource(source: string): boolean {
  return GLOBAL_SOURCES.has(source);
}

export function recordedRegion(source: string, region: string): string {
  return GLOBAL_SOURCES.has(source) ? 'us-east-1' : region;
}

// Operation-name prefixes AWS marks readOnly: they only read.
const READ_PREFIXES = [
  'Get',
  'List',
  'Describe',
  'Head',
  'Lookup',
  'BatchGet',
  'Search',
  'Query',
  'Scan',
  'Filter',
  'Select',
  'Simulate',
  'Test',
  'Check',
  'Receive',
];

/** Operation name -> readOnly, computed once per name (operation names are few). */
const readOnlyOf = new Map<string, boolean>();

export function isReadOnly(operation: string): boolean {
  let ro = readOnlyOf.get(operation);
  if (ro === undefined) {
    ro = readOnlyName(operation);
    if (readOnlyOf.size < 10_000) readOnlyOf.set(operation, ro);
  }
  return ro;
}

function readOnlyName(operation: string): boolean {
  for (const p of READ_PREFIXES) {
    if (operation.startsWith(p) && (operation.length === p.length || /[A-Z]/.test(operation[p.length]!))) return true;
  }
  return false;
}

/** Data events (resource-level operations), by event source: logged only by trails that select them. */
const DATA_EVENTS: Record<string, { type: string; ops: Set<string> }> = {
  'sqs.amazonaws.com': {
    type: 'AWS::SQS::Queue',
    ops: new Set([
      'SendMessage',
      'SendMessageBatch',
      'ReceiveMessage',
      'DeleteMessage',
      'DeleteMessageBatch',
      'ChangeMessageVisibility',
      'ChangeMessageVisibilityBatch',
    ]),
  },
  'sns.amazonaws.com': { type: 'AWS::SNS::Topic', ops: new Set(['Publish', 'PublishBatch']) },
  'lambda.amazonaws.com': {
    type: 'AWS::Lambda::Function',
    ops: new Set(['Invoke', 'InvokeAsync', 'InvokeWithResponseStream']),
  },
  'dynamodb.amazonaws.com': {
    type: 'AWS::DynamoDB::Table',
    ops: new Set([
      'GetItem',
      'PutItem',
      'UpdateItem',
      'DeleteItem',
      'BatchGetItem',
      'BatchWriteItem',
      'Query',
      'Scan',
      'TransactGetItems',
      'TransactWriteItems',
      'ExecuteStatement',
      'BatchExecuteStatement',
      'ExecuteTransaction',
      // DynamoDB Streams (same event source)
      'GetRecords',
      'GetShardIterator',
    ]),
  },
  // S3 object-level API activity (AWS::S3::Object); bucket-level calls stay management events.
  's3.amazonaws.com': {
    type: 'AWS::S3::Object',
    ops: new Set([
      'GetObject',
      'HeadObject',
      'PutObject',
      'CopyObject',
      'DeleteObject',
      'DeleteObjects',
      'GetObjectAttributes',
      'GetObjectTagging',
      'PutObjectTagging',
      'DeleteObjectTagging',
      'GetObjectAcl',
      'PutObjectAcl',
      'CreateMultipartUpload',
      'UploadPart',
      'UploadPartCopy',
      'CompleteMultipartUpload',
      'AbortMultipartUpload',
      'ListParts',
      'RestoreObject',
      'SelectObjectContent',
    ]),
  },
  // EventBridge PutEvents: opt-in data events on the event bus (not logged as a management event).
  'events.amazonaws.com': { type: 'AWS::Events::EventBus', ops: new Set(['PutEvents']) },
  'states.amazonaws.com': {
    type: 'AWS::StepFunctions::StateMachine',
    ops: new Set(['StartSyncExecution', 'GetActivityTask', 'SendTaskSuccess', 'SendTaskFailure', 'SendTaskHeartbeat']),
  },
};

/** Operations CloudTrail does not log at all (CloudWatch Logs' event reads and writes). */
const NOT_LOGGED: Record<string, Set<string>> = {
  'logs.amazonaws.com': new Set([
    'PutLogEvents',
    'GetLogEvents',
    'FilterLogEvents',
    'GetLogRecord',
    'GetQueryResults',
    'StartLiveTail',
  ]),
};

export type EventKind = 'management' | 'data' | 'none';

export function eventKind(source: string, operation: string): EventKind {
  if (NOT_LOGGED[source]?.has(operation)) return 'none';
  if (DATA_EVENTS[source]?.ops.has(operation)) return 'data';
  return 'management';
}

export function dataResourceType(source: string): string | undefined {
  return DATA_EVENTS[source]?.type;
}

export interface EventResource {
  type: string;
  name: string;
  arn: string;
  accountId: string;
}

/** ARN service namespace + resource type -> CloudFormation-style type CloudTrail shows. */
const RESOURCE_TYPES: Record<string, string> = {
  'sqs:': 'AWS::SQS::Queue',
  'sns:': 'AWS::SNS::Topic',
  'lambda:function': 'AWS::Lambda::Function',
  'dynamodb:table': 'AWS::DynamoDB::Table',
  'iam:user': 'AWS::IAM::User',
  'iam:role': 'AWS::IAM::Role',
  'iam:group': 'AWS::IAM::Group',
  'iam:policy': 'AWS::IAM::Policy',
  'iam:instance-profile': 'AWS::IAM::InstanceProfile',
  'events:rule': 'AWS::Events::Rule',
  'events:event-bus': 'AWS::Events::EventBus',
  'events:archive': 'AWS::Events::Archive',
  'states:stateMachine': 'AWS::StepFunctions::StateMachine',
  'states:activity': 'AWS::StepFunctions::Activity',
  'states:execution': 'AWS::StepFunctions::Execution',
  'logs:log-group': 'AWS::Logs::LogGroup',
  'cloudtrail:trail': 'AWS::CloudTrail::Trail',
  'organizations:account': 'AWS::Organizations::Account',
  'organizations:ou': 'AWS::Organizations::OrganizationalUnit',
  'organizations:policy': 'AWS::Organizations::Policy',
  'organizations:root': 'AWS::Organizations::Root',
  'kms:key': 'AWS::KMS::Key',
  's3:': 'AWS::S3::Bucket',
};

/** The resources a call names, from its authorization targets (one per distinct ARN). */
export function resourcesOf(targets: readonly AuthzTarget[] | undefined): EventResource[] {
  const out: EventResource[] = [];
  const seen = new Set<string>();
  for (const t of targets ?? []) {
    if (t.resource === '*' || seen.has(t.resource)) continue;
    const r = describeArn(t.resource, t.resourceAccountId);
    if (r) {
      seen.add(t.resource);
      out.push(r);
    }
  }
  return out;
}

/** ARN (and owner) -> its resource: the same resources are named call after call. Bounded; results are shared. */
const described = new Map<string, EventResource | null>();
const DESCRIBED_MAX = 10_000;

export function describeArn(arn: string, accountOverride?: string): EventResource | undefined {
  const key = accountOverride === undefined ? arn : `${arn}\u0000${accountOverride}`;
  let r = described.get(key);
  if (r === undefined) {
    r = parseArn(arn, accountOverride) ?? null;
    if (described.size >= DESCRIBED_MAX) described.clear();
    described.set(key, r);
  }
  return r ?? undefined;
}

function parseArn(arn: string, accountOverride?: string): EventResource | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const service = parts[2]!;
  const accountId = accountOverride ?? parts[4]!;
  const rest = parts.slice(5).join(':');
  const m = /^([A-Za-z-]+)([:/])(.*)$/.exec(rest);
  let kind = '';
  let id = rest;
  if (m && RESOURCE_TYPES[`${service}:${m[1]!}`]) {
    kind = m[1]!;
    id = m[3]!;
  }
  // S3 ARNs carry no account or region: `bucket` is a bucket, `bucket/key` an object.
  const type = service === 's3' && rest.includes('/') ? 'AWS::S3::Object' : RESOURCE_TYPES[`${service}:${kind}`];
  // IAM paths, log-group suffixes and function qualifiers are not part of a resource's name.
  if (service === 'logs') id = id.replace(/:\*$/, '');
  if (!type || id === '' || id.includes('*')) return undefined;
  let name = id;
  if (service === 'iam' || service === 'organizations') name = id.slice(id.lastIndexOf('/') + 1);
  if (service === 'lambda') name = id.split(':')[0]!;
  return Object.freeze({ type, name, arn, accountId });
}
