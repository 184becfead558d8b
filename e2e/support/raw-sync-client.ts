import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/** y-websocket message types (the first varUint of every frame). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_SAVED = 100;

/** y-protocols/auth: the only auth message type, carrying a reason string. */
const AUTH_PERMISSION_DENIED = 0;

export interface ReceivedFrame {
  type: number;
  /** For auth frames: the permission-denied reason. */
  reason?: string;
}

/**
 * A hand-rolled sync client, built from y-protocols rather than WebsocketProvider,
 * so a test controls exactly which frames go out and sees every frame that
 * comes back (a stock provider hides auth refusals behind a console warning).
 */
export class RawSyncClient {
  readonly doc = new Y.Doc();
  readonly frames: ReceivedFrame[] = [];
  private synced = false;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => this.receive(new Uint8Array(data)));
    // Our own edits go to the server as sync updates, exactly as a provider would send them.
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      this.socket.send(encoding.toUint8Array(encoder));
    });
  }

  /** Opens `ws://…/<room>?token=…`, sends sync step 1 and resolves once the socket is open. */
  static async connect(syncURL: string, room: string, token: string): Promise<RawSyncClient> {
    const socket = new WebSocket(`${syncURL}/${encodeURIComponent(room)}?token=${encodeURIComponent(token)}`);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`upgrade refused with HTTP ${response.statusCode}`)),
      );
    });
    const client = new RawSyncClient(socket);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, client.doc);
    socket.send(encoding.toUint8Array(encoder));
    return client;
  }

  /** True once the server's sync step 2 (its whole state) has been applied. */
  get isSynced(): boolean {
    return this.synced;
  }

  get permissionDenials(): string[] {
    return this.frames.filter((frame) => frame.type === MESSAGE_AUTH).map((frame) => frame.reason ?? '');
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }

  private receive(frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MESSAGE_SYNC);
      const syncType = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
      if (syncType === syncProtocol.messageYjsSyncStep2) this.synced = true;
      if (encoding.length(reply) > 1) this.socket.send(encoding.toUint8Array(reply));
      this.frames.push({ type });
    } else if (type === MESSAGE_AUTH) {
      const authType = decoding.readVarUint(decoder);
      this.frames.push({ type, reason: authType === AUTH_PERMISSION_DENIED ? decoding.readVarString(decoder) : '' });
    } else {
      this.frames.push({ type });
    }
  }
}
