/**
 * `npm run admin -- <command>`: account chores for operators, on the same
 * database as the web app (DATA_DIR's SQLite file, or DATABASE_URL).
 *
 *   create-user --email E --name N [--password P] [--admin]   (a password is generated when none is given)
 *   reset-password --email E [--password P]
 *   list-users
 *   setup-link                                               (prints the first-start link again, if unused)
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createAccount, resetPassword } from '../lib/auth/accounts';
import { pendingSetupToken, setupUrl } from '../lib/auth/setup';
import { databaseFile, dataDir } from '../lib/data-dir';
import { type AppStore, openPostgresStore, openSqliteStore } from '../lib/db/open-store';
import { isPostgresUrl } from '../lib/db/postgres';

const USAGE = `usage: npm run admin -- create-user --email E --name N [--password P] [--admin]
       npm run admin -- reset-password --email E [--password P]
       npm run admin -- list-users
       npm run admin -- setup-link`;

function openStore(): Promise<AppStore> {
  const url = process.env.DATABASE_URL;
  return isPostgresUrl(url)
    ? openPostgresStore(url, process.env.DATABASE_SCHEMA || undefined)
    : openSqliteStore(databaseFile(dataDir()));
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      admin: { type: 'boolean', default: false },
    },
  });
  const command = positionals[0];
  if (!command || !['create-user', 'reset-password', 'list-users', 'setup-link'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  const store = await openStore();
  try {
    if (command === 'list-users') {
      for (const user of await store.permissions.users()) {
        console.log(`${user.email}\t${user.name}\t${user.role}\t${user.createdAt}`);
      }
      return 0;
    }
    if (command === 'setup-link') {
      const token = await pendingSetupToken(store.permissions);
      if (token === null) console.log('This Tandem already has accounts; there is no setup link.');
      else console.log(setupUrl(process.env.PUBLIC_URL || `http://localhost:${process.env.PORT || '3000'}`, token));
      return 0;
    }
    if (!values.email) {
      console.error(`--email is required\n${USAGE}`);
      return 2;
    }
    const generated = values.password === undefined;
    const password = values.password ?? randomBytes(12).toString('base64url');
    if (command === 'create-user') {
      if (!values.name) {
        console.error(`--name is required\n${USAGE}`);
        return 2;
      }
      const first = (await store.permissions.countUsers()) === 0;
      const { userId } = await createAccount(
        store.auth,
        store.permissions,
        { email: values.email, name: values.name, password },
        { admin: values.admin || first },
      );
      // The first account is the owner: it takes over documents from before accounts, as the setup link would.
      if (first) {
        const adopted = await store.permissions.adoptOrphans(userId);
        await store.permissions.setSetting('setup_token', null);
        if (adopted > 0) console.log(`${adopted} existing document(s) now belong to ${values.email}.`);
      }
      console.log(`created ${values.email}${values.admin || first ? ' (admin)' : ''}`);
    } else {
      const user = await store.permissions.userByEmail(values.email);
      if (!user) {
        console.error(`no account with the email address ${values.email}`);
        return 1;
      }
      await resetPassword(store.auth, user.id, password);
      console.log(`new password set for ${values.email}`);
    }
    if (generated) console.log(`password: ${password}`);
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`admin: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
