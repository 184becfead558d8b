import type { Extensions } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { TableKit } from '@tiptap/extension-table';
import { Placeholder } from '@tiptap/extensions';
import StarterKit from '@tiptap/starter-kit';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { isColor, type LocalUser, readableTextColor } from '@/components/presence/identity';
import { CONTENT_FIELD } from '@/lib/doc-model';
import { isSafeLinkHref } from './link-href';

/**
 * The editor's schema and behaviour. History is the Collaboration extension's
 * Yjs undo manager (StarterKit's own `undoRedo` is off): it only tracks this
 * client's transactions, so undo never removes someone else's text.
 */
export function editorExtensions(doc: Y.Doc, provider: WebsocketProvider, user: LocalUser): Extensions {
  return [
    StarterKit.configure({
      undoRedo: false,
      heading: { levels: [1, 2, 3] },
      // Off: two clients that each append a trailing paragraph at the same time
      // leave duplicate empty paragraphs behind in the shared document.
      trailingNode: false,
      link: {
        openOnClick: false,
        autolink: true,
        defaultProtocol: 'https',
        // Links arrive from other people's clients too: only http(s) and mailto
        // are ever rendered, so a `javascript:` href can't run in a reader's tab.
        isAllowedUri: (url) => isSafeLinkHref(url),
      },
    }),
    TaskList,
    TaskItem.configure({ nested: true }),
    TableKit.configure({ table: { resizable: false } }),
    Placeholder.configure({ placeholder: 'Start writing…' }),
    Collaboration.configure({ document: doc, field: CONTENT_FIELD }),
    CollaborationCaret.configure({ provider, user: { name: user.name, color: user.color }, render: renderCaret }),
  ];
}

/**
 * A remote caret with its name label. Same classes as TipTap's default, plus a
 * text colour that stays readable on the person's colour. Names come from
 * other clients, so they are inserted as text, never as HTML.
 */
function renderCaret(user: Record<string, unknown>): HTMLElement {
  const color = isColor(user.color) ? user.color : '#5f6368';
  const name = typeof user.name === 'string' && user.name.trim() !== '' ? user.name.slice(0, 60) : 'Someone';
  const caret = document.createElement('span');
  caret.classList.add('collaboration-carets__caret');
  caret.style.borderColor = color;
  const label = document.createElement('div');
  label.classList.add('collaboration-carets__label');
  label.style.backgroundColor = color;
  label.style.color = readableTextColor(color);
  label.textContent = name;
  caret.append(label);
  return caret;
}
