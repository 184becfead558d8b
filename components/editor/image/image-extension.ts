import { Image } from '@tiptap/extension-image';

/**
 * Where uploaded images live: `/api/files/<fileId>` on this app (uploaded with POST /api/docs/<id>/files).
 * Anything else (another site's address, a `data:` URL) is not rendered, so a
 * pasted image never travels inside the Y.Doc and a document cannot make its
 * readers' browsers fetch third-party trackers.
 */
export const FILE_URL_PATTERN = /^\/api\/files\/[A-Za-z0-9_-]{22}$/;

export function isAllowedImageSrc(src: unknown): src is string {
  return typeof src === 'string' && FILE_URL_PATTERN.test(src);
}

/** Block images with alt text and a width a person can drag, stored as attributes everyone sees. */
export const TandemImage = Image.extend({
  // Only our own uploads: a pasted <img> from another site or a data: URL is dropped
  // (pasted image *files* are uploaded by the file handler instead).
  parseHTML() {
    return [{ tag: 'img[src^="/api/files/"]' }];
  },
  addAttributes() {
    return {
      ...this.parent?.(),
      src: {
        default: null,
        parseHTML: (element) => {
          const src = element.getAttribute('src');
          return isAllowedImageSrc(src) ? src : null;
        },
        renderHTML: (attributes) => (isAllowedImageSrc(attributes.src) ? { src: attributes.src } : {}),
      },
    };
  },
}).configure({
  inline: false,
  allowBase64: false,
  resize: { enabled: true, directions: ['bottom-right', 'bottom-left'], minWidth: 48, alwaysPreserveAspectRatio: true },
  HTMLAttributes: { class: 'tandem-image', loading: 'lazy' },
});
