// The landing zone's policy documents: the seeds' SCPs (004 §1.3 and 003's six guardrails), the cross-account
// trust with ExternalId (004 §1.5), the Developer permission set's DenyIAMChanges (004 §1.6) and the
// permissions-boundary example (004 §7.1 Q2).

export type Doc = { Version: '2012-10-17'; Statement: Record<string, unknown>[] };

const doc = (...Statement: Record<string, unknown>[]): Doc => ({ Version: '2012-10-17', Statement });

/** Regions the RestrictRegions SCP leaves open (seed 004). */
export const APPROVED_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

/** The role the PreventSecurityChanges SCP exempts (seed 004: arn:aws:iam::*:role/SecurityAdmin). */
export const SECURITY_ADMIN = 'SecurityAdmin';

export type Target = 'Root' | 'Workloads';

export interface Scp {
  /** Suffix of the policy name (`landing-zone-<key>`). */
  key: string;
  description: string;
  /** Where the landing zone attaches it: the root (every member account) or the Workloads OU. */
  target: Target;
  document: Doc;
}

export const SCPS: Scp[] = [
  {
    key: 'DenyLeaveOrganization',
    description: 'Seed 004 SCP 1: member accounts cannot leave the organization',
    target: 'Root',
    document: doc({
      Sid: 'DenyLeaveOrganization',
      Effect: 'Deny',
      Action: 'organizations:LeaveOrganization',
      Resource: '*',
    }),
  },
  {
    key: 'RequireRegions',
    description: 'Seed 004 SCP 2 / seed 003 RequireRegions: only approved regions, global services excepted',
    target: 'Root',
    document: doc({
      Sid: 'DenyOutsideRegions',
      Effect: 'Deny',
      NotAction: ['cloudfront:*', 'iam:*', 'route53:*', 'support:*', 'budgets:*', 'organizations:*'],
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': APPROVED_REGIONS } },
    }),
  },
  {
    key: 'PreventSecurityChanges',
    description: 'Seed 004 SCP 4 / seed 003 PreventSecurityChanges: only SecurityAdmin may alter CloudTrail',
    target: 'Root',
    document: doc({
      Sid: 'DenyCloudTrailModification',
      Effect: 'Deny',
      Action: ['cloudtrail:DeleteTrail', 'cloudtrail:StopLogging', 'cloudtrail:UpdateTrail'],
      Resource: '*',
      Condition: { StringNotLike: { 'aws:PrincipalArn': [`arn:aws:iam::*:role/${SECURITY_ADMIN}`] } },
    }),
  },
  {
    key: 'DenyRootAccountUsage',
    description: 'Seed 003 DenyRootAccountUsage: the root user of a member account can do nothing',
    target: 'Root',
    document: doc({
      Sid: 'DenyRootAccountUsage',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } },
    }),
  },
  {
    key: 'RequireIMDSv2',
    description: 'Seed 004 SCP 3: EC2 instances must require IMDSv2',
    target: 'Workloads',
    document: doc({
      Sid: 'RequireIMDSv2',
      Effect: 'Deny',
      Action: 'ec2:RunInstances',
      Resource: 'arn:aws:ec2:*:*:instance/*',
      Condition: { StringNotEquals: { 'ec2:MetadataHttpTokens': 'required' } },
    }),
  },
  {
    key: 'RequireTags',
    // The seed puts both keys in one Null block, which only denies when BOTH tags are missing (the keys of one
    // condition operator are ANDed); one statement per tag enforces each. The seed's EC2/RDS actions are kept
    // and the create actions of services atoll serves (SQS, SNS, DynamoDB) added, "tag everything" (seed 003).
    description: 'Seed 004 SCP 5 / seed 003 RequireTags: Environment and Owner tags on created resources',
    target: 'Workloads',
    document: doc(
      ...['Environment', 'Owner'].map((tag) => ({
        Sid: `DenyMissing${tag}Tag`,
        Effect: 'Deny',
        Action: [
          'ec2:RunInstances',
          'ec2:CreateVolume',
          'rds:CreateDBInstance',
          'sqs:CreateQueue',
          'sns:CreateTopic',
          'dynamodb:CreateTable',
        ],
        Resource: '*',
        Condition: { Null: { [`aws:RequestTag/${tag}`]: 'true' } },
      })),
    ),
  },
  {
    key: 'RequireEncryption',
    description: 'Seed 003 RequireEncryption: S3 objects and EBS volumes must be encrypted',
    target: 'Workloads',
    document: doc(
      {
        Sid: 'DenyUnencryptedObjectUploads',
        Effect: 'Deny',
        Action: 's3:PutObject',
        Resource: '*',
        Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } },
      },
      {
        Sid: 'DenyUnencryptedVolumes',
        Effect: 'Deny',
        Action: 'ec2:CreateVolume',
        Resource: '*',
        Condition: { Bool: { 'ec2:Encrypted': 'false' } },
      },
    ),
  },
  {
    key: 'DenyPublicS3',
    description: 'Seed 003 DenyPublicS3: no public ACLs, Block Public Access cannot be turned off',
    target: 'Workloads',
    document: doc(
      {
        Sid: 'DenyPublicAcls',
        Effect: 'Deny',
        Action: ['s3:PutBucketAcl', 's3:PutObjectAcl', 's3:CreateBucket'],
        Resource: '*',
        Condition: { StringEquals: { 's3:x-amz-acl': ['public-read', 'public-read-write', 'authenticated-read'] } },
      },
      {
        Sid: 'DenyDisablingBlockPublicAccess',
        Effect: 'Deny',
        Action: ['s3:PutBucketPublicAccessBlock', 's3:PutAccountPublicAccessBlock', 's3:DeleteBucketPublicAccessBlock'],
        Resource: '*',
      },
    ),
  },
];

/** Seed 004 §1.5: trusts the security account, only with the shared ExternalId. */
export function crossAccountTrust(trustedAccountId: string, externalId: string): Doc {
  return doc({
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${trustedAccountId}:root` },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'sts:ExternalId': externalId } },
  });
}

/** Roles people (or the blueprint) reach from another account of the organization. */
export function accountTrust(...accountIds: string[]): Doc {
  return doc({
    Effect: 'Allow',
    Principal: { AWS: accountIds.map((a) => `arn:aws:iam::${a}:root`) },
    Action: 'sts:AssumeRole',
  });
}

/** Seed 004 §1.6: the DeveloperAccess permission set's inline policy. */
export const DENY_IAM_CHANGES = doc({
  Sid: 'DenyIAMChanges',
  Effect: 'Deny',
  Action: ['iam:CreateUser', 'iam:DeleteUser', 'iam:CreateRole', 'iam:DeleteRole'],
  Resource: '*',
});

/** The security team's role: CloudTrail administration and the hop into the audit roles. */
export const SECURITY_ADMIN_POLICY = doc(
  { Sid: 'CloudTrailAdministration', Effect: 'Allow', Action: 'cloudtrail:*', Resource: '*' },
  {
    Sid: 'AuditMemberAccounts',
    Effect: 'Allow',
    Action: 'sts:AssumeRole',
    Resource: ['arn:aws:iam::*:role/landing-zone-SecurityAudit', `arn:aws:iam::*:role/${SECURITY_ADMIN}`],
  },
);

/** Seed 004 §7.1 Q2: boundary Get/PutObject, identity s3:* → effective Get/PutObject. */
export const BOUNDARY_DOC = doc({
  Sid: 'BoundaryObjectReadWrite',
  Effect: 'Allow',
  Action: ['s3:GetObject', 's3:PutObject'],
  Resource: '*',
});
export const S3_ALL_DOC = doc({ Sid: 'IdentityS3All', Effect: 'Allow', Action: 's3:*', Resource: '*' });

/** The same intersection with a service atoll serves: boundary Send/Receive, identity sqs:*. */
export const SQS_BOUNDARY_DOC = doc({
  Sid: 'BoundaryQueueSendReceive',
  Effect: 'Allow',
  Action: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:GetQueueUrl'],
  Resource: '*',
});
export const SQS_ALL_DOC = doc({ Sid: 'IdentitySqsAll', Effect: 'Allow', Action: 'sqs:*', Resource: '*' });
