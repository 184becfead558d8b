import { documentForEditLink } from '@/lib/document-page';
import { syncAccessResponse } from '@/lib/sync-access';

interface RouteContext {
  params: Promise<{ id: string }>;
}

/**
 * `POST /api/docs/[id]/token` → an edit token for the document's own room.
 * Knowing the edit id is the capability (plus the access key when configured,
 * enforced by proxy.ts), so no further check happens here.
 */
export function POST(request: Request, { params }: RouteContext): Promise<Response> {
  return syncAccessResponse(request, async () => {
    const record = await documentForEditLink((await params).id);
    return record && { room: record.id, role: 'edit' };
  });
}
