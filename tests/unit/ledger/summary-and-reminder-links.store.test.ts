import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { makeLedgerService } from '@/entrypoints/background/ledger-service';
import { openConfigStore } from '@/utils/config-store';
import { ledgerConnection } from '@/entrypoints/background/ledger-connection';
import type { Sender } from '@/utils/browser/messaging';
import { examplePolicy } from '../example-policy';
import { ANA, freshName, input } from './helpers';


const MIN = 60_000;
const sender = {} as Sender;
let ledgerHandlers: ReturnType<typeof makeLedgerService>['handlers'];
let startReminders: () => void;

beforeEach(() => {
  ({ handlers: ledgerHandlers, start: startReminders } = makeLedgerService({
    ledger: ledgerConnection(freshName()),
    config: openConfigStore(freshName()),
    currentPolicy: async () => examplePolicy(),
    currentMe: async () => ANA,
    onChange: async () => undefined,
  }));
});

describe('ledger service for the options page and reminders', () => {
  it('sums up the last 365 days: incidents by category, given by role, median minutes to a first remedy', async () => {
    expect(await ledgerHandlers.ledgerSummary(undefined, sender)).toEqual({
      incidents: 0,
      open: 0,
      byCategory: {},
      givenByRole: {},
      medianMinutesToFirstRemedy: null,
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    const t0 = Date.UTC(2026, 10, 25, 14, 0);
    vi.setSystemTime(t0);
    const incident = await ledgerHandlers.startIncident(input('bob@client.example', 'Bob Example'), sender);
    vi.setSystemTime(t0 + 12 * MIN);
    await ledgerHandlers.grantRemedy({ incidentId: incident.id, remedyId: 'courier-credit', amount: 2000 }, sender);
    const summary = await ledgerHandlers.ledgerSummary(undefined, sender);
    vi.useRealTimers();
    expect(summary).toEqual({
      incidents: 1,
      open: 1,
      byCategory: { 'shipping-error': 1 },
      givenByRole: { 'front-desk': 2000 },
      medianMinutesToFirstRemedy: 12,
    });
  });

  it("opens the panel, in a window of a side panel's size, on the incident and its client when its step-due reminder is clicked", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const t0 = Date.UTC(2026, 10, 26, 9, 0);
    vi.setSystemTime(t0);
    startReminders();
    const create = vi.spyOn(fakeBrowser.windows, 'create').mockResolvedValue({} as never);
    const tab = vi.spyOn(fakeBrowser.tabs, 'create');
    await ledgerHandlers.startIncident(input('alice+tax@client.example', 'Alice Example'), sender);
    // The reminders are rescheduled once the ledger has been quiet a moment (ledger-service.ts).
    const alarm = await vi.waitFor(
      async () => {
        const scheduled = await fakeBrowser.alarms.get('ledger-step-due');
        if (!scheduled) throw new Error('no reminder scheduled yet');
        return scheduled;
      },
      { timeout: 5_000 },
    );
    vi.setSystemTime(t0 + 61 * MIN);
    await fakeBrowser.alarms.onAlarm.trigger(alarm);
    const incidentId = (await ledgerHandlers.listIncidents({}, sender)).incidents[0]!.id;
    const [reminder] = await vi.waitFor(async () => {
      const ids = Object.keys(await fakeBrowser.notifications.getAll());
      expect(ids).toHaveLength(1);
      return ids;
    });
    vi.useRealTimers();

    await fakeBrowser.notifications.onClicked.trigger('some-other-notification');
    await fakeBrowser.notifications.onClicked.trigger(reminder!);
    await vi.waitFor(() => expect(create).toHaveBeenCalled());
    expect(create.mock.calls).toEqual([
      [
        {
          url: expect.stringMatching(new RegExp(`/sidepanel\\.html\\?client=alice%2Btax%40client\\.example&incident=${encodeURIComponent(incidentId).replace(/\./g, '\\.')}&from=reminder$`)),
          type: 'popup',
          width: 380,
          height: 800,
          focused: true,
        },
      ],
    ]);
    // Not a full-width tab.
    expect(tab).not.toHaveBeenCalled();
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });
});
