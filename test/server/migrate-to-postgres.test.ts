/**
 * `npm run migrate-to-postgres` (the compiled script, as operators run it):
 * a SQLite data directory with documents, a compacted log and a deleted
 * document moves into PostgreSQL, and a PostgreSQL-backed server then serves
 * exactly the same content, titles and tombstones.
 */
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PostgresCatalogue } from '../../lib/catalogue';
import { createDocument } from '../../lib/documents';
import { startSyncServer } from '../../server/bootstrap';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../../server/limits';
import { silentLogger } from '../../server/log';
import { cleanup, connectClient, onCleanup, SECRET, startServer, text, upgradeStatus } from './helpers';
import { TEST_DATABASE_URL, testSchema } from './pg';

afterEach(cleanup);

function runMigration(env: Record<string, string>) {
  return spawnSync(process.execPath, ['dist/scripts/migrate-to-postgres.js'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('migrate-to-postgres', () => {
  it('moves documents, compacted logs and tombstones, and refuses a second run', async () => {
    const sqlite = await startServer({ compactThreshold: 20 });
    const plan = createDocument(sqlite.db, { title: 'Plan' });
    const notes = createDocument(sqlite.db, { title: 'Notes' });
    const doomed = createDocument(sqlite.db, { title: 'Doomed' });
    const writer = connectClient(sqlite.url, plan.id, await sqlite.token(plan.id));
    await vi.waitFor(() => expect(writer.provider.synced).toBe(true));
    for (let i = 0; i < 50; i++) {
      writer.doc.getText('body').insert(i, String(i % 10)); // separate commits: the log is compacted (threshold 20)
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const other = connectClient(sqlite.url, notes.id, await sqlite.token(notes.id));
    other.doc.getText('body').insert(0, 'short notes');
    await vi.waitFor(() => expect(sqlite.storage.logLength(notes.id)).toBeGreaterThan(0));
    await vi.waitFor(() => expect(sqlite.server.registry.get(plan.id)?.doc.getText('body').length).toBe(50));
    expect((await sqlite.storage.load(plan.id)).snapshot).not.toBeNull();
    const planText = text(writer);
    writer.destroy();
    other.destroy();
    await sqlite.directory.markDeleted(doomed.id);
    await sqlite.storage.deleteDocument(doomed.id);
    await sqlite.stop();

    const schema = await testSchema();
    const env = { DATA_DIR: sqlite.dataDir, DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema.schema };
    const first = runMigration(env);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/done: 2 documents, 1 deleted/);

    const pg = await startSyncServer(
      {
        host: '127.0.0.1',
        port: 0,
        dataDir: sqlite.dataDir,
        authSecret: SECRET,
        maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
        logLevel: 'silent',
        databaseUrl: TEST_DATABASE_URL,
        databaseSchema: schema.schema,
      },
      silentLogger(),
    );
    onCleanup(() => pg.stop());
    const reader = connectClient(pg.server.url, plan.id, await sqlite.token(plan.id));
    const notesReader = connectClient(pg.server.url, notes.id, await sqlite.token(notes.id));
    await vi.waitFor(() => expect(text(reader)).toBe(planText));
    await vi.waitFor(() => expect(text(notesReader)).toBe('short notes'));
    const catalogue = new PostgresCatalogue(schema.pool());
    expect((await catalogue.list({ limit: 10 })).documents.map((d) => d.title).sort()).toEqual(['Notes', 'Plan']);
    expect((await catalogue.get(plan.id))?.viewId).toBe(plan.viewId);
    expect((await upgradeStatus(pg.server.url, `/${doomed.id}?token=${await sqlite.token(doomed.id)}`)).status).toBe(
      404,
    );
    // Edits continue the migrated sequence.
    reader.doc.getText('body').insert(0, '>');
    await vi.waitFor(() => expect(text(reader)).toBe(`>${planText}`));

    const again = runMigration(env);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already holds/);
  });
});
