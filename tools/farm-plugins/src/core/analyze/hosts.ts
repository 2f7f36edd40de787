/**
 * Hosts and domain lists, shared by the `network-host` rule and the security policy.
 * A domain entry covers itself and its subdomains (`openai.com` covers `api.openai.com`);
 * `*.openai.com` covers only subdomains; `*` covers every host. IP addresses match exactly.
 */

/** The host of an absolute URL (lower case, no port, no brackets), or undefined for a relative one. */
export function hostOfUrl(url: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return undefined;
  try {
    const host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
    return host || undefined;
  } catch {
    return undefined;
  }
}

export function domainCovers(entry: string, host: string): boolean {
  const e = entry.trim().toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (e === '*') return true;
  if (e.startsWith('*.')) return h.endsWith(e.slice(1)) && h.length > e.length - 1;
  return h === e || (!isIpAddress(e) && h.endsWith(`.${e}`));
}

export function domainAllowed(host: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) => domainCovers(entry, host));
}

/** Whether a declared domain pattern is within a list: `api.x.com` and `*.x.com` are within `x.com`. */
export function patternWithin(pattern: string, allowed: readonly string[]): boolean {
  const p = pattern.trim().toLowerCase().replace(/\.$/, '');
  if (p === '*') return allowed.some((a) => a.trim() === '*');
  const base = p.startsWith('*.') ? p.slice(2) : p;
  return allowed.some((a) => a.trim().toLowerCase() === p || domainCovers(a, base));
}

/** localhost, 127.0.0.0/8 and ::1: reachable without external network access. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(h) || h === '::1';
}

function isIpAddress(value: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(value) || value.includes(':');
}
