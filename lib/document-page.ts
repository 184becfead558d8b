import 'server-only';
import type { Metadata } from 'next';

/**
 * Document pages: keep them out of search engines, and send no Referer when
 * someone follows a link written in the document (a link page's URL is a
 * capability). The title is only ever shown to someone who may open it.
 */
export function documentPageMetadata(title: string | null): Metadata {
  return {
    title: title === null ? 'Tandem' : `${title.trim() || 'Untitled document'} · Tandem`,
    robots: { index: false, follow: false },
    referrer: 'no-referrer',
  };
}
