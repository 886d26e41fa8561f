// SNS suite (issue 3): Publish latency on a topic with 20 filtered SQS subscriptions vs a topic with none. Every
// publish carries a message attribute matched by exactly one subscription's filter policy (round-robin), so each
// publish evaluates 20 filter policies and fans out to one queue; the 20 queues are counted afterwards.
import { Client, snsRequest, ok, xmlValue } from './aws.mjs';
import { closedLoop, fmt, goal, info, rowTable, sleep } from './common.mjs';

export const name = 'sns';
export const title = 'SNS (issue 3): Publish latency, 20 filtered SQS subscriptions vs none';
export const peers = [];

const SUBSCRIPTIONS = 20;
const MESSAGE = 'atoll-bench ' + 'x'.repeat(88);

// --- load generator side ---
let published = 0; // successful publishes to the fan-out topic (any time, warm-ups included)

async function setup({ host, port }) {
  const c = new Client(host, port);
  try {
    const topic = async (Name) => xmlValue(await c.sns({ Action: 'CreateTopic', Name }), 'TopicArn');
    const empty = await topic('bench-empty');
    const fanout = await topic('bench-fanout');
    const queues = [];
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      const { QueueUrl } = await c.json('sqs', 'CreateQueue', { QueueName: `bench-sns-${i}` });
      const attrs = await c.json('sqs', 'GetQueueAttributes', { QueueUrl, AttributeNames: ['QueueArn'] });
      const arn = attrs.Attributes.QueueArn;
      const Policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'sns.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: arn,
            Condition: { ArnEquals: { 'aws:SourceArn': fanout } },
          },
        ],
      });
      await c.json('sqs', 'SetQueueAttributes', { QueueUrl, Attributes: { Policy } });
      await c.sns({
        ...{ Action: 'Subscribe', TopicArn: fanout, Protocol: 'sqs', Endpoint: arn },
        'Attributes.entry.1.key': 'FilterPolicy',
        'Attributes.entry.1.value': JSON.stringify({ kind: [`k${i}`] }),
      });
      queues.push(QueueUrl);
    }
    // Untimed warm-up publishes: the first ones load code paths and create delivery state, which a short row's
    // warm-up (BENCH_QUICK=1) would otherwise not cover.
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      for (const TopicArn of [empty, fanout]) {
        await c.sns({
          ...{ Action: 'Publish', TopicArn, Message: MESSAGE },
          'MessageAttributes.entry.1.Name': 'kind',
          'MessageAttributes.entry.1.Value.DataType': 'String',
          'MessageAttributes.entry.1.Value.StringValue': `k${i}`,
        });
      }
    }
    published += SUBSCRIPTIONS;
    return { empty, fanout, queues };
  } finally {
    c.close();
  }
}

async function phase({ host, port, topicArn, concurrency, seconds, warmup, fanout }) {
  const reqs = [];
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    reqs.push(
      await snsRequest(host, port, {
        ...{ Action: 'Publish', TopicArn: topicArn, Message: MESSAGE },
        'MessageAttributes.entry.1.Name': 'kind',
        'MessageAttributes.entry.1.Value.DataType': 'String',
        'MessageAttributes.entry.1.Value.StringValue': `k${i}`,
      }),
    );
  }
  return closedLoop({
    ...{ host, port, concurrency, seconds, warmup },
    op: async (conn, i) => {
      ok(await conn.request(reqs[i % reqs.length]), 'Publish');
      if (fanout) published++;
    },
  });
}

/** Waits (up to timeoutMs) until the 20 queues hold every publish to the fan-out topic; returns the count. */
async function delivered({ host, port, queues, timeoutMs }) {
  const c = new Client(host, port);
  const end = Date.now() + timeoutMs;
  try {
    for (;;) {
      let total = 0;
      for (const QueueUrl of queues) {
        const names = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'];
        const { Attributes } = await c.json('sqs', 'GetQueueAttributes', { QueueUrl, AttributeNames: names });
        total +=
          Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
      }
      if (total >= published || Date.now() > end) return { delivered: total, published };
      await sleep(100);
    }
  } finally {
    c.close();
  }
}

export const handlers = { setup, phase, delivered };

// --- orchestrator side ---
export async function run(ctx) {
  const { config } = ctx;
  const port = ctx.targets.atoll.port;
  ctx.log(`atoll: 2 topics, ${SUBSCRIPTIONS} queues with filtered subscriptions`);
  const { empty, fanout, queues } = await ctx.call('setup', { host: '127.0.0.1', port });
  const rows = [];
  for (const concurrency of [1, 16]) {
    for (const [label, topicArn] of [
      ['Publish, no subscriptions', empty],
      [`Publish, ${SUBSCRIPTIONS} filtered subs`, fanout],
    ]) {
      const args = {
        topicArn,
        concurrency,
        seconds: config.seconds,
        warmup: config.warmup,
        fanout: topicArn === fanout,
      };
      const r = { label, subs: topicArn === fanout ? SUBSCRIPTIONS : 0, ...(await ctx.row('atoll', 'phase', args)) };
      ctx.log(
        `${label} x${concurrency}: ${r.opsPerSec.toFixed(0)} ops/s, p50 ${fmt(r.p50, 2)} p99 ${fmt(r.p99, 2)} ms`,
      );
      rows.push(r);
    }
  }
  const d = await ctx.call('delivered', { host: '127.0.0.1', port, queues, timeoutMs: 5000 });
  const pair = (c) => [0, SUBSCRIPTIONS].map((s) => rows.find((r) => r.concurrency === c && r.subs === s));
  const [none1, subs1] = pair(1);
  const [none16, subs16] = pair(16);
  const q = (a, b, k) => (a?.[k] && b?.[k] ? b[k] / a[k] : null);
  const lines = [
    `${config.seconds} s per row after ${config.warmup} s warm-up (atoll only; Query protocol, raw signed requests)`,
    ...rowTable(rows),
    `  (each publish matches the filter policy of exactly 1 of the ${SUBSCRIPTIONS} subscriptions; the queues then held`,
    `   ${d.delivered} of the ${d.published} messages published to the fan-out topic)`,
  ];
  const goals = [
    goal(
      'Publish p50 with 20 filtered subs <= 1.5x no subs (1 client)',
      [q(none1, subs1, 'p50')],
      (v) => v <= 1.5,
      (v) => `${fmt(v[0], 2)}x (${fmt(subs1.p50, 2)} vs ${fmt(none1.p50, 2)} ms)`,
    ),
    goal(
      'Publish p99 with 20 filtered subs <= 1.5x no subs (1 client)',
      [q(none1, subs1, 'p99')],
      (v) => v <= 1.5,
      (v) => `${fmt(v[0], 2)}x (${fmt(subs1.p99, 2)} vs ${fmt(none1.p99, 2)} ms)`,
    ),
    info(
      'at 16 clients, 20 subs vs none',
      `p50 ${fmt(q(none16, subs16, 'p50'), 2)}x, p99 ${fmt(q(none16, subs16, 'p99'), 2)}x, ops/s ${fmt(q(none16, subs16, 'opsPerSec'), 2)}x`,
    ),
    goal(
      'every publish delivered to its queue',
      [d.published - d.delivered],
      (v) => v === 0,
      () => `${d.delivered} of ${d.published}`,
    ),
  ];
  const ok = rows.every((r) => r.errors === 0 && r.ops > 0) && d.delivered >= d.published;
  return { ok, rows, delivery: d, lines, goals };
}
