/**
 * Prints a sync token for scripts and operators:
 *   npm run token -- --doc ID --role edit|view [--ttl 1h] [--name Ada]
 */
import { parseArgs } from 'node:util';
import { isValidDocId } from '../lib/doc-id';
import { loadOrCreateSecret } from '../lib/secret';
import { parseDuration, signSyncToken } from '../lib/tokens';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      doc: { type: 'string' },
      role: { type: 'string', default: 'edit' },
      ttl: { type: 'string', default: '1h' },
      name: { type: 'string' },
    },
  });
  if (!isValidDocId(values.doc)) throw new Error('--doc must match ^[A-Za-z0-9_-]{1,64}$');
  if (values.role !== 'edit' && values.role !== 'view') throw new Error('--role must be edit or view');
  const secret = loadOrCreateSecret(process.env.DATA_DIR ?? './data');
  const token = await signSyncToken(
    secret,
    { doc: values.doc, role: values.role, name: values.name },
    parseDuration(values.ttl ?? '1h'),
  );
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
