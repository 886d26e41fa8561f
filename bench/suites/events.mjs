// EventBridge suite (issue 3): PutEvents (10 entries per call) into a rule whose target is an SQS queue. Producers
// are closed loops; consumers long-poll the queue and delete what they receive. Put-to-receive latency uses the
// put time carried in each event's detail (producers and consumers share this process's clock).
import { Client, jsonRequest, ok } from './aws.mjs';
import { closedLoop, fmt, goal, latencyStats, now, rowTable, sleep } from './common.mjs';
import { Connection } from '../http-client.mjs';

export const name = 'events';
export const title = 'EventBridge (issue 3): PutEvents(10) -> rule -> SQS target, put-to-receive latency';
export const peers = ['moto'];

const QUEUE = 'bench-events';
const CONSUMERS = 4;

// --- load generator side ---
async function setup({ host, port }) {
  const c = new Client(host, port);
  try {
    const { QueueUrl } = await c.json('sqs', 'CreateQueue', { QueueName: QUEUE });
    const attrs = await c.json('sqs', 'GetQueueAttributes', { QueueUrl, AttributeNames: ['QueueArn'] });
    const arn = attrs.Attributes.QueueArn;
    const Policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: arn },
      ],
    });
    await c.json('sqs', 'SetQueueAttributes', { QueueUrl, Attributes: { Policy } });
    await c.json('events', 'PutRule', { Name: 'bench-rule', EventPattern: JSON.stringify({ source: ['bench'] }) });
    await c.json('events', 'PutTargets', { Rule: 'bench-rule', Targets: [{ Id: 'q', Arn: arn }] });
    return { queueUrl: QueueUrl };
  } finally {
    c.close();
  }
}

const entries = (t) => {
  const Detail = JSON.stringify({ t });
  return Array.from({ length: 10 }, () => ({ Source: 'bench', DetailType: 'bench', Detail }));
};

/** Consumer loop: long-poll, record put-to-receive latency, delete. Stops when stop() says so. */
async function consume(host, port, queueUrl, waitSeconds, onEvent, stop) {
  const conn = new Connection(host, port);
  const receive = await jsonRequest(host, port, 'sqs', 'ReceiveMessage', {
    QueueUrl: queueUrl,
    MaxNumberOfMessages: 10,
    WaitTimeSeconds: waitSeconds,
  });
  try {
    while (!stop()) {
      const msgs = JSON.parse(ok(await conn.request(receive), 'ReceiveMessage') || '{}').Messages ?? [];
      if (!msgs.length) {
        if (!waitSeconds) await sleep(5);
        continue;
      }
      const at = now();
      for (const m of msgs) onEvent(JSON.parse(m.Body).detail.t, at);
      const Entries = msgs.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle }));
      const del = await jsonRequest(host, port, 'sqs', 'DeleteMessageBatch', { QueueUrl: queueUrl, Entries });
      ok(await conn.request(del), 'DeleteMessageBatch');
    }
  } finally {
    conn.close();
  }
}

async function phase({ host, port, queueUrl, producers, seconds, warmup, drainMs, waitSeconds }) {
  const measureStart = now() + warmup * 1000;
  const latencies = [];
  let received = 0;
  let producing = true;
  let drainUntil = Infinity;
  let accepted = 0;
  const onEvent = (t, at) => {
    received++;
    if (t >= measureStart) latencies.push(at - t);
  };
  const consumers = Array.from({ length: CONSUMERS }, () =>
    consume(
      host,
      port,
      queueUrl,
      waitSeconds,
      onEvent,
      () => !producing && (received >= accepted || now() > drainUntil),
    ),
  );
  const put = await closedLoop({
    ...{ host, port, concurrency: producers, seconds, warmup },
    op: async (conn) => {
      const req = await jsonRequest(host, port, 'events', 'PutEvents', { Entries: entries(now()) });
      const res = JSON.parse(ok(await conn.request(req), 'PutEvents'));
      if (res.FailedEntryCount) throw new Error(`PutEvents: ${res.FailedEntryCount} entries failed`);
      accepted += 10;
    },
  });
  const stoppedAt = now();
  producing = false;
  drainUntil = stoppedAt + drainMs;
  await Promise.all(consumers);
  const lat = latencyStats(latencies);
  return {
    ...{ concurrency: producers, errors: put.errors, firstError: put.firstError, ops: put.ops },
    opsPerSec: put.opsPerSec * 10, // events/s accepted in the window
    putP99: put.p99,
    accepted,
    received,
    lost: accepted - received,
    drainMs: received >= accepted ? now() - stoppedAt : null,
    ...lat,
  };
}

/** One PutEvents(10): how long does it take, and is it delivered within timeoutMs? (moto capability check) */
async function probe({ host, port, queueUrl, timeoutMs }) {
  const c = new Client(host, port);
  try {
    const t0 = now();
    await c.json('events', 'PutEvents', { Entries: entries(now()) });
    const putMs = now() - t0;
    const end = now() + timeoutMs;
    while (now() < end) {
      const res = await c.json('sqs', 'ReceiveMessage', {
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 1,
        WaitTimeSeconds: 1,
      });
      if (res.Messages?.length) {
        await c.json('sqs', 'PurgeQueue', { QueueUrl: queueUrl });
        return { delivered: true, putMs };
      }
      await sleep(10);
    }
    return { delivered: false, putMs };
  } finally {
    c.close();
  }
}

export const handlers = { setup, phase, probe };

// --- orchestrator side ---
export async function run(ctx) {
  const { config } = ctx;
  const names = Object.keys(ctx.targets);
  const queues = {};
  const notes = [];
  const slow = {};
  for (const t of names) {
    const { queueUrl } = await ctx.call('setup', { host: '127.0.0.1', port: ctx.targets[t].port });
    const probe = await ctx.call('probe', { host: '127.0.0.1', port: ctx.targets[t].port, queueUrl, timeoutMs: 3000 });
    const rate = 10_000 / probe.putMs;
    if (!probe.delivered)
      notes.push(`${t}: an event matching the rule never reached the SQS target within 3 s; not measured`);
    else if (probe.putMs > config.seconds * 500) {
      // Not one call would complete in a row's window: report the single call instead.
      notes.push(`${t}: one PutEvents(10) took ${fmt(probe.putMs, 0)} ms (= ${fmt(rate, 1)} events/s); rows skipped`);
      slow[t] = rate;
    } else queues[t] = queueUrl;
  }
  const rows = [];
  for (const producers of [1, 8]) {
    for (const t of Object.keys(queues)) {
      // moto serves no other request while a long poll waits, so its consumers short-poll instead.
      const waitSeconds = t === 'moto' ? 0 : 1;
      const args = {
        queueUrl: queues[t],
        producers,
        seconds: config.seconds,
        warmup: config.warmup,
        drainMs: 5000,
        waitSeconds,
      };
      const r = { label: 'PutEvents(10)', ...(await ctx.row(t, 'phase', args)) };
      ctx.log(
        `${t} x${producers}: ${r.opsPerSec.toFixed(0)} events/s, receive p99 ${fmt(r.p99, 1)} ms, lost ${r.lost}`,
      );
      rows.push(r);
    }
  }
  const cols = [
    ['scenario', 14, (r) => r.label],
    ['producers', 9, (r) => r.concurrency],
    ['target', 6, (r) => r.target],
    ['events/s', 8, (r) => fmt(r.opsPerSec, 0)],
    ['put p99', 7, (r) => fmt(r.putP99, 1)],
    ['recv p50', 8, (r) => fmt(r.p50, 1)],
    ['recv p99', 8, (r) => fmt(r.p99, 1)],
    ['recv max', 8, (r) => fmt(r.max, 0)],
    ['undelivered', 11, (r) => r.lost],
    ['drain ms', 8, (r) => fmt(r.drainMs, 0)],
    ['srv%', 4, (r) => fmt(r.serverCpuPct, 0)],
    ['gen%', 4, (r) => fmt(r.loadgenCpuPct, 0)],
    ['errors', 6, (r) => r.errors],
  ];
  const lines = [
    `${config.seconds} s per row after ${config.warmup} s warm-up; ${CONSUMERS} consumers long-poll (max 10, wait 1 s) and delete`,
    ...rowTable(rows, cols),
    '  (events/s = entries accepted by PutEvents per second; recv = put-to-receive latency in ms of events put in',
    '   the window; undelivered = accepted but not received 5 s after the producers stopped; drain ms = time',
    '   after the producers stopped until the consumers had everything)',
    '  (moto consumers short-poll (WaitTimeSeconds 0, 5 ms pause when empty): while a long poll waits, moto',
    '   answered no PutEvents at all)',
    ...notes,
  ];
  const atoll = rows.filter((r) => r.target === 'atoll');
  const best = atoll.reduce((a, r) => (r.opsPerSec > (a?.opsPerSec ?? -1) ? r : a), null);
  const moto = rows.find((r) => r.target === 'moto' && r.concurrency === 8);
  const goals = [
    goal(
      'atoll sustains >= 10,000 events/s',
      [best?.opsPerSec],
      (v) => v >= 10_000,
      (v) => `${fmt(v[0], 0)}/s`,
    ),
    goal(
      'atoll put-to-receive p99 <= 50 ms (every row)',
      atoll.map((r) => r.p99),
      (v) => v <= 50,
      (v) => `worst ${fmt(Math.max(...v), 1)} ms`,
    ),
    goal(
      'atoll delivers every accepted event',
      atoll.map((r) => r.lost),
      (v) => v === 0,
      (v) => `${Math.max(...v)} undelivered`,
    ),
    goal(
      'atoll/moto events/s (best atoll row vs moto 8 producers or its single call)',
      [best && (moto?.opsPerSec || slow.moto) ? best.opsPerSec / (moto?.opsPerSec || slow.moto) : null],
      () => true,
      (v) => `${fmt(v[0], 0)}x`,
    ),
  ];
  goals[3].pass = null;
  goals[3].info = true;
  return { ok: atoll.length > 0 && atoll.every((r) => r.errors === 0 && r.lost === 0), rows, lines, goals };
}
