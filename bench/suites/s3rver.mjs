// s3rver (the Node S3 emulator) as a bench peer for the S3 suite. Not a dependency of atoll: a pinned version is
// installed on demand outside the repo (BENCH_PEERS_DIR, default /tmp/bench-peers), like dynalite, but in its own
// subfolder: `npm install --no-save` prunes every package it was not asked for, so a shared folder would make the
// dynalite and s3rver installs delete each other.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sleep } from './common.mjs';

export const S3RVER_VERSION = '3.7.1';
const peersDir = path.join(process.env.BENCH_PEERS_DIR || '/tmp/bench-peers', 's3rver');
const cli = path.join(peersDir, 'node_modules', 's3rver', 'bin', 's3rver.js');
const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);

let install = null;
function ensureS3rver() {
  install ??= new Promise((resolve, reject) => {
    const pkg = path.join(peersDir, 'node_modules', 's3rver', 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).version === S3RVER_VERSION) return resolve();
    log(`s3rver: installing into ${peersDir} (npm install --no-save s3rver@${S3RVER_VERSION})`);
    fs.mkdirSync(peersDir, { recursive: true });
    // Without a package.json here npm would install into the nearest parent that has node_modules.
    const manifest = path.join(peersDir, 'package.json');
    if (!fs.existsSync(manifest)) fs.writeFileSync(manifest, '{ "private": true }\n');
    const args = ['install', '--no-save', `s3rver@${S3RVER_VERSION}`];
    execFile('npm', args, { cwd: peersDir, timeout: 180_000 }, (err, _out, stderr) => {
      if (!err && fs.existsSync(cli)) return resolve();
      reject(new Error(`npm install s3rver failed: ${(stderr || err?.message || '').trim().split('\n').pop()}`));
    });
  });
  return install;
}

/** Spawns s3rver on a fresh data directory (returned as stateDir, removed by the caller) and waits for HTTP. */
export async function startS3rver(port) {
  await ensureS3rver();
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atoll-bench-s3rver-'));
  const t0 = performance.now();
  const args = [cli, '-d', stateDir, '-p', String(port), '-a', '127.0.0.1', '--silent', '--no-vhost-buckets'];
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
    const fail = exited
      ? `s3rver exited (${exited.code}): ${output.trim().split('\n').pop()}`
      : performance.now() - t0 > 15_000
        ? 's3rver not answering after 15 s'
        : null;
    if (fail) {
      await stop();
      fs.rmSync(stateDir, { recursive: true, force: true });
      throw new Error(fail);
    }
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return { pid: proc.pid, port, stop, stateDir };
    } catch {
      await sleep(20);
    }
  }
}
