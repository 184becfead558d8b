/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Lets two builds (e.g. a dev server and the e2e build) live side by side.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it.
  serverExternalPackages: ['better-sqlite3'],
  // forbidden() / unauthorized(): pages answer 403 / 401 (with their own page) instead of 200.
  experimental: { authInterrupts: true },
};

export default nextConfig;
