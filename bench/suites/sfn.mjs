// Step Functions suite (issue 4): state transitions per second of a Standard state machine looping Choice -> Pass
// (States.MathAdd) N times. Time is wall-clock in the load generator, from before StartExecution to the first
// DescribeExecution that answers SUCCEEDED, so it includes the API round trips and polling delay a client sees.
// atoll's history timestamps are real (each event reads the clock, monotonic within an execution), so
// ExecutionStarted -> ExecutionSucceeded would give the server-side time of a run; this suite reports the
// client-side view. Transitions per execution are counted in GetExecutionHistory.
import { Client } from './aws.mjs';
import { fmt, goal, info, median, now, pad, sleep } from './common.mjs';

export const name = 'sfn';
export const title = 'Step Functions (issue 4): state transitions/s on a Choice + Pass loop (States.MathAdd)';
export const peers = []; // moto's stepfunctions does not execute states (executions never run the definition)

const DEFINITION = {
  Comment: 'atoll bench: counts $.i up to $.n',
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Parameters: { i: 0, 'n.$': '$.n' }, Next: 'Check' },
    Check: {
      Type: 'Choice',
      Choices: [{ Variable: '$.i', NumericLessThanPath: '$.n', Next: 'Increment' }],
      Default: 'Done',
    },
    Increment: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)', 'n.$': '$.n' }, Next: 'Check' },
    Done: { Type: 'Succeed' },
  },
};

// --- load generator side ---
async function setup({ host, port }) {
  const c = new Client(host, port);
  try {
    const res = await c.json('sfn', 'CreateStateMachine', {
      name: 'bench-loop',
      roleArn: 'arn:aws:iam::000000000000:role/bench-sfn',
      definition: JSON.stringify(DEFINITION),
    });
    return { arn: res.stateMachineArn };
  } finally {
    c.close();
  }
}

async function countTransitions(c, executionArn) {
  let entered = 0;
  let nextToken;
  do {
    const page = await c.json('sfn', 'GetExecutionHistory', { executionArn, maxResults: 1000, nextToken });
    entered += page.events.filter((e) => e.type.endsWith('StateEntered')).length;
    nextToken = page.nextToken;
  } while (nextToken);
  return entered;
}

/** Runs `executions` executions of the loop, `concurrency` in flight; returns server-side timings. */
async function batch({ host, port, arn, executions, concurrency, n }) {
  const done = [];
  let started = 0;
  const pollMs = concurrency === 1 ? 5 : 20; // bounds the error on the last completion, without flooding the server
  const worker = async () => {
    const c = new Client(host, port);
    try {
      while (started < executions) {
        started++;
        const start = now();
        const { executionArn } = await c.json('sfn', 'StartExecution', {
          stateMachineArn: arn,
          input: JSON.stringify({ n }),
        });
        for (;;) {
          await sleep(pollMs);
          const d = await c.json('sfn', 'DescribeExecution', { executionArn });
          if (d.status === 'RUNNING') continue;
          if (d.status !== 'SUCCEEDED' || JSON.parse(d.output).i !== n) {
            throw new Error(`execution ${d.status}: ${d.error ?? ''} ${d.cause ?? d.output ?? ''}`.slice(0, 300));
          }
          done.push({ executionArn, start, stop: now() });
          break;
        }
      }
    } finally {
      c.close();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const c = new Client(host, port);
  try {
    const transitions = await countTransitions(c, done[0].executionArn);
    const span = Math.max(...done.map((d) => d.stop)) - Math.min(...done.map((d) => d.start));
    return {
      executions: done.length,
      transitions,
      spanMs: span,
      perSec: (done.length * transitions) / (span / 1000),
      medianExecMs: median(done.map((d) => d.stop - d.start)),
    };
  } finally {
    c.close();
  }
}

export const handlers = { setup, batch };

// --- orchestrator side ---
export async function run(ctx) {
  const { quick } = ctx.config;
  const n = quick ? 200 : 1000;
  const { arn } = await ctx.call('setup', { host: '127.0.0.1', port: ctx.targets.atoll.port });
  const rows = [];
  for (const [executions, concurrency] of quick
    ? [
        [3, 1],
        [8, 8],
      ]
    : [
        [5, 1],
        [32, 8],
      ]) {
    ctx.log(`atoll: ${executions} executions of ${n} iterations, ${concurrency} in flight`);
    const r = await ctx.row('atoll', 'batch', { arn, executions, concurrency, n });
    ctx.log(`atoll x${concurrency}: ${r.perSec.toFixed(0)} transitions/s`);
    rows.push({ concurrency, ...r });
  }
  const w = [10, 11, 12, 14, 14, 8, 5];
  const lines = [
    `Loop of n = ${n} (Init, then Check + Increment n times, Check, Done = ${2 * n + 3} states per execution)`,
    pad(['in flight', 'executions', 'transitions', 'transitions/s', 'median exec ms', 'span ms', 'srv%'], w),
    ...rows.map((r) =>
      pad(
        [r.concurrency, r.executions, r.transitions, fmt(r.perSec, 0), fmt(r.medianExecMs, 0), fmt(r.spanMs, 0)].concat(
          fmt(r.serverCpuPct, 0),
        ),
        w,
      ),
    ),
    '  (transitions = StateEntered events in GetExecutionHistory of one execution; transitions/s = executions x',
    '   transitions / wall time from the first StartExecution to the last completion seen by DescribeExecution,',
    '   polled every 5 ms with 1 in flight, 20 ms with 8: polling adds up to that much to each execution)',
    'moto: not measured (moto_server accepts StartExecution but does not execute the states of a definition)',
  ];
  const goals = [
    goal(
      'atoll >= 5,000 state transitions/s',
      [Math.max(...rows.map((r) => r.perSec))],
      (v) => v >= 5000,
      (v) =>
        `best ${fmt(v[0], 0)}/s (${rows.map((r) => `${fmt(r.perSec, 0)}/s with ${r.concurrency} in flight`).join(', ')})`,
    ),
    info('transitions per execution', `${rows[0].transitions} (expected ${2 * n + 3})`),
  ];
  return { ok: rows.every((r) => r.transitions === 2 * n + 3), rows, lines, goals };
}
