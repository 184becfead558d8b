/**
 * The better-auth instance: email + password accounts and sessions in the
 * same database as the catalogue (the SQLite file, or PostgreSQL with
 * DATABASE_URL), optional OpenID Connect sign-in, and the sign-in throttle.
 * Public sign-up is never mounted (app/api/auth/[...all]/route.ts refuses
 * it): accounts are made by the setup link, invites, open sign-up (each
 * through its own route that checks SIGNUP) and `npm run admin`.
 */
import { betterAuth } from 'better-auth';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { genericOAuth } from 'better-auth/plugins/generic-oauth';
import type { PgPool } from '../db/postgres';
import type { SqliteDatabase } from '../db/sqlite';
import type { AccountConfig } from './config';
import { clientAddressFrom, type SignInThrottle } from './throttle';

export const OIDC_PROVIDER_ID = 'oidc';
/** Sessions last a month and are renewed daily while used. */
const SESSION_SECONDS = 30 * 24 * 60 * 60;

export interface AuthDependencies {
  database: SqliteDatabase | PgPool;
  secret: string;
  config: AccountConfig;
  throttle: SignInThrottle;
}

export function createAuth({ database, secret, config, throttle }: AuthDependencies) {
  return betterAuth({
    appName: 'Tandem',
    secret,
    // Without PUBLIC_URL, the host the request came to (one instance, any host name): OAuth
    // redirect URIs must name the host the browser uses, not the one Next was bound to.
    baseURL: config.publicUrl ?? { allowedHosts: ['*'], protocol: 'auto', fallback: 'http://localhost' },
    database,
    telemetry: { enabled: false },
    // Without PUBLIC_URL the origin comes from each request, on purpose (one instance, any host name): no warning for it.
    logger: { level: 'error' },
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 256, autoSignIn: true },
    session: { expiresIn: SESSION_SECONDS, updateAge: 24 * 60 * 60 },
    user: {
      additionalFields: {
        // Caret and avatar colour, chosen in the profile.
        color: { type: 'string', required: false, input: true },
        // 'admin' (the owner made at setup, and whoever they promote) or 'member'.
        role: { type: 'string', required: false, defaultValue: 'member', input: false },
      },
    },
    // Our own throttle (per account and per address, below) replaces the built-in per-path one.
    rateLimit: { enabled: false },
    // The page's own origin (the Host it was served under; proxy.ts has already refused other Origins) and PUBLIC_URL.
    trustedOrigins: async (request) => ownOrigins(request, config.publicUrl),
    advanced: {
      // `__Host-` on https: the cookie is Secure, host-only and Path=/, so no
      // sibling subdomain or plain-http page can plant or overwrite it.
      cookiePrefix: config.https ? '__Host-tandem' : 'tandem',
      useSecureCookies: false,
      defaultCookieAttributes: { secure: config.https, sameSite: 'lax', path: '/', httpOnly: true },
      ipAddress: { ipAddressHeaders: ['x-forwarded-for'], trustedProxies: config.trustedProxies },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== '/sign-in/email') return;
        const email = typeof ctx.body?.email === 'string' ? ctx.body.email.trim().toLowerCase() : '';
        const address = clientAddressFrom(ctx.request?.headers ?? ctx.headers, config.trustedProxies);
        const wait = throttle.check(email, address);
        if (wait !== null) {
          throw new APIError('TOO_MANY_REQUESTS', {
            message: `Too many sign-in attempts. Try again in ${Math.ceil(wait / 1000)} s.`,
          });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== '/sign-in/email') return;
        const email = typeof ctx.body?.email === 'string' ? ctx.body.email.trim().toLowerCase() : '';
        const address = clientAddressFrom(ctx.request?.headers ?? ctx.headers, config.trustedProxies);
        if (ctx.context.newSession) throttle.succeeded(email, address);
        else throttle.failed(email, address);
      }),
    },
    plugins: config.oidc
      ? [
          genericOAuth({
            config: [
              {
                providerId: OIDC_PROVIDER_ID,
                discoveryUrl: `${config.oidc.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`,
                clientId: config.oidc.clientId,
                clientSecret: config.oidc.clientSecret,
                scopes: ['openid', 'email', 'profile'],
                pkce: true,
                // SSO sign-in creates an account only when sign-up is open (invites go through their own route).
                disableImplicitSignUp: config.signup !== 'open',
              },
            ],
          }),
        ]
      : [],
  });
}

export type TandemAuth = ReturnType<typeof createAuth>;

function ownOrigins(request: Request | undefined, publicUrl: string | null): string[] {
  const origins = publicUrl ? [new URL(publicUrl).origin] : [];
  if (!request) return origins;
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host');
  if (!host) return origins;
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  const protocol = forwarded ? `${forwarded}:` : new URL(request.url).protocol;
  return [...origins, `${protocol}//${host}`];
}
