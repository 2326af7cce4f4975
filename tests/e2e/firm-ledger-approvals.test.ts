import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { callBackground, currentWorker } from './harness';
import { ANA, CARLA, recordsOnServer, type Person } from './firm-ledger-harness';
import { anaAndCarla, until } from './firm-suite';

// A request for approval through the firm ledger, in two browsers: Ana (front desk) asks in her side
// panel, Carla (manager) is notified within seconds, approves in her panel's Approvals tab, and Ana's
// panel shows it live with the credit note numbered in Carla's series, ready to insert.

declare const chrome: typeof import('wxt/browser').browser;

const CLIENT = 'maya.chen@client.example';

const suite = anaAndCarla();

async function panelFor(person: Person, query: string): Promise<Page> {
  const page = await person.session.context.newPage();
  await page.setViewportSize({ width: 400, height: 900 });
  await page.goto(`chrome-extension://${person.session.extensionId}/sidepanel.html?${query}`);
  return page;
}

/** The types of the records the server holds for one incident. */
const onServer = async (incidentId: string) => (await recordsOnServer(suite.firm, incidentId)).map((r) => r.type);

async function notificationIds(person: Person): Promise<string[]> {
  const worker = await currentWorker(person.session.context);
  return worker.evaluate(async () => Object.keys(await chrome.notifications.getAll()));
}

describe('live approvals through the firm ledger', () => {
  it('Ana asks, Carla is notified and approves, and Ana sees it live with the credit note', async () => {
    const incident = await callBackground(suite.ana.options, 'startIncident', {
      client: { clientKey: CLIENT, name: 'Maya Chen', email: CLIENT, source: { tool: 'manual', label: 'Manual' } },
      category: 'advice-complaint',
      summary: 'The consultation went badly',
    });
    const anaPanel = await panelFor(suite.ana, `client=${encodeURIComponent(CLIENT)}`);
    await anaPanel.getByRole('button', { name: 'Ask for approval' }).click();
    await until(() => anaPanel.getByText('through the firm ledger').first().isVisible()).toBe(true);
    // Who was asked, said once: everyone whose authority covers it, each with their role.
    const pending = anaPanel.locator('.pending');
    await expect(pending.textContent()).resolves.toContain('Asked Carla Meyer (Manager) through the firm ledger: the answer shows here.');
    await expect(anaPanel.getByText(/^Asked /).count()).resolves.toBe(1);
    await expect(pending.textContent()).resolves.not.toMatch(/waiting for approval:/);

    // Carla's browser hears of it within seconds, with no panel open.
    const asked = Date.now();
    await until(async () => (await notificationIds(suite.carla)).some((id) => id.startsWith('firm-ledger:request:'))).toBe(true);
    const notifiedMs = Date.now() - asked;
    expect(notifiedMs).toBeLessThan(30_000);

    const carlaPanel = await panelFor(suite.carla, 'view=approvals');
    const item = carlaPanel.getByRole('article', { name: /Refund the consultation fee \$500\.00 for Maya Chen/ });
    await until(() => item.isVisible()).toBe(true);
    await expect(item.textContent()).resolves.toContain('Asked by Ana Ruiz');
    await item.getByRole('button', { name: 'Approve' }).click();
    await until(() => carlaPanel.getByText(/^Approved: Refund the consultation fee \$500\.00 for Maya Chen, credit note CN-\d{4}-CM-0001\.$/).isVisible()).toBe(true);

    // Ana's panel, open all along, shows the answer without a reload; her "Asked …" line says who answered.
    await until(() => anaPanel.getByText(/approved by Carla Meyer at/).isVisible()).toBe(true);
    await until(() => anaPanel.getByText(/^Approved by Carla Meyer at .+\.$/).isVisible()).toBe(true);
    await expect(anaPanel.getByText('through the firm ledger').count()).resolves.toBe(0);
    await expect(anaPanel.locator('.granted').textContent()).resolves.toMatch(/CN-\d{4}-CM-0001/);
    await until(async () => (await notificationIds(suite.ana)).some((id) => id.startsWith('firm-ledger:answer:'))).toBe(true);
    const stored = await callBackground(suite.ana.options, 'getIncident', { incidentId: incident.id });
    expect(stored?.remedies[0]).toMatchObject({ status: 'granted', decision: 'approved', approvedBy: CARLA, requestedBy: ANA });
    // The steps a grant ticks ("Make it up", "Record what was given") are ticked by the approval too, in Ana's browser.
    await until(async () =>
      (await callBackground(suite.ana.options, 'getIncident', { incidentId: incident.id }))?.checklist.filter((st) => st.doneAt !== undefined).map((st) => st.stepId),
    ).toEqual(['make-up', 'record']);
    // Signed in, Ana's typed address is known to be hers: nothing she recorded reads as self-declared.
    expect(stored).toMatchObject({ createdByIdentity: 'firm-ledger', remedies: [{ requestedByIdentity: 'firm-ledger' }] });
    await expect(anaPanel.locator('.granted').textContent()).resolves.not.toContain('unverified');
    await expect(anaPanel.locator('.identity').count()).resolves.toBe(0);
  });

  it("Carla's options page covers the whole firm: her summary and incident list hold Ana's incidents (the export reads the same ledger)", async () => {
    await suite.carla.options.reload();
    await until(() => suite.carla.options.getByTestId('coverage').first().textContent()).toBe('Covers the whole firm: every incident in the firm ledger.');
    // The summary and the export each ask for the status on their own: both say it.
    await until(() => suite.carla.options.getByTestId('coverage').count()).toBe(2);
    const list = await callBackground(suite.carla.options, 'listIncidents', { clientKey: CLIENT, limit: 100 });
    expect(list.incidents.length).toBeGreaterThan(0);
    expect(list.incidents.every((i) => i.createdBy === ANA)).toBe(true);
    const summary = await callBackground(suite.carla.options, 'ledgerSummary', undefined);
    expect(summary.incidents).toBeGreaterThanOrEqual(list.incidents.length);
    // Carla recorded no incident herself: the $500.00 she approved is counted as given at Ana's front desk.
    expect(summary.givenByRole['front-desk']).toBe(50000);
  });

  it('resolved in one browser, then Undo: open again in both, the resolve kept on the server, undone', async () => {
    const incident = await callBackground(suite.ana.options, 'startIncident', {
      client: { clientKey: CLIENT, name: 'Maya Chen', email: CLIENT, source: { tool: 'manual', label: 'Manual' } },
      category: 'advice-complaint',
      summary: 'Resolved too soon',
    });
    await callBackground(suite.ana.options, 'resolveIncident', { incidentId: incident.id });
    await until(async () => (await callBackground(suite.carla.options, 'getIncident', { incidentId: incident.id }))?.status).toBe('resolved');
    const reopened = await callBackground(suite.ana.options, 'reopenIncident', { incidentId: incident.id });
    expect(reopened.status).toBe('open');
    await until(async () => (await callBackground(suite.carla.options, 'getIncident', { incidentId: incident.id }))?.status).toBe('open');
    // Carla resolves it again, as herself: resolved in Ana's browser too.
    await callBackground(suite.carla.options, 'resolveIncident', { incidentId: incident.id });
    await until(async () => (await callBackground(suite.ana.options, 'getIncident', { incidentId: incident.id }))?.resolvedBy).toBe(CARLA);
    const types = await onServer(incident.id);
    expect(types.filter((t) => t === 'incident-resolved')).toHaveLength(2);
    expect(types.filter((t) => t === 'incident-reopened')).toHaveLength(1);
  });

  it('a declined request says who declined it and why', async () => {
    const incident = await callBackground(suite.ana.options, 'startIncident', {
      client: { clientKey: CLIENT, name: 'Maya Chen', email: CLIENT, source: { tool: 'manual', label: 'Manual' } },
      category: 'advice-complaint',
      summary: 'Asked for a second refund',
    });
    await callBackground(suite.ana.options, 'requestApproval', { incidentId: incident.id, remedyId: 'consult-refund', amount: 40000 });
    const carlaPanel = await panelFor(suite.carla, 'view=approvals');
    const item = carlaPanel.getByRole('article', { name: /\$400\.00 for Maya Chen/ });
    await until(() => item.isVisible()).toBe(true);
    await item.getByRole('button', { name: 'Decline' }).click();
    await item.getByLabel('Why you decline').fill('Refunded once this year already');
    await item.getByRole('button', { name: 'Decline' }).click();
    await until(async () => (await callBackground(suite.ana.options, 'getIncident', { incidentId: incident.id }))?.remedies[0]?.status).toBe('declined');
    const stored = await callBackground(suite.ana.options, 'getIncident', { incidentId: incident.id });
    expect(stored?.remedies[0]).toMatchObject({ declinedBy: CARLA, declineReason: 'Refunded once this year already' });
  });

  it('Carla marks herself away in her panel: Ana\'s panel says so before asking, and the request goes to the next approver up (Dev) at once', async () => {
    const carlaPanel = await panelFor(suite.carla, 'view=approvals');
    await carlaPanel.getByRole('button', { name: 'Mark me away' }).click();
    await until(() => carlaPanel.getByText(/^You are away until .+\. Requests for your approval go to the next approver up\.$/).isVisible()).toBe(true);
    await callBackground(suite.ana.options, 'startIncident', {
      client: { clientKey: CLIENT, name: 'Maya Chen', email: CLIENT, source: { tool: 'manual', label: 'Manual' } },
      category: 'advice-complaint',
      summary: 'Asked while Carla is away',
    });
    // Carla's record reaches Ana's browser through the firm ledger.
    await until(async () => (await callBackground(suite.ana.options, 'listAway', undefined)).some((r) => r.author === CARLA)).toBe(true);
    const anaPanel = await panelFor(suite.ana, `client=${encodeURIComponent(CLIENT)}`);
    const route = anaPanel.getByTestId('route').first();
    await until(() => route.textContent()).toMatch(/^Carla Meyer is away until .+; asked Dev Patel\. Dev Patel \(Partner\) is asked first\.$/);
    await anaPanel.getByRole('button', { name: 'Ask for approval' }).click();
    await until(() => anaPanel.locator('.pending').last().textContent()).toMatch(
      /Carla Meyer is away until .+; asked Dev Patel\. Asked Dev Patel \(Partner\) through the firm ledger: the answer shows here\./,
    );
    // Back: the next request goes to Carla again.
    await carlaPanel.getByRole('button', { name: 'I am back' }).click();
    await until(() => carlaPanel.getByRole('button', { name: 'Mark me away' }).isVisible()).toBe(true);
  });
});
