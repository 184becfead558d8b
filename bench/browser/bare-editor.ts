/**
 * The browser-feel baseline: a bare TipTap editor with StarterKit and
 * Collaboration on a stock WebsocketProvider, nothing else (no toolbar,
 * presence, status or carets). Bundled by bench/browser.ts with esbuild;
 * the server URL and room come from the page's query string.
 */
import { Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import StarterKit from '@tiptap/starter-kit';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

const query = new URLSearchParams(location.search);
const doc = new Y.Doc();
const provider = new WebsocketProvider(query.get('server') ?? '', query.get('room') ?? 'bare', doc, {
  disableBc: true,
});
const element = document.createElement('div');
element.dataset.testid = 'editor';
document.body.append(element);
new Editor({
  element,
  extensions: [StarterKit.configure({ undoRedo: false }), Collaboration.configure({ document: doc })],
});
provider.once('sync', () => document.body.setAttribute('data-synced', 'true'));
