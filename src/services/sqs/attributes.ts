// Queue attribute rules: which names are settable, their ranges and defaults, and the JSON documents
// (RedrivePolicy, RedriveAllowPolicy, Policy). Pure functions so they are unit-tested without a store.
import { SqsErrors } from './errors.js';

interface IntRule {
  min: number;
  max: number;
  def: number;
}

export const INT_ATTRIBUTES: Record<string, IntRule> = {
  DelaySeconds: { min: 0, max: 900, def: 0 },
  // SQS raised the ceiling and default to 1 MiB in 2025 (the API reference says 1,024 to 1,048,576).
  MaximumMessageSize: { min: 1024, max: 1_048_576, def: 1_048_576 },
  MessageRetentionPeriod: { min: 60, max: 1_209_600, def: 345_600 },
  ReceiveMessageWaitTimeSeconds: { min: 0, max: 20, def: 0 },
  VisibilityTimeout: { min: 0, max: 43_200, def: 30 },
  KmsDataKeyReusePeriodSeconds: { min: 60, max: 86_400, def: 300 },
};

const FIFO_ONLY = new Set(['FifoQueue', 'ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);
const STRING_ATTRIBUTES = new Set(['Policy', 'RedrivePolicy', 'RedriveAllowPolicy', 'KmsMasterKeyId']);
const BOOL_ATTRIBUTES = new Set(['SqsManagedSseEnabled', 'FifoQueue', 'ContentBasedDeduplication']);

/** Attributes GetQueueAttributes can return (settable ones plus computed ones). */
export const READABLE_ATTRIBUTES = [
  'Policy',
  'VisibilityTimeout',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
  'ApproximateNumberOfMessagesDelayed',
  'DelaySeconds',
  'ReceiveMessageWaitTimeSeconds',
  'RedrivePolicy',
  'FifoQueue',
  'ContentBasedDeduplication',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'DeduplicationScope',
  'FifoThroughputLimit',
  'RedriveAllowPolicy',
  'SqsManagedSseEnabled',
];

export const unknownAttribute = (name: string) => SqsErrors.invalidAttributeName(`Unknown Attribute ${name}.`);
export const invalidValue = (name: string, reason?: string) =>
  SqsErrors.invalidAttributeValue(`Invalid value for the parameter ${name}.${reason ? ` Reason: ${reason}` : ''}`);

/** Attributes a new queue starts with; the ones AWS reports for a queue nobody configured. */
export function defaultAttributes(fifo: boolean): Record<string, string> {
  const a: Record<string, string> = {};
  for (const n of ['VisibilityTimeout', 'MaximumMessageSize', 'MessageRetentionPeriod', 'DelaySeconds']) {
    a[n] = String((INT_ATTRIBUTES[n] as IntRule).def);
  }
  a.ReceiveMessageWaitTimeSeconds = '0';
  // New queues get SSE-SQS unless a KMS key is chosen.
  a.SqsManagedSseEnabled = 'true';
  if (fifo) {
    a.FifoQueue = 'true';
    a.ContentBasedDeduplication = 'false';
    a.DeduplicationScope = 'queue';
    a.FifoThroughputLimit = 'perQueue';
  }
  return a;
}

/**
 * Validates and normalizes attributes given to CreateQueue/SetQueueAttributes. Returns the values to store
 * ('' means "remove" for the JSON policy attributes). Cross-queue checks (redrive targets) happen in the caller.
 */
export function normalizeAttributes(
  input: Partial<Record<string, string>>,
  fifo: boolean,
  creating: boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(input)) {
    if (raw === undefined) continue;
    const value = String(raw);
    if (FIFO_ONLY.has(name)) {
      if (name === 'FifoQueue') {
        const b = value.toLowerCase();
        if (b !== 'true' && b !== 'false') throw invalidValue(name);
        if (!creating) throw invalidValue(name, 'Modifying queue type is not supported.');
        if ((b === 'true') !== fifo) {
          if (b === 'false' && !fifo) continue;
          throw invalidValue(name);
        }
        out[name] = b;
        continue;
      }
      if (!fifo) throw unknownAttribute(name);
    } else if (!(name in INT_ATTRIBUTES) && !STRING_ATTRIBUTES.has(name) && !BOOL_ATTRIBUTES.has(name)) {
      throw unknownAttribute(name);
    }
    const rule = INT_ATTRIBUTES[name];
    if (rule) {
      if (!/^-?\d+$/.test(value.trim())) throw invalidValue(name);
      const n = Number(value.trim());
      if (n < rule.min || n > rule.max) throw invalidValue(name);
      out[name] = String(n);
    } else if (BOOL_ATTRIBUTES.has(name)) {
      const b = value.toLowerCase();
      if (b !== 'true' && b !== 'false') throw invalidValue(name);
      out[name] = b;
    } else if (name === 'DeduplicationScope') {
      if (value !== 'messageGroup' && value !== 'queue') throw invalidValue(name);
      out[name] = value;
    } else if (name === 'FifoThroughputLimit') {
      if (value !== 'perQueue' && value !== 'perMessageGroupId') throw invalidValue(name);
      out[name] = value;
    } else if (name === 'Policy') {
      out[name] = value === '' ? '' : normalizePolicy(value);
    } else if (name === 'RedrivePolicy') {
      out[name] = value === '' ? '' : JSON.stringify(parseRedrivePolicy(value));
    } else if (name === 'RedriveAllowPolicy') {
      out[name] = value === '' ? '' : JSON.stringify(parseRedriveAllowPolicy(value));
    } else {
      out[name] = value;
    }
  }
  return out;
}

function parseJsonObject(name: string, value: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(value);
  } catch {
    throw invalidValue(name);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw invalidValue(name);
  return doc as Record<string, unknown>;
}

function normalizePolicy(value: string): string {
  const doc = parseJsonObject('Policy', value);
  if (!Array.isArray(doc.Statement) && (typeof doc.Statement !== 'object' || doc.Statement === null)) {
    throw invalidValue('Policy');
  }
  // AWS stores the document as given (re-serialized compactly).
  return JSON.stringify(doc);
}

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

const redriveInvalid = (value: string, reason: string) =>
  SqsErrors.invalidParameterValue(`Value ${value} for parameter RedrivePolicy is invalid. Reason: ${reason}`);

export function parseRedrivePolicy(value: string): RedrivePolicy {
  const doc = parseJsonObject('RedrivePolicy', value);
  const arn = doc.deadLetterTargetArn;
  const countRaw = doc.maxReceiveCount;
  if (typeof arn !== 'string' || countRaw === undefined) {
    throw redriveInvalid(value, 'Redrive policy is not a valid JSON map of deadLetterTargetArn and maxReceiveCount.');
  }
  const count = typeof countRaw === 'number' ? countRaw : Number(String(countRaw));
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw redriveInvalid(
      value,
      `Invalid value for maxReceiveCount: ${String(countRaw)}, valid values are from 1 to 1000 both inclusive.`,
    );
  }
  return { deadLetterTargetArn: arn, maxReceiveCount: count };
}

export interface RedriveAllowPolicy {
  redrivePermission: 'allowAll' | 'denyAll' | 'byQueue';
  sourceQueueArns?: string[];
}

export function parseRedriveAllowPolicy(value: string): RedriveAllowPolicy {
  const doc = parseJsonObject('RedriveAllowPolicy', value);
  const perm = doc.redrivePermission;
  const bad = (reason: string) =>
    SqsErrors.invalidParameterValue(`Value ${value} for parameter RedriveAllowPolicy is invalid. Reason: ${reason}`);
  if (perm !== 'allowAll' && perm !== 'denyAll' && perm !== 'byQueue') {
    throw bad('Invalid value for redrivePermission.');
  }
  const arns = doc.sourceQueueArns;
  if (perm === 'byQueue') {
    if (!Array.isArray(arns) || arns.length === 0 || !arns.every((a) => typeof a === 'string')) {
      throw bad('sourceQueueArns must be specified when redrivePermission is byQueue.');
    }
    if (arns.length > 10) throw bad('Maximum number of sourceQueueArns is 10.');
    return { redrivePermission: perm, sourceQueueArns: arns as string[] };
  }
  if (arns !== undefined) throw bad('sourceQueueArns can only be specified when redrivePermission is byQueue.');
  return { redrivePermission: perm };
}

/** Queue names: 1-80 of [A-Za-z0-9_-], FIFO names end in .fifo (which counts toward the 80). */
export function validateQueueName(name: string, fifo: boolean): void {
  if (fifo) {
    if (!/^[A-Za-z0-9_-]{1,75}\.fifo$/.test(name)) {
      throw SqsErrors.invalidParameterValue(
        'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
      );
    }
  } else if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) {
    throw SqsErrors.invalidParameterValue(
      'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    );
  }
}
