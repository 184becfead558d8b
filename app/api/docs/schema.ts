import { z } from 'zod';
import { MAX_TITLE_LENGTH } from '@/lib/doc-model';

export { MAX_TITLE_LENGTH };

/**
 * Titles are single-line: whitespace runs collapse to one space, the same way
 * `readTitle` reads the live title, so the API answer equals what the catalogue
 * will hold once the sync server has committed it.
 */
const title = z
  .string()
  .max(MAX_TITLE_LENGTH, `title must be at most ${MAX_TITLE_LENGTH} characters`)
  .transform((value) => value.replace(/\s+/g, ' ').trim());

/** `POST /api/docs`: the body is optional; unknown fields are refused so typos surface. */
export const createDocumentSchema = z.strictObject({ title: title.optional() });
export type CreateDocumentInput = z.infer<typeof createDocumentSchema>;

/** `PATCH /api/docs/[id]`: today only the title can change. */
export const updateDocumentSchema = z.strictObject({ title });
export type UpdateDocumentInput = z.infer<typeof updateDocumentSchema>;

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** `GET /api/docs?view=&q=&limit=&cursor=`. */
export const listDocumentsQuerySchema = z.strictObject({
  view: z.enum(['all', 'mine', 'shared', 'recent']).default('all'),
  q: z.string().trim().max(MAX_TITLE_LENGTH).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().max(200).optional(),
});
export type ListDocumentsQuery = z.infer<typeof listDocumentsQuerySchema>;
