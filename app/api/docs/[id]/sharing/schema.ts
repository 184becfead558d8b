import { z } from 'zod';

export const generalAccessSchema = z.strictObject({ generalAccess: z.enum(['restricted', 'view', 'edit']) });

export const memberSchema = z.strictObject({
  /** An email address, or an account id picked from the people search. */
  person: z.string().trim().min(1).max(320),
  role: z.enum(['editor', 'viewer']),
});

export const dismissSchema = z.strictObject({ userId: z.string().min(1).max(100) });
