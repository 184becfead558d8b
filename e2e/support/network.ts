import { createServer } from 'node:net';

/** Every server of the stack binds here; the app derives the sync URL from the page's hostname. */
export const HOST = '127.0.0.1';

/** A port that was free a moment ago: bind port 0, read what the kernel chose, release it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port of a probe socket'));
      });
    });
  });
}

export interface WaitForHttpOptions {
  /** Which responses count as "ready"; any HTTP response at all by default. */
  accept?: (status: number) => boolean;
  timeoutMs: number;
  /** Called between attempts; lets the caller give up early when its process has died. */
  stillAlive?: () => boolean;
  describe: () => string;
}

/** Polls `url` until it answers acceptably, the process dies, or time runs out. */
export async function waitForHttp(url: string, options: WaitForHttpOptions): Promise<void> {
  const accept = options.accept ?? (() => true);
  const deadline = Date.now() + options.timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (options.stillAlive && !options.stillAlive()) {
      throw new Error(`process died before ${url} answered\n${options.describe()}`);
    }
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (accept(response.status)) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} not ready after ${options.timeoutMs} ms (${last})\n${options.describe()}`);
}
