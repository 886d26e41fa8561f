// Every service atoll serves: its name, its routing metadata (generated), and how to load its code.
// Adding a service: generate its model (tools/codegen/services.json), write src/services/<name>, list it here.
import { meta as cloudtrail } from '../../generated/cloudtrail/meta.js';
import { meta as dynamodb } from '../../generated/dynamodb/meta.js';
import { meta as dynamodbstreams } from '../../generated/dynamodbstreams/meta.js';
import { meta as events } from '../../generated/events/meta.js';
import { meta as iam } from '../../generated/iam/meta.js';
import { meta as kms } from '../../generated/kms/meta.js';
import { meta as lambda } from '../../generated/lambda/meta.js';
import { meta as logs } from '../../generated/logs/meta.js';
import { meta as organizations } from '../../generated/organizations/meta.js';
import { meta as s3 } from '../../generated/s3/meta.js';
import { meta as s3control } from '../../generated/s3control/meta.js';
import { meta as schemas } from '../../generated/schemas/meta.js';
import { meta as sns } from '../../generated/sns/meta.js';
import { meta as sqs } from '../../generated/sqs/meta.js';
import { meta as stepfunctions } from '../../generated/stepfunctions/meta.js';
import { meta as sts } from '../../generated/sts/meta.js';
import type { ServiceEntry } from './loader.js';

export const services: readonly ServiceEntry[] = [
  { name: 'sqs', meta: sqs, load: async () => (await import('./sqs/index.js')).sqs },
  { name: 'sns', meta: sns, load: async () => (await import('./sns/index.js')).sns },
  { name: 'events', meta: events, load: async () => (await import('./events/index.js')).events },
  { name: 'lambda', meta: lambda, load: async () => (await import('./lambda/index.js')).lambda },
  { name: 'logs', meta: logs, load: async () => (await import('./logs/index.js')).logs },
  { name: 'dynamodb', meta: dynamodb, load: async () => (await import('./dynamodb/index.js')).dynamodb },
  {
    name: 'dynamodbstreams',
    meta: dynamodbstreams,
    dependsOn: ['dynamodb'],
    load: async () => (await import('./dynamodbstreams/index.js')).dynamodbstreams,
  },
  {
    name: 'stepfunctions',
    meta: stepfunctions,
    load: async () => (await import('./stepfunctions/index.js')).stepfunctions,
  },
  { name: 'iam', meta: iam, load: async () => (await import('./iam/index.js')).iam },
  { name: 'kms', meta: kms, load: async () => (await import('./kms/index.js')).kms },
  // STS sessions live in IAM's tables.
  { name: 'sts', meta: sts, dependsOn: ['iam'], load: async () => (await import('./sts/index.js')).sts },
  {
    name: 'organizations',
    meta: organizations,
    load: async () => (await import('./organizations/index.js')).organizations,
  },
  // S3 applies the account-level Block Public Access kept by S3 Control.
  { name: 's3', meta: s3, dependsOn: ['s3control'], load: async () => (await import('./s3/index.js')).s3 },
  { name: 's3control', meta: s3control, load: async () => (await import('./s3control/index.js')).s3control },
  { name: 'schemas', meta: schemas, load: async () => (await import('./schemas/index.js')).schemas },
  {
    name: 'cloudtrail',
    meta: cloudtrail,
    load: async () => (await import('./cloudtrail/index.js')).cloudtrail,
  },
];

/** Services every request's authentication and authorization consult (issued keys, sessions, SCPs). */
export const GOVERNANCE_SERVICES: readonly string[] = ['iam', 'sts', 'organizations'];
