import { z } from 'zod';

/** Longest title we store; long enough for any real title, short enough to keep rows and headers small. */
export const MAX_TITLE_LENGTH = 200;

const title = z.string().trim().max(MAX_TITLE_LENGTH, `title must be at most ${MAX_TITLE_LENGTH} characters`);

/** `POST /api/docs`: the body is optional; unknown fields are refused so typos surface. */
export const createDocumentSchema = z.strictObject({ title: title.optional() });
export type CreateDocumentInput = z.infer<typeof createDocumentSchema>;

/** `PATCH /api/docs/[id]`: today only the title can change. */
export const updateDocumentSchema = z.strictObject({ title });
export type UpdateDocumentInput = z.infer<typeof updateDocumentSchema>;

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** `GET /api/docs?q=&limit=&cursor=`. */
export const listDocumentsQuerySchema = z.strictObject({
  q: z.string().trim().max(MAX_TITLE_LENGTH).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().max(200).optional(),
});
export type ListDocumentsQuery = z.infer<typeof listDocumentsQuerySchema>;
