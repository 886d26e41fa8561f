// Orchestrates the service suites (DynamoDB, Step Functions, EventBridge, SNS, Lambda, S3): starts fresh servers per
// suite, drives rows through a forked load generator (bench/suites/loadgen.mjs), prints each suite's section as
// soon as it finishes and returns the results for bench/results/latest.json. Called by bench/run.mjs.
import { execFile, fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { atollCli, cpuSeconds, freePort, rssMb, startServer, tmpStateDir } from '../targets.mjs';
import { goalLines, sleep } from './common.mjs';
import { SUITE_MODULES } from './list.mjs';
import { startS3rver } from './s3rver.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);
export const ALL_SUITES = ['sqs', ...SUITE_MODULES.map((m) => m.name)];

/** BENCH_SUITES (default: all), validated. */
export function selectedSuites(env = process.env) {
  const list = (env.BENCH_SUITES || ALL_SUITES.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of list) if (!ALL_SUITES.includes(s)) throw new Error(`unknown suite ${s} (known: ${ALL_SUITES})`);
  return list;
}

/**
 * Row length and peers for the service suites: 1.5 s rows (0.5 s with BENCH_QUICK=1) keep each suite near 60 s
 * (15 s); BENCH_SECONDS overrides. Peers: moto and dynalite unless BENCH_TARGETS lists the targets to use.
 */
export function suiteConfig(env = process.env) {
  const quick = env.BENCH_QUICK === '1';
  const targets = env.BENCH_TARGETS
    ? env.BENCH_TARGETS.split(',').map((t) => t.trim())
    : ['moto', 'dynalite', 's3rver'];
  return {
    seconds: Number(env.BENCH_SECONDS || (quick ? 0.5 : 1.5)),
    warmup: quick ? 0.2 : 0.5,
    quick,
    peers: targets.filter((t) => ['moto', 'dynalite', 's3rver'].includes(t)),
  };
}

// dynalite is not a dependency of atoll: it is installed on demand outside the repo (BENCH_PEERS_DIR).
const peersDir = process.env.BENCH_PEERS_DIR || '/tmp/bench-peers';
const dynaliteCli = path.join(peersDir, 'node_modules', 'dynalite', 'cli.js');
let dynaliteInstall = null;
function ensureDynalite() {
  dynaliteInstall ??= new Promise((resolve, reject) => {
    if (fs.existsSync(dynaliteCli)) return resolve();
    log(`dynalite: installing into ${peersDir} (npm install --no-save dynalite)`);
    fs.mkdirSync(peersDir, { recursive: true });
    execFile('npm', ['install', '--no-save', 'dynalite'], { cwd: peersDir, timeout: 180_000 }, (err, _out, stderr) => {
      if (!err && fs.existsSync(dynaliteCli)) return resolve();
      reject(new Error(`npm install dynalite failed: ${(stderr || err?.message || '').trim().split('\n').pop()}`));
    });
  });
  return dynaliteInstall;
}

/** Spawns dynalite (in-memory, tables ACTIVE at once) and waits until it answers HTTP. */
async function startDynalite(port) {
  await ensureDynalite();
  const t0 = performance.now();
  const args = [dynaliteCli, '--port', String(port), '--host', '127.0.0.1', '--createTableMs', '0'];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (c) => (output = (output + c).slice(-2000)));
  proc.stderr.on('data', (c) => (output = (output + c).slice(-2000)));
  let exited = null;
  const exit = new Promise((resolve) => proc.on('exit', (code) => resolve((exited = { code }))));
  const stop = async () => {
    if (exited) return;
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
    await exit;
    clearTimeout(timer);
  };
  for (;;) {
    if (exited) throw new Error(`dynalite exited (${exited.code}): ${output.trim().split('\n').pop()}`);
    if (performance.now() - t0 > 15_000) {
      await stop();
      throw new Error('dynalite not answering after 15 s');
    }
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return { pid: proc.pid, port, stop };
    } catch {
      await sleep(20);
    }
  }
}

async function startTarget(name) {
  const port = await freePort();
  if (name === 'dynalite') return { ...(await startDynalite(port)), stateDir: null };
  if (name === 's3rver') return startS3rver(port); // its data directory is the stateDir removed afterwards
  if (name === 'atoll' && !fs.existsSync(atollCli)) throw new Error(`${atollCli} not found (build first)`);
  const stateDir = name === 'atoll' ? tmpStateDir() : null;
  try {
    return { ...(await startServer(name, { port, stateDir })), stateDir };
  } catch (err) {
    if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Runs the selected service suites. config: { seconds, warmup, quick, peers: names of the other emulators allowed }.
 * Returns { suites: { name: result }, ok } where ok means every atoll row of every suite ran without errors.
 */
export async function runSuites(names, config = suiteConfig()) {
  const modules = SUITE_MODULES.filter((m) => names.includes(m.name));
  const results = {};
  if (!modules.length) return { suites: results, ok: true };
  const loadgen = fork(path.join(here, 'loadgen.mjs'), { stdio: 'inherit' });
  const waiting = new Map();
  let nextId = 0;
  loadgen.on('message', ({ id, result, error }) => {
    const w = waiting.get(id);
    waiting.delete(id);
    if (error) w.reject(new Error(error));
    else w.resolve(result);
  });
  let allOk = true;
  try {
    for (const mod of modules) {
      const targets = {};
      const ctx = {
        config,
        log: (msg) => log(`${mod.name}: ${msg}`),
        targets,
        call: (type, args) =>
          new Promise((resolve, reject) => {
            const id = nextId++;
            waiting.set(id, { resolve, reject });
            loadgen.send({ id, type: `${mod.name}.${type}`, args });
          }),
        /** A measured call: adds the target name and the CPU the server and the load generator used meanwhile. */
        async row(target, type, args) {
          const t = targets[target];
          const before = { t: performance.now(), srv: cpuSeconds(t.pid), gen: cpuSeconds(loadgen.pid) };
          const r = await ctx.call(type, { host: '127.0.0.1', port: t.port, target, ...args });
          const secs = (performance.now() - before.t) / 1000;
          const pct = (a, b) => (a === null || b === null ? null : ((b - a) / secs) * 100);
          return {
            target,
            ...r,
            serverCpuPct: pct(before.srv, cpuSeconds(t.pid)),
            loadgenCpuPct: pct(before.gen, cpuSeconds(loadgen.pid)),
          };
        },
      };
      const wanted = ['atoll', ...mod.peers.filter((p) => config.peers.includes(p))];
      const unavailable = {};
      for (const name of wanted) {
        try {
          log(`${mod.name}: starting ${name}`);
          targets[name] = { ...(await startTarget(name)), name };
        } catch (err) {
          unavailable[name] = err.message.split('\n')[0].slice(0, 300);
          log(`${mod.name}: ${name}: unavailable (${unavailable[name]})`);
        }
      }
      await sleep(500);
      const t0 = performance.now();
      let result;
      try {
        result = targets.atoll
          ? await mod.run(ctx, unavailable)
          : { ok: false, lines: [`atoll: unavailable (${unavailable.atoll})`], goals: [] };
      } catch (err) {
        result = { ok: false, lines: [`suite failed: ${err.message}`], goals: [] };
      } finally {
        for (const t of Object.values(targets)) {
          if (t.name === 'atoll' && result) result.atollRssMb = rssMb(t.pid);
          await t.stop();
          if (t.stateDir) fs.rmSync(t.stateDir, { recursive: true, force: true });
        }
      }
      result.unavailable = unavailable;
      result.seconds = (performance.now() - t0) / 1000;
      results[mod.name] = result;
      allOk &&= result.ok;
      printSuite(mod, result, unavailable);
    }
  } finally {
    loadgen.disconnect();
  }
  return { suites: results, ok: allOk };
}

function printSuite(mod, result, unavailable) {
  const out = ['', `${mod.title} (${result.seconds.toFixed(1)} s)`];
  for (const [name, reason] of Object.entries(unavailable)) out.push(`${name}: unavailable (${reason})`);
  out.push(...(result.lines || []));
  out.push('Goals', ...goalLines(result.goals || []));
  console.log(out.join('\n'));
}
