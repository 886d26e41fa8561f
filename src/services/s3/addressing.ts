// S3 addressing: path style (`/bucket/key`) and virtual-hosted style (`bucket.<host>/key`). Kept free of
// imports so the router can use it without loading S3's code.

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * The bucket named by a virtual-hosted Host header, or undefined for path-style hosts. Recognised:
 * `<bucket>.localhost`, `<bucket>.s3.localhost`, `<bucket>.s3[.-]<region>.amazonaws.com`, `<bucket>.s3.amazonaws.com`
 * and `<bucket>.<atollHost>` when atoll is reached by a configured hostname.
 */
export function virtualHostBucket(hostHeader: string | undefined, atollHost?: string): string | undefined {
  if (!hostHeader) return undefined;
  let host = hostHeader.toLowerCase();
  if (host.startsWith('[')) return undefined; // IPv6 literal
  const colon = host.lastIndexOf(':');
  if (colon !== -1) host = host.slice(0, colon);
  if (IPV4.test(host)) return undefined;
  let bucket: string | undefined;
  const aws = /^(.+?)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/.exec(host);
  if (aws) bucket = aws[1];
  else if (host.endsWith('.localhost')) bucket = host.slice(0, -'.localhost'.length);
  else if (atollHost && atollHost !== 'localhost' && host.endsWith(`.${atollHost.toLowerCase()}`)) {
    bucket = host.slice(0, -(atollHost.length + 1));
  }
  if (!bucket) return undefined;
  if (bucket.endsWith('.s3')) bucket = bucket.slice(0, -3);
  // `s3.localhost` itself is the path-style endpoint.
  return bucket === '' || bucket === 's3' ? undefined : bucket;
}

/** The request path as path-style: the virtual host's bucket becomes the first segment. */
export function toPathStyle(rawPath: string, bucket: string): string {
  return rawPath === '/' || rawPath === '' ? `/${bucket}` : `/${bucket}${rawPath}`;
}

/**
 * The object key exactly as sent (the route table drops empty segments, so `a//b` and `dir/` need the raw path).
 * `path` is the decoded request path; `virtualBucket` the bucket taken from the Host header, if any.
 */
export function keyFromPath(path: string, bucket: string, virtualBucket: string | undefined): string | undefined {
  if (virtualBucket) return path.length > 1 ? path.slice(1) : undefined;
  const prefix = `/${bucket}/`;
  return path.startsWith(prefix) && path.length > prefix.length ? path.slice(prefix.length) : undefined;
}
