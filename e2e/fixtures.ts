import { type BrowserContext, test as base, expect, type Page, type ViewportSize } from '@playwright/test';
import { EditorPage } from './pages/editor-page';
import { signIn, type TestAccount } from './support/accounts';
import { TandemApi } from './support/api';
import { ErrorGuard } from './support/error-guard';
import { PEOPLE, type PersonKey, presetIdentity } from './support/names';
import { type Stack, type StackOptions, type SyncServerControl, startStack } from './support/stack';

/** One person at their own browser: a context of its own (own storage, own identity) and one page. */
export interface Person {
  name: string;
  /** The person's account (signed in unless they came as a guest). */
  account: TestAccount;
  context: BrowserContext;
  page: Page;
  editor: EditorPage;
}

export interface PersonOptions {
  viewport?: ViewportSize;
  /** `prefers-color-scheme` of this person's browser; light unless a test asks. */
  colorScheme?: 'light' | 'dark';
  /** Not signed in: a guest arriving through a link (the account still exists, unused). */
  guest?: boolean;
}

type WorkerFixtures = {
  /** Environment overrides for this worker's stack, e.g. `test.use({ stackOptions: { env: {…} } })`. */
  stackOptions: StackOptions;
  /** The built app plus a real sync server on free ports with a fresh DATA_DIR, shared by a worker's tests. */
  stack: Stack;
};

type TestFixtures = {
  /** Who the default `context`/`page` is signed in as; null: nobody (a visitor without a session). */
  signInAs: PersonKey | null;
  /** Console errors a test expects (e.g. WebSocket failures while it has stopped the sync server). */
  allowedConsoleErrors: RegExp[];
  /** Fails the test on any page error or unexpected console error, in any context it opened. */
  errorGuard: ErrorGuard;
  api: TandemApi;
  /** The stack's sync server, to stop and start; running again after the test whatever happened. */
  syncServer: SyncServerControl;
  /** Opens a browser context for a person with a preset display name. */
  newPerson: (who: PersonKey | { name: string; color: string }, options?: PersonOptions) => Promise<Person>;
  twoPeople: { alice: Person; bob: Person };
  /** Three people on three tabs, each its own context so they talk only through the sync server. */
  threeTabs: [Person, Person, Person];
};

export const test = base.extend<TestFixtures, WorkerFixtures>({
  stackOptions: [{}, { scope: 'worker', option: true }],
  stack: [
    async ({ stackOptions }, use) => {
      const stack = await startStack(stackOptions);
      await use(stack);
      await stack.dispose();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ stack }, use) => {
    await use(stack.baseURL);
  },

  allowedConsoleErrors: [[], { option: true }],
  errorGuard: [
    async ({ allowedConsoleErrors }, use) => {
      const guard = new ErrorGuard(allowedConsoleErrors);
      await use(guard);
      // Runs after the contexts closed (they depend on the guard), so late errors count too.
      expect(guard.errors, 'page errors or console errors during the test').toEqual([]);
    },
    { auto: true },
  ],
  signInAs: ['alice', { option: true }],
  context: async ({ context, errorGuard, stack, signInAs }, use) => {
    errorGuard.watch(context);
    // The default `page` belongs to a signed-in person (Alice unless a test says otherwise).
    if (signInAs !== null) await signIn(context, stack.baseURL, await stack.accounts.ensure(PEOPLE[signInAs]));
    await use(context);
  },

  api: async ({ stack }, use) => {
    const api = new TandemApi(stack);
    await use(api);
    await api.dispose();
  },

  syncServer: async ({ stack }, use) => {
    await use(stack.syncServer);
    // Later tests share this stack: never leave it without its sync server.
    if (!stack.syncServer.running) await stack.syncServer.start();
  },

  newPerson: async ({ browser, baseURL, errorGuard, stack, api }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (who, options = {}) => {
      const user = typeof who === 'string' ? PEOPLE[who] : who;
      // Everyone is a signed-in account (made once per stack through an invite), and may edit this test's documents.
      const account = await stack.accounts.ensure(user);
      await api.grantCreated(account);
      const context = await browser.newContext({
        baseURL,
        viewport: options.viewport ?? { width: 1280, height: 800 },
        colorScheme: options.colorScheme ?? 'light',
      });
      contexts.push(context);
      errorGuard.watch(context);
      await presetIdentity(context, user);
      if (!options.guest) await signIn(context, stack.baseURL, account);
      const page = await context.newPage();
      return { name: user.name, account, context, page, editor: new EditorPage(page) };
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
  twoPeople: async ({ newPerson }, use) => {
    await use({ alice: await newPerson('alice'), bob: await newPerson('bob') });
  },
  threeTabs: async ({ newPerson }, use) => {
    await use([await newPerson('alice'), await newPerson('bob'), await newPerson('carol')]);
  },
});

export { expect };

/** Opens one document for several people, one after the other (as people would arrive). */
export async function openTogether(people: readonly Person[], id: string): Promise<void> {
  for (const person of people) await person.editor.goto(id);
}
