// S3 suite (issue 6): PutObject / GetObject of 1 KB and 1 MB objects at 1 and 16 clients on atoll, s3rver and moto
// (path-style, raw SigV4-signed bytes, identical bodies for every target), then atoll's RSS while one large object
// (1 GB; 256 MB with BENCH_QUICK=1) is streamed in and out. The bytes come from a repeated 1 MB pattern generated in
// memory, so no source file is written.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { once } from 'node:events';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { Connection } from '../http-client.mjs';
import { rssMb } from '../targets.mjs';
import { closedLoop, fmt, goal, info, now, pad, rowTable, sleep } from './common.mjs';

export const name = 's3';
export const title = 'S3 (issue 6): PutObject / GetObject 1 KB and 1 MB, RSS while streaming a large object';
export const peers = ['s3rver', 'moto'];

const BUCKET = 'atoll-bench';
const MiB = 1024 * 1024;
const SIZES = [
  { size: 1024, label: '1 KB' },
  { size: MiB, label: '1 MB' },
];
// Random (incompressible) bytes, generated once per load generator process, so every target gets the same bodies.
const PATTERN = randomBytes(MiB);
const body = (size) => PATTERN.subarray(0, size);

// s3rver checks signatures against its default account (S3RVER/S3RVER); atoll accepts unknown keys, moto ignores them.
const signer = new SignatureV4({
  service: 's3',
  region: 'us-east-1',
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  sha256: Sha256,
  uriEscapePath: false,
  applyChecksum: false,
});

/** Signed request head (UNSIGNED-PAYLOAD, so the body is not hashed) as a header object. */
async function signedHeaders(host, port, method, path, extra = {}) {
  const signed = await signer.sign({
    method,
    protocol: 'http:',
    hostname: host,
    port,
    path,
    query: {},
    headers: { host: `${host}:${port}`, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...extra },
  });
  return signed.headers;
}

async function rawRequest(host, port, method, path, payload = null) {
  const extra = payload ? { 'content-type': 'application/octet-stream' } : {};
  const headers = await signedHeaders(host, port, method, path, extra);
  let head = `${method} ${path} HTTP/1.1\r\n`;
  for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
  head += `content-length: ${payload ? payload.length : 0}\r\n\r\n`;
  return payload ? Buffer.concat([Buffer.from(head), payload]) : Buffer.from(head);
}

/**
 * The shared client re-concatenates its buffer on every chunk, which is quadratic for 1 MB bodies and would make the
 * load generator the bottleneck; this one collects Content-Length bodies as a chunk list and concatenates once.
 */
class BulkConnection extends Connection {
  onData(chunk) {
    if (this.pending && this.head && this.head.length >= 0 && this.parts) {
      this.parts.push(chunk);
      this.got += chunk.length;
      if (this.got >= this.head.bodyStart + this.head.length) {
        const all = Buffer.concat(this.parts, this.got);
        this.parts = null;
        this.finish(all.subarray(this.head.bodyStart, this.head.bodyStart + this.head.length));
      }
      return;
    }
    super.onData(chunk);
    if (this.pending && this.head && this.head.length >= 0 && !this.parts)
      [this.parts, this.got] = [[this.buf], this.buf.length];
  }
  request(bytes) {
    this.parts = null;
    return super.request(bytes);
  }
}

const check = (res, what, expected = null) => {
  if (res.status !== 200) throw new Error(`${what}: HTTP ${res.status} ${res.body.toString('utf8', 0, 300)}`);
  if (expected && !res.body.equals(expected))
    throw new Error(`${what}: body differs (${res.body.length} bytes, expected ${expected.length})`);
};

// --- load generator side ---
/** Creates the bucket, stores the GET rows' objects and reads one back byte for byte (each target really stores). */
async function setup({ host, port }) {
  const conn = new BulkConnection(host, port);
  try {
    check(await conn.request(await rawRequest(host, port, 'PUT', `/${BUCKET}`)), 'CreateBucket');
    for (const { size } of SIZES) {
      const key = `/${BUCKET}/get-${size}`;
      check(await conn.request(await rawRequest(host, port, 'PUT', key, body(size))), `PutObject ${key}`);
      check(await conn.request(await rawRequest(host, port, 'GET', key)), `GetObject ${key}`, body(size));
    }
    return { verified: true };
  } finally {
    conn.close();
  }
}

async function phase({ host, port, op, size, concurrency, seconds, warmup }) {
  const payload = body(size);
  const reqs = [];
  // PUT: 16 keys overwritten in turn (bounded storage); GET: the object stored by setup, compared byte for byte.
  if (op === 'put')
    for (let i = 0; i < 16; i++) reqs.push(await rawRequest(host, port, 'PUT', `/${BUCKET}/put-${size}-${i}`, payload));
  else reqs.push(await rawRequest(host, port, 'GET', `/${BUCKET}/get-${size}`));
  const r = await closedLoop({
    ...{ host, port, concurrency, seconds, warmup },
    op: async (conn, i) => {
      // closedLoop creates plain Connections; upgrade each in place (same fields) to the bulk body reader.
      if (!(conn instanceof BulkConnection)) Object.setPrototypeOf(conn, BulkConnection.prototype);
      check(await conn.request(reqs[i % reqs.length]), op, op === 'get' ? payload : null);
    },
  });
  return { ...r, op, size };
}

/** PUT of `bytes` from a generated stream (Content-Length known, written with backpressure). */
async function streamPut({ host, port, bytes }) {
  const path = `/${BUCKET}/stream`;
  const headers = await signedHeaders(host, port, 'PUT', path, { 'content-type': 'application/octet-stream' });
  const t0 = now();
  const req = http.request({ host, port, method: 'PUT', path, headers: { ...headers, 'content-length': bytes } });
  const response = once(req, 'response');
  req.on('error', () => {}); // surfaced through the response promise
  for (let sent = 0; sent < bytes; sent += PATTERN.length) {
    if (!req.write(PATTERN.subarray(0, Math.min(PATTERN.length, bytes - sent)))) await once(req, 'drain');
  }
  req.end();
  const [res] = await response;
  let text = '';
  for await (const c of res) text += c;
  if (res.statusCode !== 200) throw new Error(`streamed PutObject: HTTP ${res.statusCode} ${text.slice(0, 300)}`);
  return { seconds: (now() - t0) / 1000 };
}

/** GET consumed as a stream; every byte is compared with the pattern (no buffering of the whole object). */
async function streamGet({ host, port, bytes }) {
  const path = `/${BUCKET}/stream`;
  const headers = await signedHeaders(host, port, 'GET', path);
  const t0 = now();
  const req = http.request({ host, port, method: 'GET', path, headers });
  req.end();
  const [res] = await once(req, 'response');
  if (res.statusCode !== 200) throw new Error(`streamed GetObject: HTTP ${res.statusCode}`);
  let pos = 0;
  let mismatch = null;
  for await (const chunk of res) {
    for (let off = 0; off < chunk.length && mismatch === null;) {
      const at = (pos + off) % PATTERN.length;
      const n = Math.min(chunk.length - off, PATTERN.length - at);
      if (!chunk.subarray(off, off + n).equals(PATTERN.subarray(at, at + n))) mismatch = pos + off;
      off += n;
    }
    pos += chunk.length;
  }
  if (mismatch !== null) throw new Error(`streamed GetObject: bytes differ at offset ${mismatch}`);
  if (pos !== bytes) throw new Error(`streamed GetObject: ${pos} bytes, expected ${bytes}`);
  // Free the disk space now rather than when the state dir is removed.
  const del = await signedHeaders(host, port, 'DELETE', path);
  const d = http.request({ host, port, method: 'DELETE', path, headers: del });
  d.end();
  const [dres] = await once(d, 'response');
  dres.resume();
  return { seconds: (now() - t0) / 1000 };
}

export const handlers = { setup, phase, streamPut, streamGet };

// --- orchestrator side ---
function hwmMb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}
/** Runs fn while sampling the server's VmRSS every 10 ms; returns fn's result plus the peak seen. */
async function sampled(pid, fn) {
  let peak = rssMb(pid);
  const timer = setInterval(() => (peak = Math.max(peak ?? 0, rssMb(pid) ?? 0)), 10);
  try {
    const r = await fn();
    return { ...r, peakRssMb: Math.max(peak ?? 0, rssMb(pid) ?? 0) || null };
  } finally {
    clearInterval(timer);
  }
}

async function streaming(ctx) {
  const { pid, port } = ctx.targets.atoll;
  const bytes = (ctx.config.quick ? 256 : 1024) * MiB;
  await sleep(1000);
  const idleRssMb = rssMb(pid);
  ctx.log(`atoll: streaming a ${bytes / MiB} MB object in, then out (RSS sampled every 10 ms)`);
  const put = await sampled(pid, () => ctx.call('streamPut', { host: '127.0.0.1', port, bytes }));
  const get = await sampled(pid, () => ctx.call('streamGet', { host: '127.0.0.1', port, bytes }));
  return { bytes, idleRssMb, put, get, hwmMb: hwmMb(pid) };
}

const COLUMNS = [
  ['scenario', 12, (r) => r.label],
  ['clients', 7, (r) => r.concurrency],
  ['target', 8, (r) => r.target],
  ['req/s', 7, (r) => fmt(r.opsPerSec, 0)],
  ['MB/s', 7, (r) => fmt((r.opsPerSec * r.size) / MiB, r.size < MiB ? 2 : 1)],
  ['p50 ms', 7, (r) => fmt(r.p50, 2)],
  ['p99 ms', 7, (r) => fmt(r.p99, 2)],
  ['max ms', 7, (r) => fmt(r.max, 1)],
  ['srv%', 4, (r) => fmt(r.serverCpuPct, 0)],
  ['gen%', 4, (r) => fmt(r.loadgenCpuPct, 0)],
  ['errors', 6, (r) => r.errors ?? 0],
];

export async function run(ctx) {
  const { config } = ctx;
  const names = Object.keys(ctx.targets);
  const verified = {};
  for (const t of names) {
    ctx.log(`${t}: creating bucket, storing and reading back the GET objects`);
    try {
      verified[t] = (await ctx.call('setup', { host: '127.0.0.1', port: ctx.targets[t].port })).verified;
    } catch (err) {
      verified[t] = false;
      ctx.log(`${t}: setup failed: ${err.message}`);
    }
  }
  // Streaming first, on a fresh atoll, so idle RSS and VmHWM are not inflated by the concurrent 1 MB rows.
  let stream = null;
  let streamError = null;
  if (verified.atoll) {
    try {
      stream = await streaming(ctx);
    } catch (err) {
      streamError = err.message;
    }
  }
  const rows = [];
  for (const op of ['put', 'get']) {
    for (const { size, label } of SIZES) {
      for (const concurrency of [1, 16]) {
        for (const t of names.filter((n) => verified[n])) {
          const args = { op, size, concurrency, seconds: config.seconds, warmup: config.warmup };
          const r = { label: `${op.toUpperCase()} ${label}`, ...(await ctx.row(t, 'phase', args)) };
          ctx.log(`${t} ${r.label} x${concurrency}: ${r.opsPerSec.toFixed(0)} req/s, p99 ${fmt(r.p99, 2)} ms`);
          rows.push(r);
        }
      }
    }
  }
  const find = (t, r) => rows.find((x) => x.target === t && x.label === r.label && x.concurrency === r.concurrency);
  const ratio = (a, b) => (a?.opsPerSec && b?.opsPerSec ? a.opsPerSec / b.opsPerSec : null);
  const ratios = rows
    .filter((r) => r.target === 'atoll')
    .map((r) => ({
      label: r.label,
      c: r.concurrency,
      vsS3rver: ratio(r, find('s3rver', r)),
      vsMoto: ratio(r, find('moto', r)),
    }));

  const lines = [
    `Throughput (${config.seconds} s per row after ${config.warmup} s warm-up; one op = one request; MB = 2^20 bytes)`,
  ];
  for (const t of names) if (!verified[t]) lines.push(`${t}: setup/verification failed, no rows`);
  lines.push(...rowTable(rows, COLUMNS));
  const rw = [12, 7, 12, 10];
  lines.push('', 'Ratios (req/s)', pad(['scenario', 'clients', 'atoll/s3rver', 'atoll/moto'], rw));
  for (const r of ratios) lines.push(pad([r.label, r.c, fmt(r.vsS3rver, 1) + 'x', fmt(r.vsMoto, 1) + 'x'], rw));
  lines.push(
    '',
    'Bytes check: each target stored the GET objects and returned them byte for byte (every GET compared)',
  );
  if (stream) {
    const mb = stream.bytes / MiB;
    lines.push(
      '',
      `atoll RSS while streaming a ${mb} MB object${config.quick ? ' (BENCH_QUICK=1: 256 MB instead of 1 GB)' : ''}`,
      pad(['phase', 'seconds', 'MB/s', 'peak RSS MB'], [22, 8, 8, 11]),
      pad(['idle (before)', '-', '-', fmt(stream.idleRssMb)], [22, 8, 8, 11]),
      pad(
        ['PUT (streamed body)', fmt(stream.put.seconds, 1), fmt(mb / stream.put.seconds, 0), fmt(stream.put.peakRssMb)],
        [22, 8, 8, 11],
      ),
      pad(
        [
          'GET (consumed stream)',
          fmt(stream.get.seconds, 1),
          fmt(mb / stream.get.seconds, 0),
          fmt(stream.get.peakRssMb),
        ],
        [22, 8, 8, 11],
      ),
      `  VmHWM (lifetime peak) ${fmt(stream.hwmMb)} MB; every byte of the GET compared with what was sent`,
    );
  } else lines.push('', `atoll streaming: ${streamError ?? 'not run (atoll setup failed)'}`);

  const atollRows = rows.filter((r) => r.target === 'atoll');
  const growth = stream ? Math.max(stream.put.peakRssMb, stream.get.peakRssMb) - stream.idleRssMb : null;
  const worst = (key) => {
    const v = ratios.map((r) => r[key]).filter(Boolean);
    return v.length ? `worst ${fmt(Math.min(...v), 1)}x, best ${fmt(Math.max(...v), 1)}x` : '-';
  };
  const goals = [
    goal(
      'atoll RSS stays flat while streaming (peak <= idle + 64 MB)',
      [growth],
      (v) => v <= 64,
      (v) => `+${fmt(v[0])} MB over idle ${fmt(stream.idleRssMb)} MB`,
    ),
    info('atoll/s3rver req/s', worst('vsS3rver')),
    info('atoll/moto req/s', worst('vsMoto')),
  ];
  const ok =
    verified.atoll && !!stream && atollRows.length === 8 && atollRows.every((r) => r.errors === 0 && r.ops > 0);
  return { ok, rows, ratios, verified, stream, streamError, lines, goals };
}
