// CloudTrail's named errors: the model's codes and statuses, AWS's wording where it is known.
import { AwsError } from '../../protocol/errors.js';

const err = (code: string, message: string, status = 400) => new AwsError(code, message, { status });

export const CloudTrailErrors = {
  trailNotFound: (arn: string, accountId: string) =>
    err('TrailNotFoundException', `Unknown trail: ${arn} for the user: ${accountId}`, 404),
  trailAlreadyExists: (name: string, accountId: string) =>
    err('TrailAlreadyExistsException', `Trail ${name} already exists for customer: ${accountId}`),
  invalidTrailName: (message: string) => err('InvalidTrailNameException', message),
  maximumTrails: (accountId: string, region: string) =>
    err('MaximumNumberOfTrailsExceededException', `User: ${accountId} already has 5 trails in ${region}.`, 403),
  invalidHomeRegion: (arn: string, homeRegion: string, region: string) =>
    err(
      'InvalidHomeRegionException',
      `This operation must be called from the trail's home region (${homeRegion}); trail ${arn} was called from ${region}.`,
    ),
  invalidLookupAttributes: (message: string) => err('InvalidLookupAttributesException', message),
  invalidTimeRange: () => err('InvalidTimeRangeException', 'Start time must be less than or equal to end time.'),
  invalidNextToken: () => err('InvalidNextTokenException', 'Invalid NextToken.'),
  invalidEventSelectors: (message: string) => err('InvalidEventSelectorsException', message),
  invalidInsightSelectors: (message: string) => err('InvalidInsightSelectorsException', message),
  insightNotEnabled: (arn: string) => err('InsightNotEnabledException', `Trail ${arn} does not have Insights enabled.`),
  invalidLogGroupArn: (message = 'CloudWatch Logs log group ARN is invalid.') =>
    err('InvalidCloudWatchLogsLogGroupArnException', message),
  invalidLogsRoleArn: (message = 'CloudWatch Logs role ARN is invalid.') =>
    err('InvalidCloudWatchLogsRoleArnException', message),
  arnInvalid: (arn: string) =>
    err(
      'CloudTrailARNInvalidException',
      `Invalid trail ARN: ${arn}. The ARN must be in the format arn:aws:cloudtrail:<region>:<account>:trail/<name>.`,
    ),
  resourceNotFound: (arn: string) => err('ResourceNotFoundException', `Resource ${arn} not found.`),
  invalidTagParameter: (message: string) => err('InvalidTagParameterException', message),
  tagsLimitExceeded: () => err('TagsLimitExceededException', 'The number of tags on the resource exceeds 50.'),
  organizationsNotInUse: () =>
    err(
      'OrganizationsNotInUseException',
      'This account is not a member of an organization. You must be a member of an organization to create an organization trail.',
      404,
    ),
  notManagementAccount: (accountId: string) =>
    err(
      'NotOrganizationMasterAccountException',
      `The account ${accountId} is not the management account of an organization. Only the management account or a delegated administrator can create or update an organization trail.`,
    ),
  accessNotEnabled: () =>
    err(
      'CloudTrailAccessNotEnabledException',
      'Trusted access for CloudTrail is not enabled in AWS Organizations. Enable trusted access for cloudtrail.amazonaws.com before creating an organization trail.',
    ),
  invalidParameterCombination: (message: string) => err('InvalidParameterCombinationException', message),
  invalidParameter: (message: string) => err('InvalidParameterException', message),
  invalidS3BucketName: (name: string) => err('InvalidS3BucketNameException', `Bucket name is not valid: ${name}`),
  s3BucketDoesNotExist: (bucket: string) =>
    err('S3BucketDoesNotExistException', `S3 bucket ${bucket} does not exist.`, 404),
  insufficientS3BucketPolicy: (bucket: string) =>
    err('InsufficientS3BucketPolicyException', `Incorrect S3 bucket policy is detected for bucket: ${bucket}`, 403),
  insufficientSnsTopicPolicy: (arn: string) =>
    err('InsufficientSnsTopicPolicyException', `Incorrect SNS topic policy is detected for topic: ${arn}`, 403),
  invalidS3Prefix: () => err('InvalidS3PrefixException', 'S3 key prefix is too long (maximum 200 characters).'),
};
