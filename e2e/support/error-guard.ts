import type { BrowserContext, ConsoleMessage } from '@playwright/test';

/**
 * Collects uncaught page errors and `console.error` messages from every page of
 * every context a test opens, so the test fails on them even when what it
 * asserts looks right (a swallowed exception is often the first sign of a bug).
 */
export class ErrorGuard {
  private readonly collected: string[] = [];
  private readonly watched = new WeakSet<BrowserContext>();

  /** @param allowed messages a test expects, e.g. WebSocket failures while the sync server is down. */
  constructor(private readonly allowed: readonly RegExp[]) {
    if (!Array.isArray(allowed)) {
      // `test.use({ allowedConsoleErrors: [/a/, /b/] })` is read by Playwright as [value, options]: only /a/ arrives.
      throw new TypeError('allowedConsoleErrors must be an array of RegExp: for two or more, use allowConsoleErrors()');
    }
  }

  watch(context: BrowserContext): void {
    if (this.watched.has(context)) return;
    this.watched.add(context);
    context.on('weberror', (webError) => {
      const error = webError.error();
      this.record(`page error on ${webError.page()?.url() ?? '?'}: ${error.stack ?? error.message}`, error.message);
    });
    context.on('console', (message) => {
      if (message.type() !== 'error') return;
      this.record(`console.error on ${message.page()?.url() ?? '?'}: ${formatConsoleMessage(message)}`, message.text());
    });
  }

  /** Unexpected errors so far, each with the page it came from. */
  get errors(): readonly string[] {
    return this.collected;
  }

  private record(report: string, text: string): void {
    if (this.allowed.some((pattern) => pattern.test(text))) return;
    this.collected.push(report);
  }
}

function formatConsoleMessage(message: ConsoleMessage): string {
  const { url, lineNumber } = message.location();
  return url ? `${message.text()} (${url}:${lineNumber})` : message.text();
}

/** Chromium's messages when a WebSocket cannot connect or is refused, e.g. while the sync server is stopped. */
export const WEBSOCKET_FAILURES: readonly RegExp[] = [/WebSocket connection to '.*' failed/];

/**
 * The value for `test.use({ allowedConsoleErrors })`. Playwright reads an array
 * whose second element is an object as `[value, fixtureOptions]`, so a bare
 * `[/a/, /b/]` would silently keep only `/a/`; this wraps the list explicitly.
 */
export function allowConsoleErrors(...patterns: RegExp[]): [RegExp[], { scope: 'test' }] {
  return [patterns, { scope: 'test' }];
}
