// Lambda suite (issue 3): warm Invoke (RequestResponse) of a trivial Node.js handler, and cold starts: the first
// invoke after CreateFunction and after UpdateFunctionConfiguration (a new configuration needs a new worker).
import { strToU8, zipSync } from 'fflate';
import { Client, lambdaRequest, ok } from './aws.mjs';
import { closedLoop, fmt, goal, median, now, pad, rowTable, sleep } from './common.mjs';

export const name = 'lambda';
export const title = 'Lambda (issue 3): warm invoke and cold start of a trivial Node.js handler';
export const peers = []; // moto runs Lambda functions in Docker containers: not comparable, not measured

const CODE = 'exports.handler = async (event) => ({ ok: true, n: event.n });\n';
const ZIP = Buffer.from(zipSync({ 'index.js': strToU8(CODE) })).toString('base64');
const fnPath = (fn) => `/2015-03-31/functions/${fn}`;

async function waitReady(c, fn) {
  for (let i = 0; i < 1000; i++) {
    const conf = await c.lambda('GET', `${fnPath(fn)}/configuration`);
    if (conf.State === 'Active' && conf.LastUpdateStatus !== 'InProgress') return;
    await sleep(5);
  }
  throw new Error(`${fn} never became Active`);
}

async function create(c, fn) {
  await c.lambda('POST', '/2015-03-31/functions', {
    ...{ FunctionName: fn, Runtime: 'nodejs20.x', Handler: 'index.handler' },
    ...{ Role: 'arn:aws:iam::000000000000:role/bench-lambda', Code: { ZipFile: ZIP } },
  });
  await waitReady(c, fn);
}

const checkResult = (text) => {
  if (!text.startsWith('{"ok":true')) throw new Error(`Invoke: function error ${text.slice(0, 200)}`);
};

/** Times one invoke on the client's connection. */
async function invokeOnce(c, fn) {
  const req = await lambdaRequest(c.host, c.port, 'POST', `${fnPath(fn)}/invocations`, { n: 1 });
  const start = now();
  const text = ok(await c.conn.request(req), 'Invoke');
  const ms = now() - start;
  checkResult(text);
  return ms;
}

// --- load generator side ---
async function setup({ host, port }) {
  const c = new Client(host, port);
  try {
    await create(c, 'bench-warm');
    return {};
  } finally {
    c.close();
  }
}

async function phase({ host, port, concurrency, seconds, warmup }) {
  const req = await lambdaRequest(host, port, 'POST', `${fnPath('bench-warm')}/invocations`, { n: 1 });
  return closedLoop({
    ...{ host, port, concurrency, seconds, warmup },
    op: async (conn) => checkResult(ok(await conn.request(req), 'Invoke')),
  });
}

/** First invoke after CreateFunction of a new function, and after UpdateFunctionConfiguration of it. */
async function cold({ host, port, i }) {
  const c = new Client(host, port);
  try {
    const fn = `bench-cold-${i}`;
    await create(c, fn);
    const afterCreate = await invokeOnce(c, fn);
    await c.lambda('PUT', `${fnPath(fn)}/configuration`, { Environment: { Variables: { BENCH_I: String(i) } } });
    await waitReady(c, fn);
    const afterUpdate = await invokeOnce(c, fn);
    const warm = await invokeOnce(c, fn);
    return { afterCreate, afterUpdate, warm };
  } finally {
    c.close();
  }
}

export const handlers = { setup, phase, cold };

// --- orchestrator side ---
export async function run(ctx) {
  const { config } = ctx;
  const port = ctx.targets.atoll.port;
  await ctx.call('setup', { host: '127.0.0.1', port });
  const rows = [];
  for (const concurrency of [1, 4]) {
    const args = { concurrency, seconds: config.seconds, warmup: Math.max(config.warmup, 0.5) };
    const r = { label: 'Invoke (warm)', ...(await ctx.row('atoll', 'phase', args)) };
    ctx.log(`warm invoke x${concurrency}: ${r.opsPerSec.toFixed(0)} ops/s, p99 ${fmt(r.p99, 2)} ms`);
    rows.push(r);
  }
  const colds = [];
  for (let i = 0; i < 5; i++) colds.push(await ctx.call('cold', { host: '127.0.0.1', port, i }));
  const m = (k) => median(colds.map((x) => x[k]));
  const w = [42, 8, 30];
  const lines = [
    `Warm: ${config.seconds} s per row after a warm-up that starts the workers (one worker per concurrent invoke)`,
    ...rowTable(rows),
    '',
    'Cold start (5 new functions; ms for the first RequestResponse invoke, measured by the client)',
    pad(['', 'median', 'all'], w),
    pad(
      [
        '  first invoke after CreateFunction',
        fmt(m('afterCreate'), 1),
        colds.map((x) => fmt(x.afterCreate, 0)).join(' '),
      ],
      w,
    ),
    pad(
      [
        '  first invoke after UpdateFunctionConfig',
        fmt(m('afterUpdate'), 1),
        colds.map((x) => fmt(x.afterUpdate, 0)).join(' '),
      ],
      w,
    ),
    pad(['  next invoke (warm, for reference)', fmt(m('warm'), 1), colds.map((x) => fmt(x.warm, 1)).join(' ')], w),
    'moto: not measured (moto runs Lambda functions in Docker containers)',
  ];
  const goals = [
    goal(
      'warm invoke p99 <= 10 ms (1 and 4 clients)',
      rows.map((r) => r.p99),
      (v) => v <= 10,
      (v) => v.map((x, i) => `${fmt(x, 2)} ms x${rows[i].concurrency}`).join(', '),
    ),
    goal(
      'cold start after CreateFunction <= 150 ms (median of 5)',
      [m('afterCreate')],
      (v) => v <= 150,
      (v) => `${fmt(v[0])} ms`,
    ),
    goal(
      'cold start after UpdateFunctionConfiguration <= 150 ms (median of 5)',
      [m('afterUpdate')],
      (v) => v <= 150,
      (v) => `${fmt(v[0])} ms`,
    ),
  ];
  return { ok: rows.every((r) => r.errors === 0 && r.ops > 0), rows, cold: colds, lines, goals };
}
