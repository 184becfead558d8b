import { appStore } from '../db/app-db';
import { readAccountConfig } from './config';
import { pendingSetupToken, setupUrl } from './setup';

/** Prints the setup link while no account exists; silent afterwards. Never stops the server. */
export async function announceSetup(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const token = await pendingSetupToken((await appStore(env)).permissions);
    if (token === null) return;
    const base = readAccountConfig(env).publicUrl ?? `http://localhost:${env.PORT || '3000'}`;
    console.log(
      [
        '',
        '  Tandem has no accounts yet. Create the owner account (this link works once):',
        `  ${setupUrl(base, token)}`,
        '  (On another host or port, keep the path: /setup?token=…)',
        '',
      ].join('\n'),
    );
  } catch (error) {
    console.error('[setup] could not check for the first account', error);
  }
}
