// AWS managed keys (`alias/aws/<service>`): KMS creates one the first time its predefined alias is used in an
// account and Region (a service encrypting with its default key, or DescribeKey on the alias), as AWS does. Its key
// policy lets every principal of the account use it only through that service (kms:ViaService), and lets the
// account read its metadata. A key that an `alias/aws/` alias names is AWS managed (customers cannot create such
// aliases).
import { generateMaterial } from './material.js';
import type { KmsService } from './service.js';
import type { KeyRow } from './store.js';

/** Services whose AWS managed key atoll can create on first use. */
const SERVICES = new Set([
  's3',
  'ebs',
  'lambda',
  'sqs',
  'sns',
  'dynamodb',
  'secretsmanager',
  'ssm',
  'rds',
  'kinesis',
  'logs',
  'backup',
  'elasticfilesystem',
]);

const DESCRIPTIONS: Record<string, string> = {
  s3: 'Default key that protects my S3 objects when no other key is defined',
};

export function isAwsManagedAlias(alias: string): boolean {
  const m = /^alias\/aws\/([a-z0-9-]+)$/.exec(alias);
  return m !== null && SERVICES.has(m[1]!);
}

function managedPolicy(account: string, region: string, service: string): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: `auto-${service}-2`,
      Statement: [
        {
          Sid: `Allow access through ${service} for all principals in the account that are authorized to use ${service}`,
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
          Resource: '*',
          Condition: {
            StringEquals: { 'kms:ViaService': `${service}.${region}.amazonaws.com`, 'kms:CallerAccount': account },
          },
        },
        {
          Sid: 'Allow direct access to key metadata to the account',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:root` },
          Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
          Resource: '*',
        },
      ],
    },
    null,
    2,
  );
}

/** Creates the AWS managed key an `alias/aws/<service>` alias names, with the alias (one transaction). */
export function createAwsManagedKey(svc: KmsService, account: string, region: string, alias: string): KeyRow {
  const service = alias.slice('alias/aws/'.length);
  const now = svc.now();
  const row: KeyRow = {
    account_id: account,
    region,
    key_id: svc.newKeyId(false),
    created_at: now,
    state: 'Enabled',
    description: DESCRIPTIONS[service] ?? `Default key that protects my ${service} data when no other key is defined`,
    key_usage: 'ENCRYPT_DECRYPT',
    key_spec: 'SYMMETRIC_DEFAULT',
    origin: 'AWS_KMS',
    policy: managedPolicy(account, region, service),
    tags: '[]',
    multi_region: null,
    deletion_at: null,
    pending_days: null,
    // AWS rotates its managed keys yearly; atoll does not schedule that rotation.
    rotation_days: null,
    next_rotation_at: null,
    on_demand_at: null,
  };
  svc.tx(() => {
    const existing = svc.store.alias(account, region, alias);
    if (existing) return;
    svc.save(row);
    svc.addMaterial(row, 1, generateMaterial('SYMMETRIC_DEFAULT'), null);
    svc.store.saveAlias({
      account_id: account,
      region,
      name: alias,
      key_id: row.key_id,
      created_at: now,
      updated_at: now,
    });
  });
  const a = svc.store.alias(account, region, alias)!;
  return svc.store.key(account, region, a.key_id)!;
}
