import type { APIRequestContext } from '@playwright/test';
import type { DocumentRecord } from '../../lib/documents';
import { type Role, signSyncToken } from '../../lib/tokens';
import type { Stack } from './stack';

/**
 * The app's HTTP API as a test uses it: creating documents through the same
 * route the "New document" button calls, and minting tokens for crafted clients
 * with the stack's secret (what a leaked or forged link would carry).
 */
export class TandemApi {
  constructor(
    private readonly request: APIRequestContext,
    private readonly stack: Stack,
  ) {}

  async createDocument(title?: string): Promise<DocumentRecord> {
    const response = await this.request.post(`${this.stack.baseURL}/api/docs`, {
      data: title === undefined ? {} : { title },
    });
    if (response.status() !== 201) {
      throw new Error(`POST /api/docs answered ${response.status()}: ${await response.text()}`);
    }
    return (await response.json()) as DocumentRecord;
  }

  /** Deletes a document through the app, which also closes its live connections on the sync server. */
  async deleteDocument(id: string): Promise<void> {
    const response = await this.request.delete(`${this.stack.baseURL}/api/docs/${id}`);
    if (!response.ok())
      throw new Error(`DELETE /api/docs/${id} answered ${response.status()}: ${await response.text()}`);
  }

  /** A sync token for `room` (a document id or a view id), signed like the app signs them. */
  mintSyncToken(room: string, role: Role, options: { name?: string; ttlSeconds?: number } = {}): Promise<string> {
    return signSyncToken(this.stack.secret, { doc: room, role, name: options.name }, options.ttlSeconds ?? 300);
  }
}
