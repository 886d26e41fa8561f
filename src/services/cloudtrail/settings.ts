// Validation and normalisation of a trail's settings, shared by CreateTrail and UpdateTrail: S3 destination,
// SNS topic, CloudWatch Logs group and role, KMS key, multi-Region and organization flags.
import type { CreateTrailRequest, UpdateTrailRequest } from '../../../generated/cloudtrail/types.js';
import type { RequestContext } from '../types.js';
import type { TrailRec } from './api.js';
import { parseLogGroupArn } from './delivery.js';
import { CloudTrailErrors } from './errors.js';
import type { CloudTrailState } from './state.js';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Settings = Omit<CreateTrailRequest, 'Name' | 'TagsList'> | Omit<UpdateTrailRequest, 'Name'>;

/** Applies `input` over `base` (the existing trail for UpdateTrail) and validates the result. */
export async function applySettings(
  state: CloudTrailState,
  base: TrailRec,
  input: Settings,
  ctx: RequestContext,
): Promise<TrailRec> {
  const t: TrailRec = { ...base };
  if (input.S3BucketName !== undefined) {
    if (!BUCKET.test(input.S3BucketName)) throw CloudTrailErrors.invalidS3BucketName(input.S3BucketName);
    t.s3BucketName = input.S3BucketName;
  }
  if (input.S3KeyPrefix !== undefined) {
    if (input.S3KeyPrefix.length > 200) throw CloudTrailErrors.invalidS3Prefix();
    if (input.S3KeyPrefix === '') delete t.s3KeyPrefix;
    else t.s3KeyPrefix = input.S3KeyPrefix;
  }
  if (input.SnsTopicName !== undefined) {
    if (input.SnsTopicName === '') {
      delete t.snsTopicName;
      delete t.snsTopicArn;
    } else {
      const arn = input.SnsTopicName.startsWith('arn:')
        ? input.SnsTopicName
        : `arn:aws:sns:${ctx.region}:${ctx.accountId}:${input.SnsTopicName}`;
      t.snsTopicName = arn.split(':').pop()!;
      t.snsTopicArn = arn;
    }
  }
  if (input.IncludeGlobalServiceEvents !== undefined) t.includeGlobalServiceEvents = input.IncludeGlobalServiceEvents;
  if (input.IsMultiRegionTrail !== undefined) t.isMultiRegionTrail = input.IsMultiRegionTrail;
  if (input.EnableLogFileValidation !== undefined) t.logFileValidationEnabled = input.EnableLogFileValidation;
  if (t.isMultiRegionTrail && !t.includeGlobalServiceEvents) {
    throw CloudTrailErrors.invalidParameterCombination('Multi-Region trail must include global service events.');
  }
  applyLogs(t, input);
  if (input.KmsKeyId !== undefined) {
    if (input.KmsKeyId === '') delete t.kmsKeyId;
    else t.kmsKeyId = kmsKeyArn(input.KmsKeyId, ctx);
  }
  if (input.IsOrganizationTrail !== undefined && input.IsOrganizationTrail !== base.isOrganizationTrail) {
    if (input.IsOrganizationTrail) t.organizationId = await organizationFor(state, ctx);
    else delete t.organizationId;
    t.isOrganizationTrail = input.IsOrganizationTrail;
  }
  return t;
}

function applyLogs(t: TrailRec, input: Settings): void {
  if (input.CloudWatchLogsLogGroupArn !== undefined) {
    if (input.CloudWatchLogsLogGroupArn === '') delete t.cloudWatchLogsLogGroupArn;
    else if (!parseLogGroupArn(input.CloudWatchLogsLogGroupArn)) throw CloudTrailErrors.invalidLogGroupArn();
    else t.cloudWatchLogsLogGroupArn = input.CloudWatchLogsLogGroupArn;
  }
  if (input.CloudWatchLogsRoleArn !== undefined) {
    if (input.CloudWatchLogsRoleArn === '') delete t.cloudWatchLogsRoleArn;
    else if (!ROLE_ARN.test(input.CloudWatchLogsRoleArn)) throw CloudTrailErrors.invalidLogsRoleArn();
    else t.cloudWatchLogsRoleArn = input.CloudWatchLogsRoleArn;
  }
  // CloudTrail writes to the group by assuming the role: one needs the other.
  if (t.cloudWatchLogsLogGroupArn && !t.cloudWatchLogsRoleArn) {
    throw CloudTrailErrors.invalidLogsRoleArn(
      'You must specify a role ARN together with a CloudWatch Logs log group ARN.',
    );
  }
  if (t.cloudWatchLogsRoleArn && !t.cloudWatchLogsLogGroupArn) {
    throw CloudTrailErrors.invalidLogGroupArn(
      'You must specify a CloudWatch Logs log group ARN together with a role ARN.',
    );
  }
}

/** Key id, alias or ARN -> the ARN CloudTrail reports. */
function kmsKeyArn(id: string, ctx: RequestContext): string {
  if (id.startsWith('arn:')) return id;
  if (KEY_ID.test(id)) return `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${id}`;
  if (id.startsWith('alias/')) return `arn:aws:kms:${ctx.region}:${ctx.accountId}:${id}`;
  throw CloudTrailErrors.invalidParameter(`Invalid KmsKeyId ${id}`);
}

/** Organization trails: only the management account, with trusted access for CloudTrail enabled. */
async function organizationFor(state: CloudTrailState, ctx: RequestContext): Promise<string> {
  const org = state.orgOf(ctx.accountId);
  if (!org) throw CloudTrailErrors.organizationsNotInUse();
  if (org.managementAccountId !== ctx.accountId) throw CloudTrailErrors.notManagementAccount(ctx.accountId);
  const access = await state.core.call<{ EnabledServicePrincipals?: Array<{ ServicePrincipal?: string }> }>(
    'organizations',
    'ListAWSServiceAccessForOrganization',
    {},
    { accountId: ctx.accountId, region: ctx.region },
  );
  if (!(access.EnabledServicePrincipals ?? []).some((p) => p.ServicePrincipal === 'cloudtrail.amazonaws.com')) {
    throw CloudTrailErrors.accessNotEnabled();
  }
  return org.id;
}
