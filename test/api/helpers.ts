import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh DATA_DIR per test file: `appDatabase()` reopens when DATA_DIR changes,
 * so route handlers called directly use a real SQLite file in a temp directory.
 */
export function useTempDataDir(): { readonly dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-api-'));
  const previous = process.env.DATA_DIR;
  process.env.DATA_DIR = dir;
  return {
    dir,
    cleanup() {
      if (previous === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = previous;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const BASE = 'http://localhost:3000';

export function jsonRequest(method: string, path: string, body?: unknown): Request {
  return new Request(`${BASE}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The `{ params }` argument Next passes to a dynamic route handler. */
export function routeParams(id: string): { params: Promise<{ id: string }> } {
  return { params: Promise.resolve({ id }) };
}

export interface ErrorBody {
  error: { code: string; message: string };
}
