import { expect, test } from './fixtures';
import { readSyncMetric } from './support/sync-metrics';

/**
 * One tab, one socket: the provider lives and dies with the editor component,
 * so leaving a document (by an in-app link, back/forward or a reload) never
 * leaves a connection open behind it. Counted where it matters, on the server.
 */
test('an editor tab holds exactly one connection, and leaving the document closes it', async ({
  api,
  newPerson,
  stack,
}) => {
  const connections = () => readSyncMetric(stack.syncHttpURL, 'tandem_sync_connections');
  // Earlier tests' tabs are closed; their sockets go as soon as the server sees the close.
  await expect.poll(connections).toBe(0);

  const alice = await newPerson('alice');
  const doc = await api.createDocument('Socket check');
  await alice.editor.goto(doc.id);
  await expect.poll(connections).toBe(1);

  await alice.editor.reload();
  await expect.poll(connections).toBe(1);

  // Client-side navigation to the dashboard unmounts the editor.
  await alice.page.getByRole('link', { name: 'Tandem: all documents' }).click();
  await expect(alice.page).toHaveURL(`${stack.baseURL}/`);
  await expect.poll(connections).toBe(0);

  await alice.page.goBack();
  await alice.editor.waitReady();
  await expect.poll(connections).toBe(1);

  await alice.context.close();
  await expect.poll(connections).toBe(0);
});
