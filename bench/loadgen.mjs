// Load generator, run as a forked child process so it never shares an event loop with the orchestrator (which polls
// and prints) or with the server under test. It receives commands over IPC and answers with results.
// Each client is a closed loop on its own keep-alive connection: send a request, await the response, repeat.
import { performance } from 'node:perf_hooks';
import { Connection } from './http-client.mjs';
import * as sqs from './sqs.mjs';

const now = () => performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function check(res, what) {
  if (res.status !== 200) {
    throw new Error(`${what}: HTTP ${res.status} ${res.body.toString('utf8', 0, 200)}`);
  }
  return res;
}

/** Returns an async function (conn) => 'ok' | 'empty' performing one "op" of the scenario; throws on failure. */
async function makeOp(scenario, host, port, queueUrl) {
  if (scenario === 'send') {
    const req = await sqs.buildRequest(host, port, 'SendMessage', sqs.sendPayload(queueUrl));
    return async (conn) => (check(await conn.request(req), 'SendMessage'), 'ok');
  }
  if (scenario === 'batch') {
    const req = await sqs.buildRequest(host, port, 'SendMessageBatch', sqs.batchPayload(queueUrl));
    return async (conn) => {
      const res = check(await conn.request(req), 'SendMessageBatch');
      // A 200 whose entries all failed is not throughput; reject it.
      const failed = JSON.parse(res.body).Failed;
      if (failed && failed.length) throw new Error(`SendMessageBatch: ${failed.length} entries failed`);
      return 'ok';
    };
  }
  if (scenario === 'recvdel') {
    const receive = await sqs.buildRequest(host, port, 'ReceiveMessage', sqs.receivePayload(queueUrl));
    const sample = JSON.stringify(sqs.deletePayload(queueUrl, 'sample-receipt-handle'));
    const deleteHead = await sqs.signedHead(host, port, 'DeleteMessage', sample);
    return async (conn) => {
      const res = check(await conn.request(receive), 'ReceiveMessage');
      const msg = JSON.parse(res.body).Messages?.[0];
      if (!msg) return 'empty'; // queue ran dry: reported, never counted as an op
      const body = JSON.stringify(sqs.deletePayload(queueUrl, msg.ReceiptHandle));
      check(await conn.request(sqs.withBody(deleteHead, body)), 'DeleteMessage');
      return 'ok';
    };
  }
  throw new Error(`unknown scenario ${scenario}`);
}

/** Nearest-rank percentile of a sorted array. */
function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

async function runPhase({ host, port, scenario, queueUrl, concurrency, seconds, warmup }) {
  const op = await makeOp(scenario, host, port, queueUrl);
  const measureStart = now() + warmup * 1000; // warm-up: connections, JIT, caches; not recorded
  const end = measureStart + seconds * 1000;
  const latencies = [];
  let errors = 0;
  let empty = 0;
  let firstError = null;
  let connects = 0;

  const client = async () => {
    const conn = new Connection(host, port);
    for (let start = now(); start < end; start = now()) {
      let outcome;
      try {
        outcome = await op(conn);
      } catch (err) {
        outcome = 'error';
        firstError ??= err.message;
      }
      // Count by completion time (like wrk): slow servers still get credit for requests started before the window.
      const done = now();
      const inWindow = done >= measureStart && done <= end;
      if (outcome === 'error') {
        if (inWindow) errors++;
        await sleep(1); // don't spin on a refused/broken server
      } else if (!inWindow) continue;
      else if (outcome === 'empty') empty++;
      else latencies.push(done - start);
    }
    connects += conn.connects;
    conn.close();
  };
  await Promise.all(Array.from({ length: concurrency }, client));

  const sorted = Float64Array.from(latencies).sort();
  const ops = sorted.length;
  return {
    scenario,
    concurrency,
    seconds,
    ops,
    opsPerSec: ops / seconds,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: ops ? sorted[ops - 1] : null,
    errors,
    empty,
    connects,
    firstError,
  };
}

/** Adds `messages` messages to a queue with 16 concurrent SendMessageBatch loops (used to pre-fill receive queues). */
async function fill({ host, port, queueUrl, messages }) {
  const op = await makeOp('batch', host, port, queueUrl);
  const batches = Math.ceil(messages / 10);
  let issued = 0;
  let sent = 0;
  const client = async () => {
    const conn = new Connection(host, port);
    while (issued < batches) {
      issued++;
      await op(conn); // failures abort the fill: the phase would be meaningless
      sent += 10;
    }
    conn.close();
  };
  await Promise.all(Array.from({ length: 16 }, client));
  return { sent };
}

async function createQueue({ host, port, name }) {
  const conn = new Connection(host, port);
  try {
    const req = await sqs.buildRequest(host, port, 'CreateQueue', { QueueName: name });
    const res = check(await conn.request(req), 'CreateQueue');
    // moto answers with its own host name in the URL; always use what the server returned.
    return { queueUrl: JSON.parse(res.body).QueueUrl };
  } finally {
    conn.close();
  }
}

const handlers = { phase: runPhase, fill, createQueue };

process.on('message', async ({ id, type, args }) => {
  try {
    process.send({ id, result: await handlers[type](args) });
  } catch (err) {
    process.send({ id, error: err.message });
  }
});
