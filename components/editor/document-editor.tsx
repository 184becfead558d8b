'use client';

import { EditorContent, useEditor } from '@tiptap/react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import type { LocalUser } from '@/components/presence/identity';
import { editorExtensions } from './extensions';
import { FindBar } from './find/find-bar';
import { FindExtension } from './find/find-extension';
import { ImageBubble } from './image/image-bubble';
import { useImageUpload } from './image/use-image-upload';
import { LinkPopover } from './link-popover';
import { ColourMenu } from './menus/colour-menu';
import { FormatBubble, focusBubble } from './menus/format-bubble';
import { LinkBubble } from './menus/link-bubble';
import { TableMenu } from './menus/table-menu';
import { ShortcutsDialog } from './shortcuts-dialog';
import { SlashCommand, SlashMenuStore } from './slash/slash-extension';
import { SlashMenu } from './slash/slash-menu';
import { TitleField } from './title-field';
import { Toolbar } from './toolbar';
import type { ToolbarPanel } from './toolbar-actions';
import { useShortcutHelp } from './use-shortcut-help';

export interface DocumentEditorProps {
  doc: Y.Doc;
  /** Null for a read-only copy that never syncs (shown after a schema mismatch). */
  provider: WebsocketProvider | null;
  user: LocalUser;
  readOnly: boolean;
  showToolbar: boolean;
  initialTitle: string;
  focusTitle: boolean;
  renderHeader: (title: ReactNode) => ReactNode;
  notice: ReactNode;
  /** The edit id, for image uploads; null for readers (who never upload). */
  docId: string | null;
  /** Content the schema cannot hold reached the editor's own check. */
  onContentError?: (reason: string) => void;
}

/**
 * The TipTap editor bound to one document. Mounted only once the document has
 * synced (so nothing typed before then can land in the wrong place) and keyed
 * by the document, so a new session gets a new editor rather than a rebound one.
 */
export function DocumentEditor(props: DocumentEditorProps) {
  const { doc, provider, user, readOnly, showToolbar, renderHeader, notice } = props;
  const [panel, setPanel] = useState<ToolbarPanel | null>(null);
  const [find, setFind] = useState<'find' | 'replace' | null>(null);
  const help = useShortcutHelp();
  const openLink = useRef<() => void>(() => {});
  const images = useImageUpload(props.docId);
  const pickImage = useRef<() => void>(() => {});
  const [slash] = useState(() => new SlashMenuStore());
  // Extensions are fixed for the editor's lifetime; later renames go through awareness below.
  const [extensions] = useState(() =>
    editorExtensions(doc, provider, { ...user, role: readOnly ? 'view' : 'edit' }, [
      FindExtension,
      SlashCommand.configure({ store: slash, onImage: () => pickImage.current() }),
      images.extension,
    ]),
  );
  const onContentError = useRef(props.onContentError);
  onContentError.current = props.onContentError;

  const editor = useEditor({
    immediatelyRender: false,
    editable: !readOnly,
    extensions,
    // Content that breaks the schema's rules is reported instead of silently "fixed" into the shared document.
    enableContentCheck: true,
    onContentError: ({ error }) => onContentError.current?.(error.message),
    editorProps: {
      attributes: {
        class: 'tandem-prose',
        'aria-label': 'Document text',
        'aria-multiline': 'true',
        role: 'textbox',
        'aria-readonly': String(readOnly),
      },
      handleKeyDown: (view, event) => {
        if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
          event.preventDefault();
          openLink.current();
          return true;
        }
        // Ctrl+F / Ctrl+H inside the text: our find bar (with the replace field for H). Handled here
        // rather than as a TipTap shortcut, which would also fire for Ctrl+Shift+H (highlight).
        const plainMod = (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
        if (plainMod && (event.key === 'f' || event.key === 'h')) {
          event.preventDefault();
          setFind(event.key === 'f' ? 'find' : 'replace');
          return true;
        }
        // Alt+F10, as in word processors: into the bubble menu at the selection (or link).
        if (event.altKey && event.key === 'F10' && focusBubble(view.dom)) {
          event.preventDefault();
          return true;
        }
        return false;
      },
    },
  });

  openLink.current = () => {
    if (editor?.isEditable) setPanel('link');
  };
  pickImage.current = () => {
    if (editor?.isEditable) images.pick(editor);
  };

  useEffect(() => {
    if (!editor) return;
    if (editor.isEditable === readOnly) editor.setEditable(!readOnly);
    editor.view.dom.setAttribute('aria-readonly', String(readOnly));
  }, [editor, readOnly]);

  // Renames travel in awareness, where CollaborationCaret and the presence bar read them.
  useEffect(() => {
    provider?.awareness.setLocalStateField('user', {
      name: user.name,
      color: user.color,
      id: user.id,
      role: readOnly ? 'view' : 'edit',
      clientId: provider.awareness.clientID,
    });
  }, [provider, user.name, user.color, user.id, readOnly]);

  const onPanel = (next: ToolbarPanel) => {
    if (next === 'find') setFind('find');
    else if (next === 'image') pickImage.current();
    else setPanel((current) => (current === next ? null : next));
  };

  return (
    <>
      {renderHeader(
        <TitleField
          doc={doc}
          initialTitle={props.initialTitle}
          autoFocus={props.focusTitle}
          readOnly={readOnly}
          onEnter={() => editor?.commands.focus('start')}
        />,
      )}
      {notice}
      {showToolbar && editor && (
        <div className="tandem-toolbar-row">
          <Toolbar editor={editor} onPanel={onPanel} onHelp={help.open} />
          {panel === 'link' && <LinkPopover editor={editor} onClose={() => setPanel(null)} />}
          {(panel === 'text-colour' || panel === 'highlight') && (
            <ColourMenu editor={editor} kind={panel} onClose={() => setPanel(null)} />
          )}
          <TableMenu editor={editor} />
        </div>
      )}
      {editor && find && <FindBar editor={editor} mode={find} onClose={() => setFind(null)} />}
      {images.ui}
      <main className="tandem-main">
        <div className="tandem-paper" data-testid="editor">
          {editor ? <EditorContent editor={editor} /> : <div className="tandem-paper--loading" aria-busy="true" />}
          {editor && (
            <>
              <LinkBubble editor={editor} onEdit={() => setPanel('link')} />
              <FormatBubble editor={editor} onLink={() => setPanel('link')} />
              <ImageBubble editor={editor} />
              <SlashMenu store={slash} />
            </>
          )}
        </div>
      </main>
      <ShortcutsDialog ref={help.dialog} />
    </>
  );
}
