// Starting, health-checking and stopping the servers under test. Every server runs in its own child process.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..');
// BENCH_ATOLL_CLI lets you point the bench at another build (e.g. a checkout of main) for before/after comparisons.
export const atollCli = path.resolve(process.env.BENCH_ATOLL_CLI || path.join(repoRoot, 'dist', 'src', 'cli.js'));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function tmpStateDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'atoll-bench-'));
}

/** Resident set size in MB from /proc (Linux only; null elsewhere). */
export function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system, all threads) consumed so far by a process, from /proc/<pid>/stat; null elsewhere. */
export function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after "pid (comm) "; comm may contain spaces
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100 on Linux)
  } catch {
    return null;
  }
}

/** Busy CPU seconds of the whole machine (all cores, all processes, including other tenants' steal time). */
export function hostBusySeconds() {
  try {
    const [user, nice, system, , , irq, softirq, steal] = fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return null;
  }
}

/** One GET with a fresh connection; resolves the status code, or null if the server is not accepting yet. */
function probe(port, urlPath) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(null));
  });
}

/** The most telling line of a crashed server's output: the first error-looking line, else the last line. */
function errorLine(output) {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines.find((l) => /^\w*Error\b|\berror\b/i.test(l)) ?? lines.at(-1) ?? 'no output').slice(0, 250);
}

const kinds = {
  atoll: ({ port, stateDir, inMemory, cli }) => ({
    cmd: process.execPath,
    args: [
      // BENCH_ATOLL_NODE_ARGS: extra node flags for atoll only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
      ...(process.env.BENCH_ATOLL_NODE_ARGS || '').split(' ').filter(Boolean),
      cli ?? atollCli, // cli: another build (bench/cpu-cost.mjs A/B runs)
      'start',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      ...(inMemory ? ['--in-memory'] : ['--state-dir', stateDir]),
    ],
    readyLine: (line) => line.includes(String(port)), // the ready line contains the endpoint
    healthPath: '/_atoll/health',
    healthy: (status) => status === 200,
  }),
  bare: ({ port }) => ({
    cmd: process.execPath,
    args: [path.join(here, 'bare-server.mjs'), String(port)],
    readyLine: (line) => line.includes('ready'),
    healthPath: '/',
    healthy: (status) => status === 200,
  }),
  moto: ({ port }) => ({
    cmd: 'moto_server',
    args: ['-p', String(port)],
    readyLine: () => true, // moto's banner goes to stderr in varying formats; rely on the health probe
    healthPath: '/moto-api/',
    healthy: (status) => status !== null, // any HTTP answer means it is serving
  }),
};

/**
 * Spawns a server and waits until it both printed its ready line and answers the health probe (polled every 2 ms).
 * Resolves { proc, pid, port, readyMs, lineMs, healthMs, stop() }; rejects with a readable reason.
 */
export async function startServer(kind, { port, stateDir, inMemory, cli, timeoutMs = 15_000 } = {}) {
  const spec = kinds[kind]({ port, stateDir, inMemory, cli });
  const t0 = performance.now();
  const proc = spawn(spec.cmd, spec.args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: repoRoot });
  let lineMs = null;
  let head = ''; // first and last output, for error messages; reading also keeps the pipes drained (moto logs a lot)
  let tail = '';
  let exited = null;
  const onOutput = (chunk) => {
    const text = chunk.toString();
    if (head.length < 4000) head += text;
    tail = (tail + text).slice(-2000);
    if (lineMs === null && text.split('\n').some(spec.readyLine)) lineMs = performance.now() - t0;
  };
  proc.stdout.on('data', onOutput);
  proc.stderr.on('data', onOutput);
  const exitPromise = new Promise((resolve) => proc.on('exit', (code, signal) => resolve((exited = { code, signal }))));
  proc.on('error', (err) => (exited = { error: err.message }));

  const stop = async () => {
    if (exited) return;
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
    await exitPromise;
    clearTimeout(timer);
  };

  let healthMs = null;
  while (healthMs === null || lineMs === null) {
    if (exited) throw new Error(`${kind} exited before ready (${JSON.stringify(exited)}): ${errorLine(head + tail)}`);
    if (performance.now() - t0 > timeoutMs) {
      await stop();
      throw new Error(`${kind} not ready after ${timeoutMs} ms: ${errorLine(head + tail)}`);
    }
    if (healthMs === null && spec.healthy(await probe(port, spec.healthPath))) healthMs = performance.now() - t0;
    else await sleep(2);
  }
  return { proc, pid: proc.pid, port, lineMs, healthMs, readyMs: Math.max(lineMs, healthMs), stop, tail: () => tail };
}
