import { documentForViewLink } from '@/lib/document-page';
import { syncAccessResponse } from '@/lib/sync-access';

interface RouteContext {
  params: Promise<{ viewId: string }>;
}

/**
 * `POST /api/view/[viewId]/token` → a view token whose room is the view id.
 * The sync server maps that alias to the document and forces read-only, so
 * nothing in this answer reveals the edit id.
 */
export function POST(request: Request, { params }: RouteContext): Promise<Response> {
  return syncAccessResponse(request, async () => {
    const record = await documentForViewLink((await params).viewId);
    return record && { room: record.viewId, role: 'view' };
  });
}
