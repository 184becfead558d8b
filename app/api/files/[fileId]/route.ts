import { errorResponse, toErrorResponse } from '@/lib/api-errors';
import { appFileStore } from '@/lib/files/app-file-store';
import { IMAGE_EXTENSIONS } from '@/lib/files/sniff';

interface RouteContext {
  params: Promise<{ fileId: string }>;
}

const FILE_ID = /^[A-Za-z0-9_-]{22}$/;

/**
 * `GET /api/files/<fileId>`: an uploaded image. The id (128 random bits) is
 * the capability, as a view link's id is: readers of a document see its
 * images without learning the document's edit id. Served as the type sniffed
 * at upload, never sniffed again by the browser, as an inline attachment
 * named after the id, and with a policy that lets nothing inside it run.
 */
export async function GET(_request: Request, { params }: RouteContext): Promise<Response> {
  try {
    const { fileId } = await params;
    const file = FILE_ID.test(fileId) ? await appFileStore().get(fileId) : null;
    if (!file) return errorResponse('not_found', 'No file with this id.');
    return new Response(Buffer.from(file.data), {
      headers: {
        'Content-Type': file.type,
        'Content-Length': String(file.size),
        'Content-Disposition': `inline; filename="${file.id}.${IMAGE_EXTENSIONS[file.type]}"`,
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; img-src 'self'; sandbox",
        // Content never changes under an id.
        'Cache-Control': 'private, max-age=31536000, immutable',
      },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
