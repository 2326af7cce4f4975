import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { detectorOrigins } from '@/utils/access/site-access';
import type { DetectorSpec } from '@/utils/policy/types';
import { t, type MessageKey } from '@/utils/i18n';

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

const ACCESS_LABELS: Record<Access, MessageKey> = {
  allowed: 'accessAllowed',
  'not allowed': 'accessNotAllowed',
  'cannot be allowed': 'accessCannot',
};

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
      <h2 id="site-access-heading">{t('sitesHeading')}</h2>
      <p class="muted">{t('sitesIntro')}</p>
      <ul class="stack">
        {props.detectors.map((spec) => {
          const state = access[spec.id];
          return (
            <li key={spec.id} class="stack">
              <div class="row">
                <strong>{spec.label}</strong>
                <span data-testid={`access-${spec.id}`}>{state ? t(ACCESS_LABELS[state]) : '…'}</span>
                {state === 'not allowed' && (
                  <button type="button" class="secondary" aria-label={t('allowSite', spec.label)} onClick={() => allow(spec)}>
                    {t('allow')}
                  </button>
                )}
              </div>
              <span class="muted">{spec.matches.join(', ')}</span>
              {state === 'cannot be allowed' && (
                <span class="muted">{t('onlyHttps')}</span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
