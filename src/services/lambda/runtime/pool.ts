// Warm pool of isolated worker processes running handlers (never atoll's own event loop). A worker belongs to
// one function version's code and configuration (its key); it runs one invocation at a time and is reused while
// warm. Timeouts and crashes kill the worker; idle workers are reaped after a while.
import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runtimeMain, type FromWorker, type ToWorker } from './bootstrap.js';

export interface WorkerSpec {
  /** Workers are shared only between invocations with the same key (function version + revision + code). */
  key: string;
  codeDir: string;
  handler: string;
  env: Record<string, string>;
  memoryMb: number;
}

export interface InvokeRequest {
  id: string;
  event: string;
  timeoutMs: number;
  invokedFunctionArn: string;
  clientContext?: string;
}

export interface InvokeOutcome {
  ok: boolean;
  /** JSON text: the handler's result, or the error object Lambda returns for a function error. */
  payload: string;
  logs: string[];
  durationMs: number;
  maxMemoryMb: number;
}

interface Worker {
  key: string;
  proc: ChildProcess;
  lastUsed: number;
  /** Receives messages and stdout/stderr lines for the current invocation. */
  onMessage?: (msg: FromWorker) => void;
  onOutput?: (line: string) => void;
  onExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

const IDLE_MS = 5 * 60_000;
const INIT_TIMEOUT_MS = 10_000;

function bootstrapFile(): string {
  // esbuild (vitest) may wrap functions with __name(); give it a no-op so the text also runs as plain JS.
  const source = `"use strict";\nvar __name = (f) => f;\n(${runtimeMain.toString()})();\n`;
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const file = path.join(os.tmpdir(), `atoll-lambda-runtime-${hash}.cjs`);
  if (!existsSync(file)) {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, source);
    renameSync(tmp, file);
  }
  return file;
}

export class WorkerPool {
  private readonly idle = new Map<string, Worker[]>();
  private readonly live = new Set<Worker>();
  private readonly file = bootstrapFile();
  private readonly reaper: NodeJS.Timeout;
  private closed = false;

  constructor() {
    this.reaper = setInterval(() => this.reap(), 30_000);
    this.reaper.unref();
  }

  /** Number of worker processes alive (health). */
  size(): number {
    return this.live.size;
  }

  async invoke(spec: WorkerSpec, req: InvokeRequest): Promise<InvokeOutcome> {
    const started = Date.now();
    const logs: string[] = [];
    let worker: Worker;
    try {
      worker = this.takeIdle(spec.key) ?? (await this.spawn(spec, logs));
    } catch (e) {
      return failure('Runtime.ExitError', `RequestId: ${req.id} Error: ${(e as Error).message}`, logs, started);
    }
    return new Promise<InvokeOutcome>((resolve) => {
      let done = false;
      const finish = (outcome: InvokeOutcome, keep: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        worker.onMessage = worker.onOutput = worker.onExit = undefined;
        if (keep && !this.closed) this.release(worker);
        else this.kill(worker);
        resolve(outcome);
      };
      const timer = setTimeout(() => {
        const secs = (req.timeoutMs / 1000).toFixed(2);
        logs.push(`${new Date().toISOString()} ${req.id} Task timed out after ${secs} seconds`);
        finish(
          failure(
            'Sandbox.Timedout',
            `RequestId: ${req.id} Error: Task timed out after ${secs} seconds`,
            logs,
            started,
          ),
          false,
        );
      }, req.timeoutMs);
      worker.onOutput = (line) => logs.push(line);
      worker.onMessage = (msg) => {
        if (msg.id !== req.id) return;
        if (msg.type === 'log') {
          logs.push(msg.line);
          return;
        }
        const memory = Math.round(process.memoryUsage().rss / 1048576 / 4);
        if (msg.ok) {
          finish({ ok: true, payload: msg.payload, logs, durationMs: Date.now() - started, maxMemoryMb: memory }, true);
        } else {
          const errorJson = JSON.stringify(msg.error);
          logs.push(`${new Date().toISOString()}\t${req.id}\tERROR\tInvoke Error \t${errorJson}`);
          finish({ ok: false, payload: errorJson, logs, durationMs: Date.now() - started, maxMemoryMb: memory }, true);
        }
      };
      worker.onExit = (code, signal) => {
        const status = signal ? `signal: ${signal}` : `exit status ${code ?? 0}`;
        finish(
          failure(
            'Runtime.ExitError',
            `RequestId: ${req.id} Error: Runtime exited with error: ${status}`,
            logs,
            started,
          ),
          false,
        );
      };
      const msg: ToWorker = {
        type: 'invoke',
        id: req.id,
        event: req.event,
        deadline: Date.now() + req.timeoutMs,
        invokedFunctionArn: req.invokedFunctionArn,
        ...(req.clientContext ? { clientContext: req.clientContext } : {}),
      };
      worker.proc.send(msg);
    });
  }

  /** Kills the idle workers whose key starts with `prefix` (a function changed or was deleted). */
  discard(prefix: string): void {
    for (const [key, list] of this.idle) {
      if (!key.startsWith(prefix)) continue;
      for (const w of list) this.kill(w);
      this.idle.delete(key);
    }
  }

  close(): void {
    this.closed = true;
    clearInterval(this.reaper);
    for (const w of [...this.live]) this.kill(w);
    this.idle.clear();
  }

  private takeIdle(key: string): Worker | undefined {
    const list = this.idle.get(key);
    const w = list?.pop();
    if (list && list.length === 0) this.idle.delete(key);
    return w;
  }

  private release(w: Worker): void {
    w.lastUsed = Date.now();
    const list = this.idle.get(w.key) ?? [];
    list.push(w);
    this.idle.set(w.key, list);
  }

  private kill(w: Worker): void {
    this.live.delete(w);
    const list = this.idle.get(w.key);
    if (list) {
      const i = list.indexOf(w);
      if (i !== -1) list.splice(i, 1);
      if (list.length === 0) this.idle.delete(w.key);
    }
    if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
  }

  private reap(): void {
    const cutoff = Date.now() - IDLE_MS;
    for (const list of [...this.idle.values()]) for (const w of [...list]) if (w.lastUsed < cutoff) this.kill(w);
  }

  private spawn(spec: WorkerSpec, logs: string[]): Promise<Worker> {
    if (this.closed) return Promise.reject(new Error('atoll is shutting down'));
    const proc = fork(this.file, [], {
      cwd: spec.codeDir,
      env: spec.env,
      execArgv: [`--max-old-space-size=${Math.max(64, spec.memoryMb)}`],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    const worker: Worker = { key: spec.key, proc, lastUsed: Date.now() };
    this.live.add(worker);
    const lines = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line) (worker.onOutput ?? ((l) => logs.push(l)))(line);
    };
    proc.stdout?.on('data', lines);
    proc.stderr?.on('data', lines);
    proc.on('message', (m) => worker.onMessage?.(m as FromWorker));
    proc.on('error', () => undefined);
    return new Promise<Worker>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill(worker);
        reject(new Error('Runtime failed to start within 10 seconds'));
      }, INIT_TIMEOUT_MS);
      const onReady = (m: unknown) => {
        if ((m as { type?: string }).type !== 'ready') return;
        clearTimeout(timer);
        proc.off('message', onReady);
        resolve(worker);
      };
      proc.on('message', onReady);
      proc.on('exit', (code, signal) => {
        this.live.delete(worker);
        clearTimeout(timer);
        if (worker.onExit) worker.onExit(code, signal);
        else {
          this.kill(worker);
          reject(new Error(`Runtime exited with error: exit status ${code ?? 0}`));
        }
      });
    });
  }
}

function failure(errorType: string, errorMessage: string, logs: string[], started: number): InvokeOutcome {
  return {
    ok: false,
    payload: JSON.stringify({ errorType, errorMessage }),
    logs,
    durationMs: Date.now() - started,
    maxMemoryMb: 0,
  };
}
