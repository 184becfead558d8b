/**
 * Runs once when the web app's server starts (`npm start`, `next start`):
 * on a fresh instance, prints the one-time setup link that creates the owner
 * account (lib/auth/setup.ts).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { announceSetup } = await import('./lib/auth/announce-setup');
  await announceSetup();
}
