import { expect, type Locator, type Page } from '@playwright/test';
// The editor's own list of toolbar labels: a renamed button fails the type check here.
import type { ToolbarLabel } from '../../components/editor/toolbar-actions';

/** The states of `data-testid="connection-status"`. */
export type ConnectionState = 'connecting' | 'saving' | 'saved' | 'offline' | 'denied';

/** A document's page `/d/<id>` and its link page `/s/<token>`, as a person uses them. */
export class EditorPage {
  /** The ProseMirror contenteditable inside the editor wrapper. */
  readonly prose: Locator;
  readonly title: Locator;
  readonly presence: Locator;
  readonly connectionStatus: Locator;
  readonly toolbar: Locator;
  readonly viewOnlyBanner: Locator;
  /** Remote carets' name labels (TipTap's CollaborationCaret classes). */
  readonly caretLabels: Locator;

  constructor(readonly page: Page) {
    this.prose = page.getByTestId('editor').locator('.ProseMirror');
    this.title = page.getByTestId('doc-title');
    this.presence = page.getByTestId('presence');
    this.connectionStatus = page.getByTestId('connection-status');
    this.toolbar = page.getByTestId('toolbar');
    this.viewOnlyBanner = page.getByTestId('view-only-banner');
    this.caretLabels = this.prose.locator('.collaboration-carets__label');
  }

  /** Opens a document for editing and waits until its content is on screen and the connection is up. */
  async goto(id: string): Promise<void> {
    await this.page.goto(`/d/${id}`);
    await this.waitReady();
  }

  /** Opens a document through its link (`/s/<link token>`, general access "anyone with the link"). */
  async gotoLink(linkToken: string): Promise<void> {
    await this.page.goto(`/s/${linkToken}`);
    await this.waitReady();
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.waitReady();
  }

  /** Ready means: the editor is mounted and has finished its first sync (no longer connecting). */
  async waitReady(): Promise<void> {
    await expect(this.prose).toBeVisible();
    await expect(this.connectionStatus).not.toHaveAttribute('data-state', 'connecting');
  }

  /**
   * Puts the caret at the very end of the document, with Ctrl+End as a person
   * would, and checks that it got there: ProseMirror learns of a native caret
   * move only from the next `selectionchange`, and a remote update applied in
   * between restores the caret to where ProseMirror last knew it.
   */
  async focusEnd(): Promise<void> {
    await this.prose.focus();
    await expect(async () => {
      await this.page.keyboard.press('Control+End');
      expect(await this.prose.evaluate(caretIsAtEnd), 'caret at the end of the document').toBe(true);
    }).toPass({ timeout: 5_000 });
  }

  /** Types at the end of the document, key by key, as a person would. */
  async typeText(text: string): Promise<void> {
    await this.focusEnd();
    await this.page.keyboard.type(text);
  }

  /** Starts a new paragraph at the end and types into it. */
  async typeParagraph(text: string): Promise<void> {
    await this.focusEnd();
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.type(text);
  }

  /**
   * The text of the blocks matching `selector` (top-level blocks by default), as
   * a reader sees it: remote carets are widgets *inside* the contenteditable, and
   * their name labels would otherwise read as part of the document.
   */
  async blocks(selector = ':scope > *'): Promise<string[]> {
    return this.prose.evaluate((root, blockSelector) => {
      return Array.from(root.querySelectorAll(blockSelector)).map((block) => {
        const copy = block.cloneNode(true) as Element;
        for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
        return (copy.textContent ?? '').replace(/\u00a0/g, ' ');
      });
    }, selector);
  }

  /** The document's text, one line per top-level block (paragraph, heading, list…), carets left out. */
  async content(): Promise<string> {
    return (await this.blocks()).join('\n').trim();
  }

  /** Waits until the document reads exactly `text` (blocks joined by newlines). */
  async expectContent(text: string, timeout?: number): Promise<void> {
    await expect.poll(() => this.content(), { timeout }).toBe(text);
  }

  async expectToContain(text: string, timeout?: number): Promise<void> {
    await expect.poll(() => this.content(), { timeout }).toContain(text);
  }

  async expectNotToContain(text: string): Promise<void> {
    await expect.poll(() => this.content()).not.toContain(text);
  }

  toolbarButton(label: ToolbarLabel): Locator {
    return this.toolbar.getByRole('button', { name: label, exact: true });
  }

  /** Display names of the other people shown in the presence bar. */
  async presenceNames(): Promise<string[]> {
    const names = await this.presence
      .getByTestId('presence-avatar')
      .evaluateAll((avatars) => avatars.map((avatar) => avatar.getAttribute('data-name') ?? ''));
    return names.sort();
  }

  async connectionState(): Promise<ConnectionState | null> {
    return (await this.connectionStatus.getAttribute('data-state')) as ConnectionState | null;
  }

  /** Waits until the server has acknowledged that every local change is durably stored. */
  async waitSaved(timeout?: number): Promise<void> {
    await expect(this.connectionStatus).toHaveAttribute('data-state', 'saved', { timeout });
  }

  async waitState(state: ConnectionState, timeout?: number): Promise<void> {
    await expect(this.connectionStatus).toHaveAttribute('data-state', state, { timeout });
  }
}

/** How many times `needle` occurs in `haystack`: "exactly once" is the point of several specs. */
export function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/**
 * In the page: whether the selection is a caret after the last character of
 * `root`, ignoring remote carets' labels. Waits a frame first, so ProseMirror
 * has handled the `selectionchange` of the key press before we look.
 */
async function caretIsAtEnd(root: Element): Promise<boolean> {
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  const selection = window.getSelection();
  if (selection === null || !selection.isCollapsed || !selection.focusNode || !root.contains(selection.focusNode)) {
    return false;
  }
  const rest = document.createRange();
  rest.setStart(selection.focusNode, selection.focusOffset);
  rest.setEnd(root, root.childNodes.length);
  const after = rest.cloneContents();
  for (const caret of after.querySelectorAll('.collaboration-carets__caret')) caret.remove();
  return (after.textContent ?? '') === '';
}
