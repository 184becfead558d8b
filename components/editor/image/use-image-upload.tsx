'use client';

import type { Editor } from '@tiptap/core';
import { FileHandler } from '@tiptap/extension-file-handler';
import { type ReactNode, useCallback, useRef, useState } from 'react';
import { bindRange } from '../bound-range';
import { IMAGE_TYPES, UploadError, uploadImage } from './upload';

/**
 * Images from paste, drop or the file picker: each is uploaded first and only
 * its address is put into the document, at the place it was dropped or pasted
 * (held as a Yjs position, so text others add meanwhile does not move it).
 */
export function useImageUpload(docId: string | null) {
  const editorRef = useRef<Editor | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<string>('');
  const [error, setError] = useState<string | null>(null);

  const upload = useCallback(
    async (editor: Editor, files: File[], pos: number) => {
      if (docId === null || !editor.isEditable) return;
      setError(null);
      const at = bindRange(editor as Parameters<typeof bindRange>[0], pos, pos);
      for (const file of files) {
        setStatus(`Uploading ${file.name || 'image'}…`);
        try {
          const { url } = await uploadImage(docId, file);
          const place = at.resolve()?.from ?? editor.state.selection.to;
          editor
            .chain()
            .focus()
            .insertContentAt(place, { type: 'image', attrs: { src: url, alt: '' } })
            .run();
          setStatus('Image added. Select it to add a description (alt text).');
        } catch (reason) {
          setStatus('');
          setError(reason instanceof UploadError ? reason.message : 'The image could not be uploaded.');
        }
      }
    },
    [docId],
  );

  const [extension] = useState(() =>
    FileHandler.configure({
      allowedMimeTypes: [...IMAGE_TYPES],
      consumePasteEvent: true,
      onPaste: (editor, files) => void upload(editor, files, editor.state.selection.from),
      onDrop: (editor, files, pos) => void upload(editor, files, pos),
    }),
  );

  const pick = useCallback((editor: Editor) => {
    editorRef.current = editor;
    input.current?.click();
  }, []);

  const ui: ReactNode = (
    <>
      <input
        ref={input}
        type="file"
        accept={IMAGE_TYPES.join(',')}
        className="tandem-visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="image-input"
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          event.target.value = '';
          const editor = editorRef.current;
          if (editor && files.length > 0) void upload(editor, files, editor.state.selection.from);
        }}
      />
      <span className="tandem-visually-hidden" aria-live="polite">
        {status}
      </span>
      {error && (
        <p className="tandem-banner tandem-banner--denied" role="alert">
          {error}{' '}
          <button type="button" className="tandem-link-button" onClick={() => setError(null)}>
            Dismiss
          </button>
        </p>
      )}
    </>
  );

  return { extension, pick, ui };
}
