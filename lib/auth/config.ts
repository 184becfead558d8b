import { z } from 'zod';

/**
 * Account settings, read from the environment and validated once per process:
 * a bad value stops the web app with a message naming the variable.
 *
 * - SIGNUP: who may create an account. `invite` (default): only through an
 *   invite link; `open`: anyone who can reach the sign-in page; `closed`:
 *   only operators (`npm run admin -- create-user`) and the first setup.
 * - TRUSTED_PROXIES: comma-separated addresses or CIDR ranges of the reverse
 *   proxies in front of the app. Only then is `X-Forwarded-For` believed for
 *   the client address that sign-in throttling counts per.
 * - PUBLIC_URL: the address people use (`https://docs.example.com`). With
 *   https, cookies get the `__Host-` prefix and responses carry HSTS.
 * - OIDC_ISSUER / OIDC_CLIENT_ID / OIDC_CLIENT_SECRET: optional single sign-on
 *   through any OpenID Connect provider (all three or none).
 */
const schema = z
  .object({
    SIGNUP: z.enum(['open', 'invite', 'closed']).default('invite'),
    TRUSTED_PROXIES: z
      .string()
      .optional()
      .transform((value) =>
        (value ?? '')
          .split(',')
          .map((entry) => entry.trim())
          .filter((entry) => entry !== ''),
      ),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  })
  .refine(
    (env) =>
      [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].every((value) => value === undefined) ||
      [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].every((value) => value !== undefined),
    { message: 'set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together, or none of them' },
  );

export type SignupMode = 'open' | 'invite' | 'closed';

export interface AccountConfig {
  signup: SignupMode;
  trustedProxies: string[];
  publicUrl: string | null;
  /** Cookies with `__Host-` and HSTS: the app is served over https. */
  https: boolean;
  oidc: { issuer: string; clientId: string; clientSecret: string } | null;
}

export function readAccountConfig(env: Readonly<Record<string, string | undefined>> = process.env): AccountConfig {
  const blank = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
  const parsed = schema.safeParse({
    SIGNUP: blank(env.SIGNUP),
    TRUSTED_PROXIES: blank(env.TRUSTED_PROXIES),
    PUBLIC_URL: blank(env.PUBLIC_URL),
    OIDC_ISSUER: blank(env.OIDC_ISSUER),
    OIDC_CLIENT_ID: blank(env.OIDC_CLIENT_ID),
    OIDC_CLIENT_SECRET: blank(env.OIDC_CLIENT_SECRET),
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`);
    throw new Error(`invalid configuration: ${issues.join('; ')}`);
  }
  const value = parsed.data;
  const publicUrl = value.PUBLIC_URL?.replace(/\/+$/, '') ?? null;
  return {
    signup: value.SIGNUP,
    trustedProxies: value.TRUSTED_PROXIES,
    publicUrl,
    https: publicUrl?.startsWith('https://') ?? false,
    oidc:
      value.OIDC_ISSUER && value.OIDC_CLIENT_ID && value.OIDC_CLIENT_SECRET
        ? { issuer: value.OIDC_ISSUER, clientId: value.OIDC_CLIENT_ID, clientSecret: value.OIDC_CLIENT_SECRET }
        : null,
  };
}
