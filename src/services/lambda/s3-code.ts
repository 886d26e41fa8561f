// Deployment packages in S3 (Code.S3Bucket/S3Key/S3ObjectVersion): Lambda reads the object with the caller's
// permissions and answers S3's failures as InvalidParameterValueException, worded as AWS words them.
import { AwsError } from '../../protocol/errors.js';
import { StreamBody } from '../../server/stream-body.js';
import type { Caller, RequestContext } from '../types.js';
import { LambdaErrors } from './errors.js';
import type { LambdaService } from './service.js';

export interface S3Location {
  S3Bucket?: string | undefined;
  S3Key?: string | undefined;
  S3ObjectVersion?: string | undefined;
}

export function fromS3(loc: S3Location): boolean {
  return loc.S3Bucket !== undefined || loc.S3Key !== undefined || loc.S3ObjectVersion !== undefined;
}

export async function fetchS3Code(svc: LambdaService, loc: S3Location, ctx: RequestContext): Promise<Uint8Array> {
  if (!loc.S3Bucket || !loc.S3Key) throw LambdaErrors.invalidParameter('Please provide a source for function code.');
  if (!svc.core.hasService('s3')) throw LambdaErrors.invalidParameter('Error occurred while GetObject.');
  const caller: Caller = { accountId: ctx.accountId, region: ctx.region, principal: ctx.principal };
  const input: Record<string, unknown> = { Bucket: loc.S3Bucket, Key: loc.S3Key };
  if (loc.S3ObjectVersion !== undefined) input.VersionId = loc.S3ObjectVersion;
  let body: unknown;
  try {
    body = (await svc.core.call<{ Body?: unknown }>('s3', 'GetObject', input, caller)).Body;
  } catch (err) {
    if (!(err instanceof AwsError)) throw err;
    if (err.status === 403) {
      throw LambdaErrors.invalidParameter(
        `Your access has been denied by S3, please make sure your request credentials have permission to GetObject for ${loc.S3Bucket}/${loc.S3Key}. S3 Error Code: ${err.code}. S3 Error Message: ${err.message}`,
      );
    }
    throw LambdaErrors.invalidParameter(
      `Error occurred while GetObject. S3 Error Code: ${err.code}. S3 Error Message: ${err.message}`,
    );
  }
  if (body instanceof StreamBody) {
    const chunks: Buffer[] = [];
    for await (const chunk of body.open()) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
    return Buffer.concat(chunks);
  }
  if (body instanceof Uint8Array) return body;
  return new Uint8Array();
}
