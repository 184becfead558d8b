import type { Locator } from '@playwright/test';
import { expect, openTogether, test } from './fixtures';

async function shape(table: Locator): Promise<number[]> {
  return table.locator('tr').evaluateAll((rows) => rows.map((row) => row.querySelectorAll('td, th').length));
}

test.describe('tables', () => {
  test('rows, columns, header row, merge and split, a paragraph below, and delete, for both people', async ({
    api,
    twoPeople: { alice, bob },
  }) => {
    const doc = await api.createDocument();
    await openTogether([alice, bob], doc.id);
    await alice.editor.focusEnd();
    await alice.editor.toolbarButton('Insert table').click();
    const aliceTable = alice.editor.prose.locator('table');
    const bobTable = bob.editor.prose.locator('table');
    await expect.poll(() => shape(bobTable)).toEqual([3, 3, 3]);
    const tableMenu = alice.page.getByRole('toolbar', { name: 'Table' });
    await expect(tableMenu).toBeVisible();
    await aliceTable.locator('tr').nth(1).locator('td').first().click();

    await tableMenu.getByRole('button', { name: 'Add row below' }).click();
    await expect.poll(() => shape(bobTable)).toEqual([3, 3, 3, 3]);
    await tableMenu.getByRole('button', { name: 'Add column after' }).click();
    await expect.poll(() => shape(bobTable)).toEqual([4, 4, 4, 4]);
    await tableMenu.getByRole('button', { name: 'Delete row' }).click();
    await tableMenu.getByRole('button', { name: 'Delete column' }).click();
    await expect.poll(() => shape(bobTable)).toEqual([3, 3, 3]);

    // Header row off and on again.
    await expect(bobTable.locator('th')).toHaveCount(3);
    await tableMenu.getByRole('button', { name: 'Header row' }).click();
    await expect(bobTable.locator('th')).toHaveCount(0);
    await tableMenu.getByRole('button', { name: 'Header row' }).click();
    await expect(bobTable.locator('th')).toHaveCount(3);

    // Merge two cells of the last row, then split them again.
    const lastRow = aliceTable.locator('tr').last();
    await lastRow.locator('td').nth(0).click();
    await lastRow
      .locator('td')
      .nth(1)
      .click({ modifiers: ['Shift'] });
    await tableMenu.getByRole('button', { name: 'Merge cells' }).click();
    await expect.poll(() => shape(bobTable)).toEqual([3, 3, 2]);
    await tableMenu.getByRole('button', { name: 'Split cell' }).click();
    await expect.poll(() => shape(bobTable)).toEqual([3, 3, 3]);

    // The table is the last block: there is a way to write below it.
    await tableMenu.getByRole('button', { name: 'Paragraph below table' }).click();
    await alice.page.keyboard.type('After the table');
    await expect.poll(async () => (await bob.editor.blocks()).at(-1)).toBe('After the table');

    await aliceTable.locator('td').first().click();
    await tableMenu.getByRole('button', { name: 'Delete table' }).click();
    await expect(bobTable).toHaveCount(0);
    await bob.editor.expectToContain('After the table');
  });
});
