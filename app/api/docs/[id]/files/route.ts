import { ApiError, jsonResponse, toErrorResponse } from '@/lib/api-errors';
import { newDocId } from '@/lib/doc-id';
import { documentForEditLink } from '@/lib/document-page';
import { appFileStore, maxUploadBytes } from '@/lib/files/app-file-store';
import { readLimitedBody } from '@/lib/files/read-limited-body';
import { sniffImageType } from '@/lib/files/sniff';

interface RouteContext {
  params: Promise<{ id: string }>;
}

/**
 * `POST /api/docs/<id>/files` with the image as the raw body → 201
 * `{ url, type, size }`. Whoever may edit the document (its edit link) may add
 * images to it. The type is read from the bytes; what the client claims is
 * ignored, so an HTML page renamed to .png is refused.
 */
export async function POST(request: Request, { params }: RouteContext): Promise<Response> {
  try {
    const { id } = await params;
    const record = await documentForEditLink(id);
    if (!record) throw new ApiError('not_found', 'No document with this id.');
    const limit = maxUploadBytes();
    const data = await readLimitedBody(request, limit);
    if (data.length === 0) throw new ApiError('bad_request', 'The upload is empty.');
    const type = sniffImageType(data);
    if (type === null) throw new ApiError('bad_request', 'Only PNG, JPEG, GIF and WebP images can be uploaded.');
    const fileId = newDocId();
    await appFileStore().put({ id: fileId, docId: record.id, type, size: data.length, data, createdAt: Date.now() });
    return jsonResponse({ url: `/api/files/${fileId}`, type, size: data.length }, 201);
  } catch (error) {
    return toErrorResponse(error);
  }
}
