// How a stored object version reads back: the headers GetObject and HeadObject share.
import type { GetObjectOutput } from '../../../generated/s3/types.js';
import { metaOf, quoted } from './service.js';
import type { ObjectMeta, ObjectRow } from './store.js';

export function objectHeaders(row: ObjectRow, withChecksums: boolean): GetObjectOutput {
  const m = metaOf(row);
  const out: GetObjectOutput = {
    AcceptRanges: 'bytes',
    LastModified: new Date(row.last_modified),
    ContentLength: row.size,
    ETag: quoted(row.etag),
    ContentType: m.contentType ?? 'binary/octet-stream',
    ServerSideEncryption: 'AES256',
  };
  if (row.version_id !== 'null') out.VersionId = row.version_id;
  if (m.contentEncoding) out.ContentEncoding = m.contentEncoding;
  if (m.contentDisposition) out.ContentDisposition = m.contentDisposition;
  if (m.contentLanguage) out.ContentLanguage = m.contentLanguage;
  if (m.cacheControl) out.CacheControl = m.cacheControl;
  if (m.expires) out.Expires = new Date(m.expires);
  if (m.websiteRedirect) out.WebsiteRedirectLocation = m.websiteRedirect;
  if (m.metadata && Object.keys(m.metadata).length > 0) out.Metadata = m.metadata;
  if (m.storageClass && m.storageClass !== 'STANDARD') out.StorageClass = m.storageClass as never;
  if (m.tags && Object.keys(m.tags).length > 0) out.TagCount = Object.keys(m.tags).length;
  if (m.replicationStatus) out.ReplicationStatus = m.replicationStatus;
  if (withChecksums && m.checksums) {
    for (const [a, v] of Object.entries(m.checksums)) (out as Record<string, unknown>)[`Checksum${a}`] = v;
    out.ChecksumType = m.checksumType ?? 'FULL_OBJECT';
  }
  return out;
}

/** Content headers a PUT (or a REPLACE copy) stores with the object. */
export function contentMeta(input: {
  ContentType?: string | undefined;
  ContentDisposition?: string | undefined;
  ContentLanguage?: string | undefined;
  CacheControl?: string | undefined;
  Expires?: Date | undefined;
  Metadata?: Record<string, string> | undefined;
  StorageClass?: string | undefined;
  WebsiteRedirectLocation?: string | undefined;
}): ObjectMeta {
  const m: ObjectMeta = {};
  if (input.ContentType) m.contentType = input.ContentType;
  if (input.ContentDisposition) m.contentDisposition = input.ContentDisposition;
  if (input.ContentLanguage) m.contentLanguage = input.ContentLanguage;
  if (input.CacheControl) m.cacheControl = input.CacheControl;
  if (input.Expires) m.expires = input.Expires.toISOString();
  if (input.Metadata) {
    // User metadata keys are case-insensitive and come back lower-cased.
    m.metadata = Object.fromEntries(Object.entries(input.Metadata).map(([k, v]) => [k.toLowerCase(), v]));
  }
  if (input.StorageClass) m.storageClass = input.StorageClass;
  if (input.WebsiteRedirectLocation) m.websiteRedirect = input.WebsiteRedirectLocation;
  return m;
}

/** `x-amz-tagging` (URL query format) as a tag map. */
export function parseTaggingHeader(header: string | undefined): Record<string, string> | undefined {
  if (header === undefined) return undefined;
  const tags: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(header)) tags[k] = v;
  return tags;
}
