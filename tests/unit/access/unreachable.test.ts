import { describe, expect, it } from 'vitest';
import { explainUnreachable, isNetworkFailure } from '@/utils/unreachable';

// What an admin reads when a server cannot be read at all: the URL, then only the causes that can
// apply, each with what to do.

describe('explainUnreachable', () => {
  it('an https server without site access: down, no CORS header, or an untrusted certificate', () => {
    const text = explainUnreachable({ what: 'firm ledger', url: 'https://ledger.firm.example:8443/api', siteAccess: false });
    expect(text).toMatch(/^Could not reach the firm ledger at https:\/\/ledger\.firm\.example:8443\/api\. It can be: \(1\) /);
    expect(text).toContain('(1) the server is not answering at that address');
    expect(text).toContain("(2) it does not let the extension read it: allow the extension's site access to ledger.firm.example");
    expect(text).toContain('(3) its certificate is not trusted by this browser');
  });

  it('site access granted rules out CORS; plain http rules out certificates', () => {
    expect(explainUnreachable({ what: 'policy', url: 'https://p.example/p.json', siteAccess: true })).not.toContain(
      'Access-Control-Allow-Origin',
    );
    expect(explainUnreachable({ what: 'policy', url: 'http://localhost:8080/p.json', siteAccess: null })).not.toContain(
      'certificate',
    );
  });

  it('names a URL it cannot parse as typed', () => {
    expect(explainUnreachable({ what: 'policy', url: 'ledger/api', siteAccess: null })).toContain('at ledger/api.');
  });
});

describe('isNetworkFailure', () => {
  it('is what both browsers reject fetch with, not an abort or another error', () => {
    expect(isNetworkFailure(new TypeError('Failed to fetch'))).toBe(true);
    expect(isNetworkFailure(new TypeError('NetworkError when attempting to fetch resource.'))).toBe(true);
    expect(isNetworkFailure(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(isNetworkFailure(new Error('boom'))).toBe(false);
  });
});
