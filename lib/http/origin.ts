/**
 * Is a state-changing request from another site? `Origin` decides when the
 * browser sent one: it must name this host (as the request's `Host` or
 * `X-Forwarded-Host` says) or PUBLIC_URL. Without Origin, `Sec-Fetch-Site`
 * decides (`same-origin` and `none` pass). With neither, the request comes
 * from no browser and cannot ride on someone's cookies.
 */
export function isCrossOrigin(headers: Pick<Headers, 'get'>, publicUrl: string | null): boolean {
  const origin = headers.get('origin');
  if (origin !== null) {
    if (origin === 'null') return true;
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return true;
    }
    if (publicUrl !== null && new URL(publicUrl).origin === origin) return false;
    const own = [headers.get('x-forwarded-host')?.split(',')[0]?.trim(), headers.get('host')?.trim()];
    return !own.some((candidate) => candidate !== undefined && candidate !== '' && candidate === host);
  }
  const site = headers.get('sec-fetch-site');
  return site !== null && site !== 'same-origin' && site !== 'none';
}
