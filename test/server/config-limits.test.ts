/** Every limit SECURITY.md lists is set by its environment variable, validated at start. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';

describe('limits from the environment', () => {
  it('reads each variable into its limit and leaves unset ones to the defaults', () => {
    const config = loadConfig({
      SYNC_MESSAGES_PER_SECOND: '50',
      SYNC_MESSAGE_BURST: '60',
      SYNC_BYTES_PER_SECOND: '1000000',
      SYNC_BYTE_BURST: '2000000',
      SYNC_MAX_BACKLOG_BYTES: '3000000',
      SYNC_HEARTBEAT_MS: '5000',
      SYNC_MAX_DOCUMENT_BYTES: '4000000',
      SYNC_MAX_AWARENESS_STATE_BYTES: '2048',
      SYNC_MAX_AWARENESS_ENTRIES: '16',
      SYNC_MAX_AWARENESS_CLIENTS: '2',
      SYNC_MAX_AWARENESS_ROOM_BYTES: '100000',
      SYNC_MAX_CONNECTIONS: '100',
      SYNC_MAX_CONNECTIONS_PER_ADDRESS: '10',
      SYNC_MAX_CONNECTIONS_PER_TOKEN: '3',
      SYNC_TRUSTED_PROXIES: '10.0.0.0/8',
      SYNC_HEADERS_TIMEOUT_MS: '2000',
      SYNC_REQUEST_TIMEOUT_MS: '3000',
      SYNC_MAX_HEADERS: '50',
      SYNC_MAX_HEADER_BYTES: '8192',
      SYNC_UNLOAD_GRACE_MS: '1000',
      SYNC_COMPACT_ROWS: '100',
      SYNC_COMPACT_BYTES: '1000000',
    });
    expect(config.limits).toEqual({
      messagesPerSecond: 50,
      messageBurst: 60,
      bytesPerSecond: 1_000_000,
      byteBurst: 2_000_000,
      maxBacklogBytes: 3_000_000,
      heartbeatMs: 5000,
      maxDocumentBytes: 4_000_000,
      maxAwarenessStateBytes: 2048,
      maxAwarenessEntries: 16,
      maxAwarenessClients: 2,
      maxAwarenessRoomBytes: 100_000,
    });
    expect(config.upgradeLimits).toEqual({
      maxConnections: 100,
      maxConnectionsPerAddress: 10,
      maxConnectionsPerToken: 3,
      trustedProxies: '10.0.0.0/8',
    });
    expect(config.http).toEqual({
      headersTimeoutMs: 2000,
      requestTimeoutMs: 3000,
      maxHeadersCount: 50,
      maxHeaderBytes: 8192,
    });
    expect([config.unloadGraceMs, config.compactRows, config.compactBytes]).toEqual([1000, 100, 1_000_000]);
    expect(loadConfig({}).limits).toEqual({});
  });

  it.each([
    ['SYNC_MAX_DOCUMENT_BYTES', '0'],
    ['SYNC_HEARTBEAT_MS', 'soon'],
    ['SYNC_MAX_CONNECTIONS_PER_TOKEN', '-1'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});

describe('SYNC_SQLITE_WRITER', () => {
  it('defaults to the event loop and accepts thread', () => {
    expect(loadConfig({}).sqliteWriter).toBe('event-loop');
    expect(loadConfig({ SYNC_SQLITE_WRITER: 'thread' }).sqliteWriter).toBe('thread');
  });

  it('refuses anything else at start, naming the variable', () => {
    expect(() => loadConfig({ SYNC_SQLITE_WRITER: 'worker' })).toThrow(/SYNC_SQLITE_WRITER/);
  });
});
