// Turns collected results into ratios, target checks and a plain-text table.

export const SCENARIOS = [
  { key: 'send', label: 'SendMessage' },
  { key: 'batch', label: 'SendMessageBatch(10)' },
  { key: 'recvdel', label: 'Receive+Delete' },
];

// Goals from the project brief; checked against atoll only.
export const GOALS = { startMs: 150, rssMb: 60, vsBare: 0.3, vsMoto: 100, p99Ms16: 5 };

const fmt = (v, digits = 1) => (v === null || v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits));
const pad = (cells, widths) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');

function phaseOf(results, target, scenario, concurrency) {
  return results.targets[target]?.phases?.find((p) => p.scenario === scenario && p.concurrency === concurrency);
}

/** Computes atoll/bare and atoll/moto throughput ratios plus pass/fail checks; stores them on results. */
export function computeRatios(results, concurrencies) {
  const ratios = [];
  for (const { key } of SCENARIOS) {
    for (const c of concurrencies) {
      const atoll = phaseOf(results, 'atoll', key, c);
      const bare = phaseOf(results, 'bare', key, c);
      const moto = phaseOf(results, 'moto', key, c);
      const ratio = (a, b) => (a?.opsPerSec && b?.opsPerSec ? a.opsPerSec / b.opsPerSec : null);
      ratios.push({ scenario: key, concurrency: c, atollVsBare: ratio(atoll, bare), atollVsMoto: ratio(atoll, moto) });
    }
  }
  results.ratios = ratios;

  const checks = [];
  const check = (name, values, ok, show) => {
    const known = values.filter((v) => v !== null && v !== undefined);
    if (!known.length) return checks.push({ name, pass: null, detail: 'not measured' });
    checks.push({ name, pass: known.every(ok), detail: show(known) });
  };
  const startup = results.targets.atoll?.startup;
  check(
    'start-to-healthy <= 150 ms (on-disk median)',
    [startup?.onDisk?.readyMs],
    (v) => v <= GOALS.startMs,
    (v) => `${fmt(v[0])} ms`,
  );
  check(
    'idle RSS <= 60 MB (on-disk median)',
    [startup?.onDisk?.idleRssMb],
    (v) => v <= GOALS.rssMb,
    (v) => `${fmt(v[0])} MB`,
  );
  check(
    'atoll/bare >= 30% (every row)',
    ratios.map((r) => r.atollVsBare),
    (v) => v >= GOALS.vsBare,
    (v) => `worst ${fmt(Math.min(...v) * 100, 0)}%`,
  );
  check(
    'atoll/moto >= 100x (every row)',
    ratios.map((r) => r.atollVsMoto),
    (v) => v >= GOALS.vsMoto,
    (v) => `worst ${fmt(Math.min(...v), 0)}x`,
  );
  const p99s = SCENARIOS.map(({ key }) => phaseOf(results, 'atoll', key, Math.max(...concurrencies))?.p99);
  check(
    `p99 <= 5 ms at ${Math.max(...concurrencies)} clients`,
    p99s,
    (v) => v <= GOALS.p99Ms16,
    (v) => `worst ${fmt(Math.max(...v), 2)} ms`,
  );
  results.checks = checks;
}

export function printReport(results) {
  const out = [];
  const { config } = results;
  const { machine } = results;
  out.push('', `atoll bench - ${machine.cpus}x ${machine.cpuModel}, node ${machine.node}`);
  const bg = machine.backgroundCpuPct;
  if (bg !== null && bg > 20) {
    out.push(`WARNING: the machine was already ${fmt(bg, 0)}% of a core busy before the bench started; expect noise.`);
  }

  const atoll = results.targets.atoll;
  if (atoll?.startup) {
    const { onDisk, inMemory, nodeBaseline: base } = atoll.startup;
    const w = [28, 9, 10, 14, 6];
    out.push('', `Startup (median of ${config.starts} starts; fresh state dir each)`);
    out.push(pad(['', 'atoll', 'atoll', 'baseline:', 'goal'], w));
    out.push(pad(['', 'on-disk', 'in-memory', 'bare node:http', '(atoll)'], w));
    out.push(pad(['  start-to-healthy (ms)', ...[onDisk, inMemory, base].map((x) => fmt(x?.readyMs)), '<=150'], w));
    out.push(pad(['  idle RSS after 1 s (MB)', ...[onDisk, inMemory, base].map((x) => fmt(x?.idleRssMb)), '<=60'], w));
    out.push('  (baseline = bench/bare-server.mjs: the cost of just starting node and listening on this machine)');
  }

  const w = [20, 7, 6, 8, 7, 7, 7, 4, 4, 6, 6];
  out.push(
    '',
    `Throughput (${config.seconds} s per row after ${config.warmup} s warm-up; closed-loop keep-alive clients)`,
  );
  out.push(
    pad(
      ['scenario', 'clients', 'target', 'ops/s', 'p50 ms', 'p99 ms', 'max ms', 'srv%', 'gen%', 'other%', 'errors'],
      w,
    ),
  );
  for (const [name, t] of Object.entries(results.targets)) {
    if (!t.ok) out.push(pad(['-', '-', name, `unavailable (${t.reason})`], w));
  }
  for (const { key, label } of SCENARIOS) {
    for (const c of config.concurrencies) {
      for (const [name, t] of Object.entries(results.targets)) {
        const p = t.phases?.find((x) => x.scenario === key && x.concurrency === c);
        if (!p) continue;
        const errors = p.errors + (p.empty ? ` (+${p.empty} empty)` : '');
        const cpu = [fmt(p.serverCpuPct, 0), fmt(p.loadgenCpuPct, 0), fmt(p.otherCpuPct, 0)];
        out.push(
          pad([label, c, name, fmt(p.opsPerSec, 0), fmt(p.p50, 2), fmt(p.p99, 2), fmt(p.max, 1), ...cpu, errors], w),
        );
      }
    }
  }
  out.push('  (Receive+Delete: one op = ReceiveMessage of 1 message + DeleteMessage of it, i.e. 2 requests;');
  out.push('   SendMessageBatch: one op = one request carrying 10 messages;');
  out.push('   srv% / gen% / other% = CPU used during the row by the server / the load generator / everything else');
  out.push(`   on the machine, in % of one core (${results.machine.cpus} cores in total); high other% = noisy row)`);

  const errs = Object.entries(results.targets).flatMap(([name, t]) =>
    (t.phases || [])
      .filter((p) => p.firstError)
      .map((p) => `  ${name} ${p.scenario}/${p.concurrency}: ${p.firstError}`),
  );
  if (errs.length) out.push('', 'First error per row:', ...errs);

  const rw = [22, 7, 11, 11];
  out.push('', 'Ratios (ops/s)', pad(['scenario', 'clients', 'atoll/bare', 'atoll/moto'], rw));
  for (const r of results.ratios) {
    const label = SCENARIOS.find((s) => s.key === r.scenario).label;
    const vsBare = r.atollVsBare === null ? '-' : `${fmt(r.atollVsBare * 100, 0)}%`;
    const vsMoto = r.atollVsMoto === null ? '-' : `${fmt(r.atollVsMoto, 0)}x`;
    out.push(pad([label, r.concurrency, vsBare, vsMoto], rw));
  }

  out.push('', 'Goals');
  for (const c of results.checks) {
    const verdict = c.pass === null ? 'n/a ' : c.pass ? 'PASS' : 'FAIL';
    out.push(`  ${verdict}  ${c.name}: ${c.detail}`);
  }
  for (const [name, t] of Object.entries(results.targets)) {
    if (t.ok) out.push(`  info  ${name} RSS: idle ${fmt(t.idleRssMb)} MB, after load ${fmt(t.loadedRssMb)} MB`);
  }
  console.log(out.join('\n'));
}
