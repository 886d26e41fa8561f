// Structured logging (pino) to stderr, so stdout carries only the ready line and command output.
// pino is loaded after atoll is ready (load()), keeping its ~50 ms import off the start-up path; lines logged
// before then are queued and written once it has loaded.
import type { Logger as PinoLogger } from 'pino';

type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  /** Loads pino and flushes queued lines; until then lines wait in memory. */
  load(): Promise<void>;
}

export function createLogger(level: string): Logger {
  let pinoLogger: PinoLogger | undefined;
  let loading: Promise<void> | undefined;
  const queue: Array<[Level, object, string | undefined]> = [];
  const write = (lvl: Level) => (obj: object, msg?: string) => {
    if (level === 'silent') return;
    if (pinoLogger) pinoLogger[lvl](obj, msg);
    else queue.push([lvl, obj, msg]);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    load: () =>
      (loading ??= (async () => {
        if (level === 'silent') return;
        const { pino } = await import('pino');
        pinoLogger = pino({ level, base: undefined }, pino.destination({ dest: 2, sync: false }));
        for (const [lvl, obj, msg] of queue.splice(0)) pinoLogger[lvl](obj, msg);
      })()),
  };
}
