// DynamoDB suite (issue 4): GetItem, PutItem and Query (10 items per partition, Limit 10) at 1 and 16 clients on
// atoll, dynalite and moto, plus TransactWriteItems of 100 items (latency per call).
import { Client, jsonRequest, ok } from './aws.mjs';
import { closedLoop, fmt, goal, info, latencyStats, now, pad, rowTable } from './common.mjs';

export const name = 'dynamodb';
export const title = 'DynamoDB (issue 4): GetItem / PutItem / Query(Limit 10), TransactWriteItems(100)';
export const peers = ['dynalite', 'moto'];

const TABLE = 'bench';
const PARTITIONS = 100;
const PER_PARTITION = 10;
const DATA = 'x'.repeat(80); // ~100-byte items
const OPS = [
  { key: 'get', label: 'GetItem' },
  { key: 'put', label: 'PutItem' },
  { key: 'query', label: 'Query(10 items)' },
];
const item = (pk, sk) => ({ pk: { S: pk }, sk: { S: sk }, data: { S: DATA }, n: { N: sk.slice(1) } });

// --- load generator side ---
async function setup({ host, port }) {
  const c = new Client(host, port);
  try {
    await c.json('dynamodb', 'CreateTable', {
      TableName: TABLE,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
    for (let i = 0; ; i++) {
      const { Table } = await c.json('dynamodb', 'DescribeTable', { TableName: TABLE });
      if (Table.TableStatus === 'ACTIVE') break;
      if (i > 500) throw new Error(`table still ${Table.TableStatus}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    let puts = [];
    for (let p = 0; p < PARTITIONS; p++) {
      for (let s = 0; s < PER_PARTITION; s++) puts.push({ PutRequest: { Item: item(`p${p}`, `s${s}`) } });
    }
    while (puts.length) {
      const batch = puts.splice(0, 25);
      const res = await c.json('dynamodb', 'BatchWriteItem', { RequestItems: { [TABLE]: batch } });
      puts = puts.concat(res.UnprocessedItems?.[TABLE] ?? []);
    }
    return { items: PARTITIONS * PER_PARTITION };
  } finally {
    c.close();
  }
}

async function buildRequests(host, port, op) {
  const reqs = [];
  if (op === 'get') {
    for (let i = 0; i < 200; i++) {
      const key = { pk: { S: `p${(i * 37) % PARTITIONS}` }, sk: { S: `s${i % PER_PARTITION}` } };
      reqs.push(await jsonRequest(host, port, 'dynamodb', 'GetItem', { TableName: TABLE, Key: key }));
    }
  } else if (op === 'put') {
    // Own partitions ("w..."), so the Query rows keep exactly 10 items per partition.
    for (let i = 0; i < 500; i++) {
      reqs.push(await jsonRequest(host, port, 'dynamodb', 'PutItem', { TableName: TABLE, Item: item(`w${i}`, 's0') }));
    }
  } else {
    for (let p = 0; p < PARTITIONS; p++) {
      const q = {
        TableName: TABLE,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: `p${p}` } },
        Limit: 10,
      };
      reqs.push(await jsonRequest(host, port, 'dynamodb', 'Query', q));
    }
  }
  return reqs;
}

// Cheap correctness checks on the raw body, so a server answering 200 with nothing is never counted as work.
const EXPECT = { get: '"Item"', put: null, query: '"Count":10' };

async function phase({ host, port, op, concurrency, seconds, warmup }) {
  const reqs = await buildRequests(host, port, op);
  const expect = EXPECT[op];
  const r = await closedLoop({
    ...{ host, port, concurrency, seconds, warmup },
    op: async (conn, i) => {
      const text = ok(await conn.request(reqs[i % reqs.length]), op);
      if (expect && !text.replace(/\s/g, '').includes(expect))
        throw new Error(`${op}: unexpected ${text.slice(0, 200)}`);
    },
  });
  return { ...r, op };
}

/**
 * Sequential TransactWriteItems calls of `items` Puts each; latency per call. The first call is a warm-up unless it
 * took over 1 s; calls stop after `budgetMs` (moto needs ~10+ s per 100-item transaction).
 */
async function transact({ host, port, calls, items, budgetMs }) {
  const c = new Client(host, port);
  const latencies = [];
  const t0 = now();
  try {
    for (let call = 0; latencies.length < calls && (call === 0 || now() - t0 < budgetMs); call++) {
      const TransactItems = [];
      for (let j = 0; j < items; j++)
        TransactItems.push({ Put: { TableName: TABLE, Item: item(`t${call}`, `s${j}`) } });
      const req = await jsonRequest(host, port, 'dynamodb', 'TransactWriteItems', { TransactItems });
      const start = now();
      const res = await c.conn.request(req);
      if (res.status !== 200) return { error: res.body.toString('utf8', 0, 200) };
      const ms = now() - start;
      if (call > 0 || ms > 1000) latencies.push(ms);
    }
  } finally {
    c.close();
  }
  return latencyStats(latencies);
}

export const handlers = { setup, phase, transact };

// --- orchestrator side ---
export async function run(ctx, unavailable) {
  const { config } = ctx;
  const names = Object.keys(ctx.targets);
  for (const t of names) {
    ctx.log(`${t}: creating table, ${PARTITIONS * PER_PARTITION} items`);
    await ctx.call('setup', { host: '127.0.0.1', port: ctx.targets[t].port });
  }
  const rows = [];
  for (const { key, label } of OPS) {
    for (const concurrency of [1, 16]) {
      for (const t of names) {
        const args = { op: key, concurrency, seconds: config.seconds, warmup: config.warmup };
        const r = { label, ...(await ctx.row(t, 'phase', args)) };
        ctx.log(`${t} ${label} x${concurrency}: ${r.opsPerSec.toFixed(0)} ops/s, p99 ${fmt(r.p99, 2)} ms`);
        rows.push(r);
      }
    }
  }
  const calls = config.quick ? 5 : 20;
  const tx = {};
  for (const t of names) {
    if (t === 'moto' && config.quick) {
      tx[t] = { skipped: 'skipped with BENCH_QUICK=1 (one 100-item call takes moto over 10 s)' };
      continue;
    }
    ctx.log(`${t}: ${calls} x TransactWriteItems(100)`);
    const budgetMs = config.quick ? 1000 : 10_000;
    tx[t] = await ctx.call('transact', { host: '127.0.0.1', port: ctx.targets[t].port, calls, items: 100, budgetMs });
  }

  const find = (t, op, c) => rows.find((r) => r.target === t && r.op === op && r.concurrency === c);
  const ratio = (a, b) => (a?.opsPerSec && b?.opsPerSec ? a.opsPerSec / b.opsPerSec : null);
  const ratios = [];
  for (const { key, label } of OPS) {
    for (const c of [1, 16]) {
      const atoll = find('atoll', key, c);
      ratios.push({
        label,
        c,
        vsDynalite: ratio(atoll, find('dynalite', key, c)),
        vsMoto: ratio(atoll, find('moto', key, c)),
      });
    }
  }
  const lines = [`Throughput (${config.seconds} s per row after ${config.warmup} s warm-up; one op = one request)`];
  lines.push(...rowTable(rows));
  const rw = [24, 7, 14, 10];
  lines.push('', 'Ratios (ops/s)', pad(['scenario', 'clients', 'atoll/dynalite', 'atoll/moto'], rw));
  for (const r of ratios) lines.push(pad([r.label, r.c, fmt(r.vsDynalite, 1) + 'x', fmt(r.vsMoto, 0) + 'x'], rw));
  lines.push('', `TransactWriteItems of 100 Puts (sequential, up to ${calls} calls after a warm-up call; ms per call)`);
  const tw = [9, 6, 9, 9, 9];
  lines.push(pad(['target', 'calls', 'p50 ms', 'p99 ms', 'max ms'], tw));
  for (const t of ['atoll', 'dynalite', 'moto']) {
    if (tx[t]?.skipped) lines.push(pad([t, tx[t].skipped], tw));
    else if (tx[t]?.error) lines.push(pad([t, `not supported: ${tx[t].error}`], tw));
    else if (tx[t]) lines.push(pad([t, tx[t].n, fmt(tx[t].p50, 2), fmt(tx[t].p99, 2), fmt(tx[t].max, 2)], tw));
    else if (unavailable[t]) lines.push(pad([t, 'unavailable'], tw));
  }
  if (tx.dynalite?.error || unavailable.dynalite) lines.push('  (dynalite does not implement DynamoDB transactions)');

  const atollRows = rows.filter((r) => r.target === 'atoll');
  const goals = [
    goal(
      'atoll >= 3x dynalite ops/s (every row)',
      ratios.map((r) => r.vsDynalite),
      (v) => v >= 3,
      (v) => `worst ${fmt(Math.min(...v))}x, best ${fmt(Math.max(...v))}x`,
    ),
    ...[1, 16].map((c) =>
      goal(
        `atoll p99 <= 2 ms at ${c} client${c > 1 ? 's' : ''} (Get/Put/Query)`,
        atollRows.filter((r) => r.concurrency === c).map((r) => r.p99),
        (v) => v <= 2,
        (v) => `worst ${fmt(Math.max(...v), 2)} ms`,
      ),
    ),
    info(
      'atoll/moto ops/s',
      ratios.some((r) => r.vsMoto) ? `worst ${fmt(Math.min(...ratios.map((r) => r.vsMoto || Infinity)), 0)}x` : '-',
    ),
    info(
      'TransactWriteItems(100) p50 atoll vs moto',
      `${fmt(tx.atoll?.p50, 2)} ms vs ${tx.moto?.skipped ? 'skipped' : tx.moto?.error ? 'unsupported' : fmt(tx.moto?.p50, 2) + ' ms'}` +
        (tx.atoll?.p50 && tx.moto?.p50 ? ` (${fmt(tx.moto.p50 / tx.atoll.p50, 0)}x faster)` : ''),
    ),
  ];
  const okRows = atollRows.every((r) => r.errors === 0 && r.ops > 0) && !tx.atoll?.error;
  return { ok: okRows, rows, ratios, transact: tx, lines, goals };
}
