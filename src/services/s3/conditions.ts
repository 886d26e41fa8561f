// Conditional requests (If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since) and byte ranges, with
// the precedence S3 documents (RFC 7232): a true If-Match overrides a false If-Unmodified-Since, a false
// If-None-Match overrides a true If-Modified-Since.
import { S3Errors } from './errors.js';
import { quoted, withHeaders } from './service.js';
import type { ObjectRow } from './store.js';

export interface Conditions {
  IfMatch?: string | undefined;
  IfNoneMatch?: string | undefined;
  IfModifiedSince?: Date | undefined;
  IfUnmodifiedSince?: Date | undefined;
}

function etagMatches(header: string, etag: string): boolean {
  return header
    .split(',')
    .map((s) => s.trim())
    .some((t) => t === '*' || t === quoted(etag) || t === etag || t === `W/${quoted(etag)}`);
}

/** Seconds precision: HTTP dates carry no milliseconds. */
function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** Throws 412 PreconditionFailed or 304 NotModified as the conditions decide for a read of `row`. */
export function checkReadConditions(c: Conditions, row: ObjectRow, notModifiedStatus = true): void {
  const modified = seconds(row.last_modified);
  if (c.IfMatch !== undefined) {
    if (!etagMatches(c.IfMatch, row.etag)) throw S3Errors.preconditionFailed('If-Match');
  } else if (c.IfUnmodifiedSince && modified > seconds(c.IfUnmodifiedSince.getTime())) {
    throw S3Errors.preconditionFailed('If-Unmodified-Since');
  }
  const notModified = () =>
    notModifiedStatus
      ? withHeaders(S3Errors.notModified(), {
          ETag: quoted(row.etag),
          'Last-Modified': new Date(row.last_modified).toUTCString(),
        })
      : S3Errors.preconditionFailed(c.IfNoneMatch !== undefined ? 'If-None-Match' : 'If-Modified-Since');
  if (c.IfNoneMatch !== undefined) {
    if (etagMatches(c.IfNoneMatch, row.etag)) throw notModified();
  } else if (c.IfModifiedSince && modified <= seconds(c.IfModifiedSince.getTime())) {
    // A date in the future is ignored, as for HTTP.
    if (c.IfModifiedSince.getTime() <= Date.now()) throw notModified();
  }
}

/** x-amz-copy-source-if-* use the same rules, but a failed "none match / modified since" answers 412. */
export function checkCopyConditions(c: Conditions, row: ObjectRow): void {
  checkReadConditions(c, row, false);
}

/**
 * The inclusive byte range a Range header selects, undefined for the whole object (absent or not a single
 * `bytes=` range, which S3 ignores), or 416 InvalidRange when unsatisfiable.
 */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0 || size === 0) throw S3Errors.invalidRange(size, header);
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) throw S3Errors.invalidRange(size, header);
  return { start, end };
}
