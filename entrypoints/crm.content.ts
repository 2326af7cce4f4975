import { runDetection } from '@/utils/browser/content-runner';
import { CRM_DETECTORS } from '@/utils/detect/index';

export default defineContentScript({
  // WXT's start announcement would tell every page the extension's id and the script's name.
  noScriptStartedPostMessage: true,
  matches: [
    'https://app.hubspot.com/*',
    'https://app-eu1.hubspot.com/*',
    'https://app-na2.hubspot.com/*',
    'https://*.lightning.force.com/*',
    'https://*.pipedrive.com/*',
    'https://app.clio.com/*',
    'https://eu.app.clio.com/*',
    'https://ca.app.clio.com/*',
    'https://au.app.clio.com/*',
    'https://crm.zoho.com/*',
    'https://crm.zoho.eu/*',
    'https://crm.zoho.in/*',
    'https://crm.zoho.com.au/*',
    'https://*.crm.dynamics.com/*',
    'https://*.crm2.dynamics.com/*',
    'https://*.crm3.dynamics.com/*',
    'https://*.crm4.dynamics.com/*',
    'https://*.crm5.dynamics.com/*',
    'https://*.crm6.dynamics.com/*',
    'https://*.crm11.dynamics.com/*',
  ],
  main(ctx) {
    runDetection(ctx, {
      detectors: Object.values(CRM_DETECTORS),
      // CRMs render records inside <main> once their shell is up; before that only <body> exists.
      watchRoot: (doc) => doc.querySelector('main') ?? doc.body,
    });
  },
});
