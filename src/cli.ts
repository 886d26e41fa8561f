#!/usr/bin/env node
// The atoll command: `atoll start` runs the server, `atoll env` prints what a shell needs to talk to it.
import { Command } from 'commander';
import { startAtoll, VERSION } from './atoll.js';
import { resolveConfig } from './config.js';
import { createLogger } from './logger.js';

const program = new Command();
program.name('atoll').description('A local AWS landing zone in one process.').version(VERSION);

program
  .command('start')
  .description('Start atoll and serve the AWS APIs until Ctrl-C / SIGTERM')
  .option('-p, --port <port>', 'port to listen on (env ATOLL_PORT, default 4566)')
  .option('--host <host>', 'address to bind (env ATOLL_HOST, default 127.0.0.1)')
  .option('--state-dir <dir>', 'directory for durable state (env ATOLL_STATE_DIR, default ./.atoll)')
  .option('--in-memory', 'keep state in memory only (env ATOLL_IN_MEMORY=1)')
  .action(async (opts: { port?: string; host?: string; stateDir?: string; inMemory?: boolean }) => {
    const config = resolveConfig({
      ...(opts.port !== undefined ? { port: Number(opts.port) } : {}),
      ...(opts.host !== undefined ? { host: opts.host } : {}),
      ...(opts.stateDir !== undefined ? { stateDir: opts.stateDir } : {}),
      ...(opts.inMemory ? { inMemory: true } : {}),
    });
    const logger = createLogger(config.logLevel);
    const atoll = await startAtoll({ ...config, logger });
    const where = config.inMemory ? 'in memory' : `in ${config.stateDir}`;
    process.stdout.write(`atoll ${VERSION} ready at ${atoll.endpoint} (state ${where})\n`);
    void logger.load();
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      atoll.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });

program
  .command('env')
  .description('Print the export lines that point AWS clients at atoll')
  .action(() => {
    const c = resolveConfig();
    const host = c.host === '0.0.0.0' ? '127.0.0.1' : c.host;
    const lines = [
      `export AWS_ENDPOINT_URL=http://${host.includes(':') ? `[${host}]` : host}:${c.port}`,
      `export AWS_ACCESS_KEY_ID=\${AWS_ACCESS_KEY_ID:-test}`,
      `export AWS_SECRET_ACCESS_KEY=\${AWS_SECRET_ACCESS_KEY:-test}`,
      `export AWS_DEFAULT_REGION=${c.defaultRegion}`,
      `export AWS_REGION=${c.defaultRegion}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  });

program
  .command('blueprint')
  .description("Run a blueprint (a seed's reference architecture): deploy, run its scenario, verify, destroy")
  .argument('[name]', 'blueprint name (omit to list them)')
  .argument('[action]', 'deploy | run | verify | destroy', 'verify')
  .option('--endpoint <url>', 'AWS endpoint (default: AWS_ENDPOINT_URL or the atoll this config points at)')
  .option('--region <region>', 'region (default: AWS_REGION or the default region)')
  .option('--aws', 'run against real AWS (no endpoint override)')
  .action(
    async (name: string | undefined, action: string, opts: { endpoint?: string; region?: string; aws?: boolean }) => {
      const { blueprintNames, loadBlueprint, runBlueprint } = await import('./blueprints/runner.js');
      if (!name) {
        for (const n of blueprintNames()) process.stdout.write(`${n}\t${(await loadBlueprint(n)).description}\n`);
        return;
      }
      if (!['deploy', 'run', 'verify', 'destroy'].includes(action)) throw new Error(`unknown action '${action}'`);
      const c = resolveConfig();
      const endpoint = opts.aws
        ? undefined
        : (opts.endpoint ?? process.env.AWS_ENDPOINT_URL ?? `http://${c.host}:${c.port}`);
      const region = opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? c.defaultRegion;
      const credentials =
        process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY
          ? { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY }
          : opts.aws
            ? undefined
            : { accessKeyId: 'test', secretAccessKey: 'test' };
      const result = await runBlueprint(name, action as 'deploy' | 'run' | 'verify' | 'destroy', {
        ...(endpoint ? { endpoint } : {}),
        region,
        ...(credentials ? { credentials } : {}),
      });
      if (result.checks?.some((ch) => !ch.ok)) process.exitCode = 1;
    },
  );

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`atoll: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
