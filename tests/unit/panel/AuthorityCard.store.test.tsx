import { describe, expect, it, vi } from 'vitest';
import { AuthorityCard } from '@/components/panel/AuthorityCard';
import type { Incident } from '@/utils/ledger/types';
import type { Me } from '@/utils/people';
import type { Policy } from '@/utils/policy/types';
import { ANA, BEN, CLIENT_KEY, NOW, testGrant, testIncident, testPolicy } from './fixtures';
import { click, getByRole, mount, textOf } from './dom';
import { setTranslator } from '@/utils/i18n';
import { tableTranslator } from '@/utils/i18n/tables';

vi.mock('@/utils/browser/messaging', async (original) => ({ ...(await original<typeof import('@/utils/browser/messaging')>()), sendMessage: vi.fn() }));

async function renderCard(opts: { policy?: Policy | null; me?: Me | null; incidents?: Incident[]; incident?: Incident | null } = {}) {
  const onOpenOptions = vi.fn();
  const el = await mount(
    <AuthorityCard
      policy={opts.policy === undefined ? testPolicy() : opts.policy}
      me={opts.me === undefined ? ANA : opts.me}
      clientKey={CLIENT_KEY}
      clientIncidents={opts.incidents ?? []}
      incident={opts.incident ?? null}
      now={NOW}
      onOpenOptions={onOpenOptions}
    />,
  );
  return { el, card: getByRole(el, 'region', 'Your authority'), onOpenOptions };
}

function limits(card: HTMLElement): Record<string, string> {
  return Object.fromEntries(
    [...card.querySelectorAll('.limits > div')].map((d) => [textOf(d.querySelector('dt')!), textOf(d.querySelector('dd')!)]),
  );
}

describe('Your authority', () => {
  it('shows who you are, your role and limits, and what is left for this client and incident', async () => {
    const incident = testIncident({ remedies: [testGrant({ amount: 2000 })] });
    const earlier = testIncident({ id: 'inc-0', status: 'resolved', remedies: [testGrant({ id: 'g0', amount: 3000 })] });
    const { card } = await renderCard({ incidents: [incident, earlier], incident });
    expect(textOf(card.querySelector('.who')!)).toBe('Ana Ruiz Front desk');
    expect(limits(card)).toEqual({
      'Per incident': '$25.00',
      'Per client per year': '$100.00',
      'Left for this client this year, now': '$50.00',
      'Left on this incident, now': '$5.00',
    });
  });

  it('says "No cap" where the role has none', async () => {
    const { card } = await renderCard({ me: { email: 'dev.patel@harborpine.example', name: 'Dev Patel', role: 'partner' } });
    expect(limits(card)['Per client per year']).toBe('No cap');
    expect(limits(card)['Left for this client this year, now']).toBe('No cap');
  });

  it("writes the firm's currency the interface's way, in the interface's language", async () => {
    const policy = testPolicy();
    policy.firm = { ...policy.firm, currency: 'EUR', locale: 'de-DE' };
    expect(limits((await renderCard({ policy, me: BEN })).card)['Per incident']).toBe('€100.00');
    setTranslator(tableTranslator('de-DE'));
    expect(limits((await renderCard({ policy, me: BEN })).card)['Pro Vorfall']).toBe('100,00 €');
  });

  it('asks you to say who you are, with a way to options', async () => {
    const { card, onOpenOptions } = await renderCard({ me: null });
    expect(textOf(card)).toContain('Say who you are in options');
    await click(getByRole(card, 'button', 'Open options'));
    expect(onOpenOptions).toHaveBeenCalled();
  });

  it('warns someone who is not on the staff list', async () => {
    const { card } = await renderCard({ me: { email: 'temp@elsewhere.example', name: 'temp@elsewhere.example', role: null } });
    expect(textOf(card)).toContain("You are not on the firm's staff list");
    expect(card.querySelector('.limits')).toBeNull();
  });
});

describe('Your authority links your playbook', () => {
  it('opens the playbook on your own role', async () => {
    const { card } = await renderCard();
    const link = getByRole<HTMLAnchorElement>(card, 'link', 'Your playbook');
    expect(link.getAttribute('href')).toBe('playbook.html?role=front-desk');
    expect(link.target).toBe('_blank');
  });
});
