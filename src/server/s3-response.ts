// S3 answers differ from the other REST services in their envelope: `x-amz-request-id` and `x-amz-id-2`
// instead of `x-amzn-RequestId`, and a `<HostId>` in error bodies.
import { randomBytes } from 'node:crypto';
import type { RawResponse } from './pipeline.js';

export function s3Response(res: RawResponse, requestId: string): RawResponse {
  const hostId = randomBytes(48).toString('base64');
  // Model header names are capitalized (`Content-Type`) while codecs write lower-case ones; the model's wins.
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) {
    const lower = k.toLowerCase();
    if (lower === 'x-amzn-requestid') continue;
    if (headers[lower] === undefined || k !== lower) headers[lower] = v;
  }
  headers['x-amz-request-id'] = requestId;
  headers['x-amz-id-2'] = hostId;
  let body = res.body;
  // GetBucketLocation's answer is one element holding the region, not a structure.
  if (typeof body === 'string' && body.includes('\n<LocationConstraint xmlns=')) {
    body = body.replace(
      /^(<\?xml[^>]*>\n<LocationConstraint[^>]*>)<LocationConstraint>([^<]*)<\/LocationConstraint>/,
      '$1$2',
    );
  }
  if (typeof body === 'string' && res.status >= 300 && body.endsWith('</RequestId></Error>')) {
    body = `${body.slice(0, -'</Error>'.length)}<HostId>${hostId}</HostId></Error>`;
  }
  // GetObject's output has no status member: a ranged answer is 206 Partial Content.
  const status = res.status === 200 && headers['content-range'] !== undefined ? 206 : res.status;
  return { status, headers, body };
}

/** S3 Control answers in S3's envelope, but its error bodies are wrapped: `<ErrorResponse><Error>…</Error><RequestId>`. */
export function s3ControlResponse(res: RawResponse, requestId: string): RawResponse {
  const out = s3Response(res, requestId);
  if (typeof out.body !== 'string' || out.status < 300 || !out.body.includes('<Error><Code>')) return out;
  const body = out.body
    .replace(/<Error><Code>/, '<ErrorResponse><Error><Code>')
    .replace(/<RequestId>/, '</Error><RequestId>')
    .replace(/<\/Error>$/, '</ErrorResponse>');
  return { ...out, body };
}
