// Listing: ListObjects (v1, Marker), ListObjectsV2 (ContinuationToken, StartAfter) and ListObjectVersions.
// Keys come in UTF-8 binary order; a Delimiter rolls keys sharing the next path segment into CommonPrefixes,
// and each object or common prefix counts once against MaxKeys.
import type { Handlers } from './api.js';
import { S3Errors } from './errors.js';
import { metaOf, quoted, type S3Service } from './service.js';
import type { ObjectRow } from './store.js';

const BATCH = 1000;
/** Sorts after every key continuing a common prefix (in SQLite's binary order, for keys in the BMP). */
const PAST = '\uffff';

interface Walked {
  rows: ObjectRow[];
  prefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned (the next page starts after it). */
  last?: string;
}

/** Walks rows in order from `after`, grouping by delimiter, until `max` entries are collected. */
function walk(
  fetch: (after: string, limit: number) => ObjectRow[],
  start: string,
  prefix: string,
  delimiter: string | undefined,
  max: number,
): Walked {
  const out: Walked = { rows: [], prefixes: [], truncated: false };
  // MaxKeys=0 answers an empty, untruncated page.
  if (max === 0) return out;
  let after = start;
  let count = 0;
  for (;;) {
    const batch = fetch(after, BATCH);
    if (batch.length === 0) return out;
    for (const row of batch) {
      if (!row.key.startsWith(prefix)) return out;
      const rest = row.key.slice(prefix.length);
      const cut = delimiter ? rest.indexOf(delimiter) : -1;
      const cp = cut === -1 ? undefined : prefix + rest.slice(0, cut + delimiter!.length);
      if (cp !== undefined && out.prefixes[out.prefixes.length - 1] === cp) continue;
      if (count >= max) {
        out.truncated = true;
        return out;
      }
      count++;
      if (cp !== undefined) {
        out.prefixes.push(cp);
        out.last = cp;
        after = cp + PAST;
        break; // refetch past the common prefix
      }
      out.rows.push(row);
      out.last = row.key;
      after = row.key;
    }
    if (batch.length < BATCH && after === batch[batch.length - 1]!.key) return out;
  }
}

function encoder(encodingType: string | undefined): (s: string) => string {
  if (encodingType === undefined) return (s) => s;
  if (encodingType !== 'url')
    throw S3Errors.invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encodingType);
  return (s) => encodeURIComponent(s).replace(/%2F/g, '/');
}

function maxKeys(n: number | undefined): number {
  if (n !== undefined && n < 0) throw S3Errors.invalidArgument('max-keys cannot be negative', 'max-keys', String(n));
  return Math.min(n ?? 1000, 1000);
}

export function listingHandlers(
  svc: S3Service,
): Pick<Handlers, 'ListObjects' | 'ListObjectsV2' | 'ListObjectVersions'> {
  const latest = (bucket: string, prefix: string) => (after: string, limit: number) =>
    svc.db.listLatest(bucket, after, prefix, limit);
  const content = (row: ObjectRow, enc: (s: string) => string, owner: boolean) => {
    const m = metaOf(row);
    return {
      Key: enc(row.key),
      LastModified: new Date(row.last_modified),
      ETag: quoted(row.etag),
      Size: row.size,
      StorageClass: (m.storageClass ?? 'STANDARD') as never,
      ...(m.checksums && Object.keys(m.checksums).length > 0
        ? { ChecksumAlgorithm: Object.keys(m.checksums) as never, ChecksumType: m.checksumType ?? 'FULL_OBJECT' }
        : {}),
      ...(owner ? { Owner: svc.owner(svc.bucket(row.bucket).account_id) } : {}),
    };
  };
  return {
    ListObjectsV2(input) {
      svc.bucket(input.Bucket);
      const enc = encoder(input.EncodingType);
      const max = maxKeys(input.MaxKeys);
      const prefix = input.Prefix ?? '';
      let start = input.StartAfter ?? '';
      if (input.ContinuationToken !== undefined) {
        start = Buffer.from(input.ContinuationToken, 'base64url').toString('utf8');
        if (!start) {
          throw S3Errors.invalidArgument(
            'The continuation token provided is incorrect',
            'continuation-token',
            input.ContinuationToken,
          );
        }
      }
      const w = walk(latest(input.Bucket, prefix), start, prefix, input.Delimiter || undefined, max);
      const lastIsPrefix = w.last !== undefined && w.prefixes[w.prefixes.length - 1] === w.last;
      return {
        Name: input.Bucket,
        Prefix: enc(prefix),
        MaxKeys: input.MaxKeys ?? 1000,
        KeyCount: w.rows.length + w.prefixes.length,
        IsTruncated: w.truncated,
        ...(w.rows.length > 0 ? { Contents: w.rows.map((r) => content(r, enc, input.FetchOwner === true)) } : {}),
        ...(w.prefixes.length > 0 ? { CommonPrefixes: w.prefixes.map((p) => ({ Prefix: enc(p) })) } : {}),
        ...(input.Delimiter ? { Delimiter: enc(input.Delimiter) } : {}),
        ...(input.EncodingType ? { EncodingType: input.EncodingType } : {}),
        ...(input.ContinuationToken !== undefined ? { ContinuationToken: input.ContinuationToken } : {}),
        ...(input.StartAfter !== undefined ? { StartAfter: enc(input.StartAfter) } : {}),
        ...(w.truncated && w.last !== undefined
          ? { NextContinuationToken: Buffer.from(lastIsPrefix ? w.last + PAST : w.last).toString('base64url') }
          : {}),
      };
    },

    ListObjects(input) {
      svc.bucket(input.Bucket);
      const enc = encoder(input.EncodingType);
      const max = maxKeys(input.MaxKeys);
      const prefix = input.Prefix ?? '';
      const marker = input.Marker ?? '';
      // A marker naming a common prefix resumes after everything under it.
      const start = input.Delimiter && marker.endsWith(input.Delimiter) ? marker + PAST : marker;
      const w = walk(latest(input.Bucket, prefix), start, prefix, input.Delimiter || undefined, max);
      return {
        Name: input.Bucket,
        Prefix: enc(prefix),
        Marker: enc(marker),
        MaxKeys: input.MaxKeys ?? 1000,
        IsTruncated: w.truncated,
        ...(w.rows.length > 0 ? { Contents: w.rows.map((r) => content(r, enc, true)) } : {}),
        ...(w.prefixes.length > 0 ? { CommonPrefixes: w.prefixes.map((p) => ({ Prefix: enc(p) })) } : {}),
        ...(input.Delimiter ? { Delimiter: enc(input.Delimiter) } : {}),
        ...(input.EncodingType ? { EncodingType: input.EncodingType } : {}),
        // NextMarker is only returned with a delimiter (otherwise the last key is the marker).
        ...(w.truncated && input.Delimiter && w.last !== undefined ? { NextMarker: enc(w.last) } : {}),
      };
    },

    ListObjectVersions(input) {
      const bucket = svc.bucket(input.Bucket);
      const enc = encoder(input.EncodingType);
      const max = maxKeys(input.MaxKeys);
      const prefix = input.Prefix ?? '';
      let afterKey = input.KeyMarker ?? '';
      let beforeSeq = 0;
      if (input.VersionIdMarker !== undefined && input.KeyMarker) {
        const v = svc.db.version(input.Bucket, input.KeyMarker, input.VersionIdMarker);
        if (!v)
          throw S3Errors.invalidArgument('Invalid version id specified', 'version-id-marker', input.VersionIdMarker);
        beforeSeq = v.seq;
      }
      // Versions page by (key, seq): the walker's `after` is a key, so the first batch continues within KeyMarker.
      let firstCall = true;
      const fetch = (after: string, limit: number) => {
        const rows = firstCall
          ? svc.db.listVersions(input.Bucket, prefix, afterKey, beforeSeq, limit)
          : svc.db.listVersions(input.Bucket, prefix, after, 0, limit);
        firstCall = false;
        return rows;
      };
      const w = walkVersions(fetch, prefix, input.Delimiter || undefined, max);
      afterKey = '';
      const owner = svc.owner(bucket.account_id);
      const Versions = w.rows
        .filter((r) => !r.delete_marker)
        .map((r) => ({
          ...versionEntry(r, enc, owner),
          ETag: quoted(r.etag),
          Size: r.size,
          StorageClass: 'STANDARD' as const,
        }));
      const DeleteMarkers = w.rows.filter((r) => r.delete_marker).map((r) => versionEntry(r, enc, owner));
      const last = w.rows[w.rows.length - 1];
      return {
        Name: input.Bucket,
        Prefix: enc(prefix),
        KeyMarker: enc(input.KeyMarker ?? ''),
        VersionIdMarker: input.VersionIdMarker ?? '',
        MaxKeys: input.MaxKeys ?? 1000,
        IsTruncated: w.truncated,
        ...(Versions.length > 0 ? { Versions } : {}),
        ...(DeleteMarkers.length > 0 ? { DeleteMarkers } : {}),
        ...(w.prefixes.length > 0 ? { CommonPrefixes: w.prefixes.map((p) => ({ Prefix: enc(p) })) } : {}),
        ...(input.Delimiter ? { Delimiter: enc(input.Delimiter) } : {}),
        ...(input.EncodingType ? { EncodingType: input.EncodingType } : {}),
        ...(w.truncated && last ? { NextKeyMarker: enc(last.key), NextVersionIdMarker: last.version_id } : {}),
      };
    },
  };
}

function versionEntry(r: ObjectRow, enc: (s: string) => string, owner: { ID: string; DisplayName: string }) {
  return {
    Key: enc(r.key),
    VersionId: r.version_id,
    IsLatest: r.is_latest === 1,
    LastModified: new Date(r.last_modified),
    Owner: owner,
  };
}

/** Like walk(), over every version (newest first within a key); a common prefix is one entry. */
function walkVersions(
  fetch: (after: string, limit: number) => ObjectRow[],
  prefix: string,
  delimiter: string | undefined,
  max: number,
): Walked {
  const out: Walked = { rows: [], prefixes: [], truncated: false };
  let after = '';
  let count = 0;
  for (;;) {
    const batch = fetch(after, BATCH);
    if (batch.length === 0) return out;
    let skipTo: string | undefined;
    for (const row of batch) {
      if (!row.key.startsWith(prefix)) return out;
      if (skipTo !== undefined && row.key < skipTo) continue;
      const rest = row.key.slice(prefix.length);
      const cut = delimiter ? rest.indexOf(delimiter) : -1;
      const cp = cut === -1 ? undefined : prefix + rest.slice(0, cut + delimiter!.length);
      if (cp !== undefined && out.prefixes[out.prefixes.length - 1] === cp) continue;
      if (count >= max) {
        out.truncated = true;
        return out;
      }
      count++;
      if (cp !== undefined) {
        out.prefixes.push(cp);
        skipTo = cp + PAST;
        continue;
      }
      out.rows.push(row);
    }
    if (batch.length < BATCH) return out;
    // Next batch: all versions of keys after the last one seen (a key's versions fit in one batch in practice).
    after = batch[batch.length - 1]!.key;
  }
}
