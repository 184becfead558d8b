/**
 * The browser side of accounts: plain fetches to better-auth's endpoints and
 * our own account routes (no client library needed for four calls).
 */
export class AccountRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AccountRequestError';
  }
}

async function post(path: string, body: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new AccountRequestError(0, 'Cannot reach the server. Check your connection and try again.');
  }
  const parsed = (await response.json().catch(() => null)) as {
    message?: string;
    error?: { message?: string };
  } | null;
  if (!response.ok) {
    const message = parsed?.error?.message ?? parsed?.message ?? `Request failed (${response.status}).`;
    throw new AccountRequestError(response.status, message);
  }
  return parsed;
}

export async function signIn(email: string, password: string): Promise<void> {
  try {
    await post('/api/auth/sign-in/email', { email, password });
  } catch (error) {
    if (error instanceof AccountRequestError && error.status === 401) {
      throw new AccountRequestError(401, 'Wrong email or password.');
    }
    throw error;
  }
}

export async function signOut(): Promise<void> {
  await post('/api/auth/sign-out', {});
}

export async function setUp(input: { token: string; name: string; email: string; password: string }): Promise<void> {
  await post('/api/setup', input);
}

export async function signUp(input: { invite?: string; name: string; email: string; password: string }): Promise<void> {
  await post('/api/signup', input);
}

export async function createInvite(emailDomain?: string): Promise<{ path: string }> {
  return (await post('/api/invites', emailDomain ? { emailDomain } : {})) as { path: string };
}

export async function requestAccess(docId: string): Promise<void> {
  await post(`/api/docs/${encodeURIComponent(docId)}/access-requests`, {});
}
