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
import { recordParameters } from './wire.js';

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
  record.requestParameters = recordParameters(entry.model, entry.inputShape, entry.input);
  // Read-only calls and failures carry no response elements.
  record.responseElements =
    readOnly || failed || kind === 'data' ? null : recordParameters(entry.model, entry.outputShape, entry.output);
  record.requestID = entry.requestId;
  const dataType = kind === 'data' ? dataResourceType(source) : undefined;
  const owners = new Set(resources.map((r) => r.accountId).filter((a) => /^\d{12}$/.test(a)));
  owners.delete(entry.accountId);
  const recipients = [entry.accountId, ...owners];
  const shared = recipients.length > 1 ? newId() : undefined;
  return recipients.map((recipient) => {
    const eventId = newId();
    const r: Record<string, unknown> = { ...record, eventID: eventId, readOnly };
    if (kind === 'data') {
      r.resources = resources.map((x) => ({ accountId: x.accountId, type: dataType ?? x.type, ARN: x.arn }));
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
    };
  });
}
