// A curated set of AWS managed policies, written from the AWS Managed Policy Reference (actions and resources are
// facts; ReadOnlyAccess is reduced to the read actions of the services atoll serves). They live at
// arn:aws:iam::aws:policy/<path><name> in every account and cannot be modified.
import { createHash } from 'node:crypto';

export interface AwsManagedPolicy {
  name: string;
  path: string;
  description: string;
  version: string;
  document: string;
  /** Fixed publication date, so GetPolicy answers the same on every start. */
  createDate: number;
  updateDate: number;
}

type Stmt = Record<string, unknown>;
const doc = (...Statement: Stmt[]): string => JSON.stringify({ Version: '2012-10-17', Statement }, null, 4);
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: Stmt = {}): Stmt => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});

const READ_ONLY_ACTIONS = [
  'cloudtrail:Describe*',
  'cloudtrail:Get*',
  'cloudtrail:List*',
  'cloudtrail:LookupEvents',
  'cloudwatch:Describe*',
  'cloudwatch:Get*',
  'cloudwatch:List*',
  'dynamodb:BatchGetItem',
  'dynamodb:Describe*',
  'dynamodb:Get*',
  'dynamodb:List*',
  'dynamodb:PartiQLSelect',
  'dynamodb:Query',
  'dynamodb:Scan',
  'events:Describe*',
  'events:List*',
  'events:Test*',
  'iam:Generate*',
  'iam:Get*',
  'iam:List*',
  'iam:Simulate*',
  'kms:Describe*',
  'kms:Get*',
  'kms:List*',
  'lambda:Get*',
  'lambda:List*',
  'logs:Describe*',
  'logs:FilterLogEvents',
  'logs:Get*',
  'logs:ListTagsForResource',
  'logs:StartQuery',
  'logs:StopQuery',
  'logs:TestMetricFilter',
  'organizations:Describe*',
  'organizations:List*',
  's3:Describe*',
  's3:Get*',
  's3:List*',
  'scheduler:Get*',
  'scheduler:List*',
  'schemas:Describe*',
  'schemas:Get*',
  'schemas:List*',
  'sns:Check*',
  'sns:Get*',
  'sns:List*',
  'sqs:Get*',
  'sqs:List*',
  'sqs:Receive*',
  'states:Describe*',
  'states:Get*',
  'states:List*',
  'sts:GetAccessKeyInfo',
  'sts:GetCallerIdentity',
  'sts:GetSessionToken',
  'tag:Get*',
];

const ORG_READ = [
  'organizations:DescribeAccount',
  'organizations:DescribeOrganization',
  'organizations:DescribeOrganizationalUnit',
  'organizations:DescribePolicy',
  'organizations:ListChildren',
  'organizations:ListParents',
  'organizations:ListPoliciesForTarget',
  'organizations:ListRoots',
  'organizations:ListPolicies',
  'organizations:ListTargetsForPolicy',
];

const DEFS: Array<Omit<AwsManagedPolicy, 'createDate' | 'updateDate'> & { created: string; updated: string }> = [
  {
    name: 'AdministratorAccess',
    path: '/',
    description: 'Provides full access to AWS services and resources.',
    version: 'v1',
    created: '2015-02-06T18:39:46Z',
    updated: '2015-02-06T18:39:46Z',
    document: doc(allow('*')),
  },
  {
    name: 'PowerUserAccess',
    path: '/',
    description:
      'Provides full access to AWS services and resources, but does not allow management of Users and groups.',
    version: 'v5',
    created: '2015-02-06T18:39:47Z',
    updated: '2023-07-06T22:04:00Z',
    document: doc(
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      allow([
        'account:GetAccountInformation',
        'account:GetPrimaryEmail',
        'account:ListRegions',
        'iam:CreateServiceLinkedRole',
        'iam:DeleteServiceLinkedRole',
        'iam:ListRoles',
        'organizations:DescribeOrganization',
      ]),
    ),
  },
  {
    name: 'ReadOnlyAccess',
    path: '/',
    description: 'Provides read-only access to AWS services and resources.',
    version: 'v1',
    created: '2015-02-06T18:39:48Z',
    updated: '2015-02-06T18:39:48Z',
    document: doc(allow(READ_ONLY_ACTIONS)),
  },
  {
    name: 'IAMFullAccess',
    path: '/',
    description: 'Provides full access to IAM via the AWS Management Console.',
    version: 'v2',
    created: '2015-02-06T18:40:38Z',
    updated: '2019-06-21T19:40:00Z',
    document: doc(allow('iam:*'), allow(ORG_READ)),
  },
  {
    name: 'AmazonSQSFullAccess',
    path: '/',
    description: 'Provides full access to Amazon SQS via the AWS Management Console.',
    version: 'v1',
    created: '2015-02-06T18:41:07Z',
    updated: '2015-02-06T18:41:07Z',
    document: doc(allow('sqs:*')),
  },
  {
    name: 'AmazonSQSReadOnlyAccess',
    path: '/',
    description: 'Provides read only access to Amazon SQS via the AWS Management Console.',
    version: 'v3',
    created: '2015-02-06T18:41:08Z',
    updated: '2023-08-29T14:40:00Z',
    document: doc(
      allow([
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ListDeadLetterSourceQueues',
        'sqs:ListQueues',
        'sqs:ListMessageMoveTasks',
        'sqs:ListQueueTags',
      ]),
    ),
  },
  {
    name: 'AmazonSNSFullAccess',
    path: '/',
    description: 'Provides full access to Amazon SNS via the AWS Management Console.',
    version: 'v2',
    created: '2015-02-06T18:41:05Z',
    updated: '2023-06-01T00:00:00Z',
    document: doc(allow('sns:*')),
  },
  {
    name: 'AmazonDynamoDBFullAccess',
    path: '/',
    description: 'Provides full access to Amazon DynamoDB via the AWS Management Console.',
    version: 'v1',
    created: '2015-02-06T18:40:11Z',
    updated: '2015-02-06T18:40:11Z',
    document: doc(
      allow([
        'dynamodb:*',
        'dax:*',
        'application-autoscaling:*',
        'cloudwatch:DeleteAlarms',
        'cloudwatch:DescribeAlarmHistory',
        'cloudwatch:DescribeAlarms',
        'cloudwatch:GetMetricData',
        'cloudwatch:ListMetrics',
        'cloudwatch:PutMetricAlarm',
        'kinesis:ListStreams',
        'kinesis:DescribeStream',
        'kinesis:DescribeStreamSummary',
        'kms:DescribeKey',
        'kms:ListAliases',
        'lambda:CreateFunction',
        'lambda:ListFunctions',
        'lambda:ListEventSourceMappings',
        'lambda:CreateEventSourceMapping',
        'lambda:DeleteEventSourceMapping',
        'lambda:GetFunctionConfiguration',
        'sns:CreateTopic',
        'sns:DeleteTopic',
        'sns:ListSubscriptions',
        'sns:ListSubscriptionsByTopic',
        'sns:ListTopics',
        'sns:Subscribe',
        'sns:Unsubscribe',
        'sns:SetTopicAttributes',
        'iam:GetRole',
        'iam:ListRoles',
        'tag:GetResources',
      ]),
      allow('iam:PassRole', '*', {
        Condition: {
          StringLike: { 'iam:PassedToService': ['application-autoscaling.amazonaws.com', 'dax.amazonaws.com'] },
        },
      }),
    ),
  },
  {
    name: 'AmazonS3FullAccess',
    path: '/',
    description: 'Provides full access to all buckets via the AWS Management Console.',
    version: 'v2',
    created: '2015-02-06T18:40:58Z',
    updated: '2021-09-27T20:16:37Z',
    document: doc(allow(['s3:*', 's3-object-lambda:*'])),
  },
  {
    name: 'AWSLambda_FullAccess',
    path: '/',
    description:
      'Grants full access to AWS Lambda service, AWS Lambda console features, and other related AWS services.',
    version: 'v1',
    created: '2020-11-23T21:00:00Z',
    updated: '2020-11-23T21:00:00Z',
    document: doc(
      allow([
        'cloudformation:DescribeStacks',
        'cloudformation:ListStackResources',
        'cloudwatch:ListMetrics',
        'cloudwatch:GetMetricData',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeVpcs',
        'kms:ListAliases',
        'iam:GetPolicy',
        'iam:GetPolicyVersion',
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:ListAttachedRolePolicies',
        'iam:ListRolePolicies',
        'iam:ListRoles',
        'lambda:*',
        'logs:DescribeLogGroups',
        'states:DescribeStateMachine',
        'states:ListStateMachines',
        'tag:GetResources',
        'xray:GetTraceSummaries',
        'xray:BatchGetTraces',
      ]),
      allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } }),
      allow(
        ['logs:DescribeLogStreams', 'logs:GetLogEvents', 'logs:FilterLogEvents'],
        'arn:aws:logs:*:*:log-group:/aws/lambda/*',
      ),
    ),
  },
  {
    name: 'AWSStepFunctionsFullAccess',
    path: '/',
    description: 'An access policy for providing a user/role/etc access to the AWS StepFunctions API.',
    version: 'v2',
    created: '2017-01-11T21:51:32Z',
    updated: '2021-03-01T00:00:00Z',
    document: doc(allow('states:*'), allow('iam:PassRole', 'arn:aws:iam::*:role/service-role/StepFunctions*')),
  },
  {
    name: 'AmazonEventBridgeFullAccess',
    path: '/',
    description: 'Provides full access to Amazon EventBridge.',
    version: 'v2',
    created: '2021-03-04T00:00:00Z',
    updated: '2022-12-01T00:00:00Z',
    document: doc(
      allow(['events:*', 'schemas:*', 'scheduler:*', 'pipes:*']),
      allow(
        'iam:CreateServiceLinkedRole',
        'arn:aws:iam::*:role/aws-service-role/apidestinations.events.amazonaws.com/AWSServiceRoleForAmazonEventBridgeApiDestinations',
        {
          Condition: { StringEquals: { 'iam:AWSServiceName': 'apidestinations.events.amazonaws.com' } },
        },
      ),
      allow('iam:PassRole', 'arn:aws:iam::*:role/*', {
        Condition: { StringLike: { 'iam:PassedToService': 'events.amazonaws.com' } },
      }),
      allow('iam:PassRole', 'arn:aws:iam::*:role/*', {
        Condition: { StringLike: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
      allow('iam:PassRole', 'arn:aws:iam::*:role/*', {
        Condition: { StringLike: { 'iam:PassedToService': 'pipes.amazonaws.com' } },
      }),
    ),
  },
  {
    name: 'CloudWatchLogsFullAccess',
    path: '/',
    description: 'Provides full access to CloudWatch Logs',
    version: 'v2',
    created: '2015-02-06T18:40:02Z',
    updated: '2023-12-01T00:00:00Z',
    document: doc(allow(['logs:*', 'cloudwatch:GenerateQuery'])),
  },
  {
    name: 'AWSKeyManagementServicePowerUser',
    path: '/',
    description: 'Provides access to AWS Key Management Service (AWS KMS).',
    version: 'v2',
    created: '2015-02-06T18:40:40Z',
    updated: '2017-03-07T00:55:11Z',
    document: doc(
      allow([
        'kms:CreateAlias',
        'kms:CreateKey',
        'kms:DeleteAlias',
        'kms:Describe*',
        'kms:GenerateRandom',
        'kms:Get*',
        'kms:List*',
        'kms:TagResource',
        'kms:UntagResource',
        'iam:ListGroups',
        'iam:ListRoles',
        'iam:ListUsers',
      ]),
    ),
  },
];

export const AWS_MANAGED_POLICIES: ReadonlyMap<string, AwsManagedPolicy> = new Map(
  DEFS.map(({ created, updated, ...d }) => {
    const p: AwsManagedPolicy = { ...d, createDate: Date.parse(created), updateDate: Date.parse(updated) };
    return [awsManagedArn(p), p];
  }),
);

export function awsManagedArn(p: { path: string; name: string }): string {
  return `arn:aws:iam::aws:policy${p.path}${p.name}`;
}

/** A stable ANPA... id per AWS managed policy (the same on every start and in every account). */
export function awsManagedId(name: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const h = createHash('sha256').update(name).digest();
  let out = 'ANPA';
  for (let i = 0; i < 17; i++) out += alphabet[h[i]! % 32];
  return out;
}
