// CreateTrail / UpdateTrail check the trail's bucket as AWS does before accepting it: the bucket must exist
// (S3BucketDoesNotExistException) and its bucket policy must let cloudtrail.amazonaws.com, acting for this trail
// (aws:SourceArn / aws:SourceAccount), call s3:GetBucketAcl on the bucket and s3:PutObject with
// x-amz-acl bucket-owner-full-control under the trail's AWSLogs path (InsufficientS3BucketPolicyException); a
// notification topic must let CloudTrail publish (InsufficientSnsTopicPolicyException).
import { AwsError } from '../../protocol/errors.js';
import { buildGlobalContext, evaluate, parsePolicy, type AuthzPrincipal } from '../../iam/policy/index.js';
import type { Caller } from '../types.js';
import type { TrailRec } from './api.js';
import { CloudTrailErrors } from './errors.js';
import type { CloudTrailState } from './state.js';

export const CLOUDTRAIL_PRINCIPAL = 'cloudtrail.amazonaws.com';

/** Who CloudTrail acts as when it writes a trail's files: its service principal, for the trail. */
export function deliveryCaller(t: TrailRec): Caller {
  return {
    accountId: t.accountId,
    region: t.homeRegion,
    principal: { accountId: t.accountId, arn: CLOUDTRAIL_PRINCIPAL, accessKeyId: '', anonymous: false },
    sourceArn: t.arn,
  };
}

/** The folder a trail writes an account's files under: [prefix/]AWSLogs/[orgId/]<account>/. */
export function logFolder(t: TrailRec, accountId: string): string {
  const prefix = t.s3KeyPrefix ? `${t.s3KeyPrefix.replace(/\/+$/, '')}/` : '';
  const org = t.isOrganizationTrail && t.organizationId ? `${t.organizationId}/` : '';
  return `${prefix}AWSLogs/${org}${accountId}/`;
}

function permits(policyText: string, t: TrailRec, action: string, resource: string, extra: Record<string, string>) {
  let policy;
  try {
    policy = parsePolicy(policyText, 'resource', { size: { sizeClass: 'unlimited' } });
  } catch {
    return false;
  }
  const principal: AuthzPrincipal = { arn: CLOUDTRAIL_PRINCIPAL, accountId: t.accountId, type: 'Service' };
  const context = {
    ...buildGlobalContext({ principal, sourceArn: t.arn, sourceAccount: t.accountId, requestedRegion: t.homeRegion }),
    ...extra,
  };
  return evaluate({ principal, action, resource, context }, { identity: [], resource: policy }).decision === 'Allow';
}

/** Throws AWS's error when the trail's bucket is missing or its policy does not admit CloudTrail. */
export async function checkTrailBucket(state: CloudTrailState, t: TrailRec): Promise<void> {
  const bucket = t.s3BucketName;
  try {
    // As CloudTrail itself: a bucket of another account whose policy does not admit CloudTrail is refused here.
    await state.core.call('s3', 'GetBucketAcl', { Bucket: bucket }, deliveryCaller(t));
  } catch (err) {
    if (err instanceof AwsError && err.code === 'NoSuchBucket') throw CloudTrailErrors.s3BucketDoesNotExist(bucket);
    if (err instanceof AwsError && err.code.startsWith('AccessDenied')) {
      throw CloudTrailErrors.insufficientS3BucketPolicy(bucket);
    }
    throw err;
  }
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const policy = state.core.service('s3')?.resourcePolicy?.(bucketArn);
  const ok =
    policy !== undefined &&
    permits(policy, t, 's3:GetBucketAcl', bucketArn, {}) &&
    permits(policy, t, 's3:PutObject', `${bucketArn}/${logFolder(t, t.accountId)}CloudTrail/`, {
      's3:x-amz-acl': 'bucket-owner-full-control',
    });
  if (!ok) throw CloudTrailErrors.insufficientS3BucketPolicy(bucket);
}

/** SnsTopicName: the topic must exist and its policy let CloudTrail (for this trail) publish to it. */
export async function checkTrailTopic(state: CloudTrailState, t: TrailRec): Promise<void> {
  const arn = t.snsTopicArn!;
  const [, , , region = '', account = ''] = arn.split(':');
  let policy: string | undefined;
  try {
    // Read as the topic's owner: only its policy matters here.
    const out = await state.core.call<{ Attributes?: Record<string, string> }>(
      'sns',
      'GetTopicAttributes',
      { TopicArn: arn },
      { accountId: account, region },
    );
    policy = out.Attributes?.Policy;
  } catch (err) {
    if (!(err instanceof AwsError) || err.fault === 'server') throw err;
  }
  if (!policy || !permits(policy, t, 'sns:Publish', arn, {})) throw CloudTrailErrors.insufficientSnsTopicPolicy(arn);
}
