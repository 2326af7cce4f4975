// Where each tool runs: its content script's match patterns, one per data centre or regional host
// the vendor documents, and real example URLs of the pages its detector reads. The content scripts'
// `matches`, the permissions drill and the detector tests all read these tables, and the detectors
// accept exactly these hosts, so a host cannot be detected without being reached, or the reverse.

export interface ToolSites {
  /** `https://<host>/*` or `https://*.<domain>/*` (Chrome's match pattern syntax). */
  matches: readonly string[];
  /** Pages the detector reads, as their addresses look in the vendor's app. */
  examples: readonly string[];
}

function hostOf(pattern: string): string {
  const m = /^https:\/\/([^/]+)\/\*$/.exec(pattern);
  if (!m?.[1]) throw new Error(`"${pattern}" is not an https://<host>/* match pattern`);
  return m[1];
}

/** True when `hostname` is one the pattern reaches: exactly its host, or any subdomain of a `*.` one. */
export function patternReaches(pattern: string, hostname: string): boolean {
  const host = hostOf(pattern);
  if (!host.startsWith('*.')) return hostname === host;
  const domain = host.slice(1);
  return hostname.endsWith(domain) && hostname.length > domain.length;
}

/** True when the page is on one of the tool's sites. */
export function onSites(sites: ToolSites, url: URL): boolean {
  return url.protocol === 'https:' && sites.matches.some((pattern) => patternReaches(pattern, url.hostname));
}
