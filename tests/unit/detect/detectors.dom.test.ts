import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_DETECTORS } from '@/utils/detect/index';
import { detectorFromSpec } from '@/utils/detect/custom';
import { detectGmailClient } from '@/utils/detect/gmail';
import type { DetectContext, DetectedClient, Detector } from '@/utils/detect/types';
import type { DetectorSpec } from '@/utils/policy/types';

// Every fixture through every detector: the tool's own detector finds the expected client, every
// other detector finds nothing on that page (each tool's fixtures are the others' negative cases).

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');
const ROOT = path.resolve(import.meta.dirname, '../../..');
const specOf = (policyFile: string) =>
  (JSON.parse(readFileSync(path.join(ROOT, 'public/policies', policyFile), 'utf8')) as { detectors: DetectorSpec[] })
    .detectors[0]!;

const CTX: DetectContext = { selfEmails: ['ben.okafor@harborpine.example'], firmDomains: ['harborpine.example'] };

const DETECTORS: Record<string, Detector> = {
  ...BUILT_IN_DETECTORS,
  'client-portal': detectorFromSpec(specOf('accounting-firm.json')),
  'case-system': detectorFromSpec(specOf('law-firm.json')),
};

function load(fixture: string): Document {
  const html = readFileSync(path.join(FIXTURES, fixture), 'utf8');
  return new DOMParser().parseFromString(html, 'text/html');
}

type Expected = Pick<DetectedClient, 'source' | 'name' | 'pageKind'> & Partial<Pick<DetectedClient, 'email' | 'recordId' | 'firstName'>>;

const CASES: { fixture: string; url: string; detector?: string; expected: Expected }[] = [
  {
    fixture: 'gmail/thread.html',
    url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbdrLvTxXqNkNmqHsWhsTqRbzv',
    expected: { source: 'gmail', pageKind: 'thread', email: 'alice.baker@bakerbakery.example', name: 'Alice Baker', firstName: 'Alice' },
  },
  {
    fixture: 'gmail/thread-second.html',
    url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbdrLvTxXqNkNmqHsWhsTqRbzw',
    expected: { source: 'gmail', pageKind: 'thread', email: 'dan@orchardfarm.example', name: 'Dan Orchard' },
  },
  {
    fixture: 'gmail/sent-only.html',
    url: 'https://mail.google.com/mail/u/0/#sent/FMfcgzQbdrLvTxXqNkNmqHsWhsTqRbzx',
    expected: { source: 'gmail', pageKind: 'thread', email: 'irene@chostudio.example', name: 'Irene Cho' },
  },
  {
    fixture: 'gmail/compose.html',
    url: 'https://mail.google.com/mail/u/0/#inbox?compose=new',
    expected: { source: 'gmail', pageKind: 'compose', email: 'frank@lifabrics.example', name: 'Frank Li', firstName: 'Frank' },
  },
  {
    fixture: 'gmail/reply-classic.html',
    url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbdrLvTxXqNkNmqHsWhsTqRbzy',
    expected: { source: 'gmail', pageKind: 'compose', email: 'ken@kensmith.example', name: 'ken@kensmith.example', firstName: 'Ken' },
  },
  {
    fixture: 'outlook/reading.html',
    url: 'https://outlook.office.com/mail/inbox/id/AAQkADAwATM0MDAAMS0xMDEAAC0wMAoAEABuZ',
    expected: { source: 'outlook', pageKind: 'thread', email: 'helen@wardarchitects.example', name: 'Helen Ward' },
  },
  {
    fixture: 'outlook/compose.html',
    url: 'https://outlook.live.com/mail/0/deeplink/compose',
    expected: { source: 'outlook', pageKind: 'compose', email: 'ivan@petrovimports.example', name: 'Ivan Petrov' },
  },
  {
    fixture: 'hubspot/contact.html',
    url: 'https://app.hubspot.com/contacts/4431234/record/0-1/51',
    expected: { source: 'hubspot', pageKind: 'record', recordId: '4431234/0-1/51', email: 'laura@nguyendental.example', name: 'Laura Nguyen' },
  },
  {
    fixture: 'hubspot/company.html',
    url: 'https://app-eu1.hubspot.com/contacts/4431234/record/0-2/9001/view/1',
    expected: { source: 'hubspot', pageKind: 'record', recordId: '4431234/0-2/9001', name: 'Nguyen Dental' },
  },
  {
    fixture: 'salesforce/contact.html',
    url: 'https://harborpine.lightning.force.com/lightning/r/Contact/0035g00000AbCdEAAZ/view',
    expected: { source: 'salesforce', pageKind: 'record', recordId: 'Contact/0035g00000AbCdEAAZ', email: 'marco@rossiwines.example', name: 'Marco Rossi' },
  },
  {
    fixture: 'pipedrive/person.html',
    url: 'https://harborpine.pipedrive.com/person/812',
    expected: { source: 'pipedrive', pageKind: 'record', recordId: 'person/812', email: 'nina@holtcafe.example', name: 'Nina Holt' },
  },
  {
    fixture: 'clio/contact.html',
    url: 'https://app.clio.com/nc/#/contacts/3301558',
    expected: { source: 'clio', pageKind: 'record', recordId: '3301558', email: 'oscar@diazfamily.example', name: 'Oscar Diaz' },
  },
  {
    fixture: 'zoho/contact.html',
    url: 'https://crm.zoho.eu/crm/org20061234/tab/Contacts/4876876000000312001',
    expected: { source: 'zoho', pageKind: 'record', recordId: 'Contacts/4876876000000312001', email: 'paula@smithjoinery.example', name: 'Paula Smith' },
  },
  {
    fixture: 'dynamics/contact.html',
    url: 'https://harborpine.crm4.dynamics.com/main.aspx?appid=1f2e3d4c-0000-0000-0000-000000000000&pagetype=entityrecord&etn=contact&id=%7B5A1D3C2E-0B4F-4E8A-9C1D-2E3F4A5B6C7D%7D',
    expected: { source: 'dynamics', pageKind: 'record', recordId: 'contact/5a1d3c2e-0b4f-4e8a-9c1d-2e3f4a5b6c7d', email: 'quinn@adamsco.example', name: 'Quinn Adams' },
  },
  // Layouts the firm rearranged: the email is outside the tool's precise places, and other people's
  // addresses (owner, notes, activity, related records) come before it on the page.
  {
    fixture: 'hubspot/contact-customised-cards.html',
    url: 'https://app.hubspot.com/contacts/4431234/record/0-1/77',
    expected: { source: 'hubspot', pageKind: 'record', recordId: '4431234/0-1/77', email: 'tomas@reyesbuild.example', name: 'Tomás Reyes' },
  },
  {
    fixture: 'hubspot/contact-right-sidebar.html',
    url: 'https://app.hubspot.com/contacts/4431234/record/0-1/78',
    expected: { source: 'hubspot', pageKind: 'record', recordId: '4431234/0-1/78', email: 'hana@satoprint.example', name: 'Hana Sato' },
  },
  {
    fixture: 'salesforce/contact-dynamic-forms.html',
    url: 'https://harborpine.lightning.force.com/lightning/r/Contact/0035g00000XyZaBAAV/view',
    expected: { source: 'salesforce', pageKind: 'record', recordId: 'Contact/0035g00000XyZaBAAV', email: 'elena@petrovalaw.example', name: 'Elena Petrova' },
  },
  {
    fixture: 'salesforce/lead-page-layout.html',
    url: 'https://harborpine.lightning.force.com/lightning/r/Lead/00Q5g00000LmNoPEAV/view',
    expected: { source: 'salesforce', pageKind: 'record', recordId: 'Lead/00Q5g00000LmNoPEAV', email: 'omar@haddadtiles.example', name: 'Omar Haddad' },
  },
  {
    fixture: 'pipedrive/person-field-groups.html',
    url: 'https://harborpine.pipedrive.com/person/913',
    expected: { source: 'pipedrive', pageKind: 'record', recordId: 'person/913', email: 'greta@lindstudio.example', name: 'Greta Lind' },
  },
  {
    fixture: 'pipedrive/person-editing.html',
    url: 'https://harborpine.pipedrive.com/person/914',
    expected: { source: 'pipedrive', pageKind: 'record', recordId: 'person/914', email: 'yusuf@demirlogistics.example', name: 'Yusuf Demir' },
  },
  {
    fixture: 'clio/contact-custom-fields.html',
    url: 'https://eu.app.clio.com/nc/#/contacts/3301777',
    expected: { source: 'clio', pageKind: 'record', recordId: '3301777', email: 'priya@nairconsulting.example', name: 'Priya Nair' },
  },
  {
    fixture: 'clio/contact-edit.html',
    url: 'https://app.clio.com/nc/#/contacts/3301778/edit',
    expected: { source: 'clio', pageKind: 'record', recordId: '3301778', email: 'lucia@ferreirabakes.example', name: 'Lucia Ferreira' },
  },
  {
    fixture: 'zoho/contact-custom-layout.html',
    url: 'https://crm.zoho.com/crm/org20061234/tab/Contacts/4876876000000312044',
    expected: { source: 'zoho', pageKind: 'record', recordId: 'Contacts/4876876000000312044', email: 'ivan@petrovimports.example', name: 'Ivan Petrov' },
  },
  {
    fixture: 'zoho/lead-business-card.html',
    url: 'https://crm.zoho.com/crm/tab/Leads/4876876000000498011',
    expected: { source: 'zoho', pageKind: 'record', recordId: 'Leads/4876876000000498011', email: 'mei@chenarchitects.example', name: 'Mei Chen' },
  },
  {
    fixture: 'dynamics/contact-custom-form.html',
    url: 'https://harborpine.crm.dynamics.com/main.aspx?appid=1f2e3d4c-0000-0000-0000-000000000000&pagetype=entityrecord&etn=contact&id=7c2e9a10-4b3d-4f6e-8a1b-0c9d8e7f6a5b',
    expected: { source: 'dynamics', pageKind: 'record', recordId: 'contact/7c2e9a10-4b3d-4f6e-8a1b-0c9d8e7f6a5b', email: 'nora@quinnvet.example', name: 'Nora Quinn' },
  },
  {
    fixture: 'dynamics/lead-read-only.html',
    url: 'https://harborpine.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead&id=%7B1B2C3D4E-5F60-4A7B-8C9D-0E1F2A3B4C5D%7D',
    expected: { source: 'dynamics', pageKind: 'record', recordId: 'lead/1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d', email: 'ravi@kumarfoods.example', name: 'Ravi Kumar' },
  },
  {
    fixture: 'custom/portal.html',
    url: 'https://portal.harborpine.example/clients/7781',
    detector: 'client-portal',
    expected: { source: 'custom', pageKind: 'record', email: 'rosa@kimflorist.example', name: 'Rosa Kim' },
  },
  {
    fixture: 'custom/matter.html',
    url: 'https://cases.ashdownwren.example/matters/M-2291',
    detector: 'case-system',
    expected: { source: 'custom', pageKind: 'record', recordId: 'case-system/M-2291', email: 'sam.patel@patelholdings.example', name: 'Sam Patel' },
  },
];

describe('client detectors', () => {
  for (const { fixture, url, detector, expected } of CASES) {
    for (const [source, detect] of Object.entries(DETECTORS)) {
      const own = source === (detector ?? expected.source);
      it(`${source} on ${fixture}: ${own ? `finds ${expected.name}` : 'finds nothing'}`, () => {
        const found = detect(new URL(url), load(fixture), CTX);
        if (own) {
          expect(found).toMatchObject(expected);
          if (!expected.email) expect(found?.email).toBeUndefined();
        } else {
          expect(found).toBeNull();
        }
      });
    }
  }

  it('every tool has a fixture', () => {
    expect(new Set(CASES.map((c) => c.detector ?? c.expected.source))).toEqual(new Set(Object.keys(DETECTORS)));
  });
});

describe('whose client it is', () => {
  it('takes the compose window the user is typing in over the last one opened', () => {
    const doc = load('gmail/compose.html');
    doc.querySelector<HTMLElement>('div.M9 [contenteditable=true]')!.focus();
    expect(detectGmailClient(new URL('https://mail.google.com/mail/u/0/#inbox'), doc, CTX)?.email).toBe(
      'erin@eastwood.example',
    );
  });

  it('without knowing who the user is, the latest sender of the thread is taken', () => {
    const found = detectGmailClient(new URL('https://mail.google.com/mail/u/0/#inbox/x'), load('gmail/thread.html'), {
      selfEmails: [],
      firmDomains: [],
    });
    expect(found?.email).toBe('carla.meyer@harborpine.example');
  });

  it('never takes the record owner or the user for a CRM client', () => {
    const doc = load('hubspot/contact.html');
    doc.querySelector('a[href="mailto:Laura@NguyenDental.example"]')!.remove();
    const found = BUILT_IN_DETECTORS.hubspot(new URL('https://app.hubspot.com/contacts/4431234/record/0-1/51'), doc, CTX);
    expect(found).toMatchObject({ name: 'Laura Nguyen', recordId: '4431234/0-1/51' });
    expect(found?.email).toBeUndefined();
  });

  it('finds nothing on a CRM page that is not a client record, or before the record has rendered', () => {
    const empty = new DOMParser().parseFromString('<main></main>', 'text/html');
    expect(BUILT_IN_DETECTORS.hubspot(new URL('https://app.hubspot.com/contacts/4431234/objects/0-1/views/all/list'), load('hubspot/contact.html'), CTX)).toBeNull();
    expect(BUILT_IN_DETECTORS.salesforce(new URL('https://x.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAZ/view'), load('salesforce/contact.html'), CTX)).toBeNull();
    expect(BUILT_IN_DETECTORS.hubspot(new URL('https://app.hubspot.com/contacts/4431234/record/0-1/51'), empty, CTX)).toBeNull();
  });
});
