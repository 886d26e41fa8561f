// Shared by the service suites: the closed-loop phase (load generator side) and table/goal formatting
// (orchestrator side). Same method as the SQS rows: each client is a closed loop on its own keep-alive connection,
// ops are counted by completion time inside the measured window, warm-up not recorded.
import { performance } from 'node:perf_hooks';
import { Connection } from '../http-client.mjs';

export const now = () => performance.now();
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Nearest-rank percentile of a sorted array. */
export function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export function latencyStats(latencies) {
  const sorted = Float64Array.from(latencies).sort();
  const n = sorted.length;
  return { n, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: n ? sorted[n - 1] : null };
}

export const median = (xs) => latencyStats(xs.filter((x) => x !== null && x !== undefined)).p50;

/**
 * Runs `concurrency` closed-loop clients; op(conn, i) performs one op (i counts that client's ops) and throws on
 * failure. Returns ops/s and latency percentiles of the ops completed inside the window.
 */
export async function closedLoop({ host, port, concurrency, seconds, warmup, op }) {
  const measureStart = now() + warmup * 1000;
  const end = measureStart + seconds * 1000;
  const latencies = [];
  let errors = 0;
  let firstError = null;
  let seq = 0;
  const client = async () => {
    const conn = new Connection(host, port);
    for (let start = now(); start < end; start = now()) {
      let failed = false;
      try {
        await op(conn, seq++);
      } catch (err) {
        failed = true;
        firstError ??= err.message.slice(0, 300);
      }
      const done = now();
      const inWindow = done >= measureStart && done <= end;
      if (failed) {
        if (inWindow) errors++;
        await sleep(1);
      } else if (inWindow) latencies.push(done - start);
    }
    conn.close();
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const stats = latencyStats(latencies);
  return { concurrency, seconds, ops: stats.n, opsPerSec: stats.n / seconds, ...stats, errors, firstError };
}

// --- orchestrator side: formatting ---
export const fmt = (v, digits = 1) =>
  v === null || v === undefined || Number.isNaN(v) ? '-' : Number(v).toFixed(digits);
export const pad = (cells, widths) =>
  cells
    .map((c, i) => String(c).padEnd(widths[i] ?? 0))
    .join('  ')
    .trimEnd();

const ROW_COLUMNS = [
  ['scenario', 26, (r) => r.label],
  ['clients', 7, (r) => r.concurrency ?? '-'],
  ['target', 8, (r) => r.target],
  ['ops/s', 8, (r) => fmt(r.opsPerSec, 0)],
  ['p50 ms', 7, (r) => fmt(r.p50, 2)],
  ['p99 ms', 7, (r) => fmt(r.p99, 2)],
  ['max ms', 7, (r) => fmt(r.max, 1)],
  ['srv%', 4, (r) => fmt(r.serverCpuPct, 0)],
  ['gen%', 4, (r) => fmt(r.loadgenCpuPct, 0)],
  ['errors', 6, (r) => r.errors ?? 0],
];

/** A throughput/latency table of rows { label, concurrency, target, opsPerSec, p50, p99, max, ... }. */
export function rowTable(rows, columns = ROW_COLUMNS) {
  const widths = columns.map((c) => c[1]);
  const out = [
    pad(
      columns.map((c) => c[0]),
      widths,
    ),
  ];
  for (const r of rows)
    out.push(
      pad(
        columns.map((c) => c[2](r)),
        widths,
      ),
    );
  const errs = rows
    .filter((r) => r.firstError)
    .map((r) => `  ${r.target} ${r.label} x${r.concurrency}: ${r.firstError}`);
  if (errs.length) out.push('First error per row:', ...errs);
  return out;
}

/** Goal check: pass null = not measured / informational. */
export function goal(name, values, okFn, show) {
  const known = values.filter((v) => v !== null && v !== undefined && !Number.isNaN(v));
  if (!known.length) return { name, pass: null, detail: 'not measured' };
  return { name, pass: known.every(okFn), detail: show(known) };
}

export function goalLines(goals) {
  return goals.map(
    (g) => `  ${g.pass === null ? (g.info ? 'info' : 'n/a ') : g.pass ? 'PASS' : 'FAIL'}  ${g.name}: ${g.detail}`,
  );
}

export const info = (name, detail) => ({ name, pass: null, info: true, detail });
