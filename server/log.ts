import { type Logger, pino } from 'pino';
import type { LogLevel } from './config';

export type { Logger };

/** JSON logs on stdout; one child logger per module (`log.child({ module: 'room' })`). */
export function createLogger(level: LogLevel = 'info'): Logger {
  return pino({ level, base: { service: 'tandem-sync' } });
}

/** For tests and embedding: a logger that writes nothing. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
