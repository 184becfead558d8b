import { ApiError, jsonResponse, toErrorResponse } from '@/lib/api-errors';
import { anyDocumentForEditLink } from '@/lib/document-page';
import { appTrash } from '@/lib/trash/app-trash';

interface RouteContext {
  params: Promise<{ id: string }>;
}

/** `POST /api/docs/<id>/restore` → the document, back in the list with working links. */
export async function POST(_request: Request, { params }: RouteContext): Promise<Response> {
  try {
    const { id } = await params;
    const record = await anyDocumentForEditLink(id);
    if (!record || !(await appTrash().restore(record.id)))
      throw new ApiError('not_found', 'No document with this id in the trash.');
    return jsonResponse(record);
  } catch (error) {
    return toErrorResponse(error);
  }
}
