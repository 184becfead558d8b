/**
 * The client each server's users would use, opened from a load generator:
 * the stock y-websocket `WebsocketProvider` (Tandem, the reference, the relay;
 * always `disableBc: true`, or clients of one process would receive each
 * other's updates through BroadcastChannel and the latency would measure
 * nothing) and `HocuspocusProvider` (Hocuspocus), one socket per client.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { MESSAGE_SAVED } from '../components/editor/connection-tracker';
import { signSyncToken } from '../lib/tokens';

/** How a load generator reaches a running server (serialisable: it crosses the IPC channel). */
export interface Endpoint {
  client: 'y-websocket' | 'hocuspocus';
  /** One URL per server process; client n connects to urls[n % urls.length]. */
  urls: string[];
  /** Tandem: the AUTH_SECRET to sign one token per client with. */
  secret?: string;
  /** False for the relay: it never answers a sync step 1, so a lone client never syncs. */
  syncs: boolean;
}

export interface BenchClient {
  readonly awareness: Awareness;
  /** Times the server closed this client's connection (e.g. a rate limit); the provider reconnects. */
  closes(): number;
  destroy(): void;
}

/** A `ws` client that sends fixed headers (the per-address limit counts X-Forwarded-For from loopback). */
function websocketWith(headers: Record<string, string>): typeof globalThis.WebSocket {
  class HeaderWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  return HeaderWebSocket as unknown as typeof globalThis.WebSocket;
}

function opened(provider: WebsocketProvider, syncs: boolean): Promise<void> {
  return new Promise((done) => {
    if (syncs) {
      if (provider.synced) done();
      else provider.once('sync', (synced: boolean) => synced && done());
    } else if (provider.wsconnected) done();
    else provider.on('status', ({ status }: { status: string }) => status === 'connected' && done());
  });
}

/** What a client presents when it connects (Tandem: its own token and address), prepared ahead of timing. */
export interface Credentials {
  params: Record<string, string>;
  headers: Record<string, string>;
}

/**
 * Client number `n`'s credentials (unique within the run: it names the token
 * and the client address). Signing is the web app's work, not the sync
 * server's: joins are timed after it.
 */
export async function credentials(endpoint: Endpoint, room: string, n: number): Promise<Credentials> {
  const params: Record<string, string> = {};
  const headers: Record<string, string> = {};
  if (endpoint.secret !== undefined) {
    // One token and one address per client, as for real people: Tandem's per-token
    // and per-address connection limits stay out of the way (loopback is a trusted proxy).
    params.token = await signSyncToken(endpoint.secret, { doc: room, role: 'edit', name: `bench-${n}` }, 3600);
    // As Tandem's editor connects: with "saved" acknowledgements (the server sends one per committed batch).
    params.ack = '1';
    headers['x-forwarded-for'] = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  }
  return { params, headers };
}

/**
 * Opens client number `n` on `room`, bound to `doc`; resolves once synced
 * (connected for the relay).
 */
export async function openClient(
  endpoint: Endpoint,
  room: string,
  doc: Y.Doc,
  n: number,
  prepared?: Credentials,
): Promise<BenchClient> {
  const url = endpoint.urls[n % endpoint.urls.length]!;
  if (endpoint.client === 'hocuspocus') return openHocuspocus(url, room, doc);
  const { params, headers } = prepared ?? (await credentials(endpoint, room, n));
  const provider = new WebsocketProvider(url, room, doc, {
    WebSocketPolyfill: websocketWith(headers),
    params,
    disableBc: true,
  });
  // Tandem's "saved" acknowledgement (type 100): read, as the editor's ConnectionTracker does.
  if (endpoint.secret !== undefined)
    provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => void decoding.readVarUint8Array(decoder);
  let closes = 0;
  provider.on('connection-close', (event) => {
    if (event !== null) closes++;
  });
  await opened(provider, endpoint.syncs);
  return { awareness: provider.awareness, closes: () => closes, destroy: () => provider.destroy() };
}

function openHocuspocus(url: string, room: string, doc: Y.Doc): Promise<BenchClient> {
  return new Promise((done) => {
    let closes = 0;
    const websocketProvider = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
    const provider = new HocuspocusProvider({
      name: room,
      document: doc,
      websocketProvider,
      onClose: () => {
        closes++;
      },
      onSynced: () =>
        done({
          awareness: provider.awareness as Awareness,
          closes: () => closes,
          destroy: () => {
            provider.destroy();
            websocketProvider.destroy();
          },
        }),
    });
    // A socket passed in is not opened by the provider itself.
    provider.attach();
  });
}
