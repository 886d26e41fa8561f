// Structured logging (pino) to stderr, so stdout carries only the ready line and command output.
import { pino } from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({ level, base: undefined }, pino.destination({ dest: 2, sync: false }));
}
