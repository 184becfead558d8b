import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from './config';

export type { Logger };

/**
 * A sync token travels in the WebSocket URL (`?token=…`) and admin tokens in
 * `Authorization: Bearer …`. Code logs paths without the query, but an error
 * from a library or a future log call may still carry a URL or header in its
 * message or stack: every line is scrubbed on its way out, whatever field holds it.
 */
const CREDENTIALS = /(token=|Bearer\s+)[^&\s"\\]+/g;

export function redactCredentials(line: string): string {
  return line.replace(CREDENTIALS, '$1[redacted]');
}

/** JSON logs on stdout (or `destination`); one child logger per module (`log.child({ module: 'room' })`). */
export function createLogger(level: LogLevel = 'info', destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'tandem-sync' }, hooks: { streamWrite: redactCredentials } };
  return destination ? pino(options, destination) : pino(options);
}

/** For tests and embedding: a logger that writes nothing. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
