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

/**
 * A signed-in person for route tests: an account made the way the app makes
 * them (better-auth, the DATA_DIR database) and its session cookie.
 */
export interface TestUser {
  id: string;
  email: string;
  cookie: string;
}

let accounts = 0;

export async function createTestUser(name = 'Tess Tester', options: { admin?: boolean } = {}): Promise<TestUser> {
  const { appStore } = await import('@/lib/db/app-db');
  const { createAccount } = await import('@/lib/auth/accounts');
  const { auth, permissions } = await appStore();
  accounts += 1;
  const email = `user${accounts}-${Date.now()}@example.test`;
  const { userId, setCookies } = await createAccount(
    auth,
    permissions,
    { name, email, password: 'correct horse battery' },
    options,
  );
  const cookie = setCookies.map((header) => header.split(';')[0]).join('; ');
  return { id: userId, email, cookie };
}

/** A request carrying a person's session cookie. */
export function userRequest(user: TestUser | null, method: string, path: string, body?: unknown): Request {
  const request = jsonRequest(method, path, body);
  if (user) request.headers.set('cookie', user.cookie);
  return request;
}
