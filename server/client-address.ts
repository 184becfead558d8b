/**
 * The address a connection limit is counted against. Behind a reverse proxy
 * every socket comes from the proxy, so its `X-Forwarded-For` is believed —
 * but only when the socket itself comes from a trusted proxy, and only the
 * hops those proxies appended (the right-most address not in the trusted set):
 * anything further left was written by the client and could be anything.
 * Hand-written because it is a dozen lines over node:net's BlockList; the
 * npm `proxy-addr` does the same for Express.
 */
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/** Parses `SYNC_TRUSTED_PROXIES`: comma-separated IPs or CIDRs, `loopback`, or `none`. */
export function trustedProxies(spec: string): BlockList {
  const list = new BlockList();
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (item === '' || item === 'none') continue;
    if (item === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4');
      list.addAddress('::1', 'ipv6');
      continue;
    }
    const [address, prefix] = item.split('/');
    const family = isIP(address ?? '');
    if (family === 0) throw new Error(`not an IP address or CIDR: ${item}`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address!, type);
    else list.addSubnet(address!, Number(prefix), type);
  }
  return list;
}

export function isTrustedProxySpec(spec: string): boolean {
  try {
    trustedProxies(spec);
    return true;
  } catch {
    return false;
  }
}

export function clientAddress(req: IncomingMessage, trusted: BlockList): string {
  let address = normalise(req.socket.remoteAddress ?? 'unknown');
  if (!isTrusted(trusted, address)) return address;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((hop) => hop.trim());
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalise(hops[i]!);
    if (isIP(hop) === 0) return address; // a malformed hop: stop at the last address we could trust
    address = hop;
    if (!isTrusted(trusted, hop)) return hop;
  }
  return address;
}

function normalise(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function isTrusted(trusted: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && trusted.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
