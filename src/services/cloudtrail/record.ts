// Builds the CloudTrail records of one call: the record AWS writes (eventVersion 1.11, AwsApiCall), one per
// recipient account — the caller's, plus each other account whose resource the call touched (same
// sharedEventID, own eventID).
import { randomUUID } from 'node:crypto';
import type { CoreServices } from '../types.js';
import {
  dataResourceType,
  eventKind,
  eventSource,
  isReadOnly,
  recordedRegion,
  resourcesOf,
  type EventKind,
  type EventResource,
} from './classify.js';
import type { CloudTrailEntry } from './entry.js';
import { isoSeconds, resolveIdentity } from './identity.js';
import { MAX_PARAMETERS_BYTES, oversized, recordParameters } from './wire.js';

export const EVENT_VERSION = '1.11';

/** One record for one recipient account, with the columns event history and trail matching use. */
export interface BuiltEvent {
  kind: Exclude<EventKind, 'none'>;
  recipientAccountId: string;
  /** awsRegion: where the event is recorded (us-east-1 for global services). */
  region: string;
  time: number;
  eventId: string;
  eventName: string;
  eventSource: string;
  readOnly: boolean;
  username: string;
  accessKeyId: string | undefined;
  resources: EventResource[];
  record: Record<string, unknown>;
  /** The converted parameters as first built (before S3's renaming), for the size check in recordText. */
  params: { request: unknown; response: unknown };
}

export interface BuildOptions {
  now: number;
  newId?: () => string;
}

export function kindOf(entry: CloudTrailEntry): EventKind {
  return eventKind(eventSource(entry.service, entry.endpointPrefix), entry.operation);
}

export function buildEvents(core: CoreServices, entry: CloudTrailEntry, opts: BuildOptions): BuiltEvent[] {
  const source = eventSource(entry.service, entry.endpointPrefix);
  const kind = eventKind(source, entry.operation);
  if (kind === 'none') return [];
  const newId = opts.newId ?? randomUUID;
  const readOnly = isReadOnly(entry.operation);
  const region = recordedRegion(source, entry.region);
  const { identity, username } = resolveIdentity(core, entry.principal);
  const failed = entry.errorCode !== undefined;
  const resources = resourcesOf(entry.targets);
  const record: Record<string, unknown> = {
    eventVersion: EVENT_VERSION,
    userIdentity: identity,
    eventTime: isoSeconds(opts.now),
    eventSource: source,
    eventName: entry.operation,
    awsRegion: region,
    sourceIPAddress: entry.sourceIp ?? '127.0.0.1',
    userAgent: entry.userAgent ?? '',
  };
  if (failed) {
    record.errorCode = entry.errorCode;
    if (entry.errorMessage) record.errorMessage = entry.errorMessage;
  }
  const requestParams = recordParameters(entry.model, entry.inputShape, entry.input);
  record.requestParameters = requestParams;
  const params = requestParams as Record<string, unknown> | null;
  // S3 records name the bucket bucketName (and carry the Host header).
  if (source === 's3.amazonaws.com' && params && 'bucket' in params) {
    const { bucket, ...rest } = params;
    record.requestParameters = { bucketName: bucket, Host: `${String(bucket)}.s3.amazonaws.com`, ...rest };
  }
  // Read-only calls and failures carry no response elements.
  const responseParams =
    readOnly || failed || kind === 'data' ? null : recordParameters(entry.model, entry.outputShape, entry.output);
  record.responseElements = responseParams;
  record.requestID = entry.requestId;
  const dataType = kind === 'data' ? dataResourceType(source) : undefined;
  const recipients = [entry.accountId];
  for (const r of resources) {
    if (r.accountId !== entry.accountId && !recipients.includes(r.accountId) && /^\d{12}$/.test(r.accountId)) {
      recipients.push(r.accountId);
    }
  }
  const shared = recipients.length > 1 ? newId() : undefined;
  return recipients.map((recipient, i) => {
    const eventId = newId();
    // The last recipient takes the shared record itself (usually the only one): no copy on the common path.
    const r: Record<string, unknown> = i === recipients.length - 1 ? record : { ...record };
    r.eventID = eventId;
    r.readOnly = readOnly;
    if (kind === 'data') {
      r.resources =
        source === 's3.amazonaws.com'
          ? s3Resources(resources)
          : resources.map((x) => ({
              accountId: x.accountId,
              type: dataType ?? x.type,
              ARN: x.arn,
            }));
    }
    r.eventType = 'AwsApiCall';
    r.managementEvent = kind === 'management';
    r.recipientAccountId = recipient;
    if (shared) r.sharedEventID = shared;
    r.eventCategory = kind === 'management' ? 'Management' : 'Data';
    return {
      kind,
      recipientAccountId: recipient,
      region,
      time: opts.now,
      eventId,
      eventName: entry.operation,
      eventSource: source,
      readOnly,
      username,
      accessKeyId: entry.principal.accessKeyId || undefined,
      resources,
      record: r,
      params: { request: requestParams, response: responseParams },
    };
  });
}

/**
 * The record's JSON text. Oversized parameters are written as null: a record holds both, so a record text within
 * the limit proves both are (the common case costs one JSON.stringify, not one more per parameters object).
 */
export function recordText(e: BuiltEvent): string {
  const text = JSON.stringify(e.record);
  if (text.length <= MAX_PARAMETERS_BYTES) return text;
  const big = {
    requestParameters: oversized(e.params.request),
    responseElements: oversized(e.params.response),
  };
  if (!big.requestParameters && !big.responseElements) return text;
  const r = { ...e.record };
  if (big.requestParameters) r.requestParameters = null;
  if (big.responseElements) r.responseElements = null;
  return JSON.stringify(r);
}

/** S3 data events name each object (without an account) and then its bucket with the bucket owner. */
function s3Resources(resources: readonly EventResource[]): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  const buckets = new Map<string, string>();
  for (const r of resources) {
    const slash = r.arn.indexOf('/');
    if (slash < 0) buckets.set(r.arn, r.accountId);
    else {
      out.push({ type: 'AWS::S3::Object', ARN: r.arn });
      if (!buckets.has(r.arn.slice(0, slash))) buckets.set(r.arn.slice(0, slash), r.accountId);
    }
  }
  for (const [arn, accountId] of buckets) out.push({ accountId, type: 'AWS::S3::Bucket', ARN: arn });
  return out;
}
