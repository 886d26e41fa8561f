// The cost of IAM enforcement: SQS SendMessage at 16 clients against atoll with ATOLL_IAM=off and with
// ATOLL_IAM=enforce, both signed by an IAM user's issued key (strict SigV4 verification in both) whose identity
// policy is realistic (several statements, conditions, a data-perimeter deny); plus SimulatePrincipalPolicy
// evaluations per second. Both servers stay up and rows alternate, so machine noise hits both alike.
// Run alone with `node bench/iam.mjs` (after `npm run build`), or from bench/run.mjs (BENCH_IAM=0 skips it).
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SignatureV4 } from '@smithy/signature-v4';
import { Connection } from './http-client.mjs';
import { MESSAGE_BODY, withBody } from './sqs.mjs';
import { freePort, startServer, tmpStateDir } from './targets.mjs';

const HOST = '127.0.0.1';
const ACCOUNT = '000000000000';
const CLIENTS = 16;
const log = (msg) => process.stderr.write(`[bench:iam] ${msg}\n`);

const POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'SendToAppQueues',
      Effect: 'Allow',
      Action: ['sqs:SendMessage', 'sqs:SendMessageBatch'],
      Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:bench-*`,
      Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' }, StringLike: { 'aws:username': 'bench-*' } },
    },
    {
      Sid: 'ConsumeAppQueues',
      Effect: 'Allow',
      Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:GetQueueAttributes'],
      Resource: `arn:aws:sqs:*:${ACCOUNT}:bench-*`,
    },
    {
      Sid: 'TeamTopics',
      Effect: 'Allow',
      Action: 'sns:Publish',
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } },
    },
    {
      Sid: 'DataPerimeter',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:ResourceAccount': [ACCOUNT] } },
    },
    {
      Sid: 'ApprovedRegions',
      Effect: 'Deny',
      NotAction: ['iam:*', 'sts:*', 'organizations:*'],
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
    },
  ],
};

const clientConfig = (port, credentials) => ({
  endpoint: `http://${HOST}:${port}`,
  region: 'us-east-1',
  credentials,
  maxAttempts: 1,
});

/** Creates the user, its policy, its key and the queue; returns the pre-signed SendMessage request bytes. */
async function prepare(port) {
  const root = { accessKeyId: 'test', secretAccessKey: 'test' };
  const iam = new IAMClient(clientConfig(port, root));
  await iam.send(new CreateUserCommand({ UserName: 'bench-sender', Tags: [{ Key: 'team', Value: 'bench' }] }));
  const doc = JSON.stringify(POLICY);
  await iam.send(new PutUserPolicyCommand({ UserName: 'bench-sender', PolicyName: 'app', PolicyDocument: doc }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bench-sender' }))).AccessKey;
  const sqs = new SQSClient(clientConfig(port, root));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'bench-iam' }));
  iam.destroy();
  sqs.destroy();
  // Signed once with the user's key and replayed: the signature stays valid (same bytes, within 15 minutes).
  const signer = new SignatureV4({
    service: 'sqs',
    region: 'us-east-1',
    credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey },
    sha256: Sha256,
  });
  const body = JSON.stringify({ QueueUrl, MessageBody: MESSAGE_BODY });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: HOST,
    port,
    path: '/',
    query: {},
    headers: {
      host: `${HOST}:${port}`,
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'AmazonSQS.SendMessage',
    },
    body,
  });
  let head = 'POST / HTTP/1.1\r\n';
  for (const [name, value] of Object.entries(signed.headers)) head += `${name}: ${value}\r\n`;
  return withBody(head, body);
}

/** Closed loop: CLIENTS connections each sending back to back for `seconds`. */
async function sendPhase(port, bytes, seconds) {
  const conns = Array.from({ length: CLIENTS }, () => new Connection(HOST, port));
  let ops = 0;
  let errors = 0;
  let firstError;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    conns.map(async (c) => {
      while (performance.now() < until) {
        const res = await c.request(bytes);
        if (res.status === 200) ops++;
        else {
          errors++;
          firstError ??= `${res.status} ${res.body.toString().slice(0, 200)}`;
        }
      }
    }),
  );
  for (const c of conns) c.close?.();
  if (firstError) log(`first error: ${firstError}`);
  return { opsPerSec: ops / seconds, errors };
}

async function simulatePhase(port, seconds) {
  const iam = new IAMClient(clientConfig(port, { accessKeyId: 'test', secretAccessKey: 'test' }));
  const actions = ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:PurgeQueue'];
  const resources = [`arn:aws:sqs:us-east-1:${ACCOUNT}:bench-iam`, `arn:aws:sqs:us-east-1:${ACCOUNT}:other`];
  const input = {
    PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/bench-sender`,
    ActionNames: actions,
    ResourceArns: resources,
  };
  const until = performance.now() + seconds * 1000;
  let calls = 0;
  while (performance.now() < until) {
    await iam.send(new SimulatePrincipalPolicyCommand(input));
    calls++;
  }
  iam.destroy();
  return { callsPerSec: calls / seconds, evaluationsPerSec: (calls * actions.length * resources.length) / seconds };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

export async function runIamBench({ seconds = 5, rounds = 5 } = {}) {
  const servers = {};
  const dirs = [];
  const saved = process.env.ATOLL_IAM;
  try {
    for (const mode of ['off', 'enforce']) {
      const stateDir = tmpStateDir();
      dirs.push(stateDir);
      process.env.ATOLL_IAM = mode; // the spawned atoll inherits the environment
      const server = await startServer('atoll', { port: await freePort(), stateDir });
      servers[mode] = { server, bytes: await prepare(server.port), rates: [] };
    }
  } finally {
    if (saved === undefined) delete process.env.ATOLL_IAM;
    else process.env.ATOLL_IAM = saved;
  }
  try {
    for (const s of Object.values(servers)) await sendPhase(s.server.port, s.bytes, Math.min(1, seconds)); // warm-up
    for (let r = 0; r < rounds; r++) {
      for (const [mode, s] of Object.entries(servers)) {
        const res = await sendPhase(s.server.port, s.bytes, seconds);
        if (res.errors) throw new Error(`ATOLL_IAM=${mode}: ${res.errors} failed SendMessage requests`);
        s.rates.push(res.opsPerSec);
        log(`SendMessage x${CLIENTS} ATOLL_IAM=${mode}: ${res.opsPerSec.toFixed(0)} ops/s`);
      }
    }
    const simulate = await simulatePhase(servers.enforce.server.port, seconds);
    const off = median(servers.off.rates);
    const enforce = median(servers.enforce.rates);
    const result = {
      sendMessage16: { offOpsPerSec: off, enforceOpsPerSec: enforce, costPct: ((off - enforce) / off) * 100 },
      simulatePrincipalPolicy: simulate,
    };
    console.log('\nIAM enforcement cost (SQS SendMessage, 16 clients, IAM user key, strict SigV4)');
    console.log(`  ATOLL_IAM=off      ${off.toFixed(0).padStart(7)} ops/s`);
    console.log(
      `  ATOLL_IAM=enforce  ${enforce.toFixed(0).padStart(7)} ops/s   cost ${result.sendMessage16.costPct.toFixed(1)}% (target <= 15%)`,
    );
    console.log(
      `  SimulatePrincipalPolicy: ${simulate.evaluationsPerSec.toFixed(0)} evaluations/s (${simulate.callsPerSec.toFixed(0)} calls/s x 10)`,
    );
    return result;
  } finally {
    for (const s of Object.values(servers)) await s.server.stop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.env.BENCH_QUICK === '1';
  await runIamBench({ seconds: Number(process.env.BENCH_SECONDS || (quick ? 1 : 5)) });
}
