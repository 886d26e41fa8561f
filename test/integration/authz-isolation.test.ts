// Randomized isolation check: several accounts, IAM users with random subsets of realistic policies (issued keys,
// strict SigV4), queues/topics/tables with random resource policies; random operations across accounts must be
// allowed exactly when AWS's evaluation rules say so. The expectation is computed here from the generated policies
// with the rules written out plainly, never by asking atoll's engine. The seed is printed on failure
// (AUTHZ_SEED=<n> replays it).
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateTopicCommand,
  GetTopicAttributesCommand,
  PublishCommand,
  SetTopicAttributesCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { useAtoll } from '../helpers/atoll.js';

const ctx = useAtoll();
const SEED = Number(process.env.AUTHZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ACCOUNTS = ['710000000001', '710000000002', '710000000003'];
const REGION = 'us-east-1';
const OPS = 150;

/** mulberry32: a small seeded PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const chance = (p: number) => rand() < p;

type Kind = 'queue' | 'topic' | 'table';
interface Op {
  action: string;
  kind: Kind;
}
const OPERATIONS: Op[] = [
  { action: 'sqs:SendMessage', kind: 'queue' },
  { action: 'sqs:GetQueueAttributes', kind: 'queue' },
  { action: 'sns:Publish', kind: 'topic' },
  { action: 'sns:GetTopicAttributes', kind: 'topic' },
  { action: 'dynamodb:PutItem', kind: 'table' },
  { action: 'dynamodb:DescribeTable', kind: 'table' },
];

/** An identity policy of the catalogue: its statements, and what it means in plain rules. */
interface IdentityPolicy {
  name: string;
  statements: (own: string) => object[];
  allows?: (action: string, resourceAccount: string, own: string) => boolean;
  denies?: (action: string, resourceAccount: string, own: string) => boolean;
}
const CATALOGUE: IdentityPolicy[] = [
  {
    name: 'sqs-all',
    statements: () => [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }],
    allows: (a) => a.startsWith('sqs:'),
  },
  {
    name: 'sqs-send-own-account',
    statements: (own) => [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:*:${own}:*` }],
    allows: (a, r, own) => a === 'sqs:SendMessage' && r === own,
  },
  {
    name: 'read-only',
    statements: () => [
      {
        Sid: 'Describe',
        Effect: 'Allow',
        Action: ['sqs:GetQueueAttributes', 'sns:GetTopicAttributes', 'dynamodb:DescribeTable'],
        Resource: '*',
      },
    ],
    allows: (a) => ['sqs:GetQueueAttributes', 'sns:GetTopicAttributes', 'dynamodb:DescribeTable'].includes(a),
  },
  {
    name: 'sns-publish-in-region',
    statements: () => [
      {
        Effect: 'Allow',
        Action: 'sns:Publish',
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestedRegion': REGION } },
      },
    ],
    allows: (a) => a === 'sns:Publish',
  },
  {
    name: 'dynamodb-write',
    statements: () => [
      {
        Effect: 'Allow',
        Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: 'arn:aws:dynamodb:*:*:table/*',
      },
    ],
    allows: (a) => a === 'dynamodb:PutItem',
  },
  {
    name: 'deny-dynamodb',
    statements: () => [{ Effect: 'Deny', Action: 'dynamodb:*', Resource: '*' }],
    denies: (a) => a.startsWith('dynamodb:'),
  },
  {
    name: 'data-perimeter',
    statements: (own) => [
      { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:ResourceAccount': [own] } } },
    ],
    denies: (_a, r, own) => r !== own,
  },
];

interface Principal {
  account: string;
  arn: string;
  root: boolean;
  policies: IdentityPolicy[];
  creds: { accessKeyId: string; secretAccessKey: string };
}

/** One resource-policy statement in plain terms. */
interface Grant {
  effect: 'Allow' | 'Deny';
  /** A principal ARN: an account root or a user. */
  principal: string;
  actions: string[];
}
interface Resource {
  kind: Kind;
  account: string;
  arn: string;
  name: string;
  grants: Grant[];
}

const cfg = (creds: Principal['creds']) => ({
  endpoint: ctx.endpoint,
  region: REGION,
  credentials: creds,
  maxAttempts: 1,
});
const rootCreds = (account: string) => ({ accessKeyId: account, secretAccessKey: 'x' });

/** AWS's rules for this test's shapes (IAM User Guide, policy evaluation logic and cross-account evaluation). */
function expected(p: Principal, r: Resource, action: string): boolean {
  const identityDeny = p.policies.some((x) => x.denies?.(action, r.account, p.account));
  const names = (g: Grant) => g.principal === p.arn || g.principal === `arn:aws:iam::${p.account}:root`;
  const applies = (g: Grant) => names(g) && g.actions.includes(action);
  const resourceDeny = r.grants.some((g) => g.effect === 'Deny' && applies(g));
  if (identityDeny || resourceDeny) return false;
  const identityAllow = p.root || p.policies.some((x) => x.allows?.(action, r.account, p.account));
  const grants = r.grants.filter((g) => g.effect === 'Allow' && applies(g));
  if (p.account === r.account) {
    // A grant naming the caller itself suffices; one naming the account only delegates to IAM policies.
    return identityAllow || grants.some((g) => g.principal === p.arn || p.root);
  }
  return identityAllow && grants.length > 0;
}

function policyDocument(r: Resource): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: r.grants.map((g, i) => ({
      Sid: `s${i}`,
      Effect: g.effect,
      Principal: { AWS: g.principal },
      Action: g.actions,
      Resource: r.arn,
    })),
  });
}

async function call(p: Principal, r: Resource, action: string): Promise<unknown> {
  switch (action) {
    case 'sqs:SendMessage':
    case 'sqs:GetQueueAttributes': {
      const QueueUrl = `${ctx.endpoint}/${r.account}/${r.name}`;
      const sqs = new SQSClient(cfg(p.creds));
      return action === 'sqs:SendMessage'
        ? sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'm' }))
        : sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    }
    case 'sns:Publish':
      return new SNSClient(cfg(p.creds)).send(new PublishCommand({ TopicArn: r.arn, Message: 'm' }));
    case 'sns:GetTopicAttributes':
      return new SNSClient(cfg(p.creds)).send(new GetTopicAttributesCommand({ TopicArn: r.arn }));
    case 'dynamodb:PutItem':
      return new DynamoDBClient(cfg(p.creds)).send(new PutItemCommand({ TableName: r.arn, Item: { pk: { S: 'k' } } }));
    default:
      return new DynamoDBClient(cfg(p.creds)).send(new DescribeTableCommand({ TableName: r.arn }));
  }
}

describe('randomized cross-account isolation', () => {
  it(`allows exactly what AWS's evaluation rules allow (seed ${SEED})`, async () => {
    const principals: Principal[] = [];
    const resources: Resource[] = [];
    for (const account of ACCOUNTS) {
      principals.push({
        account,
        arn: `arn:aws:iam::${account}:root`,
        root: true,
        policies: [],
        creds: rootCreds(account),
      });
      const iam = new IAMClient(cfg(rootCreds(account)));
      for (let u = 0; u < 2; u++) {
        const name = `user${u}`;
        await iam.send(new CreateUserCommand({ UserName: name }));
        const policies = CATALOGUE.filter(() => chance(0.4));
        for (const pol of policies) {
          const PolicyDocument = JSON.stringify({ Version: '2012-10-17', Statement: pol.statements(account) });
          await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: pol.name, PolicyDocument }));
        }
        const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
        const creds = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
        principals.push({ account, arn: `arn:aws:iam::${account}:user/${name}`, root: false, policies, creds });
      }
    }
    for (const account of ACCOUNTS) {
      const creds = rootCreds(account);
      const name = `res-${account}`;
      await new SQSClient(cfg(creds)).send(new CreateQueueCommand({ QueueName: name }));
      await new SNSClient(cfg(creds)).send(new CreateTopicCommand({ Name: name }));
      await new DynamoDBClient(cfg(creds)).send(
        new CreateTableCommand({
          TableName: name,
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      const arn = (svc: string, res: string) => `arn:aws:${svc}:${REGION}:${account}:${res}`;
      resources.push(
        { kind: 'queue', account, name, arn: arn('sqs', name), grants: [] },
        { kind: 'topic', account, name, arn: arn('sns', name), grants: [] },
        // atoll's DynamoDB has no resource policies: tables are reachable from their own account only.
        { kind: 'table', account, name, arn: arn('dynamodb', `table/${name}`), grants: [] },
      );
    }
    for (const r of resources.filter((x) => x.kind !== 'table' && chance(0.7))) {
      const actions = OPERATIONS.filter((o) => o.kind === r.kind).map((o) => o.action);
      for (let i = 0, n = 1 + Math.floor(rand() * 3); i < n; i++) {
        const p = pick(principals);
        const who = chance(0.5) ? `arn:aws:iam::${p.account}:root` : p.arn;
        const granted = actions.filter(() => chance(0.6));
        if (granted.length) r.grants.push({ effect: chance(0.2) ? 'Deny' : 'Allow', principal: who, actions: granted });
      }
      if (!r.grants.length) continue;
      const owner = cfg(rootCreds(r.account));
      if (r.kind === 'queue') {
        await new SQSClient(owner).send(
          new SetQueueAttributesCommand({
            QueueUrl: `${ctx.endpoint}/${r.account}/${r.name}`,
            Attributes: { Policy: policyDocument(r) },
          }),
        );
      } else {
        await new SNSClient(owner).send(
          new SetTopicAttributesCommand({
            TopicArn: r.arn,
            AttributeName: 'Policy',
            AttributeValue: policyDocument(r),
          }),
        );
      }
    }

    const mismatches: string[] = [];
    let allowed = 0;
    for (let i = 0; i < OPS; i++) {
      const op = pick(OPERATIONS);
      const p = pick(principals);
      // Mostly other accounts' resources: isolation is the point.
      const cross = chance(0.75);
      const r = pick(resources.filter((x) => x.kind === op.kind && (x.account !== p.account) === cross));
      const want = expected(p, r, op.action);
      let got: string;
      try {
        await call(p, r, op.action);
        got = 'allowed';
      } catch (e) {
        const err = e as { name: string; message: string };
        got = /AccessDenied|AuthorizationError/.test(err.name) ? 'denied' : `${err.name}: ${err.message}`;
      }
      if (want) allowed++;
      if (got !== (want ? 'allowed' : 'denied')) {
        const pols = p.policies.map((x) => x.name).join(',') || (p.root ? 'root' : 'none');
        mismatches.push(
          `${p.arn} [${pols}] ${op.action} ${r.arn} ${JSON.stringify(r.grants)}: want ${want ? 'allowed' : 'denied'}, got ${got}`,
        );
      }
    }
    if (mismatches.length) console.error(`authz-isolation seed ${SEED} (AUTHZ_SEED=${SEED} replays it)`);
    expect(mismatches, `seed ${SEED}`).toEqual([]);
    // The draw must exercise both outcomes to mean anything.
    expect(allowed, `seed ${SEED}`).toBeGreaterThan(0);
    expect(allowed, `seed ${SEED}`).toBeLessThan(OPS);
  }, 60_000);
});
