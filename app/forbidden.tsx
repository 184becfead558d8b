import type { Metadata } from 'next';
import { NeedAccess } from '@/components/account/need-access';
import { RequestAccessHere } from '@/components/account/request-access';

export const metadata: Metadata = { title: 'You need access · Tandem', robots: { index: false } };

/**
 * 403: a document the person may not open (or that does not exist — the same
 * answer, so nothing leaks), or a page for administrators only.
 */
export default function Forbidden() {
  return (
    <NeedAccess title="You need access" text="Ask the owner to share this with you, or request access.">
      <RequestAccessHere />
      <a href="/">Go to your documents</a>
    </NeedAccess>
  );
}
