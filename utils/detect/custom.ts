import { MatchPattern } from 'wxt/utils/match-patterns';
import type { DetectorSpec } from '../policy/types';
import type { Detector } from './types';
import { cleanEmail, cleanText, emailInText, isOurs } from './text';
import { firstNameOf } from '../people';

// Firm-defined detectors: the policy names the pages (match patterns) and where the client's email
// and name are (CSS selectors), so a firm's own portal is supported without a new release.

function patterns(spec: DetectorSpec): MatchPattern[] {
  return spec.matches.flatMap((p) => {
    try {
      return [new MatchPattern(p)];
    } catch {
      return [];
    }
  });
}

/** True when the URL is one of the spec's pages. */
export function specMatches(spec: DetectorSpec, url: URL): boolean {
  return patterns(spec).some((p) => p.includes(url));
}

function textAt(doc: Document, selector: string | undefined): { el: Element | null; text: string } {
  if (!selector) return { el: null, text: '' };
  let el: Element | null = null;
  try {
    el = doc.querySelector(selector);
  } catch {
    // An invalid selector in the policy finds nothing rather than stopping detection.
  }
  const value = el && 'value' in el ? String((el as HTMLInputElement).value) : '';
  return { el, text: value || (el?.textContent ?? '') };
}

function recordIdOf(spec: DetectorSpec, url: URL): string | undefined {
  if (!spec.recordId) return undefined;
  try {
    const id = new RegExp(spec.recordId.urlPattern).exec(url.href.slice(0, 2000))?.[1];
    return id ? cleanText(id, 200) : undefined;
  } catch {
    return undefined;
  }
}

export function detectorFromSpec(spec: DetectorSpec): Detector {
  const compiled = patterns(spec);
  return (url, doc, ctx) => {
    if (!compiled.some((p) => p.includes(url))) return null;
    const emailAt = textAt(doc, spec.email?.selector);
    const email =
      cleanEmail(emailAt.el?.getAttribute('href')) ?? cleanEmail(emailAt.text) ?? emailInText(emailAt.text);
    const recordId = recordIdOf(spec, url);
    const usableEmail = email && !isOurs(email, ctx) ? email : undefined;
    if (!usableEmail && !recordId) return null;
    const name = cleanText(textAt(doc, spec.name?.selector).text) || usableEmail || '';
    if (!name) return null;
    return {
      source: 'custom',
      sourceLabel: cleanText(spec.label, 100) || 'Firm detector',
      ...(usableEmail ? { email: usableEmail } : {}),
      ...(recordId ? { recordId: `${spec.id}/${recordId}` } : {}),
      name,
      firstName: firstNameOf(name === usableEmail ? '' : name, usableEmail),
      pageKind: 'record',
      evidence: `policy detector "${cleanText(spec.id, 60)}"`,
    };
  };
}
