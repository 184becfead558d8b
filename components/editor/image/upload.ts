/** What the server accepts (app/api/docs/[id]/files): checked here too, to fail fast with a clear message. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

export interface UploadedFile {
  url: string;
  type: string;
  size: number;
}

export class UploadError extends Error {}

/**
 * Sends one image to the app, which stores it with the documents and answers
 * with its address. Only that address goes into the document: the image's
 * bytes never travel through the Y.Doc.
 */
export async function uploadImage(docId: string, file: Blob): Promise<UploadedFile> {
  if (!IMAGE_TYPES.includes(file.type as (typeof IMAGE_TYPES)[number])) {
    throw new UploadError('Only PNG, JPEG, GIF and WebP images can be added.');
  }
  if (file.size > MAX_IMAGE_BYTES) throw new UploadError('Images can be at most 10 MB.');
  let response: Response;
  try {
    response = await fetch(`/api/docs/${encodeURIComponent(docId)}/files`, {
      method: 'POST',
      headers: { 'content-type': file.type },
      body: file,
    });
  } catch {
    throw new UploadError('Cannot reach the server to upload the image.');
  }
  const body = (await response.json().catch(() => null)) as
    | (UploadedFile & { error?: undefined })
    | { error?: { message?: string } }
    | null;
  if (!response.ok || !body || !('url' in body)) {
    throw new UploadError(body?.error?.message ?? `Upload failed (${response.status}).`);
  }
  return body;
}
