// CPU cost per operation: server CPU time (/proc, all threads) divided by operations, for A/B comparisons of atoll
// builds on a busy machine, where throughput and latency mostly measure the neighbours. Each build is started
// fresh per round (rounds alternate builds). Not part of `npm run bench`.
//   node bench/cpu-cost.mjs /base/dist/src/cli.js dist/src/cli.js   (WHICH=events,sns,sqs N=300 ROUNDS=1)
// events: PutEvents(10) x N (8 clients) into a rule with an SQS target, until every event is in the queue.
// sns: Publish x N (1 client) to a topic without subscriptions, then to one with 20 filtered SQS subscriptions,
//   until every message is delivered (delivery CPU included, signing on the thread pool too).
// sqs: SendMessage x 10N (16 clients).
import { startServer, freePort, tmpStateDir, cpuSeconds } from './targets.mjs';
import { Client, jsonRequest, snsRequest, ok, xmlValue } from './suites/aws.mjs';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
const clis = process.argv.slice(2).map((a) => path.resolve(a));
const which = (process.env.WHICH || 'events,sns,sqs').split(',');
const N = Number(process.env.N || 300);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function count(c, QueueUrl) {
  const { Attributes } = await c.json('sqs', 'GetQueueAttributes', {
    QueueUrl,
    AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
  });
  return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
}
async function waitCount(c, urls, want) {
  const end = Date.now() + 120000;
  for (;;) {
    let t = 0;
    for (const u of urls) t += await count(c, u);
    if (t >= want || Date.now() > end) return t;
    await sleep(50);
  }
}
async function loop(port, n, conc, reqFn) {
  const { Connection } = await import('./http-client.mjs');
  const conns = Array.from({ length: conc }, () => new Connection('127.0.0.1', port));
  let i = 0;
  await Promise.all(
    conns.map(async (conn) => {
      for (;;) {
        const j = i++;
        if (j >= n) return;
        ok(await conn.request(await reqFn(j)), 'op');
      }
    }),
  );
  conns.forEach((c) => c.close());
}
async function run(cli) {
  const port = await freePort();
  const stateDir = tmpStateDir();
  const s = await startServer('atoll', { port, stateDir, cli });
  const out = {};
  const c = new Client('127.0.0.1', port);
  try {
    if (which.includes('events')) {
      const { QueueUrl } = await c.json('sqs', 'CreateQueue', { QueueName: 'ev' });
      const arn = (await c.json('sqs', 'GetQueueAttributes', { QueueUrl, AttributeNames: ['QueueArn'] })).Attributes
        .QueueArn;
      await c.json('sqs', 'SetQueueAttributes', {
        QueueUrl,
        Attributes: {
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'events.amazonaws.com' },
                Action: 'sqs:SendMessage',
                Resource: arn,
              },
            ],
          }),
        },
      });
      await c.json('events', 'PutRule', { Name: 'r', EventPattern: JSON.stringify({ source: ['bench'] }) });
      await c.json('events', 'PutTargets', { Rule: 'r', Targets: [{ Id: 'q', Arn: arn }] });
      const entries = Array.from({ length: 10 }, (_, i) => ({
        Source: 'bench',
        DetailType: 't',
        Detail: JSON.stringify({ i, pad: 'x'.repeat(80) }),
      }));
      const req = await jsonRequest('127.0.0.1', port, 'events', 'PutEvents', { Entries: entries });
      await loop(port, 20, 2, () => req);
      await waitCount(c, [QueueUrl], 200);
      const t0 = performance.now(),
        c0 = cpuSeconds(s.pid);
      await loop(port, N, 8, () => req);
      const putMs = performance.now() - t0;
      const got = await waitCount(c, [QueueUrl], 200 + N * 10);
      out.events = {
        cpuUsPerEvent: ((cpuSeconds(s.pid) - c0) * 1e6) / (N * 10),
        got: got - 200,
        putMs: putMs.toFixed(0),
        allMs: (performance.now() - t0).toFixed(0),
      };
    }
    if (which.includes('sqs')) {
      const { QueueUrl } = await c.json('sqs', 'CreateQueue', { QueueName: 'sq' });
      const req = await jsonRequest('127.0.0.1', port, 'sqs', 'SendMessage', {
        QueueUrl,
        MessageBody: 'x'.repeat(100),
      });
      await loop(port, 500, 16, () => req);
      const c0 = cpuSeconds(s.pid),
        t0 = performance.now();
      await loop(port, N * 10, 16, () => req);
      out.sqs = {
        cpuUsPerSend: ((cpuSeconds(s.pid) - c0) * 1e6) / (N * 10),
        opsPerSec: Math.round((N * 10) / ((performance.now() - t0) / 1000)),
      };
    }
    if (which.includes('sns')) {
      const topic = async (Name) => xmlValue(await c.sns({ Action: 'CreateTopic', Name }), 'TopicArn');
      const empty = await topic('e'),
        fan = await topic('f');
      const urls = [];
      for (let i = 0; i < 20; i++) {
        const { QueueUrl } = await c.json('sqs', 'CreateQueue', { QueueName: `s${i}` });
        urls.push(QueueUrl);
        const arn = (await c.json('sqs', 'GetQueueAttributes', { QueueUrl, AttributeNames: ['QueueArn'] })).Attributes
          .QueueArn;
        await c.json('sqs', 'SetQueueAttributes', {
          QueueUrl,
          Attributes: {
            Policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { Service: 'sns.amazonaws.com' },
                  Action: 'sqs:SendMessage',
                  Resource: arn,
                },
              ],
            }),
          },
        });
        await c.sns({
          Action: 'Subscribe',
          TopicArn: fan,
          Protocol: 'sqs',
          Endpoint: arn,
          'Attributes.entry.1.key': 'FilterPolicy',
          'Attributes.entry.1.value': JSON.stringify({ kind: [`k${i}`] }),
        });
      }
      const reqs = {};
      for (const [k, t] of [
        ['empty', empty],
        ['fan', fan],
      ]) {
        reqs[k] = [];
        for (let i = 0; i < 20; i++)
          reqs[k].push(
            await snsRequest('127.0.0.1', port, {
              Action: 'Publish',
              TopicArn: t,
              Message: 'm'.repeat(100),
              'MessageAttributes.entry.1.Name': 'kind',
              'MessageAttributes.entry.1.Value.DataType': 'String',
              'MessageAttributes.entry.1.Value.StringValue': `k${i}`,
            }),
          );
      }
      await loop(port, 40, 1, (j) => reqs.fan[j % 20]);
      await loop(port, 40, 1, (j) => reqs.empty[j % 20]);
      await waitCount(c, urls, 40);
      let c0 = cpuSeconds(s.pid);
      await loop(port, N, 1, (j) => reqs.empty[j % 20]);
      const emptyUs = ((cpuSeconds(s.pid) - c0) * 1e6) / N;
      c0 = cpuSeconds(s.pid);
      await loop(port, N, 1, (j) => reqs.fan[j % 20]);
      const got = await waitCount(c, urls, 40 + N);
      out.sns = {
        emptyCpuUsPerPublish: emptyUs,
        fanCpuUsPerPublishInclDelivery: ((cpuSeconds(s.pid) - c0) * 1e6) / N,
        got: got - 40,
      };
    }
  } finally {
    c.close();
    await s.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
  return out;
}
for (let r = 0; r < Number(process.env.ROUNDS || 1); r++)
  for (const cli of clis) console.log(cli, JSON.stringify(await run(cli)));
