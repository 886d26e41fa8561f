// The Node.js runtime inside a worker process. It must be self-contained: pool.ts writes `runtimeMain`'s
// source into a CommonJS file and forks it, so the same code runs from the TypeScript sources and from dist
// without a build step of its own. It loads the handler module from the unpacked code directory (CommonJS or
// ESM), runs one invocation at a time as the parent asks over IPC, and reports logs over the same channel so
// they stay ordered with the result.

/** Messages between atoll and a worker. */
export type ToWorker = {
  type: 'invoke';
  id: string;
  event: string;
  deadline: number;
  invokedFunctionArn: string;
  clientContext?: string;
};
export type FromWorker =
  | { type: 'log'; id: string; line: string }
  | { type: 'result'; id: string; ok: true; payload: string }
  | { type: 'result'; id: string; ok: false; error: { errorType: string; errorMessage: string; trace: string[] } };

export function runtimeMain(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const nodePath = require('node:path') as typeof import('node:path');
  const nodeFs = require('node:fs') as typeof import('node:fs');
  const nodeUrl = require('node:url') as typeof import('node:url');
  const nodeUtil = require('node:util') as typeof import('node:util');
  const nodeModule = require('node:module') as typeof import('node:module');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const env = process.env;
  const taskRoot = env.LAMBDA_TASK_ROOT ?? process.cwd();
  const handlerSpec = env._HANDLER ?? '';
  let current: string | undefined;
  // Not a static import(): bundlers rewrite those, and this text runs as a plain CommonJS script.
  const dynamicImport = new Function('u', 'return import(u)') as (u: string) => Promise<Record<string, unknown>>;

  const send = (msg: unknown) => process.send?.(msg);
  const errorOf = (e: unknown, fallbackType = 'Error') => {
    if (e instanceof Error) {
      return {
        errorType: e.name || fallbackType,
        errorMessage: e.message,
        trace: (e.stack ?? '').split('\n'),
      };
    }
    return { errorType: fallbackType, errorMessage: typeof e === 'string' ? e : JSON.stringify(e), trace: [] };
  };
  const log = (level: string, args: unknown[]) => {
    const text = nodeUtil.format(...args);
    const line = `${new Date().toISOString()}\t${current ?? 'undefined'}\t${level}\t${text}`;
    if (current) send({ type: 'log', id: current, line });
    else process.stdout.write(line + '\n');
  };
  console.log = (...a: unknown[]) => log('INFO', a);
  console.info = (...a: unknown[]) => log('INFO', a);
  console.warn = (...a: unknown[]) => log('WARN', a);
  console.error = (...a: unknown[]) => log('ERROR', a);
  console.debug = (...a: unknown[]) => log('DEBUG', a);
  console.trace = (...a: unknown[]) => log('TRACE', a);

  class HandlerError extends Error {
    constructor(name: string, message: string) {
      super(message);
      this.name = name;
    }
  }

  let handlerPromise: Promise<(...args: unknown[]) => unknown> | undefined;
  const loadHandler = async () => {
    const dot = handlerSpec.lastIndexOf('.');
    if (dot <= 0) throw new HandlerError('Runtime.MalformedHandlerName', 'Bad handler');
    const modulePath = handlerSpec.slice(0, dot);
    const exportPath = handlerSpec.slice(dot + 1);
    const base = nodePath.resolve(taskRoot, modulePath);
    const candidates = ['.js', '.mjs', '.cjs'].map((ext) => base + ext);
    const file = candidates.find((f) => nodeFs.existsSync(f));
    if (!file) {
      throw new HandlerError(
        'Runtime.ImportModuleError',
        `Error: Cannot find module '${modulePath}'\nRequire stack:\n- ${__filename}`,
      );
    }
    let mod: Record<string, unknown>;
    let isEsm = file.endsWith('.mjs');
    if (file.endsWith('.js')) {
      try {
        const pkg = JSON.parse(nodeFs.readFileSync(nodePath.join(nodePath.dirname(file), 'package.json'), 'utf8')) as {
          type?: string;
        };
        isEsm = pkg.type === 'module';
      } catch {
        isEsm = false;
      }
    }
    try {
      if (isEsm) mod = await dynamicImport(nodeUrl.pathToFileURL(file).href);
      else mod = nodeModule.createRequire(file)(file) as Record<string, unknown>;
    } catch (e) {
      const err = errorOf(e);
      throw new HandlerError('Runtime.UserCodeSyntaxError', `${err.errorType}: ${err.errorMessage}`);
    }
    let fn: unknown = mod;
    for (const part of exportPath.split('.')) fn = (fn as Record<string, unknown> | undefined)?.[part];
    if (fn === undefined && isEsm) fn = (mod.default as Record<string, unknown> | undefined)?.[exportPath];
    if (typeof fn !== 'function') {
      throw new HandlerError('Runtime.HandlerNotFound', `${modulePath}.${exportPath} is undefined or not exported`);
    }
    return fn as (...args: unknown[]) => unknown;
  };

  const run = async (msg: ToWorker): Promise<FromWorker> => {
    handlerPromise ??= loadHandler();
    const handler = await handlerPromise;
    const event = JSON.parse(msg.event) as unknown;
    return new Promise<FromWorker>((resolve) => {
      let settled = false;
      const finish = (err: unknown, result?: unknown) => {
        if (settled) return;
        settled = true;
        if (err !== undefined && err !== null) {
          resolve({ type: 'result', id: msg.id, ok: false, error: errorOf(err) });
          return;
        }
        let payload: string;
        try {
          payload = JSON.stringify(result === undefined ? null : result);
        } catch (e) {
          resolve({ type: 'result', id: msg.id, ok: false, error: errorOf(e, 'Runtime.MarshalError') });
          return;
        }
        resolve({ type: 'result', id: msg.id, ok: true, payload });
      };
      const context = {
        awsRequestId: msg.id,
        functionName: env.AWS_LAMBDA_FUNCTION_NAME,
        functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
        invokedFunctionArn: msg.invokedFunctionArn,
        memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
        logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
        logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
        callbackWaitsForEmptyEventLoop: true,
        clientContext: msg.clientContext ? (JSON.parse(msg.clientContext) as unknown) : undefined,
        getRemainingTimeInMillis: () => Math.max(0, msg.deadline - Date.now()),
        succeed: (r: unknown) => finish(null, r),
        fail: (e: unknown) => finish(e ?? new Error('handled')),
        done: (e: unknown, r: unknown) => finish(e, r),
      };
      try {
        const out = handler.length >= 3 ? handler(event, context, finish) : handler(event, context);
        if (out && typeof (out as Promise<unknown>).then === 'function') {
          (out as Promise<unknown>).then(
            (r) => finish(null, r),
            (e: unknown) => finish(e ?? new Error('null')),
          );
        } else if (handler.length < 3) {
          finish(null, out);
        }
      } catch (e) {
        finish(e);
      }
    });
  };

  // atoll gone (even by kill -9): the IPC channel closes; a worker must not outlive it, whatever the handler
  // left open (timers, keep-alive sockets).
  process.on('disconnect', () => process.exit(0));
  process.on('message', (raw) => {
    const msg = raw as ToWorker;
    if (msg.type !== 'invoke') return;
    current = msg.id;
    run(msg)
      .catch((e: unknown) => ({ type: 'result', id: msg.id, ok: false, error: errorOf(e) }) as FromWorker)
      .then((res) => {
        current = undefined;
        send(res);
      });
  });
  process.on('uncaughtException', (e) => {
    if (current) send({ type: 'result', id: current, ok: false, error: errorOf(e) });
    current = undefined;
  });
  process.on('unhandledRejection', (e) => {
    if (current) send({ type: 'result', id: current, ok: false, error: errorOf(e) });
    current = undefined;
  });
  send({ type: 'ready' });
}
