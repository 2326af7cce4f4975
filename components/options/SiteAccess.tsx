import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { detectorOrigins } from '@/utils/access/site-access';
import type { DetectorSpec } from '@/utils/policy/types';

// The firm's own pages (policy `detectors`) are read only on the sites the user allows, one
// detector at a time, so installing the extension never asks for every site.

/**
 * Asks the browser for access to `origins`. Call it straight from a click handler, before any
 * await: browsers only show the prompt during the user's gesture.
 */
export function requestSiteAccess(origins: string[]): Promise<boolean> {
  try {
    return browser.permissions.request({ origins }).catch(() => false);
  } catch {
    // Browsers without optional host permissions throw at once.
    return Promise.resolve(false);
  }
}

async function hasSiteAccess(origins: string[]): Promise<boolean> {
  try {
    return origins.length > 0 && (await browser.permissions.contains({ origins }));
  } catch {
    return false;
  }
}

type Access = 'allowed' | 'not allowed' | 'cannot be allowed';

export function SiteAccess(props: { detectors: readonly DetectorSpec[] }) {
  const [access, setAccess] = useState<Record<string, Access>>({});

  const refresh = async () => {
    const entries = await Promise.all(
      props.detectors.map(async (spec): Promise<[string, Access]> => {
        const origins = detectorOrigins(spec);
        if (origins.length === 0) return [spec.id, 'cannot be allowed'];
        return [spec.id, (await hasSiteAccess(origins)) ? 'allowed' : 'not allowed'];
      }),
    );
    setAccess(Object.fromEntries(entries));
  };

  useEffect(() => {
    void refresh();
  }, [props.detectors]);

  function allow(spec: DetectorSpec) {
    void requestSiteAccess(detectorOrigins(spec)).then(refresh);
  }

  if (props.detectors.length === 0) return null;
  return (
    <section class="card stack" aria-labelledby="site-access-heading">
      <h2 id="site-access-heading">Your firm's pages</h2>
      <p class="muted">
        Your firm's policy names pages where the extension can tell which client is on screen. It reads them only
        on the sites you allow here.
      </p>
      <ul class="stack">
        {props.detectors.map((spec) => {
          const state = access[spec.id];
          return (
            <li key={spec.id} class="stack">
              <div class="row">
                <strong>{spec.label}</strong>
                <span data-testid={`access-${spec.id}`}>{state ?? '…'}</span>
                {state === 'not allowed' && (
                  <button type="button" class="secondary" aria-label={`Allow ${spec.label}`} onClick={() => allow(spec)}>
                    Allow
                  </button>
                )}
              </div>
              <span class="muted">{spec.matches.join(', ')}</span>
              {state === 'cannot be allowed' && (
                <span class="muted">Only https pages can be allowed; ask whoever maintains the policy.</span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
