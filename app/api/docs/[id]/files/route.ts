import { ApiError, jsonResponse } from '@/lib/api-errors';
import { requireUser } from '@/lib/auth/session';
import { newDocId } from '@/lib/doc-id';
import { appFileStore, maxUploadBytes } from '@/lib/files/app-file-store';
import { readLimitedBody } from '@/lib/files/read-limited-body';
import { sniffImageType } from '@/lib/files/sniff';
import { handle, type Params } from '@/lib/http/route';
import { requireDocument } from '@/lib/permissions/document-access';

/**
 * `POST /api/docs/<id>/files` with the image as the raw body → 201
 * `{ url, type, size }`. Whoever may edit the document (owners and editors)
 * may add images to it: 401 without a session, 404 for anyone who may not
 * open it, 403 for viewers. The type is read from the bytes; what the client
 * claims is ignored, so an HTML page renamed to .png is refused.
 */
export const POST = handle(async (request: Request, { params }: Params<'id'>) => {
  const user = await requireUser(request);
  const opened = await requireDocument(user, (await params).id, 'update');
  const limit = maxUploadBytes();
  const data = await readLimitedBody(request, limit);
  if (data.length === 0) throw new ApiError('bad_request', 'The upload is empty.');
  const type = sniffImageType(data);
  if (type === null) throw new ApiError('bad_request', 'Only PNG, JPEG, GIF and WebP images can be uploaded.');
  const fileId = newDocId();
  await (await appFileStore()).put({
    id: fileId,
    docId: opened.facts.id,
    type,
    size: data.length,
    data,
    createdAt: Date.now(),
  });
  return jsonResponse({ url: `/api/files/${fileId}`, type, size: data.length }, 201);
});
