/**
 * The document's stored content, rendered on the server (lib/preview), shown
 * read-only in the editor's place until the first sync. Nothing here can be
 * typed into, so no keystroke can land before the real content arrives.
 *
 * The HTML is produced by TipTap's static renderer from the editor's own
 * schema (every tag and attribute comes from an extension's renderHTML, all
 * text escaped), never from stored HTML, which is why it may be inserted.
 */
export function StoredPreview({ html }: { html: string }) {
  return (
    <main className="tandem-main">
      <p className="tandem-preview-note" role="status" data-testid="preview-connecting">
        Connecting… the document is read-only until it is up to date.
      </p>
      <div className="tandem-paper" data-testid="document-preview">
        {/* biome-ignore lint/a11y/useSemanticElements: rich text, like the editor's own contenteditable textbox */}
        <div
          className="tandem-prose"
          role="textbox"
          tabIndex={0}
          aria-label="Document text"
          aria-multiline="true"
          aria-readonly="true"
          // biome-ignore lint/security/noDangerouslySetInnerHtml: schema-rendered, escaped HTML (see above)
          dangerouslySetInnerHTML={{ __html: html }}
        />
      </div>
    </main>
  );
}
