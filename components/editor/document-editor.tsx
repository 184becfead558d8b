'use client';

import { EditorContent, useEditor } from '@tiptap/react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { LocalUser } from '@/components/presence/identity';
import { editorExtensions } from './extensions';
import { LinkPopover } from './link-popover';
import { ShortcutsDialog } from './shortcuts-dialog';
import { TitleField } from './title-field';
import { Toolbar } from './toolbar';
import type { CollaborationSession } from './use-collaboration';
import { useShortcutHelp } from './use-shortcut-help';

interface DocumentEditorProps {
  session: CollaborationSession;
  user: LocalUser;
  readOnly: boolean;
  showToolbar: boolean;
  synced: boolean;
  initialTitle: string;
  focusTitle: boolean;
  renderHeader: (title: ReactNode) => ReactNode;
  notice: ReactNode;
}

/**
 * The TipTap editor bound to one session. Mounted only once the provider
 * exists (CollaborationCaret needs it at creation) and keyed by the session,
 * so a new session gets a new editor rather than a rebound one.
 */
export function DocumentEditor({
  session,
  user,
  readOnly,
  showToolbar,
  synced,
  initialTitle,
  focusTitle,
  renderHeader,
  notice,
}: DocumentEditorProps) {
  const [linkOpen, setLinkOpen] = useState(false);
  const help = useShortcutHelp();
  const openLink = useRef<() => void>(() => {});
  // Extensions are fixed for the editor's lifetime; later renames go through awareness below.
  const [extensions] = useState(() => editorExtensions(session.doc, session.provider, user));

  const editor = useEditor({
    immediatelyRender: false,
    editable: !readOnly,
    extensions,
    editorProps: {
      attributes: {
        class: 'tandem-prose',
        'aria-label': 'Document text',
        'aria-multiline': 'true',
        role: 'textbox',
      },
      handleKeyDown: (_view, event) => {
        if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
          event.preventDefault();
          openLink.current();
          return true;
        }
        return false;
      },
    },
  });

  openLink.current = () => {
    if (editor?.isEditable && (!editor.state.selection.empty || editor.isActive('link'))) setLinkOpen(true);
  };

  useEffect(() => {
    if (editor && editor.isEditable === readOnly) editor.setEditable(!readOnly);
  }, [editor, readOnly]);

  // Renames travel in awareness, where CollaborationCaret and the presence bar read them.
  useEffect(() => {
    session.provider.awareness.setLocalStateField('user', { name: user.name, color: user.color });
  }, [session, user.name, user.color]);

  return (
    <>
      {renderHeader(
        <TitleField
          doc={session.doc}
          synced={synced}
          initialTitle={initialTitle}
          autoFocus={focusTitle}
          readOnly={readOnly}
          onEnter={() => editor?.commands.focus('start')}
        />,
      )}
      {notice}
      {showToolbar && editor && (
        <div className="tandem-toolbar-row">
          <Toolbar editor={editor} onLink={() => openLink.current()} onHelp={help.open} />
          {linkOpen && <LinkPopover editor={editor} onClose={() => setLinkOpen(false)} />}
        </div>
      )}
      <main className="tandem-main">
        <div className="tandem-paper" data-testid="editor">
          {editor ? <EditorContent editor={editor} /> : <div className="tandem-paper--loading" aria-busy="true" />}
        </div>
      </main>
      <ShortcutsDialog ref={help.dialog} />
    </>
  );
}
