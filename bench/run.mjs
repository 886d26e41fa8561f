// atoll benchmark orchestrator: `npm run bench` (builds first) or `node bench/run.mjs`.
// Env: BENCH_SECONDS (default 5), BENCH_QUICK=1 (1 s rows, 3 starts), BENCH_TARGETS=atoll,bare,moto.
// Layout: this process only starts/stops servers and prints; load comes from a forked loadgen.mjs process, and each
// server runs in its own child process, so nothing under measurement shares an event loop. See bench/README.md.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { SCENARIOS, computeRatios, printReport } from './report.mjs';
import { atollCli, cpuSeconds, freePort, hostBusySeconds, rssMb, startServer, tmpStateDir } from './targets.mjs';
import { runSuites, selectedSuites } from './suites/index.mjs'; // BENCH_SUITES: service suites (issues 3 and 4)

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = process.env.BENCH_QUICK === '1';
const config = {
  seconds: Number(process.env.BENCH_SECONDS || (quick ? 1 : 5)),
  warmup: quick ? 0.2 : 0.5,
  starts: quick ? 3 : 5,
  concurrencies: [1, 16],
  targets: (process.env.BENCH_TARGETS || 'atoll,bare,moto').split(',').map((t) => t.trim()),
  suites: selectedSuites(), // BENCH_SUITES=sqs,dynamodb,sfn,events,sns,lambda (default: all)
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs) => {
  const s = xs.filter((x) => x !== null).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
};
const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);

// --- load generator process (request/response over IPC) ---
const loadgen = fork(path.join(here, 'loadgen.mjs'), { stdio: 'inherit' });
const waiting = new Map();
let nextId = 0;
loadgen.on('message', ({ id, result, error }) => {
  const w = waiting.get(id);
  waiting.delete(id);
  if (error) w.reject(new Error(error));
  else w.resolve(result);
});
const call = (type, args) =>
  new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    loadgen.send({ id, type, args });
  });

/** Median start-to-healthy time and idle RSS over several fresh starts (fresh state dir each time). */
async function measureStartup(kind, inMemory = false) {
  const runs = [];
  for (let i = 0; i < config.starts; i++) {
    const stateDir = tmpStateDir();
    let server = null;
    try {
      server = await startServer(kind, { port: await freePort(), stateDir, inMemory });
      await sleep(1000); // idle: let startup garbage be collected / lazy init settle, as a user would see it
      runs.push({ readyMs: server.readyMs, lineMs: server.lineMs, healthMs: server.healthMs, rss: rssMb(server.pid) });
    } finally {
      if (server) await server.stop();
      fs.rmSync(stateDir, { recursive: true, force: true });
    }
  }
  return {
    readyMs: median(runs.map((r) => r.readyMs)),
    lineMs: median(runs.map((r) => r.lineMs)),
    healthMs: median(runs.map((r) => r.healthMs)),
    idleRssMb: median(runs.map((r) => r.rss)),
    runs,
  };
}

// CPU accounting per row (100 = one full core): shows whether the server or the load generator was saturated, and
// how much CPU other processes on the machine took meanwhile (a busy machine makes a row unreliable).
const cpuSnapshot = (pid) => ({
  t: performance.now(),
  server: cpuSeconds(pid),
  loadgen: cpuSeconds(loadgen.pid),
  host: hostBusySeconds(),
});
function cpuPercentages(a, b) {
  const secs = (b.t - a.t) / 1000;
  const pct = (key) => (a[key] === null || b[key] === null ? null : ((b[key] - a[key]) / secs) * 100);
  const [serverCpuPct, loadgenCpuPct, hostCpuPct] = [pct('server'), pct('loadgen'), pct('host')];
  const otherCpuPct = hostCpuPct === null ? null : Math.max(0, hostCpuPct - serverCpuPct - loadgenCpuPct);
  return { serverCpuPct, loadgenCpuPct, otherCpuPct };
}

function markUnavailable(target, err) {
  target.result.ok = false;
  target.result.reason = err.message.split('\n')[0].slice(0, 300);
  log(`${target.name}: unavailable (${target.result.reason})`);
}

/** Starts one target server (measuring atoll's startup first). On failure the target is marked unavailable. */
async function startTarget(name) {
  const target = { name, result: { ok: false }, server: null, stateDir: null, sendRate: {} };
  try {
    if (name === 'atoll') {
      if (!fs.existsSync(atollCli))
        throw new Error(`${path.relative(process.cwd(), atollCli)} not found (build first)`);
      log('atoll: measuring startup (on-disk, in-memory, then the bare node:http baseline)');
      target.result.startup = {
        onDisk: await measureStartup('atoll'),
        inMemory: await measureStartup('atoll', true),
        nodeBaseline: await measureStartup('bare'),
      };
      target.stateDir = tmpStateDir(); // the default mode (durable on-disk state) is what gets the load
    }
    log(`${name}: starting`);
    target.server = await startServer(name, { port: await freePort(), stateDir: target.stateDir });
    await sleep(1000);
    Object.assign(target.result, { ok: true, idleRssMb: rssMb(target.server.pid), phases: [] });
  } catch (err) {
    markUnavailable(target, err);
  }
  return target;
}

/** One table row: a fresh queue (pre-filled for receive+delete), then a measured closed-loop phase. */
async function runRow(target, scenario, concurrency) {
  const { name, server, sendRate } = target;
  const host = '127.0.0.1';
  const { port, pid } = server;
  // Each row gets its own queue so earlier rows' leftovers never affect it.
  const { queueUrl } = await call('createQueue', { host, port, name: `bench-${scenario}-${concurrency}` });
  if (scenario === 'recvdel') {
    // Pre-fill generously: receive+delete is 2 requests per op, but a single send commits alone while receives and
    // deletes share commits, so size the fill from the faster of the send rows (batch rows send 10 per op).
    const rate = Math.max(sendRate[concurrency] || 1000, sendRate[`batch${concurrency}`] || 0);
    const messages = Math.min(500_000, Math.max(200, Math.ceil(rate * (config.seconds + config.warmup) * 1.2)));
    log(`${name}: pre-filling ${messages} messages for receive+delete x${concurrency}`);
    await call('fill', { host, port, queueUrl, messages });
  }
  const before = cpuSnapshot(pid);
  const phase = await call('phase', {
    ...{ host, port, scenario, queueUrl, concurrency },
    ...{ seconds: config.seconds, warmup: config.warmup },
  });
  Object.assign(phase, cpuPercentages(before, cpuSnapshot(pid)));
  if (scenario === 'send') sendRate[concurrency] = phase.opsPerSec;
  if (scenario === 'batch') sendRate[`batch${concurrency}`] = phase.opsPerSec * 10;
  const summary = `${phase.opsPerSec.toFixed(0)} ops/s, p99 ${phase.p99?.toFixed(2)} ms, errors ${phase.errors}`;
  log(`${name} ${scenario} x${concurrency}: ${summary}`);
  target.result.phases.push(phase);
}

const results = {
  date: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim(),
    node: process.version,
    platform: os.platform(),
  },
  config,
  targets: {},
};
for (const name of config.targets) {
  if (!['atoll', 'bare', 'moto', 'dynalite', 's3rver'].includes(name)) throw new Error(`unknown target ${name}`);
}
// All servers stay up for the whole run and rows are interleaved (same scenario on each target back to back), so
// background noise on a shared machine hits the compared numbers alike. Idle servers cost no CPU.
const targets = [];
const sqsTargets = config.suites.includes('sqs')
  ? config.targets.filter((t) => !['dynalite', 's3rver'].includes(t))
  : []; // BENCH_SUITES
for (const name of sqsTargets) targets.push(await startTarget(name));
try {
  for (const { key } of SCENARIOS) {
    for (const c of config.concurrencies) {
      for (const target of targets.filter((t) => t.result.ok)) {
        try {
          await runRow(target, key, c);
        } catch (err) {
          markUnavailable(target, err);
        }
      }
    }
  }
} finally {
  for (const target of targets) {
    if (target.server) {
      if (target.result.ok) target.result.loadedRssMb = rssMb(target.server.pid);
      await target.server.stop();
    }
    if (target.stateDir) fs.rmSync(target.stateDir, { recursive: true, force: true });
    results.targets[target.name] = target.result;
  }
}
loadgen.disconnect();

if (config.suites.includes('sqs')) {
  computeRatios(results, config.concurrencies);
  printReport(results);
}
// BENCH_SUITES: DynamoDB, Step Functions, EventBridge, SNS and Lambda suites (bench/suites/), printed as they finish.
const suites = await runSuites(config.suites);
results.suites = suites.suites;
// IAM enforcement cost (bench/iam.mjs): ATOLL_IAM=off vs enforce, SimulatePrincipalPolicy evaluations/s.
if (process.env.BENCH_IAM !== '0') results.iam = await (await import('./iam.mjs')).runIamBench(config);
const outDir = path.join(here, 'results');
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`\nJSON: ${path.relative(process.cwd(), path.join(outDir, 'latest.json'))}`);

// Success means atoll (if requested) ran every row without errors.
const atoll = results.targets.atoll;
const atollFailed = atoll && (!atoll.ok || atoll.phases.some((p) => p.errors > 0 || p.ops === 0));
process.exitCode = atollFailed || !suites.ok ? 1 : 0;
