import { errorResponse } from '@/lib/api-errors';
import { sessionUser } from '@/lib/auth/session';
import { appStore } from '@/lib/db/app-db';
import { appFileStore } from '@/lib/files/app-file-store';
import { IMAGE_EXTENSIONS } from '@/lib/files/sniff';
import { handle, type Params } from '@/lib/http/route';
import { openDocument } from '@/lib/permissions/document-access';

const FILE_ID = /^[A-Za-z0-9_-]{22}$/;

/**
 * May the request see images of this document? Someone signed in who may
 * open it; or anyone while its general access lets the link in (guests
 * arrive through the link, which the image request does not carry; the file
 * id, 128 random bits, is only found inside the document). A trashed or
 * deleted document's images are gone with it.
 */
async function mayRead(request: Request, docId: string): Promise<boolean> {
  const user = await sessionUser(request.headers);
  if (user && (await openDocument(user, docId))) return true;
  const facts = await (await appStore()).permissions.facts(docId);
  return facts !== null && facts.trashedAt === null && facts.generalAccess !== 'restricted';
}

/**
 * `GET /api/files/<fileId>`: an uploaded image, for whoever may read its
 * document (404 for everyone else, as for an unknown id). Served as the type
 * sniffed at upload, never sniffed again by the browser, as an inline
 * attachment named after the id, and with a policy that lets nothing inside it run.
 */
export const GET = handle(async (request: Request, { params }: Params<'fileId'>) => {
  const { fileId } = await params;
  const file = FILE_ID.test(fileId) ? await (await appFileStore()).get(fileId) : null;
  if (!file || !(await mayRead(request, file.docId))) return errorResponse('not_found', 'No file with this id.');
  return new Response(Buffer.from(file.data), {
    headers: {
      'Content-Type': file.type,
      'Content-Length': String(file.size),
      'Content-Disposition': `inline; filename="${file.id}.${IMAGE_EXTENSIONS[file.type]}"`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; sandbox",
      // Content never changes under an id; private, since who may see it depends on the session.
      'Cache-Control': 'private, max-age=31536000, immutable',
    },
  });
});
