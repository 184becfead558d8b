import type { Extensions } from '@tiptap/core';
import { getSchema } from '@tiptap/core';
import { CodeBlockLowlight } from '@tiptap/extension-code-block-lowlight';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { Emoji, emojis } from '@tiptap/extension-emoji';
import { Highlight } from '@tiptap/extension-highlight';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { Subscript } from '@tiptap/extension-subscript';
import { Superscript } from '@tiptap/extension-superscript';
import { TableKit } from '@tiptap/extension-table';
import { TextAlign } from '@tiptap/extension-text-align';
import { Color, TextStyle } from '@tiptap/extension-text-style';
import { Placeholder } from '@tiptap/extensions';
import type { Schema } from '@tiptap/pm/model';
import StarterKit from '@tiptap/starter-kit';
import { common, createLowlight } from 'lowlight';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { isColor, type LocalUser, readableTextColor } from '@/components/presence/identity';
import { CONTENT_FIELD } from '@/lib/doc-model';
import { TandemImage } from './image/image-extension';
import { isSafeLinkHref } from './link-href';

/** Syntax highlighting for code blocks: highlight.js's common languages, auto-detected. */
const lowlight = createLowlight(common);

/**
 * Emoji by shortcode, as Unicode text only: the data's fallback images live
 * on a third-party CDN, which would leak who reads the document (and the CSP
 * blocks it anyway).
 */
const EMOJIS = emojis.map(({ fallbackImage: _unused, ...emoji }) => emoji);

/**
 * The document schema: every node and mark a Tandem document may hold. Shared
 * by the editor and by the schema guard, which checks incoming content
 * against exactly this before the editor's binding may touch it.
 */
export function schemaExtensions(): Extensions {
  return [
    StarterKit.configure({
      undoRedo: false,
      codeBlock: false, // replaced by CodeBlockLowlight (same node name, highlighted)
      heading: { levels: [1, 2, 3] },
      // Off: two clients that each append a trailing paragraph at the same time
      // leave duplicate empty paragraphs behind in the shared document.
      trailingNode: false,
      link: {
        openOnClick: false, // the link bubble opens links (a click puts the caret in the text)
        autolink: true,
        defaultProtocol: 'https',
        // Links arrive from other people's clients too: only http(s), mailto and
        // links inside this app are ever rendered, so a `javascript:` href can't
        // run in a reader's tab.
        isAllowedUri: (url) => isSafeLinkHref(url),
      },
    }),
    CodeBlockLowlight.configure({ lowlight, defaultLanguage: null }),
    TaskList,
    TaskItem.configure({ nested: true }),
    TableKit.configure({ table: { resizable: false } }),
    TextStyle,
    Color,
    Highlight.configure({ multicolor: true }),
    TextAlign.configure({ types: ['heading', 'paragraph'] }),
    Subscript,
    Superscript,
    Emoji.configure({ emojis: EMOJIS, enableEmoticons: false, forceFallbackImages: false }),
    TandemImage,
  ];
}

export function editorSchema(): Schema {
  return getSchema(schemaExtensions());
}

/**
 * The editor's schema and behaviour. History is the Collaboration extension's
 * Yjs undo manager (StarterKit's own `undoRedo` is off): it only tracks this
 * client's transactions, so undo never removes someone else's text. Without a
 * provider (a read-only copy shown after a schema mismatch) there are no carets.
 */
export function editorExtensions(
  doc: Y.Doc,
  provider: WebsocketProvider | null,
  /** What others see of this person (awareness `user`): name, colour, browser id, role. */
  user: LocalUser & { role?: 'edit' | 'view' },
  extra: Extensions = [],
): Extensions {
  return [
    ...schemaExtensions(),
    Placeholder.configure({ placeholder: 'Start writing, or type / for blocks…' }),
    Collaboration.configure({ document: doc, field: CONTENT_FIELD }),
    ...(provider
      ? [
          CollaborationCaret.configure({
            provider,
            // Set whole: the caret plugin writes this into awareness when its view mounts.
            user: { ...user, clientId: provider.awareness.clientID },
            render: renderCaret,
          }),
        ]
      : []),
    ...extra,
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
  if (typeof user.clientId === 'number') caret.dataset.clientId = String(user.clientId);
  const label = document.createElement('div');
  label.classList.add('collaboration-carets__label');
  label.style.backgroundColor = color;
  label.style.color = readableTextColor(color);
  label.textContent = name;
  caret.append(label);
  return caret;
}
