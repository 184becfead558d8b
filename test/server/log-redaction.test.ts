/**
 * Finding 11: a sync token in a URL is a credential. Whatever a log line
 * carries (a message, a field, an error's message or stack), the token's value
 * never reaches the log output.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteDirectory } from '../../server/directory';
import { createLogger } from '../../server/log';
import { cleanup, rawClient, SECRET, startServer, upgradeStatus } from './helpers';

afterEach(cleanup);

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('log redaction', () => {
  it('replaces the value of token= in every part of a line', () => {
    const { lines, stream } = capture();
    const log = createLogger('trace', stream);
    const secret = 'eyJhbGciOiJIUzI1NiJ9.eyJkb2MiOiJ4In0.c2lnbmF0dXJl';
    log.info({ url: `/doc?token=${secret}&ack=1` }, `GET /doc?token=${secret}`);
    log.error({ err: new Error(`failed for ws://h/doc?ack=1&token=${secret}`) }, 'upgrade failed');
    log.warn(`Authorization: Bearer ${secret}`);
    const text = lines.join('');
    expect(lines).toHaveLength(3);
    expect(text).not.toContain(secret);
    expect(text).toContain('token=[redacted]');
    expect(text).toContain('Bearer [redacted]');
    expect(text).toContain('ack=1');
  });

  it('logs no token while serving, refusing and failing upgrades', async () => {
    const { lines, stream } = capture();
    const t = await startServer({ log: createLogger('trace', stream) });
    const token = await t.token('redact');
    const client = await rawClient(t.url, 'redact', token);
    client.ws.close();
    await upgradeStatus(t.url, `/other?token=${token}`);
    await upgradeStatus(t.url, `/redact?token=${token}x`);
    // A failure deep in the upgrade (the directory throws with the request in its message).
    const resolve = SqliteDirectory.prototype.resolve;
    SqliteDirectory.prototype.resolve = async () => {
      throw new Error(`lookup failed for /redact?token=${token}`);
    };
    try {
      expect((await upgradeStatus(t.url, `/redact?token=${token}`)).status).toBe(500);
    } finally {
      SqliteDirectory.prototype.resolve = resolve;
    }
    await t.stop();
    const text = lines.join('');
    expect(text).toContain('upgrade');
    expect(text).not.toContain(token);
    expect(text).not.toContain(SECRET);
  });
});
