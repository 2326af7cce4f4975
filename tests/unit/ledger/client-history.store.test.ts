import { describe, expect, it } from 'vitest';
import { decideAuthority, grantedTotals, incidentsOnce, YEAR_MS } from '@/utils/authority';
import { HISTORY_LATEST, type Incident } from '@/utils/ledger/types';
import type { Me } from '@/utils/people';
import { examplePolicy } from '../example-policy';
import { freshLedger, input } from './helpers';

const T0 = Date.UTC(2026, 10, 25, 14, 0);
const DAY = 24 * 60 * 60_000;
const CLIENT = 'alice@client.example';
const DEV: Me = { email: 'dev.patel@harborpine.example', name: 'Dev Patel', role: 'partner' };

describe('a client\'s history for the panel', () => {
  it('stays small for a client with 200 incidents, yet counts every grant of the last 365 days', async () => {
    const ledger = await freshLedger();
    const policy = examplePolicy();
    const ids: string[] = [];
    // Two years of incidents, every other one with a credit; a few left open, old ones among them.
    for (let i = 0; i < 200; i++) {
      const at = T0 - Math.round((199 - i) * 3.65 * DAY);
      const started = await ledger.startIncident(input(), DEV, policy, at);
      ids.push(started.id);
      if (i % 2 === 0) {
        await ledger.grantRemedy({ incidentId: started.id, remedyId: 'courier-credit', amount: 500 + i }, DEV, policy, at + 1);
      }
      if (i % 40 !== 7) await ledger.resolveIncident(started.id, DEV, at + 2);
    }
    await ledger.startIncident(input('bob@client.example', 'Bob'), DEV, policy, T0);
    const all = (await Promise.all(ids.map((id) => ledger.getIncident(id)))).filter((i): i is Incident => i !== null);
    expect(all).toHaveLength(200);

    const history = await ledger.clientHistory(CLIENT, T0);
    const fullSize = JSON.stringify(all).length;
    const size = JSON.stringify(history).length;

    // Bounded: the latest 20 as summaries, the open ones in full, and the earlier grants that count.
    expect(history.incidentCount).toBe(200);
    expect(history.incidents).toHaveLength(HISTORY_LATEST);
    expect(history.incidents.map((i) => i.id)).toEqual([...ids].reverse().slice(0, HISTORY_LATEST));
    expect(history.incidents[0]).not.toHaveProperty('checklist');
    expect(history.openIncidents.map((i) => i.id)).toEqual([167, 127, 87, 47, 7].map((i) => ids[i]));
    expect(history.openIncidents.length).toBeLessThanOrEqual(5);
    expect(history.earlierGrants.every((g) => g.remedies.every((r) => T0 - (r.grantedAt ?? r.requestedAt) < YEAR_MS))).toBe(true);
    expect(history.clientName).toBe('Alice Example');
    expect(size).toBeLessThan(fullSize / 5);

    // "Given in the last 365 days" is what it always was: every grant of the rolling year.
    const byHand = all
      .flatMap((i) => i.remedies)
      .filter((r) => r.status === 'granted' && T0 - r.grantedAt! < YEAR_MS)
      .reduce((sum, r) => sum + r.amount, 0);
    expect(history.givenLast365).toBe(byHand);
    expect(history.givenLast365).toBe(grantedTotals(all, CLIENT, T0).clientLast365);

    // What the panel decides from the reply is what it decided from every incident, for each role,
    // on an open incident, on a resolved one opened from the list (fetched in full), and on none.
    const resolved = all.find((i) => i.id === ids[150])!;
    const panelIncidents = incidentsOnce([...history.openIncidents, resolved], history.incidents, history.earlierGrants);
    expect(grantedTotals(panelIncidents, CLIENT, T0 + DAY)).toEqual(
      { ...grantedTotals(all, CLIENT, T0 + DAY), byIncident: expect.any(Object) },
    );
    // The earlier grants matter: without them the yearly total would be short.
    expect(grantedTotals(incidentsOnce(history.openIncidents, history.incidents), CLIENT, T0).clientLast365).toBeLessThan(
      history.givenLast365,
    );
    let decisions = 0;
    for (const role of ['front-desk', 'staff', 'manager', 'partner', 'intern', null]) {
      for (const incidentId of [ids[167], ids[7], ids[150], undefined]) {
        for (const amount of [0, 100, 2500, 2501, 10000, 30000, 50001, 200000]) {
          for (const when of [T0, T0 + 30 * DAY]) {
            const proposal = { clientKey: CLIENT, ...(incidentId ? { incidentId } : {}), remedyId: 'courier-credit', amount };
            expect(decideAuthority(policy, role, panelIncidents, proposal, when)).toEqual(
              decideAuthority(policy, role, all, proposal, when),
            );
            decisions++;
          }
        }
      }
    }
    expect(decisions).toBe(384);
  });
});
