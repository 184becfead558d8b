import { expect, type Locator, type Page } from '@playwright/test';

/** The dashboard `/`: the document list, search, and the "New document" button. */
export class DashboardPage {
  readonly newDocumentButton: Locator;
  readonly documentList: Locator;
  readonly rows: Locator;
  readonly search: Locator;

  constructor(readonly page: Page) {
    this.newDocumentButton = page.getByTestId('new-document');
    this.documentList = page.getByTestId('document-list');
    this.rows = page.getByTestId('document-row');
    this.search = page.getByTestId('search');
  }

  async goto(): Promise<void> {
    await this.page.goto('/');
    await expect(this.newDocumentButton).toBeVisible();
  }

  /** Clicks "New document" and returns the id of the document the editor opened. */
  async createDocument(): Promise<string> {
    await this.newDocumentButton.click();
    await this.page.waitForURL((url) => /^\/d\/[A-Za-z0-9_-]{1,64}$/.test(url.pathname));
    const id = new URL(this.page.url()).pathname.split('/').pop();
    if (id === undefined || id === '') throw new Error(`no document id in ${this.page.url()}`);
    return id;
  }

  row(id: string): Locator {
    return this.rows.and(this.page.locator(`[data-id="${id}"]`));
  }
}
