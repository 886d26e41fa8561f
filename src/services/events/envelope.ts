// PutEvents entries: per-entry validation with AWS's error codes, the entry size AWS documents, and the event
// envelope every rule and target sees.
import { randomUUID } from 'node:crypto';
import type { PutEventsRequestEntry } from './api.js';

export const MAX_REQUEST_BYTES = 256 * 1024;

export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "Calculating PutEvents event entry size": 14 bytes for Time, plus the UTF-8 bytes of the other fields. */
export function entrySize(e: PutEventsRequestEntry): number {
  let size = e.Time !== undefined ? 14 : 0;
  size += Buffer.byteLength(e.Source ?? '');
  size += Buffer.byteLength(e.DetailType ?? '');
  size += Buffer.byteLength(e.Detail ?? '');
  for (const r of e.Resources ?? []) size += Buffer.byteLength(r);
  return size;
}

export interface EntryError {
  ErrorCode: string;
  ErrorMessage: string;
}

const required = (name: string): EntryError => ({
  ErrorCode: 'InvalidArgument',
  ErrorMessage: `Parameter ${name} is not valid. Reason: ${name} is a required argument.`,
});

/** The parsed Detail, or the entry's error. */
export function checkEntry(e: PutEventsRequestEntry): { detail: Record<string, unknown> } | { error: EntryError } {
  if (e.Source === undefined || e.Source === '') return { error: required('Source') };
  if (e.DetailType === undefined || e.DetailType === '') return { error: required('DetailType') };
  if (e.Detail === undefined || e.Detail === '') return { error: required('Detail') };
  let detail: unknown;
  try {
    detail = JSON.parse(e.Detail);
  } catch {
    return { error: { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' } };
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    return { error: { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' } };
  }
  if (e.Source.startsWith('aws.')) {
    return { error: { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' } };
  }
  return { detail: detail as Record<string, unknown> };
}

export function envelope(
  e: PutEventsRequestEntry,
  detail: Record<string, unknown>,
  accountId: string,
  region: string,
  now: number,
): Record<string, unknown> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': e.DetailType,
    source: e.Source,
    account: accountId,
    time: isoSeconds(e.Time !== undefined ? new Date(e.Time).getTime() : now),
    region,
    resources: e.Resources ?? [],
    detail,
  };
}
