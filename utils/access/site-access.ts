import type { DetectorSpec } from '../policy/types';
import { checkPolicyUrl } from '../policy/sync';

// Which sites the firm's detectors need, in the terms the browser grants: host permissions are
// per origin, while detectors name pages. The extension may only ask for https sites, plus plain
// http on this machine for a policy server under test (optional_host_permissions), so detectors on
// other schemes are never grantable.

// scheme://host[:port]/path, as Chrome and Firefox accept them; host is "*", "*.domain" or a name.
const HTTPS_PATTERN = /^https:\/\/(\*|(?:\*\.)?[^/*:]+)(:(?:\d{1,5}|\*))?(\/.*)$/;

/** The host permission that covers a match pattern's pages, or null when it cannot be granted. */
export function originOf(pattern: string): string | null {
  const match = HTTPS_PATTERN.exec(pattern.trim());
  if (!match) return null;
  const [, host, port = ''] = match;
  return `https://${host!.toLowerCase()}${port}/*`;
}

/** The distinct origins the detector's pages are on, in the order the policy names them. */
export function detectorOrigins(spec: DetectorSpec): string[] {
  return [...new Set(spec.matches.map(originOf).filter((o): o is string => o !== null))];
}

/** Every origin the firm's detectors need. */
export function neededOrigins(specs: readonly DetectorSpec[]): string[] {
  return [...new Set(specs.flatMap(detectorOrigins))];
}

/**
 * The page patterns to run the firm's detectors on: only those on origins the user granted, since
 * registering a page the extension cannot reach makes the browser refuse the whole registration.
 */
export function patternsToRegister(specs: readonly DetectorSpec[], granted: ReadonlySet<string>): string[] {
  const patterns = specs.flatMap((spec) =>
    spec.matches.map((p) => p.trim()).filter((p) => {
      const origin = originOf(p);
      return origin !== null && granted.has(origin);
    }),
  );
  return [...new Set(patterns)].sort();
}

/**
 * The host permission that lets the background read a policy URL's server with no CORS header; null
 * when the URL may not serve a policy. Without the port: Firefox refuses patterns with one, and
 * Chrome reads a pattern without one as any port.
 */
export function policyOrigin(url: string): string | null {
  if (checkPolicyUrl(url) !== null) return null;
  const { protocol, hostname } = new URL(url.trim());
  return `${protocol}//${hostname}/*`;
}
